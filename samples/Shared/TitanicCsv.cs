// Shared by the Titanic samples (linked into each project): loads a Titanic CSV from a path or an http(s) URL.
using Microsoft.ML;
using Microsoft.ML.Data;

/// <summary>Loads a Titanic CSV from a path or URL: "Survived" (0/1) is the label, every other column a feature.</summary>
internal static class TitanicCsv
{
    /// <summary>The tutorial's own URLs (what they serve today: data/titanic/current).</summary>
    public const string TutorialUrl = "https://raw.githubusercontent.com/4GeeksAcademy/machine-learning-content/master/assets/";

    /// <summary>The tutorial's files as it ran (data/titanic/tutorial-2023), copied beside the sample's binaries at build time.</summary>
    public static string Shipped(string file) => Path.Combine(AppContext.BaseDirectory, "data", "titanic", "tutorial-2023", file);

    public static async Task<(IDataView Data, string[] Features)> LoadAsync(MLContext ml, string pathOrUrl)
    {
        var path = pathOrUrl;
        if (Uri.TryCreate(pathOrUrl, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
            path = Path.Combine(Path.GetTempPath(), $"titanic-{Guid.NewGuid():N}.csv");
            try
            {
                await File.WriteAllBytesAsync(path, await http.GetByteArrayAsync(uri));
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                throw new SampleInputException($"Could not download '{pathOrUrl}': {(e is TaskCanceledException ? "timed out after 60 s" : e.Message)}");
            }
        }
        else if (!File.Exists(path))
        {
            throw new SampleInputException($"No data file at '{Path.GetFullPath(path)}'; give a path or an http(s) URL.");
        }

        var header = File.ReadLines(path).FirstOrDefault()?.Split(',') ?? [];
        if (!header.Contains("Survived"))
        {
            throw new SampleInputException($"'{pathOrUrl}' has no Survived column; its columns are: {string.Join(", ", header)}.");
        }

        var columns = header.Select((name, i) => name == "Survived"
            ? new TextLoader.Column("Label", DataKind.Boolean, i)
            : new TextLoader.Column(name, DataKind.Single, i)).ToArray();
        var loader = ml.Data.CreateTextLoader(new TextLoader.Options { Columns = columns, HasHeader = true, Separators = [','] });
        return (ml.Data.Cache(loader.Load(path)), header.Where(h => h != "Survived").ToArray());
    }
}

/// <summary>Bad arguments or data: the sample prints the message as one line and exits with code 2.</summary>
internal sealed class SampleInputException(string message) : Exception(message);
