// Tuning boosted trees on the Titanic data with MlNetHpo's ready search spaces: FastTree, then LightGBM, then one search
// over a choice of FastTree, LightGBM and the scikit-learn-equivalent logistic regression. Each search is a seeded random
// search with 5 stratified folds; each best model is refitted on the whole train file and scored on the test file.
// Default (quick): at most 50 trees per model and 10 draws per search. --full: the ready spaces as shipped (up to 500 trees), 40 draws.
using System.Diagnostics;
using Microsoft.ML;
using MlNetHpo.Experiments;
using MlNetHpo.Sweeping;
using MlNetHpo.AutoML;

string? train = null, test = null;
var full = false;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--train" when i + 1 < args.Length: train = args[++i]; break;
        case "--test" when i + 1 < args.Length: test = args[++i]; break;
        case "--quick": full = false; break;
        case "--full": full = true; break;
        default:
            Console.Error.WriteLine($"Unknown or incomplete argument '{args[i]}'. Usage: [--train PATH|URL] [--test PATH|URL] [--quick|--full]");
            return 2;
    }
}

// Without --train/--test: the tutorial's files shipped in data/titanic/tutorial-2023 (offline).
train ??= TitanicCsv.Shipped("clean_titanic_train.csv");
test ??= TitanicCsv.Shipped("clean_titanic_test.csv");
var draws = full ? 40 : 10;

var ml = new MLContext(seed: 42);
IDataView trainData, testData;
string[] features;
try
{
    (trainData, features) = await TitanicCsv.LoadAsync(ml, train);
    (testData, _) = await TitanicCsv.LoadAsync(ml, test);
}
catch (SampleInputException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}

var featurizer = ml.Transforms.Concatenate("Features", features);
Console.WriteLine($"Train: {train}, test: {test}; features: {string.Join(", ", features)}; {(full ? "full" : "quick")} run, {draws} draws per search");

// The trees train single-threaded: on a busy 2-core machine LightGBM's default threading made tiny fits 10-50x slower.
var fastTree = ReadyTreeTrainers.Binary.FastTree(configure: o => o.NumberOfThreads = 1);
var lightGbm = ReadyTreeTrainers.Binary.LightGbm(configure: o => o.NumberOfThreads = 1);
if (!full)
{
    fastTree = fastTree.WithSearchSpace(ReadySpaces.FastTree(maximumTrees: 50, maximumLeaves: 64));
    lightGbm = lightGbm.WithSearchSpace(ReadySpaces.LightGbm(maximumTrees: 50, maximumLeaves: 64));
}

Run("1. FastTree", fastTree, draws);
Run("2. LightGBM", lightGbm, draws);
var choice = SweepableEstimator.Choice(fastTree, lightGbm, ReadyTrainers.Binary.LogisticRegression());
Run("3. A choice of FastTree, LightGBM and LogisticRegression", choice, 2 * draws);
return 0;

void Run(string title, SweepableEstimator trainer, int iterations)
{
    var clock = Stopwatch.StartNew();
    var result = ml.BinaryClassification.RandomSearch(featurizer, trainer, trainer.SearchSpace!, iterations, seed: 42, folds: 5).Fit(trainData);
    var accuracy = ml.BinaryClassification.Evaluate(result.Transform(testData)).Accuracy;
    Console.WriteLine($"\n{title}: {result.Candidates.Count} candidates x {result.NumberOfFolds} folds in {clock.Elapsed.TotalSeconds:F1} s, {result.FailedCount} failed");
    foreach (var c in result.Candidates.OrderBy(c => c.Rank).Take(3))
    {
        Console.WriteLine($"   rank {c.Rank}: CV accuracy {c.MeanScore:F4} +/- {c.StdScore:F4}  {c.Parameters}");
    }

    Console.WriteLine($"   Best refitted on the whole train file: test accuracy {accuracy:F4}");
}
