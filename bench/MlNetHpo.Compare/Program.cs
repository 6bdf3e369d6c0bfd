// Our side of bench/compare: loads a workload's data, runs one small warm-up search, then times the workload's search
// (Fit, including the refit of the best, as GridSearchCV's fit does) and prints one JSON line.
//   MlNetHpo.Compare --workload W1|W2|W3|W4|W5|WF [--train TITANIC_TRAIN_CSV] [--data DIR_WITH_GENERATED_CSVS] [--parallel N] [--profile]
// --parallel sets the trials run at once (default: every core), to measure what a second worker brings.
// WF: FastTree on W3's data (no scaling), a 2 x 2 grid, for trainers that thread internally (see bench/scaling).
// --profile adds where the time of a search goes (see Profiler.cs) instead of comparing.
// --fit-scaling 1,2,4,8,16 (W3/W4) times one fit alone and beside T-1 others, without the engine (see FitScaling.cs).
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Transforms.Text;
using MlNetHpo.Compare;
using MlNetHpo.Experiments;
using MlNetHpo.AutoML;
using MlNetHpo.Sweeping;
using MlNetHpo.Trainers;

var processClock = Stopwatch.StartNew();
Options options;
try
{
    options = Options.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine($"MlNetHpo.Compare: {e.Message}");
    return 2;
}

var ml = new MLContext(seed: 42);
var workload = options.Workload;
IDataView data;
IEstimator<ITransformer> featurizer;
if (workload is "W1" or "W2")
{
    var path = options.DataFile;
    var header = File.ReadLines(path).First().Split(',');
    var columns = header.Select((name, i) => name == "Survived"
        ? new TextLoader.Column("Label", DataKind.Boolean, i)
        : new TextLoader.Column(name, DataKind.Single, i)).ToArray();
    data = ml.Data.Cache(ml.Data.LoadFromTextFile(path, columns, separatorChar: ',', hasHeader: true));
    featurizer = ml.Transforms.Concatenate("Features", [.. header.Where(h => h != "Survived")]);
}
else if (workload == "W5")
{
    // TfidfVectorizer's counterpart: lower-cased words, TF-IDF, L2-normalized rows (no character n-grams), fitted per fold.
    var path = options.DataFile;
    data = ml.Data.Cache(ml.Data.LoadFromTextFile(path, [new TextLoader.Column("text", DataKind.String, 0), new TextLoader.Column("Label", DataKind.Boolean, 1)], separatorChar: ',', hasHeader: true));
    featurizer = ml.Transforms.Text.FeaturizeText("Features", new TextFeaturizingEstimator.Options
    {
        WordFeatureExtractor = new WordBagEstimator.Options { NgramLength = 1, UseAllLengths = false, Weighting = NgramExtractingEstimator.WeightingCriteria.TfIdf },
        CharFeatureExtractor = null,
        Norm = TextFeaturizingEstimator.NormFunction.L2,
    }, "text");
}
else
{
    var path = options.DataFile;
    var header = File.ReadLines(path).First().Split(',');
    var columns = header.Select((name, i) => name == "label"
        ? new TextLoader.Column("Label", DataKind.Boolean, i)
        : new TextLoader.Column(name, DataKind.Single, i)).ToArray();
    data = ml.Data.Cache(ml.Data.LoadFromTextFile(path, columns, separatorChar: ',', hasHeader: true));

    // StandardScaler's counterpart: centre and scale (fixZero: false), fitted once per fold by the search.
    var concatenate = ml.Transforms.Concatenate("Features", [.. header.Where(h => h != "label")]);
    featurizer = workload == "WF" ? concatenate : concatenate.Append(ml.Transforms.NormalizeMeanVariance("Features", fixZero: false));
}

// Touch the data once so loading is not timed as search (the cache fills on first read).
_ = data.Preview(maxRows: 1);
var rows = data.GetColumn<bool>("Label").Count();
var loadSeconds = processClock.Elapsed.TotalSeconds;

CrossValidatedSearch Search(ITuner tuner) => ml.BinaryClassification.Search(
    featurizer,
    workload == "WF"
        ? SweepableEstimator.FromOptions((FastTreeBinaryTrainer.Options o) => ml.BinaryClassification.Trainers.FastTree(o))
        : SweepableEstimator.FromOptions((LogisticRegressionOptions o) => ml.BinaryClassification.Trainers.LogisticRegression(o)),
    tuner,
    folds: 5,
    options: new SearchOptions { MaxDegreeOfParallelism = options.Parallel });

