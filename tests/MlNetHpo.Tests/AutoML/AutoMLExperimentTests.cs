using AutoMLStyle;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetHpo.AutoML;
using MlNetHpo.Experiments;
using MlNetHpo.Storage;
using MlNetHpo.Validation;

namespace MlNetHpo.Tests.AutoML;

/// <summary>
/// AutoMLExperiment running AutoML's documented code (samples/AutoMLStyle) on the Titanic data: the best trial re-evaluates to its
/// metric, monitor events come in order, the time budget stops a running trial, a checkpoint resumes, a custom runner plugs in.
/// </summary>
public sealed class AutoMLExperimentTests
{
    private static readonly MLContext Ml = new(0);
    private static readonly IDataView Train = Ml.Data.LoadFromTextFile<TitanicPassenger>(SharedData.TitanicTrain("tutorial-2023"), separatorChar: ',', hasHeader: true);

    [Fact]
    public void TheDocumentedExampleReturnsTheTrialWhoseParametersReEvaluateToItsMetric()
    {
        var pipeline = CustomSearchSpaceExperiment.CreatePipeline(Ml);
        var monitor = new AutoMLMonitor(pipeline);

        var best = CustomSearchSpaceExperiment.CreateExperiment(Ml, pipeline, Train, monitor, maxModels: 6).Run();

        // The best of the trials the monitor saw, by metric (accuracy: higher is better, loss = -accuracy).
        var completed = monitor.GetCompletedTrials().ToList();
        Assert.Equal(6, completed.Count);
        Assert.Equal(completed.Max(t => t.Metric), best.Metric);
        Assert.Equal(-best.Metric, best.Loss);
        Assert.Contains(best, completed);

        // Its parameters, rebuilt into the whole pipeline and cross-validated on the same 5 stratified folds from scratch.
        var rows = (int)Train.GetColumn<bool>("Label").Count();
        var folds = Folds.Stratified(5).Split(Train, "Label");
        var accuracies = folds.Select(fold =>
        {
            var model = pipeline.BuildFromOption(new MLContext(0), best.TrialSettings.Parameter).Fit(new RowSubsetDataView(Train, fold.TrainIndices, rows));
            return Ml.BinaryClassification.EvaluateNonCalibrated(model.Transform(new RowSubsetDataView(Train, fold.TestIndices, rows))).Accuracy;
        }).ToList();
        Assert.Equal(accuracies.Average(), best.Metric, 12);
        Assert.Equal(accuracies, best.SplitScores);

        // The returned model is the best pipeline refitted on every training row.
        var refitted = pipeline.BuildFromOption(new MLContext(0), best.TrialSettings.Parameter).Fit(Train);
        Assert.Equal(Accuracy(refitted, Train), Accuracy(best.Model!, Train), 12);
    }

    [Fact]
    public void MonitorEventsArriveInOrderForEveryTrial()
    {
        var pipeline = CustomSearchSpaceExperiment.CreatePipeline(Ml);
        var events = new EventMonitor();
        var experiment = CustomSearchSpaceExperiment.CreateExperiment(Ml, pipeline, Train, events, maxModels: 5);

        var best = experiment.Run();

        var trials = events.Lines.Where(l => l.StartsWith("running", StringComparison.Ordinal)).Select(l => int.Parse(l.Split(' ')[1])).ToList();
        Assert.Equal([0, 1, 2, 3, 4], trials.Order());
        foreach (var id in trials)
        {
            var running = events.Lines.IndexOf($"running {id}");
            var completed = events.Lines.IndexOf($"completed {id}");
            Assert.True(running < completed, $"trial {id}: {string.Join(", ", events.Lines)}");
            if (events.Lines.IndexOf($"best {id}") is var bestAt and >= 0)
            {
                Assert.Equal(completed + 1, bestAt);
            }
        }

        // Each "best" improves on the previous one, and the last is the trial the experiment returns.
        var bests = events.Best;
        Assert.True(bests.Zip(bests.Skip(1)).All(p => p.Second.Loss < p.First.Loss));
        Assert.Same(bests[^1], best);
        Assert.Equal("running 0", events.Lines[0]);
    }

