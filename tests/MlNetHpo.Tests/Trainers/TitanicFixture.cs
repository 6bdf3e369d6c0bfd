using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace MlNetHpo.Tests.Trainers;

/// <summary>The Titanic train/test files of one data revision, loaded with ML.NET's TextLoader, and scikit-learn's reference fits.</summary>
internal sealed class TitanicRevision
{
    private static readonly Dictionary<string, TitanicRevision> Cache = [];
    private static readonly Lazy<JsonDocument> Reference = new(() => JsonDocument.Parse(File.ReadAllText(SharedData.Reference("lr_reference.json"))));

    private TitanicRevision(string revision)
    {
        var json = Reference.Value.RootElement.GetProperty("revisions").GetProperty(revision);
        Features = [.. json.GetProperty("features").EnumerateArray().Select(e => e.GetString()!)];
        Label = json.GetProperty("label").GetString()!;
        Fits = [.. json.GetProperty("fits").EnumerateArray().Select(ReferenceFit.Parse)];
        Context = new MLContext(seed: 0);
        Train = Load(SharedData.TitanicTrain(revision));
        Test = Load(SharedData.TitanicTest(revision));
    }

    public MLContext Context { get; }

    public string[] Features { get; }

    public string Label { get; }

    public ReferenceFit[] Fits { get; }

    /// <summary>Training data with a Boolean "Label" and a "Features" vector (the json's feature order).</summary>
    public IDataView Train { get; }

    public IDataView Test { get; }

    public static TitanicRevision Get(string revision)
    {
        lock (Cache)
        {
            if (!Cache.TryGetValue(revision, out var data))
            {
                Cache[revision] = data = new TitanicRevision(revision);
            }

            return data;
        }
    }

    private IDataView Load(string path)
    {
        var header = File.ReadLines(path).First().Split(',');
        var columns = header.Select((name, index) => new TextLoader.Column(
            name == Label ? "Label" : name, name == Label ? DataKind.Boolean : DataKind.Single, index)).ToArray();
        var raw = Context.Data.LoadFromTextFile(path, columns, separatorChar: ',', hasHeader: true);
        var withFeatures = Context.Transforms.Concatenate("Features", Features).Fit(raw).Transform(raw);
        return Context.Data.Cache(withFeatures);
    }
}

/// <summary>One entry of lr_reference.json.</summary>
internal sealed record ReferenceFit(double C, string? Penalty, string Solver, bool IsDefault, string? Error, double[] Coef, double Intercept, int Iterations, double[] TestProba)
{
    public static ReferenceFit Parse(JsonElement e)
    {
        var p = e.GetProperty("params");
        var isDefault = !p.EnumerateObject().Any();
        var c = isDefault ? 1.0 : p.GetProperty("C").GetDouble();
        var penalty = isDefault ? "l2" : p.GetProperty("penalty").GetString();
        var solver = isDefault ? "lbfgs" : p.GetProperty("solver").GetString()!;
        if (e.TryGetProperty("error", out var error))
        {
            return new ReferenceFit(c, penalty, solver, isDefault, error.GetString(), [], 0, 0, []);
        }

        return new ReferenceFit(
            c,
            penalty,
            solver,
            isDefault,
            null,
            [.. e.GetProperty("coef").EnumerateArray().Select(v => v.GetDouble())],
            e.GetProperty("intercept").GetDouble(),
            e.GetProperty("n_iter").GetInt32(),
            [.. e.GetProperty("test_proba").EnumerateArray().Select(v => v.GetDouble())]);
    }

    public override string ToString() => $"C={C}, penalty={Penalty ?? "None"}, solver={Solver}";
}