var tutorialGrid = new ParameterGrid
{
    ["C"] = [0.001, 0.01, 0.1, 1, 10, 100, 1000],
    ["Penalty"] = [Penalty.L1, Penalty.L2, Penalty.ElasticNet, Penalty.None],
    ["Solver"] = [Solver.NewtonCg, Solver.Lbfgs, Solver.Liblinear, Solver.Sag, Solver.Saga],
};
var scaledGrid = new ParameterGrid
{
    ["C"] = [0.01, 0.1, 1, 10, 100],
    ["Penalty"] = [Penalty.L1, Penalty.L2],
    ["Solver"] = [Solver.Liblinear, Solver.Saga],
};
// HistGradientBoostingClassifier's counterpart on the Python side: max_leaf_nodes x learning_rate, 100 trees.
var treeGrid = new ParameterGrid
{
    ["NumberOfLeaves"] = [8, 32],
    ["LearningRate"] = [0.1, 0.3],
};
ITuner MakeTuner() => workload switch
{
    "W1" => new GridSearchTuner(tutorialGrid),
    "W2" => new ReplayTuner(options.Draws),
    "W5" => new GridSearchTuner(new ParameterGrid { ["C"] = [0.01, 0.1, 1, 10, 100] }),
    "WF" => new GridSearchTuner(treeGrid),
    _ => new GridSearchTuner(scaledGrid),
};

// Warm-up: a two-candidate search on the same data (JIT, ML.NET's catalogs and caches), as the Python side does.
var tiny = workload == "WF"
    ? new ParameterGrid { ["NumberOfLeaves"] = [4], ["LearningRate"] = [0.1, 0.3], ["NumberOfTrees"] = [5] }
    : new ParameterGrid
    {
        ["C"] = [workload is "W1" or "W2" ? 0.001 : 0.01],
        ["Penalty"] = [Penalty.L1],
        ["Solver"] = [Solver.Liblinear, Solver.Lbfgs],
    };
Search(new GridSearchTuner(tiny)).Fit(data);

if (options.Profile)
{
    Profiler.Run(ml, data, featurizer, MakeTuner());
    return 0;
}

if (options.FitScaling is { } threadCounts)
{
    Console.WriteLine(FitScaling.Run(ml, data, featurizer, workload, threadCounts).ToJsonString());
    return 0;
}

var (gen0, gen2, pause, allocated) = (GC.CollectionCount(0), GC.CollectionCount(2), GC.GetTotalPauseDuration(), GC.GetTotalAllocatedBytes());
var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
var clock = Stopwatch.StartNew();
var result = Search(MakeTuner()).Fit(data);
var seconds = clock.Elapsed.TotalSeconds;
var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds;

var best = new JsonObject();
foreach (var (name, value) in result.BestParameters.OrderBy(p => p.Key, StringComparer.OrdinalIgnoreCase))
{
    // scikit-learn's names and values: C (a number, whether the grid held 10 or 10.0), penalty, solver.
    // WF's names are HistGradientBoostingClassifier's.
    best[name switch { "C" => "C", "NumberOfLeaves" => "max_leaf_nodes", "LearningRate" => "learning_rate", _ => name.ToLowerInvariant() }] = value switch
    {
        double or float or int or long => Convert.ToDouble(value, CultureInfo.InvariantCulture),
        Penalty p => p.ToSklearnName(),
        Solver s => s.ToSklearnName(),
        _ => value?.ToString(),
    };
}

var line = new JsonObject
{
    ["side"] = "ours",
    ["workload"] = workload,
    ["rows"] = rows,
    ["search_seconds"] = seconds,
    // Every thread's user + system time during the search: less sensitive than the wall time to other load on the machine.
    ["search_cpu_seconds"] = cpuSeconds,
    // Of search_seconds, the wait for the refitted model after the trials (what is left of a refit started ahead).
    ["refit_seconds"] = result.RefitTime?.TotalSeconds,
    ["load_seconds"] = loadSeconds,
    ["best_score"] = result.BestScore,
    ["best_params"] = best,
    ["candidates"] = result.Candidates.Count,
    ["failed"] = result.FailedCount,
    ["peak_mb"] = PeakMegabytes(),
    ["workers_peak_mb"] = 0,
    ["in_process_seconds"] = processClock.Elapsed.TotalSeconds,
    ["parallel"] = options.Parallel ?? Environment.ProcessorCount,
    // Every candidate's split scores, to check that runs at other worker counts reach the same table.
    ["table_hash"] = TableHash(result),
    // Each candidate's fit and score seconds per fold, in trial order: how the work was spread (stragglers, the tail).
    ["unit_seconds"] = new JsonArray([.. result.Candidates.Select(c => (JsonNode)new JsonArray([.. c.FitTimes.Zip(c.ScoreTimes, (f, t) => (JsonNode)Math.Round(f + t, 4))]))]),
    // The garbage collector during the search: collections, time paused, MB allocated (where parallel fits lose time).
    ["gc"] = new JsonObject
    {
        ["gen0"] = GC.CollectionCount(0) - gen0,
        ["gen2"] = GC.CollectionCount(2) - gen2,
        ["pause_seconds"] = (GC.GetTotalPauseDuration() - pause).TotalSeconds,
        ["allocated_mb"] = (GC.GetTotalAllocatedBytes() - allocated) / 1048576.0,
        ["server"] = System.Runtime.GCSettings.IsServerGC,
    },
};
Console.WriteLine(line.ToJsonString());
return 0;