    [Fact]
    public void TheTimeBudgetStopsTheRunningTrialAndTheBestSoFarIsReturned()
    {
        using var runner = new BlockingRunner(blockFrom: 1);
        var events = new EventMonitor();
        var experiment = Ml.Auto().CreateExperiment()
            .SetPipeline(CustomSearchSpaceExperiment.CreatePipeline(Ml))
            .SetTrainingTimeInSeconds(1)
            .SetTrialRunner(runner)
            .SetMonitor(events);

        var best = experiment.Run();

        // Trial 1 waited on its token: only the budget could end it; it is neither completed nor failed.
        Assert.True(runner.WasCancelled);
        Assert.Equal(["running 0", "completed 0", "best 0", "running 1"], events.Lines);
        Assert.Same(runner.Results[0], best);
        Assert.Same(runner.Model, best.Model);
        Assert.True(runner.Disposed);
    }

    [Fact]
    public void ABudgetEndingBeforeAnyTrialSucceedsThrowsAutoMLsTimeoutException()
    {
        using var runner = new BlockingRunner(blockFrom: 0);
        var experiment = Ml.Auto().CreateExperiment()
            .SetPipeline(CustomSearchSpaceExperiment.CreatePipeline(Ml))
            .SetTrainingTimeInSeconds(1)
            .SetTrialRunner(runner);

        var e = Assert.Throws<TimeoutException>(() => experiment.Run());

        Assert.StartsWith("Training time finished without completing a successful trial.", e.Message);
    }

    [Fact]
    public void AFailedTrialIsReportedWithTheRunnersExceptionAndTheSearchGoesOn()
    {
        using var runner = new BlockingRunner(blockFrom: int.MaxValue, failing: 1);
        var events = new EventMonitor();
        var best = Ml.Auto().CreateExperiment()
            .SetPipeline(CustomSearchSpaceExperiment.CreatePipeline(Ml))
            .SetMaxModelToExplore(3)
            .SetTrialRunner(runner)
            .SetMonitor(events)
            .Run();

        Assert.Equal(["running 0", "completed 0", "best 0", "running 1", "failed 1", "running 2", "completed 2"], events.Lines.Where(l => !l.StartsWith("best 2", StringComparison.Ordinal)));
        Assert.Same(runner.Failure, events.Failure);
        Assert.Equal(0, best.TrialSettings.TrialId);
    }

    [Fact]
    public void ACheckpointedExperimentResumesWhereItStoppedAndEndsAsAnUninterruptedOne()
    {
        var pipeline = CustomSearchSpaceExperiment.CreatePipeline(Ml);
        var uninterrupted = CustomSearchSpaceExperiment.CreateExperiment(Ml, pipeline, Train, new EventMonitor(), maxModels: 6).Run();
        using var store = new InMemoryTrialStore();
        CustomSearchSpaceExperiment.CreateExperiment(Ml, pipeline, Train, new EventMonitor(), maxModels: 3).SetCheckpoint(store, "titanic").Run();

        var events = new EventMonitor();
        var resumed = CustomSearchSpaceExperiment.CreateExperiment(Ml, pipeline, Train, events, maxModels: 6).SetCheckpoint(store, "titanic").Run();

        Assert.Equal(["running 3", "running 4", "running 5"], events.Lines.Where(l => l.StartsWith("running", StringComparison.Ordinal)).Order());
        Assert.Equal(uninterrupted.TrialSettings.TrialId, resumed.TrialSettings.TrialId);
        Assert.Equal(uninterrupted.TrialSettings.Parameter, resumed.TrialSettings.Parameter);
        Assert.Equal(uninterrupted.Metric, resumed.Metric);
    }

