using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.ML;
using Microsoft.ML.Trainers.FastTree;
using MlNetHpo.Experiments;
using MlNetHpo.AutoML;
using MlNetHpo.Storage;
using MlNetHpo.Sweeping;
using MlNetHpo.Trainers;

namespace MlNetHpo.Tests.Experiments;

/// <summary>Parallel trials, budgets, cancellation, progress, monitors and logging.</summary>
public class EngineTests
{
    private static readonly MLContext Ml = new(0);

    private static readonly ParameterGrid Tutorial = new()
    {
        ["C"] = [0.001, 0.01, 0.1, 1, 10, 100, 1000],
        ["Penalty"] = ["l1", "l2", "elasticnet", null],
        ["Solver"] = ["newton-cg", "lbfgs", "liblinear", "sag", "saga"],
    };

    [Fact]
    public void ResultsAreIdenticalForAnyDegreeOfParallelism()
    {
        // Logistic regression and FastTree (which would thread internally) in one search.
        var choice = SweepableEstimator.Choice(
            SweepableEstimator.FromOptions((MLContext c, LogisticRegressionOptions o) => c.BinaryClassification.Trainers.LogisticRegression(o)),
            SweepableEstimator.FromOptions((MLContext c, FastTreeBinaryTrainer.Options o) => c.BinaryClassification.Trainers.FastTree(o)));
        var grid = ParameterGrid.Union(
            new ParameterGrid { ["Trainer"] = ["LogisticRegression"], ["C"] = [0.01, 1.0, 100.0], ["Penalty"] = ["l1", "l2"], ["Solver"] = ["saga"] },
            new ParameterGrid { ["Trainer"] = ["FastTreeBinary"], ["NumberOfLeaves"] = [2, 4, 8], ["NumberOfTrees"] = [10], ["FeatureFraction"] = [0.7] });

        string Run(int parallelism)
        {
            var (data, features) = TitanicData.Load(Ml, SharedData.TitanicTrain("tutorial-2023"));
            var result = Ml.BinaryClassification.GridSearch(
                TitanicData.Features(Ml, features), choice, grid,
                options: new SearchOptions { MaxDegreeOfParallelism = parallelism, Refit = false, Seed = 7 }).Fit(data);
            return string.Join("\n", result.Candidates.Select(c => $"{c.Index} {c.Parameters} {string.Join(",", c.SplitScores.Select(s => s.ToString("R")))} {c.Rank}"))
                + $"\nbest {result.BestIndex}";
        }

        // Folds of one candidate run on different workers: the table is the same for any number of them.
        var one = Run(1);
        Assert.Equal(one, Run(2));
        Assert.Equal(one, Run(4));
        Assert.Equal(one, Run(16));
        Assert.Equal(one, Run(1));
    }

    [Fact]
    public void TrialBudgetEvaluatesTheFirstCandidatesAndSaysWhichWereNotRun()
    {
        var (data, features) = TitanicData.Load(Ml, SharedData.TitanicTrain("tutorial-2023"));
        var result = Search(features, Tutorial, new SearchOptions { MaxTrials = 25 }).Fit(data);

        Assert.Equal(Enumerable.Range(0, 25), result.Candidates.Select(c => c.Index));
        Assert.Equal(Enumerable.Range(25, 115), result.NotRun);
        Assert.Equal(StopReason.TrialBudget, result.StopReason);
        Assert.NotNull(result.Model);
        Assert.Equal(result.Candidates.Where(c => !c.Failed).Max(c => c.MeanScore), result.BestScore);
        Assert.Contains("\"stop_reason\": \"TrialBudget\"", result.ToJson());
    }

