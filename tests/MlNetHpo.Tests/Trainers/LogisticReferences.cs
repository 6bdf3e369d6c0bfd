using System.Globalization;
using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms;
using MlNetHpo.Trainers;

namespace MlNetHpo.Tests.Trainers;

/// <summary>tests/references/logistic: standardized iris and scikit-learn 1.2.1's fits on it (generate.py).</summary>
internal static class LogisticReferences
{
    private static readonly Lazy<string> Folder = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "MlNetHpo.sln")))
            {
                return Path.Combine(dir.FullName, "tests", "references", "logistic");
            }
        }

        throw new DirectoryNotFoundException($"MlNetHpo.sln not found above {AppContext.BaseDirectory}.");
    });

    private static readonly Lazy<IrisRow[]> LazyRows = new(() => File.ReadLines(Path.Combine(Folder.Value, "iris.csv")).Skip(1).Select(line =>
    {
        var cells = line.Split(',');
        return new IrisRow
        {
            Features = [.. cells[..4].Select(c => float.Parse(c, CultureInfo.InvariantCulture))],
            Species = cells[4],
            Weight = float.Parse(cells[5], CultureInfo.InvariantCulture),
        };
    }).ToArray());

    private static readonly Lazy<JsonElement> LazyJson = new(() =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder.Value, "logistic.json"))).RootElement);

    public static IrisRow[] Rows => LazyRows.Value;

    public static JsonElement Json => LazyJson.Value;

    public static JsonElement Fit(string name) => Json.GetProperty("fits").EnumerateArray().Single(f => f.GetProperty("name").GetString() == name);

    /// <summary>The rows of a fit, with a key-typed Label whose keys are in sorted order (scikit-learn's classes_).</summary>
    public static IDataView MulticlassData(MLContext ml, IEnumerable<IrisRow> rows) =>
        ml.Transforms.Conversion.MapValueToKey("Label", nameof(IrisRow.Species), keyOrdinality: ValueToKeyMappingEstimator.KeyOrdinality.ByValue)
            .Fit(ml.Data.LoadFromEnumerable(Rows)).Transform(ml.Data.LoadFromEnumerable(rows));

    /// <summary>Binary data: Label is true for virginica (scikit-learn's second, positive class of versicolor/virginica).</summary>
    public static IDataView BinaryData(MLContext ml, IEnumerable<IrisRow> rows) =>
        ml.Data.LoadFromEnumerable(rows.Select(r => new BinaryIrisRow { Features = r.Features, Label = r.Species == "virginica", Weight = r.Weight }));

    public static IrisRow[] RowsOf(JsonElement fit) => [.. fit.GetProperty("rows").EnumerateArray().Select(i => Rows[i.GetInt32()])];

    public static double[][] Matrix(JsonElement e) => [.. e.EnumerateArray().Select(r => r.EnumerateArray().Select(v => v.GetDouble()).ToArray())];

    public static double[] Vector(JsonElement e) => [.. e.EnumerateArray().Select(v => v.GetDouble())];

    /// <summary>
    /// Our options for scikit-learn's parameters of a fit. Tolerance 1e-6 stops ours when the largest gradient entry is below
    /// 1e-8 times C * sum(weights): as tight as double precision allows here (scikit-learn's fits used 1e-8 to 1e-10 of its own
    /// criteria).
    /// </summary>
    public static LogisticRegressionOptions Options(JsonElement fit, Func<string, string>? className = null)
    {
        var p = fit.GetProperty("params");
        var o = new LogisticRegressionOptions { MaximumIterations = 1000, Tolerance = 1e-6 };
        foreach (var property in p.EnumerateObject())
        {
            switch (property.Name)
            {
                case "tol" or "max_iter": break;
                case "C": o.C = property.Value.GetDouble(); break;
                case "solver": o.Solver = Enum.Parse<Solver>(property.Value.GetString()!.Replace("-", string.Empty, StringComparison.Ordinal), true); break;
                case "penalty": o.Penalty = Enum.Parse<Penalty>(property.Value.GetString()!, true); break;
                case "l1_ratio": o.L1Ratio = property.Value.GetDouble(); break;
                case "multi_class": o.MultiClass = Enum.Parse<MultiClass>(property.Value.GetString()!, true); break;
                case "class_weight" when property.Value.ValueKind == JsonValueKind.String: o.ClassWeight = ClassWeight.Parse(property.Value.GetString()!); break;
                case "class_weight":
                    o.ClassWeight = ClassWeight.PerClass(property.Value.EnumerateObject().ToDictionary(c => (className ?? (n => n))(c.Name), c => c.Value.GetDouble()));
                    break;
            }
        }

        if (fit.GetProperty("sample_weight").GetBoolean())
        {
            o.ExampleWeightColumnName = nameof(IrisRow.Weight);
        }

        return o;
    }

    internal sealed class IrisRow
    {
        [VectorType(4)]
        public float[] Features { get; set; } = [];

        public string Species { get; set; } = string.Empty;

        public float Weight { get; set; }
    }

    internal sealed class BinaryIrisRow
    {
        [VectorType(4)]
        public float[] Features { get; set; } = [];

        public bool Label { get; set; }

        public float Weight { get; set; }
    }
}
