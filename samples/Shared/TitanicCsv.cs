// Shared by the Titanic samples (linked into each project): loads a Titanic CSV from a path or an http(s) URL.
using Microsoft.ML;
using Microsoft.ML.Data;

/// <summary>Loads a Titanic CSV from a path or URL: "Survived" (0/1) is the label, every other column a feature.</summary>
internal static class TitanicCsv
{
    public static async Task<(IDataView Data, string[] Features)> LoadAsync(MLContext ml, string pathOrUrl)
    {
        var path = pathOrUrl;
        if (Uri.TryCreate(pathOrUrl, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
            path = Path.Combine(Path.GetTempPath(), $"titanic-{Guid.NewGuid():N}.csv");
            await File.WriteAllBytesAsync(path, await http.GetByteArrayAsync(uri));
        }
        else if (!File.Exists(path))
        {
            throw new FileNotFoundException($"No data file at '{path}'; give a path or an http(s) URL.", path);
        }

        var header = File.ReadLines(path).First().Split(',');
        if (!header.Contains("Survived"))
        {
            throw new InvalidDataException($"'{pathOrUrl}' has no Survived column; its columns are: {string.Join(", ", header)}.");
        }

        var columns = header.Select((name, i) => name == "Survived"
            ? new TextLoader.Column("Label", DataKind.Boolean, i)
            : new TextLoader.Column(name, DataKind.Single, i)).ToArray();
        var loader = ml.Data.CreateTextLoader(new TextLoader.Options { Columns = columns, HasHeader = true, Separators = [','] });
        return (ml.Data.Cache(loader.Load(path)), header.Where(h => h != "Survived").ToArray());
    }
}
