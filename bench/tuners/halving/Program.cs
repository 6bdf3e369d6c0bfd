// Successive halving against the full grid it starts from, on LightGBM (issue 15: "halving reaches the full grid's best within
// 0.002 at no more than a third of the full grid's fit cost"). Fit cost is counted, not timed: train rows x boosting
// iterations summed over every fit (a fold's train part is 4/5 of the rows a candidate gets), so it does not depend on the
// machine; wall times are printed too. Usage: dotnet run -c Release --project bench/tuners/halving [-- --rows 20000 --seed 1]
using System.Diagnostics;
using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetHpo.AutoML;
using MlNetHpo.Experiments;
using MlNetHpo.Halving;
using MlNetHpo.Scoring;
using MlNetHpo.Sweeping;

var rows = Argument("--rows", 20_000);
var seed = Argument("--seed", 1);
const int Folds = 5;
const int Trees = 243;

var ml = new MLContext(seed);
var train = ml.Data.LoadFromEnumerable(Synthetic.Rows(rows, seed));
var test = ml.Data.LoadFromEnumerable(Synthetic.Rows(5_000, seed + 1000));
var trainer = ReadyTreeTrainers.Binary.LightGbm();
var grid = new ParameterGrid
{
    ["LearningRate"] = [0.03, 0.1, 0.3],
    ["MinimumExampleCountPerLeaf"] = [5, 20, 80],
    ["NumberOfLeaves"] = [4, 16, 64],
};
var metric = BinaryClassificationMetric.AreaUnderRocCurve;
var options = new SearchOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, Seed = seed };
Console.WriteLine($"LightGBM binary, {rows} synthetic rows (10 features, interactions), {grid.Count} candidates x {Folds} folds, AUC, {Environment.ProcessorCount} workers.");

var full = new ParameterGrid
{
    ["LearningRate"] = [0.03, 0.1, 0.3],
    ["MinimumExampleCountPerLeaf"] = [5, 20, 80],
    ["NumberOfLeaves"] = [4, 16, 64],
    ["NumberOfIterations"] = [Trees],
};
var runs = new List<(string Name, SearchResult Result, double Seconds, double Cost)>
{
    Run("full grid", () => ml.BinaryClassification.GridSearch(null, trainer, full, metric, Folds, options: options), c => Folds * 0.8 * rows * Trees),
    Run("halving, resource NumberOfIterations", () => ml.BinaryClassification.HalvingGridSearch(null, trainer, grid,
        new HalvingOptions { Resource = "NumberOfIterations", MaxResources = Trees }, seed, metric, Folds, options: options),
        c => Folds * 0.8 * rows * c.Resources!.Value),
    Run("halving, resource rows", () => ml.BinaryClassification.HalvingGridSearch(null, trainer, full, new HalvingOptions(), seed, metric, Folds, options: options),
        c => Folds * 0.8 * c.Resources!.Value * Trees),
};

var reference = runs[0];
Console.WriteLine();
Console.WriteLine("| search | fits | fit cost (M row-trees) | cost / grid | best CV AUC | CV AUC - grid's | best parameters | test AUC | wall s |");
Console.WriteLine("|---|---|---|---|---|---|---|---|---|");
foreach (var (name, result, seconds, cost) in runs)
{
    var testAuc = ml.BinaryClassification.Evaluate(result.Transform(test)).AreaUnderRocCurve;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| {name} | {result.Candidates.Count * Folds} | {cost / 1e6:0.0} | {cost / reference.Cost:0.000} | {result.BestScore:0.0000} | {result.BestScore - reference.Result.BestScore:+0.0000;-0.0000;0.0000} | {Text(result.BestParameters)} | {testAuc:0.0000} | {seconds:0.0} |"));
}

foreach (var (name, result, _, _) in runs.Skip(1))
{
    Console.WriteLine();
    Console.WriteLine($"{name}: iterations (candidates @ resources, best CV AUC)");
    foreach (var rung in result.Candidates.GroupBy(c => c.Iteration))
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {rung.Key}: {rung.Count()} @ {rung.First().Resources}, best {rung.Max(c => c.MeanScore):0.0000}"));
    }
}

(string, SearchResult, double, double) Run(string name, Func<CrossValidatedSearch> search, Func<CandidateResult, double> cost)
{
    var clock = Stopwatch.StartNew();
    var result = search().Fit(train);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name}: {result.Candidates.Count} candidates in {clock.Elapsed.TotalSeconds:0.0} s"));
    return (name, result, clock.Elapsed.TotalSeconds, result.Candidates.Sum(cost));
}

static string Text(Parameter p) => string.Join(", ", p.Select(kv => $"{kv.Key}={Convert.ToString(kv.Value, CultureInfo.InvariantCulture)}"));

int Argument(string name, int fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
}

/// <summary>A seeded binary problem with interactions and noise, so tree shape and learning rate matter.</summary>
internal static class Synthetic
{
    public static IEnumerable<Row> Rows(int count, int seed)
    {
        var random = new Random(seed);
        double Normal() => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        for (var i = 0; i < count; i++)
        {
            var x = new float[10];
            for (var j = 0; j < x.Length; j++)
            {
                x[j] = (float)Normal();
            }

            var signal = (x[0] * x[1]) + Math.Sin(2 * x[2]) + (0.5 * x[3] * x[3]) - 0.5 + (0.3 * x[4]) - (0.3 * Math.Abs(x[5]));
            yield return new Row { Features = x, Label = signal + (0.8 * Normal()) > 0 };
        }
    }

    public sealed class Row
    {
        [VectorType(10)]
        public float[] Features { get; set; } = [];

        public bool Label { get; set; }
    }
}
