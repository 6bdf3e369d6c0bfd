// A multiclass search on data the sample makes: three overlapping Gaussian blobs in four dimensions, an iris-like set whose
// text label "Species" becomes the key-typed "Label" inside the featurizer (MapValueToKey). Since the key label only exists
// after the featurizer, the folds stratify on the raw column: Folds.Stratified(5, columnName: "Species").
// One seeded random search over a choice of ready trainers (L-BFGS and SDCA maximum entropy, LightGBM, one-versus-all FastTree);
// the best is refitted on the whole train set and scored on a held-out test set made the same way.
// Default (quick): 600 train rows, 12 draws, at most 50 trees. --full: 3000 rows, 40 draws, the ready spaces as shipped.
using System.Diagnostics;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetHpo.Sweeping;
using MlNetHpo.Validation;
using MlNetHpo.AutoML;

var full = args switch
{
    [] or ["--quick"] => false,
    ["--full"] => true,
    _ => throw new ArgumentException($"Unknown arguments '{string.Join(" ", args)}'. Usage: [--quick|--full]"),
};
var (trainRows, draws) = full ? (3000, 40) : (600, 12);

var ml = new MLContext(seed: 42);
var train = ml.Data.LoadFromEnumerable(Blobs.Make(trainRows, seed: 1).ToList());
var test = ml.Data.LoadFromEnumerable(Blobs.Make(300, seed: 2).ToList());
Console.WriteLine($"Three Gaussian blobs, 4 features: {trainRows} train rows, 300 test rows; {(full ? "full" : "quick")} run, {draws} draws");

var featurizer = ml.Transforms.Conversion.MapValueToKey("Label", "Species")
    .Append(ml.Transforms.Concatenate("Features", "A", "B", "C", "D"))
    .Append(ml.Transforms.NormalizeMinMax("Features"));

var trees = ReadyTreeTrainers.Multiclass.FastTreeOva();
var lightGbm = ReadyTreeTrainers.Multiclass.LightGbm(configure: o => o.NumberOfThreads = 1); // Single-threaded: fast and steady on a busy machine.
if (!full)
{
    trees = trees.WithSearchSpace(ReadySpaces.FastTree(maximumTrees: 50, maximumLeaves: 64));
    lightGbm = lightGbm.WithSearchSpace(ReadySpaces.LightGbm(maximumTrees: 50, maximumLeaves: 64));
}

var choice = SweepableEstimator.Choice(
    ReadyTrainers.Multiclass.LbfgsMaximumEntropy(), ReadyTrainers.Multiclass.SdcaMaximumEntropy(), lightGbm, trees);

var clock = Stopwatch.StartNew();
var result = ml.MulticlassClassification.RandomSearch(
        featurizer, choice, choice.SearchSpace!, iterations: draws, seed: 42, folds: Folds.Stratified(5, columnName: "Species"))
    .Fit(train);
Console.WriteLine($"\nRandom search: {result.Candidates.Count} candidates x {result.NumberOfFolds} folds in {clock.Elapsed.TotalSeconds:F1} s, {result.FailedCount} failed");
foreach (var c in result.Candidates.OrderBy(c => c.Rank))
{
    Console.WriteLine($"   rank {c.Rank,2}: CV micro-accuracy {c.MeanScore:F4} +/- {c.StdScore:F4}  {c.Parameters}");
}

var scored = result.Transform(test);
var metrics = ml.MulticlassClassification.Evaluate(scored);
Console.WriteLine($"\nBest: {result.BestParameters}");
Console.WriteLine($"Refitted on all {trainRows} train rows: test micro-accuracy {metrics.MicroAccuracy:F4}, macro-accuracy {metrics.MacroAccuracy:F4}, log-loss {metrics.LogLoss:F4}");

// Predicted keys back to species names.
var named = ml.Transforms.Conversion.MapKeyToValue("PredictedSpecies", "PredictedLabel").Fit(scored).Transform(scored);
var pairs = named.GetColumn<string>("Species").Zip(named.GetColumn<string>("PredictedSpecies")).Take(5);
Console.WriteLine("First test rows (species -> predicted): " + string.Join(", ", pairs.Select(p => $"{p.First} -> {p.Second}")));

/// <summary>Iris-like rows: three species, each a Gaussian blob in four dimensions; the blobs overlap, so no model is perfect.</summary>
internal static class Blobs
{
    private static readonly (string Species, float[] Center)[] Classes =
    [
        ("setosa", [5.0f, 3.4f, 1.5f, 0.2f]),
        ("versicolor", [5.9f, 2.8f, 4.3f, 1.3f]),
        ("virginica", [6.6f, 3.0f, 5.0f, 1.9f]),
    ];

    public static IEnumerable<Row> Make(int rows, int seed)
    {
        var random = new Random(seed);
        float Normal(float sd) => sd * (float)(Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()));
        for (var i = 0; i < rows; i++)
        {
            var (species, c) = Classes[random.Next(Classes.Length)];
            yield return new Row { Species = species, A = c[0] + Normal(0.5f), B = c[1] + Normal(0.35f), C = c[2] + Normal(0.5f), D = c[3] + Normal(0.25f) };
        }
    }

    public sealed class Row
    {
        public string Species { get; set; } = string.Empty;

        public float A { get; set; }

        public float B { get; set; }

        public float C { get; set; }

        public float D { get; set; }
    }
}