    [Fact]
    public void AutoMLsFolderCheckpointResumesFromTheStudyFileInTheFolder()
    {
        var folder = Path.Combine(Directory.CreateTempSubdirectory("mlnethpo-automl-").FullName, "checkpoint");
        try
        {
            var pipeline = CustomSearchSpaceExperiment.CreatePipeline(Ml);
            CustomSearchSpaceExperiment.CreateExperiment(Ml, pipeline, Train, new EventMonitor(), maxModels: 2).SetCheckpoint(folder).Run();

            var events = new EventMonitor();
            CustomSearchSpaceExperiment.CreateExperiment(Ml, pipeline, Train, events, maxModels: 4).SetCheckpoint(folder).Run();

            Assert.True(File.Exists(Path.Combine(folder, SqliteCheckpointExtension.FileName)));
            Assert.Equal(["running 2", "running 3"], events.Lines.Where(l => l.StartsWith("running", StringComparison.Ordinal)).Order());
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(Path.GetDirectoryName(folder)!, recursive: true);
        }
    }

    [Fact]
    public void ACheckpointOfAnotherExperimentIsRefusedNamingWhatDiffers()
    {
        var pipeline = CustomSearchSpaceExperiment.CreatePipeline(Ml);
        using var store = new InMemoryTrialStore();
        CustomSearchSpaceExperiment.CreateExperiment(Ml, pipeline, Train, new EventMonitor(), maxModels: 1).SetCheckpoint(store, "titanic").Run();

        var other = CustomSearchSpaceExperiment.CreateExperiment(Ml, pipeline, Train, new EventMonitor(), maxModels: 1)
            .SetBinaryClassificationMetric(BinaryClassificationMetric.F1Score, "Label")
            .SetCheckpoint(store, "titanic");

        var e = Assert.Throws<StudyMismatchException>(() => other.Run());
        Assert.Contains("metrics", e.Message);
    }

    [Fact]
    public void ATrainValidationSplitScoresOnTheValidationSetAndTrainsTheModelOnTheTrainSet()
    {
        var split = Ml.Data.TrainTestSplit(Train, testFraction: 0.25, seed: 1);
        var pipeline = CustomSearchSpaceExperiment.CreatePipeline(Ml);
        var best = Ml.Auto().CreateExperiment()
            .SetPipeline(pipeline)
            .SetDataset(split)
            .SetBinaryClassificationMetric(BinaryClassificationMetric.Accuracy, "Label")
            .SetMaxModelToExplore(3)
            .Run();

        var model = pipeline.BuildFromOption(new MLContext(0), best.TrialSettings.Parameter).Fit(split.TrainSet);
        Assert.Equal(Accuracy(model, split.TestSet), best.Metric, 12);
        Assert.Equal(best.Metric, Accuracy(best.Model!, split.TestSet), 12);
    }

    [Fact]
    public void TheGridTunerEndsWhenItsGridIsDone()
    {
        var events = new EventMonitor();
        CustomSearchSpaceExperiment.CreateExperiment(Ml, CustomSearchSpaceExperiment.CreatePipeline(Ml), Train, events, maxModels: 100)
            .SetGridSearchTuner(step: 2)
            .SetMonitor(events)
            .Run();

        Assert.Equal(4, events.Lines.Count(l => l.StartsWith("completed", StringComparison.Ordinal))); // 2 x 2 points
    }

    [Fact]
    public void ATunerAndAMonitorMadeByTheExperimentAreServedItsSettingsAndPipeline()
    {
        var pipeline = CustomSearchSpaceExperiment.CreatePipeline(Ml);
        var experiment = CustomSearchSpaceExperiment.CreateExperiment(Ml, pipeline, Train, new EventMonitor(), maxModels: 10)
            .SetTuner<TwoPointTuner>()
            .SetMonitor<AutoMLMonitor>(); // constructed with the experiment's SweepablePipeline, as AutoML's DI does

        var best = experiment.Run();

        Assert.InRange(best.TrialSettings.TrialId, 0, 1); // the tuner ended after its two points
        Assert.Equal(TwoPointTuner.Points[best.TrialSettings.TrialId], best.TrialSettings.Parameter);
        Assert.Equal(["_pipeline_._SCHEMA_", "_pipeline_.e1.L1Regularization", "_pipeline_.e1.L2Regularization"], TwoPointTuner.SpaceSeen!.Select(p => p.Key));
    }

