using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace MlNetHpo.Tests.Trainers;

/// <summary>
/// tests/references/linear: scikit-learn 1.2.1's fits of LinearRegression, Ridge, Lasso and ElasticNet and its GridSearchCV tables
/// (written by generate.py there), and the CSV files they were computed on.
/// </summary>
internal static class LinearReferences
{
    private static readonly Lazy<JsonElement> Json = new(() => JsonDocument.Parse(File.ReadAllText(PathOf("references.json"))).RootElement);

    public static JsonElement Root => Json.Value;

    /// <summary>A file of tests/references/linear, found by walking up to the folder holding MlNetHpo.sln.</summary>
    public static string PathOf(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "MlNetHpo.sln")))
            {
                return Path.Combine(dir.FullName, "tests", "references", "linear", name);
            }
        }

        throw new DirectoryNotFoundException($"MlNetHpo.sln not found above {AppContext.BaseDirectory}.");
    }

    /// <summary>
    /// diabetes.csv (x0..x9, y), generated.csv (x0..x6, y, Weight) or wide.csv (x0..x29, y) as Features (vector of Single), Label
    /// and, for the generated set, Weight.
    /// </summary>
    public static IDataView Load(MLContext ml, string data)
    {
        var width = data switch { "diabetes" => 10, "wide" => 30, _ => 7 };
        var columns = new List<TextLoader.Column>
        {
            new("Features", DataKind.Single, 0, width - 1),
            new("Label", DataKind.Single, width),
        };
        if (data == "generated")
        {
            columns.Add(new("Weight", DataKind.Single, width + 1));
        }

        return ml.Data.LoadFromTextFile(PathOf($"{data}.csv"), [.. columns], separatorChar: ',', hasHeader: true);
    }
}
