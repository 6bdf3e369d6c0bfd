using Microsoft.ML;
using Microsoft.ML.Data;

namespace MlNetHpo.Benchmarks;

/// <summary>The tutorial's Titanic train file, loaded as the sample does: Boolean "Label" and every other column a feature.</summary>
public static class TitanicData
{
    /// <summary>Environment variable holding the train file's path.</summary>
    public const string EnvironmentVariable = "MLNETHPO_TITANIC_TRAIN";

    private const string Relative = "data/titanic/tutorial-2023/clean_titanic_train.csv";

    /// <summary>The train file: the environment variable, else the repository's <c>data/titanic/...</c> found upwards from the working directory and the binaries.</summary>
    public static string TrainPath()
    {
        if (Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } given)
        {
            return given;
        }

        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir != null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, Relative);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        throw new FileNotFoundException($"Titanic train file not found: pass --titanic PATH or set {EnvironmentVariable}; looked for {Relative} above the working directory.");
    }

    /// <summary>Loads the file into a cached view with a "Features" vector column.</summary>
    public static IDataView Load(MLContext ml, out string[] features)
    {
        var path = TrainPath();
        var header = File.ReadLines(path).First().Split(',');
        var columns = header.Select((name, i) => name == "Survived"
            ? new TextLoader.Column("Label", DataKind.Boolean, i)
            : new TextLoader.Column(name, DataKind.Single, i)).ToArray();
        var raw = ml.Data.LoadFromTextFile(path, columns, separatorChar: ',', hasHeader: true);
        features = [.. header.Where(h => h != "Survived")];
        return ml.Data.Cache(ml.Transforms.Concatenate("Features", features).Fit(raw).Transform(raw));
    }
}