    [Fact]
    public void TimeBudgetStopsCleanlyWithWhatItHas()
    {
        var (data, features) = TitanicData.Load(Ml, SharedData.TitanicTrain("tutorial-2023"));
        // Far more than 1.5 s of work however fast the fits get (2,000 candidates once finished inside the budget).
        var grid = new ParameterGrid { ["C"] = Enumerable.Range(1, 20000).Select(i => (object?)(i / 100.0)).ToArray() };
        var clock = Stopwatch.StartNew();

        var result = Search(features, grid, new SearchOptions { TimeBudget = TimeSpan.FromSeconds(1.5), MaxDegreeOfParallelism = 2 }).Fit(data);

        Assert.Equal(StopReason.TimeBudget, result.StopReason);
        Assert.InRange(result.Candidates.Count, 1, 19999);
        Assert.Equal(20000, result.Candidates.Count + result.NotRun.Count);
        Assert.Equal(Enumerable.Range(0, 20000), result.Candidates.Select(c => c.Index).Concat(result.NotRun).Order());
        Assert.All(result.Candidates, c => Assert.False(c.Failed)); // abandoned trials are not recorded as failures
        Assert.NotNull(result.Model);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"a 1.5 s budget took {clock.Elapsed}");
    }

    [Fact]
    public void CancellationStopsInsideARunningFitAndReturnsThePartialResult()
    {
        var (data, features) = TitanicData.Load(Ml, SharedData.TitanicTrain("tutorial-2023"));
        using var cancel = new CancellationTokenSource();
        var store = new InMemoryTrialStore();
        var options = new SearchOptions { Store = store, MaxDegreeOfParallelism = 1 };
        var monitor = new CountingMonitor();
        options.Monitors.Add(monitor);
        monitor.OnRunning = settings =>
        {
            // The third trial is a very long fit: cancel soon after it starts.
            if (settings.TrialId == 2)
            {
                cancel.CancelAfter(300);
            }
        };
        var grid = new ParameterGrid { ["NumberOfTrees"] = [5, 6, 100_000, 7] };
        var clock = Stopwatch.StartNew();

        var result = Ml.BinaryClassification.GridSearch(
            TitanicData.Features(Ml, features),
            (MLContext c, FastTreeBinaryTrainer.Options o) => c.BinaryClassification.Trainers.FastTree(o),
            grid, options: options).Fit(data, cancel.Token);

        Assert.Equal(StopReason.Cancelled, result.StopReason);
        Assert.Equal([0, 1], result.Candidates.Select(c => c.Index));
        Assert.Equal([2, 3], result.NotRun);
        Assert.Null(result.Model);
        Assert.Equal([0, 1], store.LoadCompleted("default").Select(r => r.TrialId)); // nothing half-written
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"cancellation took {clock.Elapsed}: the 100,000-tree fit was not stopped");
        Assert.True(MlContextCancellationIsReached(), "ML.NET's cancellation hook was not found");
    }

    [Fact]
    public void CancellationStopsOurTrainerInsideAFitThroughTheTrialsContext()
    {
        var (data, features) = TitanicData.Load(Ml, SharedData.TitanicTrain("tutorial-2023"));
        using var cancel = new CancellationTokenSource();
        var checks = 0;

        // The trainer's per-iteration check of the trial's context, counted; the search is cancelled at the second one.
        // (Wrapped, so the search does not put the trial's own check in place of the counted one.)
        CountedFit Trainer(MLContext context, LogisticRegressionOptions options)
        {
            var trials = FitCancellation.Of(context.BinaryClassification.Trainers);
            return new CountedFit(new LogisticRegressionTrainer(options)
            {
                Cancellation = new FitCancellation(() =>
                {
                    if (Interlocked.Increment(ref checks) == 2)
                    {
                        cancel.Cancel();
                    }

                    return trials.IsRequested;
                }),
            });
        }

        var result = Ml.BinaryClassification.GridSearch(
            TitanicData.Features(Ml, features),
            (MLContext c, LogisticRegressionOptions o) => Trainer(c, o),
            new ParameterGrid { ["C"] = [1.0] },
            options: new SearchOptions { MaxDegreeOfParallelism = 1 }).Fit(data, cancel.Token);

        Assert.Equal(StopReason.Cancelled, result.StopReason);
        Assert.Equal(2, checks); // the fit stopped at the check where the search was cancelled: the context was cancelled with it
        Assert.Empty(result.Candidates);
        Assert.Equal([0], result.NotRun);
    }

    [Fact]
    public void MonitorsProgressAndLoggerHearAboutEveryTrial()
    {
        var (data, features) = TitanicData.Load(Ml, SharedData.TitanicTrain("tutorial-2023"));
        var monitor = new CountingMonitor();
        var progress = new List<SearchProgress>();
        var logger = new ListLogger();
        var console = new StringWriter();
        var options = new SearchOptions { Progress = new Collector(progress), Logger = logger, MaxDegreeOfParallelism = 2 };
        options.Monitors.Add(monitor);
        var grid = new ParameterGrid { ["C"] = [0.01, 1.0, 100.0], ["Penalty"] = ["l2", "l1"], ["Solver"] = ["lbfgs"] };

        var result = Search(features, grid, options).Fit(data);

        Assert.Equal(6, monitor.Running);
        Assert.Equal(3, monitor.Completed);
        Assert.Equal(3, monitor.Failed); // lbfgs with l1
        Assert.InRange(monitor.Best, 1, 3);
        Assert.Equal(Enumerable.Range(1, 6), progress.Select(p => p.Completed));
        Assert.All(progress, p => Assert.Equal(6L, p.Total));
        Assert.Equal(3, progress[^1].Failed);
        Assert.Equal(result.BestScore, progress[^1].BestScore);
        Assert.Equal(TimeSpan.Zero, progress[^1].EstimatedRemaining);
        Assert.Equal(3, logger.Lines.Count(l => l.StartsWith("Warning: Trial", StringComparison.Ordinal)));
        Assert.Contains(logger.Lines, l => l.StartsWith("Information: New best", StringComparison.Ordinal));

        var writer = new ConsoleProgressMonitor(console, live: false, plainInterval: TimeSpan.Zero);
        foreach (var p in progress)
        {
            writer.Report(p);
        }

        var last = console.ToString().TrimEnd().Split('\n')[^1];
        Assert.Matches(@"^6/6 trials \(3 failed\), \d+:\d\d elapsed, ~0:00 left, best Accuracy 0\.\d{4}$", last);
        var live = new StringWriter();
        new ConsoleProgressMonitor(live, live: true).Report(progress[2]);
        Assert.StartsWith("\r[##########..........] 3/6 trials", live.ToString());
    }

    [Fact]
    public void MonitorEventsComeInOrder()
    {
        var (data, features) = TitanicData.Load(Ml, SharedData.TitanicTrain("tutorial-2023"));
        var events = new List<string>();
        var options = new SearchOptions { MaxDegreeOfParallelism = 1 };
        options.Monitors.Add(new OrderMonitor(events));
        var grid = new ParameterGrid { ["C"] = [0.001, 10.0, 1.0], ["Penalty"] = ["l2", "l1"], ["Solver"] = ["lbfgs"] };

        var result = Search(features, grid, options).Fit(data);

        // Each trial: running, then completed (and best, when it beats every earlier one) or failed.
        var expected = new List<string>();
        var best = double.NegativeInfinity;
        foreach (var c in result.Candidates)
        {
            expected.Add($"running {c.Index}");
            expected.Add(c.Failed ? $"failed {c.Index}" : $"completed {c.Index}");
            if (!c.Failed && c.MeanScore > best)
            {
                best = c.MeanScore;
                expected.Add($"best {c.Index}");
            }
        }

        Assert.Equal(expected, events);
        Assert.Equal(3, events.Count(e => e.StartsWith("failed", StringComparison.Ordinal)));
    }

    private static bool MlContextCancellationIsReached() => typeof(SearchResult).Assembly
        .GetType("MlNetHpo.Experiments.MlContextCancellation")!.GetProperty("IsSupported")!.GetValue(null) is true;

    private static CrossValidatedSearch Search(string[] features, ParameterGrid grid, SearchOptions options) =>
        Ml.BinaryClassification.GridSearch(
            TitanicData.Features(Ml, features),
            (LogisticRegressionOptions o) => Ml.BinaryClassification.Trainers.LogisticRegression(o),
            grid, options: options);

    private sealed class CountedFit(LogisticRegressionTrainer trainer) : IEstimator<ITransformer>
    {
        public ITransformer Fit(IDataView input) => trainer.FitModel(input);

        public Microsoft.ML.SchemaShape GetOutputSchema(Microsoft.ML.SchemaShape inputSchema) => trainer.GetOutputSchema(inputSchema);
    }

    private sealed class CountingMonitor : IMonitor
    {
        public Action<TrialSettings>? OnRunning { get; set; }

        public int Running { get; private set; }

        public int Completed { get; private set; }

        public int Failed { get; private set; }

        public int Best { get; private set; }

        public void ReportRunningTrial(TrialSettings settings)
        {
            Running++;
            OnRunning?.Invoke(settings);
        }

        public void ReportCompletedTrial(TrialResult result) => Completed++;

        public void ReportFailTrial(TrialSettings settings, Exception? exception = null) => Failed++;

        public void ReportBestTrial(TrialResult result) => Best++;
    }

    private sealed class OrderMonitor(List<string> events) : IMonitor
    {
        public void ReportRunningTrial(TrialSettings settings) => events.Add($"running {settings.TrialId}");

        public void ReportCompletedTrial(TrialResult result) => events.Add($"completed {result.TrialSettings.TrialId}");

        public void ReportFailTrial(TrialSettings settings, Exception? exception = null) => events.Add($"failed {settings.TrialId}");

        public void ReportBestTrial(TrialResult result) => events.Add($"best {result.TrialSettings.TrialId}");
    }

    private sealed class Collector(List<SearchProgress> list) : IProgress<SearchProgress>
    {
        public void Report(SearchProgress value) => list.Add(value);
    }

    private sealed class ListLogger : ILogger
    {
        public List<string> Lines { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (Lines)
            {
                Lines.Add($"{logLevel}: {formatter(state, exception)}");
            }
        }
    }
}