    [Fact]
    public void RunningWithoutADatasetNamesTheMissingSetter()
    {
        var experiment = Ml.Auto().CreateExperiment()
            .SetPipeline(CustomSearchSpaceExperiment.CreatePipeline(Ml))
            .SetBinaryClassificationMetric(BinaryClassificationMetric.Accuracy, "Label");

        var e = Assert.Throws<InvalidOperationException>(() => experiment.Run());

        Assert.Equal("Call SetDataset before running the experiment.", e.Message);
    }

    private static double Accuracy(ITransformer model, IDataView data) =>
        Ml.BinaryClassification.EvaluateNonCalibrated(model.Transform(data)).Accuracy;

    /// <summary>A tuner AutoML-style code registers by type: it reads the space from the settings the experiment serves, and proposes two points.</summary>
    private sealed class TwoPointTuner(AutoMLExperiment.AutoMLExperimentSettings settings) : ITuner
    {
        public static readonly Parameter[] Points =
        [
            new([new("_pipeline_.e1.L1Regularization", 0.5), new("_pipeline_.e1.L2Regularization", 0.5), new("_pipeline_._SCHEMA_", "e0 * e1")]),
            new([new("_pipeline_.e1.L1Regularization", 1e-6), new("_pipeline_.e1.L2Regularization", 1e-6), new("_pipeline_._SCHEMA_", "e0 * e1")]),
        ];

        public static SearchSpace? SpaceSeen { get; private set; }

        public Parameter? Propose(TrialSettings trialSettings)
        {
            SpaceSeen = settings.SearchSpace;
            return trialSettings.TrialId < Points.Length ? Points[trialSettings.TrialId] : null;
        }

        public void Update(TrialResult result)
        {
        }
    }

    /// <summary>Writes every event as "kind id", in the order the experiment reports them.</summary>
    private sealed class EventMonitor : IMonitor
    {
        public List<string> Lines { get; } = [];

        public List<TrialResult> Best { get; } = [];

        public Exception? Failure { get; private set; }

        public void ReportRunningTrial(TrialSettings settings) => Lines.Add($"running {settings.TrialId}");

        public void ReportCompletedTrial(TrialResult result) => Lines.Add($"completed {result.TrialSettings.TrialId}");

        public void ReportFailTrial(TrialSettings settings, Exception? exception = null)
        {
            Lines.Add($"failed {settings.TrialId}");
            Failure = exception;
        }

        public void ReportBestTrial(TrialResult result)
        {
            Lines.Add($"best {result.TrialSettings.TrialId}");
            Best.Add(result);
        }
    }

    /// <summary>
    /// A custom runner: trial i scores loss i (so trial 0 is best); from trial <c>blockFrom</c> on it waits on its token, which only
    /// the experiment's budget cancels; trial <c>failing</c> throws.
    /// </summary>
    private sealed class BlockingRunner(int blockFrom, int failing = -1) : ITrialRunner
    {
        public bool WasCancelled { get; private set; }

        public Dictionary<int, TrialResult> Results { get; } = [];

        public ITransformer Model { get; } = new TransformerChain<ITransformer>();

        public Exception Failure { get; } = new InvalidOperationException("trial 1 failed");

        public bool Disposed { get; private set; }

        public async Task<TrialResult> RunAsync(TrialSettings settings, CancellationToken ct)
        {
            if (settings.TrialId == failing)
            {
                throw Failure;
            }

            if (settings.TrialId >= blockFrom)
            {
                try
                {
                    await Task.Delay(Timeout.Infinite, ct);
                }
                catch (OperationCanceledException)
                {
                    WasCancelled = true;
                    throw;
                }
            }

            return Results[settings.TrialId] = new TrialResult { TrialSettings = settings, Loss = settings.TrialId, Metric = -settings.TrialId, Model = Model };
        }

        public void Dispose()
        {
            Disposed = true;
        }
    }
}