static string TableHash(SearchResult result)
{
    var text = string.Join(";", result.Candidates.Select(c => string.Join(",", c.Scores[0].SplitScores.Select(v => v.ToString("R", CultureInfo.InvariantCulture)))));
    return Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)))[..16];
}

// VmHWM: the peak resident set of this process (Linux).
static double? PeakMegabytes()
{
    const string File = "/proc/self/status";
    if (!System.IO.File.Exists(File))
    {
        return null;
    }

    var entry = System.IO.File.ReadLines(File).FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
    return entry is null ? null : double.Parse(entry.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
}

/// <summary>Command-line options.</summary>
internal sealed record Options(string Workload, string Train, string Data, string DrawsPath, bool Profile, int? Parallel, IReadOnlyList<int>? FitScaling)
{
    private const string Usage = "Usage: --workload W1|W2|W3|W4|W5|WF [--train CSV] [--data DIR] [--parallel N] [--profile | --fit-scaling 1,2,4,8,16]";

    /// <summary>The workload's data: the Titanic train file for W1/W2, else the file sklearn_compare.py generate wrote to --data.</summary>
    public string DataFile => Workload switch
    {
        "W1" or "W2" => Train,
        "WF" => Path.Combine(Data, "w3.csv"),
        _ => Path.Combine(Data, $"{Workload.ToLowerInvariant()}.csv"),
    };

    /// <summary>W2's candidates: scikit-learn's ParameterSampler(random_state=42) draws, written by sklearn_compare.py generate.</summary>
    public IReadOnlyList<Parameter> Draws => [.. JsonNode.Parse(File.ReadAllText(DrawsPath))!.AsArray().Select(d => new Parameter(
    [
        new("C", d!["C"]!.GetValue<double>()),
        new("Penalty", SklearnNames.ParsePenalty(d["penalty"]!.GetValue<string>() is "none" ? null : d["penalty"]!.GetValue<string>())),
        new("Solver", SklearnNames.ParseSolver(d["solver"]!.GetValue<string>())),
    ]))];

    public static Options Parse(string[] args)
    {
        var values = new Dictionary<string, string>();
        var profile = false;
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--profile")
            {
                profile = true;
            }
            else if (args[i] is "--workload" or "--train" or "--data" or "--parallel" or "--fit-scaling" && i + 1 < args.Length)
            {
                values[args[i]] = args[++i];
            }
            else
            {
                throw new ArgumentException($"Unknown or incomplete argument '{args[i]}'. {Usage}");
            }
        }

        var workload = values.GetValueOrDefault("--workload") ?? throw new ArgumentException($"--workload is required. {Usage}");
        if (workload is not ("W1" or "W2" or "W3" or "W4" or "W5" or "WF"))
        {
            throw new ArgumentException($"Unknown workload '{workload}'; expected W1, W2, W3, W4, W5 or WF.");
        }

        var data = values.GetValueOrDefault("--data") ?? ".";
        var options = new Options(
            workload,
            values.GetValueOrDefault("--train") ?? "data/titanic/tutorial-2023/clean_titanic_train.csv",
            data,
            Path.Combine(data, "w2_draws.json"),
            profile,
            values.TryGetValue("--parallel", out var parallel) ? Count("--parallel", parallel) : null,
            values.TryGetValue("--fit-scaling", out var counts) ? [.. counts.Split(',').Select(c => Count("--fit-scaling", c))] : null);
        foreach (var file in workload == "W2" ? [options.DataFile, options.DrawsPath] : new[] { options.DataFile })
        {
            if (!File.Exists(file))
            {
                throw new ArgumentException($"{workload}'s data file '{file}' does not exist{(workload == "W1" ? " (--train)" : $"; write it with: bench/sklearn_compare.py generate '{data}'")}.");
            }
        }

        return options;
    }

    private static int Count(string option, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count > 0
            ? count
            : throw new ArgumentException($"{option}: expected a positive whole number, got '{value}'.");
}
