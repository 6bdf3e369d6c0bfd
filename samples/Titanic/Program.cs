// The scikit-learn Titanic tutorial, in ML.NET with MlNetHpo: a base logistic regression, then
// GridSearchCV over C x penalty x solver with 5-fold CV, then RandomizedSearchCV (100 draws, seed 42),
// each best model refitted on the whole train file and scored on the test file.
// Without arguments it reads the tutorial's files shipped in data/titanic/tutorial-2023 (offline); --train/--test take
// other paths or http(s) URLs (the tutorial's own: TitanicCsv.TutorialUrl + "clean_titanic_train.csv").
using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetHpo.Experiments;
using MlNetHpo.AutoML;
using MlNetHpo.Trainers;

var ml = new MLContext(seed: 42);
string train, test;
string? jsonPath;
IDataView trainData, testData;
string[] features;
try
{
    var arguments = Arguments.Parse(args);
    train = arguments.Get("--train") ?? TitanicCsv.Shipped("clean_titanic_train.csv");
    test = arguments.Get("--test") ?? TitanicCsv.Shipped("clean_titanic_test.csv");
    jsonPath = arguments.Get("--json");
    (trainData, features) = await TitanicCsv.LoadAsync(ml, train);
    (testData, _) = await TitanicCsv.LoadAsync(ml, test);
}
catch (SampleInputException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}

var featurizer = ml.Transforms.Concatenate("Features", features);
Console.WriteLine($"Train: {train} ({trainData.GetColumn<bool>("Label").Count()} rows), test: {test}; features: {string.Join(", ", features)}");

// 1. The base model: LogisticRegression() with scikit-learn's defaults.
var baseModel = featurizer.Append(ml.BinaryClassification.Trainers.LogisticRegression()).Fit(trainData);
var baseAccuracy = Accuracy(baseModel);
Console.WriteLine($"\n1. Base LogisticRegression(): test accuracy {baseAccuracy:F4}");

// 2. GridSearchCV: the tutorial's grid, 140 candidates, 5 stratified folds.
var grid = new ParameterGrid
{
    ["C"] = [0.001, 0.01, 0.1, 1, 10, 100, 1000],
    ["Penalty"] = [Penalty.L1, Penalty.L2, Penalty.ElasticNet, Penalty.None],
    ["Solver"] = [Solver.NewtonCg, Solver.Lbfgs, Solver.Liblinear, Solver.Sag, Solver.Saga],
};
var gridResult = Run("2. Grid search", () => ml.BinaryClassification.GridSearch(
    featurizer, (LogisticRegressionOptions o) => ml.BinaryClassification.Trainers.LogisticRegression(o), grid, folds: 5, options: Live()).Fit(trainData));

// 3. RandomizedSearchCV: 100 draws (seed 42) from C in 20 log-spaced values over [1e-4, 1e4] x penalty x solver.
var space = new ParameterGrid
{
    ["C"] = Enumerable.Range(0, 20).Select(i => (object?)Math.Pow(10, -4 + (8.0 * i / 19))).ToArray(),
    ["Penalty"] = [Penalty.L1, Penalty.L2, Penalty.ElasticNet, Penalty.None],
    ["Solver"] = [Solver.NewtonCg, Solver.Lbfgs, Solver.Liblinear, Solver.Sag, Solver.Saga],
};
var randomResult = Run("3. Random search", () => ml.BinaryClassification.RandomSearch(
    featurizer, (LogisticRegressionOptions o) => ml.BinaryClassification.Trainers.LogisticRegression(o), space, iterations: 100, seed: 42, folds: 5, options: Live()).Fit(trainData));

if (jsonPath != null)
{
    var json = new JsonObject
    {
        ["base"] = new JsonObject { ["accuracy"] = baseAccuracy },
        ["grid"] = Summary(gridResult.Result, gridResult.Accuracy, gridResult.Seconds),
        ["random"] = Summary(randomResult.Result, randomResult.Accuracy, randomResult.Seconds),
    };
    File.WriteAllText(jsonPath, json.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    Console.WriteLine($"\nWrote {jsonPath}");
}

return 0;

// A live progress line: trials done / total, elapsed, remaining, best so far (plain lines when redirected).
static SearchOptions Live() => new() { Progress = new ConsoleProgressMonitor() };

double Accuracy(ITransformer model) => ml.BinaryClassification.Evaluate(model.Transform(testData)).Accuracy;

(SearchResult Result, double Accuracy, double Seconds) Run(string title, Func<SearchResult> search)
{
    var clock = Stopwatch.StartNew();
    var result = search();
    var seconds = clock.Elapsed.TotalSeconds;
    var accuracy = Accuracy(result);
    Console.WriteLine($"\n{title}: {result.Candidates.Count} candidates x {result.NumberOfFolds} folds in {seconds:F2} s, {result.FailedCount} failed");
    if (result.FailureSummary != null)
    {
        Console.WriteLine("   " + result.FailureSummary.Split('\n')[0]);
        foreach (var line in result.FailureSummary.Split('\n').SkipWhile(l => !l.StartsWith("---")).Where(l => !l.StartsWith("---")))
        {
            Console.WriteLine("     " + line);
        }
    }

    Console.WriteLine($"   Best hyperparameters: {result.BestParameters}");
    Console.WriteLine($"   Best CV accuracy: {result.BestScore:F5}");
    Console.WriteLine($"   Refit on the whole train file, test accuracy: {accuracy:F4}");
    return (result, accuracy, seconds);
}

static JsonObject Summary(SearchResult result, double accuracy, double seconds) => new()
{
    ["best_parameters"] = JsonNode.Parse(result.BestParameters.ToJson()),
    ["best_score"] = result.BestScore,
    ["test_accuracy"] = accuracy,
    ["candidates"] = result.Candidates.Count,
    ["failed"] = result.FailedCount,
    ["seconds"] = seconds,
};

/// <summary>--name value pairs.</summary>
internal sealed class Arguments(Dictionary<string, string> values)
{
    public static Arguments Parse(string[] args)
    {
        var values = new Dictionary<string, string>();
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] is "--train" or "--test" or "--json" && i + 1 < args.Length)
            {
                values[args[i]] = args[++i];
            }
            else
            {
                throw new SampleInputException($"Unknown or incomplete argument '{args[i]}'. Usage: [--train PATH|URL] [--test PATH|URL] [--json OUT]");
            }
        }

        return new Arguments(values);
    }

    public string? Get(string name) => values.GetValueOrDefault(name);
}
