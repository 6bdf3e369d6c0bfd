using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetHpo.Evaluation;
using MlNetHpo.Experiments;
using MlNetHpo.Scoring;
using MlNetHpo.AutoML;
using MlNetHpo.Storage;
using MlNetHpo.Trainers;

namespace MlNetHpo.Tests.Experiments;

/// <summary>
/// The study model: proposals stored at claim time, resume through Update only, the loop's scheduling from memory,
/// the heartbeat's failures, pluggable trial runners and not-run trials as ranges.
/// </summary>
public sealed class StudyModelTests : IDisposable
{
    private static readonly MLContext Ml = new(0);
    private readonly string _folder = Directory.CreateTempSubdirectory("mlnethpo-study-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void TypedParametersComeBackFromTheStoredJsonWithTheirTypes()
    {
        var parameter = new Parameter([
            new("Int", 3), new("Long", 4L), new("WholeDouble", 1.0), new("Double", 0.25), new("NaN", double.NaN),
            new("Float", 1.5f), new("Enum", Penalty.L1), new("Text", "l2"), new("Null", null), new("Bool", true),
        ]);

        var back = Parameter.FromJson(parameter.ToTypedJson());

        Assert.Equal(parameter.Select(p => p.Value?.GetType()), back.Select(p => p.Value?.GetType()));
        Assert.Equal(parameter.ToString(), back.ToString());
        Assert.Equal(parameter.Where(p => p.Key != "NaN"), back.Where(p => p.Key != "NaN"));
    }

    [Fact]
    public void AnAdaptiveTunerRunWithTwoWorkersResumesThroughUpdateOnly()
    {
        // Defect 2: a tuner that proposes from what it learnt cannot be asked again for a stored id.
        var path = Path.Combine(_folder, "adaptive.sqlite");
        SearchResult first;
        using (var store = new SqliteTrialStore(path))
        {
            first = TrialRunnerSearch.Run(new ConstantRunner(), new LearningTuner(8), new SearchOptions { Store = store, MaxTrials = 4, MaxDegreeOfParallelism = 2 });
        }

        using (var store = new SqliteTrialStore(path))
        {
            var tuner = new LearningTuner(8);
            var resumed = TrialRunnerSearch.Run(new ConstantRunner(), tuner, new SearchOptions { Store = store, MaxDegreeOfParallelism = 2 });

            Assert.Equal(Enumerable.Range(0, 8), resumed.Candidates.Select(c => c.Index));
            Assert.Equal(first.Candidates.Select(c => c.Parameters), resumed.Candidates.Take(4).Select(c => c.Parameters));
            Assert.Equal([4, 5, 6, 7], tuner.Proposed.Order()); // never asked again for a stored trial
            Assert.Equal(4, tuner.UpdatesBeforeFirstProposal); // the history was replayed first, in id order
            Assert.Equal([0, 1, 2, 3], tuner.Updates.Take(4));
        }
    }

    [Fact]
    public void AReclaimedTrialRunsWithTheParametersRecordedAtItsClaim()
    {
        using var store = new InMemoryTrialStore();
        store.OpenStudy("default", DefinitionOf(new ConstantRunner(), new LearningTuner(3)));
        var claim = store.ClaimNext("default", "dead", null, TimeSpan.FromMilliseconds(-1)); // a worker that died at once
        store.RecordProposal("default", claim.TrialId!.Value, "dead", new Parameter([new("C", 1000)]).ToTypedJson());

        var tuner = new LearningTuner(3);
        var result = TrialRunnerSearch.Run(new ConstantRunner(), tuner, new SearchOptions { Store = store });

        Assert.Equal(new Parameter([new("C", 1000)]), result.Candidates[0].Parameters);
        Assert.DoesNotContain(0, tuner.Proposed);
    }

    [Fact]
    public void GetOutputSchemaDoesNotConsumeAProposal()
    {
        var (data, features) = TitanicData.Load(Ml, SharedData.TitanicTrain("tutorial-2023"));
        var search = Ml.BinaryClassification.Search(
            TitanicData.Features(Ml, features),
            MlNetHpo.AutoML.SweepableEstimator.FromOptions((LogisticRegressionOptions o) => Ml.BinaryClassification.Trainers.LogisticRegression(o)),
            new QueueTuner(0.1, 1.0, 10.0),
            options: new SearchOptions { Refit = false });

        // SchemaShape.Create is internal to ML.NET (its own pipelines call it): reach it as they do.
        var create = typeof(SchemaShape).GetMethod("Create", System.Reflection.BindingFlags.Static | System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Public, [typeof(DataViewSchema)])!;
        var schema = search.GetOutputSchema((SchemaShape)create.Invoke(null, [data.Schema])!);
        var result = search.Fit(data);

        Assert.Contains(schema, c => c.Name == "Score");
        Assert.Equal([0.1, 1.0, 10.0], result.Candidates.Select(c => c.Parameters.Get<double>("C")));
    }

    [Fact]
    public void FarMoreWorkersThanCandidatesFinishWithoutWaitingOnAPoll()
    {
        // Issue 12, item 1: in-process work is handed out from memory; the poll is only for other processes' trials.
        var runner = new ConstantRunner(units: 5);
        var result = TrialRunnerSearch.Run(runner, new GridSearchTuner(new ParameterGrid { ["C"] = [1, 2, 3] }), new SearchOptions { MaxDegreeOfParallelism = 64 });

        Assert.Equal(3, result.Candidates.Count);
        Assert.Equal(0, result.StorePolls);
        Assert.Equal(15, runner.Units);
    }

    [Fact]
    public void FoldsOfOneCandidateRunOnSeveralWorkersAndTheTrialCompletesWithItsLastFold()
    {
        // Issue 12, item 2: one candidate of 4 folds on 4 workers: all 4 folds run at the same time.
        var runner = new ConstantRunner(units: 4) { Barrier = new Barrier(4) };
        var store = new CountingStore();
        var result = TrialRunnerSearch.Run(runner, new GridSearchTuner(new ParameterGrid { ["C"] = [1] }), new SearchOptions { MaxDegreeOfParallelism = 4, Store = store });

        Assert.Equal([0.0, 1.0, 2.0, 3.0], result.Candidates.Single().SplitScores);
        Assert.Equal(1, store.Completions);
    }

    [Fact]
    public void AHeartbeatThatFailsNeverAbortsTheFit()
    {
        var store = new CountingStore { RenewFails = true };
        // The fits wait for two heartbeats: the first one's failure is then surely recorded.
        var runner = new ConstantRunner { WaitFor = store.Renewals.WaitHandle };
        var result = TrialRunnerSearch.Run(runner, new GridSearchTuner(new ParameterGrid { ["C"] = [1, 2] }), new SearchOptions
        {
            Store = store,
            LeaseDuration = TimeSpan.FromMilliseconds(30),
            MaxDegreeOfParallelism = 1,
        });

        Assert.Equal(2, result.Candidates.Count);
        Assert.Contains(result.Warnings, w => w.StartsWith("Renewing the lease of trial 0 failed; the fit goes on: IOException: renewal failed", StringComparison.Ordinal));
    }

    [Fact]
    public void AStoreGonePastItsDeadlineDuringAHeartbeatEndsTheSearchWithItsOneLine()
    {
        var store = new CountingStore { RenewGone = true };
        var runner = new ConstantRunner { BlockAfter = 0 }; // every fit runs until the search stops
        var e = Assert.Throws<StoreUnavailableException>(() => TrialRunnerSearch.Run(runner, new GridSearchTuner(new ParameterGrid { ["C"] = [1, 2] }), new SearchOptions
        {
            Store = store,
            LeaseDuration = TimeSpan.FromMilliseconds(30),
        }));

        Assert.Equal("The store stayed away for 60 s.", e.Message);
    }

    [Fact]
    public void AResumeAfterACrashSaysOnTheProgressLineThatItWaitsForDeadWorkersLeases()
    {
        // Defect 11: trial 0 is leased by a worker that died; the run waits for the lease, and says so.
        using var store = new InMemoryTrialStore();
        var tuner = new GridSearchTuner(new ParameterGrid { ["C"] = [1, 2] });
        store.OpenStudy("default", DefinitionOf(new ConstantRunner(), tuner));
        store.ClaimNext("default", "dead", null, TimeSpan.FromMilliseconds(300));
        var reports = new List<SearchProgress>();

        var result = TrialRunnerSearch.Run(new ConstantRunner(), tuner, new SearchOptions { Store = store, Progress = new Collector(reports) });

        Assert.Equal(2, result.Candidates.Count);
        var waiting = reports.First(r => r.WaitingForLeases > 0);
        Assert.Equal(1, waiting.WaitingForLeases);
        Assert.EndsWith(
            ", waiting for 1 trial(s) leased by other workers (a dead worker's lease expires within 1:00)",
            ConsoleProgressMonitor.Line(waiting, bar: false));
        Assert.Equal(0, reports[^1].WaitingForLeases);
        Assert.True(result.StorePolls > 0);
    }

    [Fact]
    public void AHugeGridWithABudgetReportsItsUnrunTrialsAsRanges()
    {
        // Defect 4: 10^9 points, 5 run: the unrun part is one range, not a billion ids.
        var digits = Enumerable.Range(0, 10).Select(i => (object?)i).ToArray();
        var grid = new ParameterGrid();
        for (var k = 0; k < 9; k++)
        {
            grid[$"p{k}"] = digits;
        }

        var byTrials = TrialRunnerSearch.Run(new ConstantRunner(), new GridSearchTuner(grid), new SearchOptions { MaxTrials = 5, MaxDegreeOfParallelism = 2 });
        Assert.Equal([new TrialIdRange(5, 1_000_000_000 - 5)], byTrials.NotRun.Ranges);
        Assert.Equal(999_999_995L, byTrials.NotRun.Count);
        Assert.Contains("\"not_run\": [\n    [\n      5,\n      999999999\n    ]\n  ]", byTrials.ToJson().Replace("\r", string.Empty));

        // The budget ends at the latest while the fourth trial runs (its units wait for the stop): the rest is one range.
        var runner = new ConstantRunner { BlockAfter = 6 };
        var byTime = TrialRunnerSearch.Run(runner, new GridSearchTuner(grid), new SearchOptions { TimeBudget = TimeSpan.FromSeconds(1), MaxDegreeOfParallelism = 1 });
        var ran = byTime.Candidates.Count;
        Assert.Equal(StopReason.TimeBudget, byTime.StopReason);
        Assert.Equal(Enumerable.Range(0, ran), byTime.Candidates.Select(c => c.Index));
        Assert.InRange(ran, 0, 3);
        Assert.Equal([new TrialIdRange(ran, 1_000_000_000 - ran)], byTime.NotRun.Ranges);
    }

    [Fact]
    public void TheHoldoutRunnerScoresEachCandidateOnceOnTheValidationSet()
    {
        var (data, features) = TitanicData.Load(Ml, SharedData.TitanicTrain("tutorial-2023"));
        var rows = (int)MlNetHpo.Validation.DataViewReader.CountRows(data);
        var train = Enumerable.Range(0, rows * 3 / 4).ToArray();
        var test = Enumerable.Range(rows * 3 / 4, rows - (rows * 3 / 4)).ToArray();
        var grid = new ParameterGrid { ["C"] = [0.01, 1.0], ["Penalty"] = ["l2"], ["Solver"] = ["lbfgs"] };
        var trainer = MlNetHpo.AutoML.SweepableEstimator.FromOptions((MLContext c, LogisticRegressionOptions o) => c.BinaryClassification.Trainers.LogisticRegression(o));

        var holdout = TrialRunnerSearch.Run(
            new HoldoutRunner(TitanicData.Features(Ml, features), trainer, Metric.DefaultFor(SearchTask.BinaryClassification), new RowSubsetDataView(data, train, rows), new RowSubsetDataView(data, test, rows)),
            new GridSearchTuner(grid));
        var oneFold = Ml.BinaryClassification.GridSearch(
            TitanicData.Features(Ml, features), trainer, grid, folds: MlNetHpo.Validation.Folds.Explicit([(train, test)]), options: new SearchOptions { Refit = false }).Fit(data);

        Assert.Equal(1, holdout.NumberOfFolds);
        Assert.Equal(oneFold.Candidates.Select(c => c.SplitScores.Single()), holdout.Candidates.Select(c => c.SplitScores.Single()));
        Assert.Null(holdout.Model);
    }

    [Fact]
    public void AStudyReopenedWithAnotherTunerNamesTheFieldAndBothValues()
    {
        using var store = new InMemoryTrialStore();
        TrialRunnerSearch.Run(new ConstantRunner(), new GridSearchTuner(new ParameterGrid { ["C"] = [1] }), new SearchOptions { Store = store });

        var e = Assert.Throws<StudyMismatchException>(() =>
            TrialRunnerSearch.Run(new ConstantRunner(), new GridSearchTuner(new ParameterGrid { ["C"] = [2] }), new SearchOptions { Store = store }));

        Assert.Equal(
            "The study 'default' was created with a different search: its tuner differs; open it with the same search or use another study name.\n" +
            "  stored tuner: grid {C: [1]}\n  given tuner:  grid {C: [2]}",
            e.Message);
    }

    [Theory]
    [InlineData("LeaseDuration", 0.0)]
    [InlineData("LeaseDuration", -1.0)]
    [InlineData("TimeBudget", 50.0)]
    [InlineData("TimeBudget", 0.0)]
    public void OptionsOutOfRangeAreNamed(string option, double days)
    {
        var options = new SearchOptions();
        if (option == "LeaseDuration")
        {
            options.LeaseDuration = TimeSpan.FromDays(days);
        }
        else
        {
            options.TimeBudget = TimeSpan.FromDays(days);
        }

        var e = Assert.Throws<ArgumentOutOfRangeException>(() => TrialRunnerSearch.Run(new ConstantRunner(), new GridSearchTuner(new ParameterGrid { ["C"] = [1] }), options));
        Assert.StartsWith($"SearchOptions.{option} must be positive and at most 49.7 days.", e.Message);
    }

    [Fact]
    public void AFreeWorkerTakesAUnitItCanStartBeforeOneWaitingForAnotherWorkersPreparation()
    {
        var runner = new PreparingRunner();

        var result = TrialRunnerSearch.Run(runner, new GridSearchTuner(new ParameterGrid { ["C"] = [1, 2] }), new SearchOptions { MaxDegreeOfParallelism = 2 });

        // While unit 0 of trial 0 prepares fold 0, the other worker runs unit 1 of trial 0 and then unit 1 of trial 1,
        // not unit 0 of trial 1, which would only wait for fold 0.
        Assert.Equal(2, result.Candidates.Count);
        var order = runner.Started.ToList();
        Assert.True(order.IndexOf((1, 1)) < order.IndexOf((1, 0)), string.Join(" ", order));
    }

    [Fact]
    public void AWorkerWhoseUnitWouldWaitForAnotherWorkersPreparationDoesTheWaitingWorkFirstAndOnce()
    {
        var events = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var runner = new PreparedElsewhereRunner(events);
        var tuner = new GridSearchTuner(new ParameterGrid { ["C"] = [1, 2] });

        var outcome = TrialRunnerSearch.Execute(
            runner, tuner, new SearchOptions { MaxDegreeOfParallelism = 1 }, StudyDefinition.Parse(DefinitionOf(runner, tuner)), CancellationToken.None,
            whileWaiting: () =>
            {
                events.Enqueue("waiting work");
                runner.Prepared = true;
            });

        // The runner reports its one fold as prepared by someone else until the waiting work has run: the worker does that
        // work before its unit, once, and never again once the fold is ready.
        Assert.Equal(2, outcome.Trials.Count);
        Assert.Equal(["waiting work", "trial 0 unit 0", "trial 1 unit 0"], events);
    }

    [Fact]
    public void NoWorkerDoesTheWaitingWorkWhenNoUnitWaitsForAPreparation()
    {
        var runs = 0;
        var runner = new ConstantRunner(units: 3);
        var tuner = new GridSearchTuner(new ParameterGrid { ["C"] = [1, 2, 3] });

        var outcome = TrialRunnerSearch.Execute(
            runner, tuner, new SearchOptions { MaxDegreeOfParallelism = 2 }, StudyDefinition.Parse(DefinitionOf(runner, tuner)), CancellationToken.None,
            whileWaiting: () => Interlocked.Increment(ref runs));

        Assert.Equal(3, outcome.Trials.Count);
        Assert.Equal(0, runs);
    }

    private static string DefinitionOf(IUnitTrialRunner runner, ITuner tuner) => new StudyDefinition([
        new("task", System.Text.Json.Nodes.JsonValue.Create(runner.Metrics[0].Task.ToString())),
        new("metrics", new System.Text.Json.Nodes.JsonArray([.. runner.Metrics.Select(m => System.Text.Json.Nodes.JsonValue.Create(m.Name))])),
        new("runner", System.Text.Json.Nodes.JsonValue.Create(runner.Fingerprint)),
        new("tuner", System.Text.Json.Nodes.JsonValue.Create(tuner.Fingerprint)),
    ]).ToJson();

    /// <summary>One fold, reported as being prepared by another worker until <see cref="Prepared"/> (no ML.NET).</summary>
    private sealed class PreparedElsewhereRunner(System.Collections.Concurrent.ConcurrentQueue<string> events) : IUnitTrialRunner, IUnitPreparation
    {
        public volatile bool Prepared;

        public IReadOnlyList<Metric> Metrics { get; } = [Metric.DefaultFor(SearchTask.Regression)];

        public int UnitCount => 1;

        public string Fingerprint => "prepared elsewhere";

        public bool IsBeingPrepared(int unit) => !Prepared;

        public UnitResult Run(TrialSettings trial, int unit, CancellationToken cancellationToken)
        {
            events.Enqueue($"trial {trial.TrialId} unit {unit}");
            return new UnitResult { Scores = [trial.TrialId] };
        }
    }

    /// <summary>Units over two folds; unit 0 of trial 0 prepares fold 0 until a unit of trial 1 starts (no ML.NET).</summary>
    private sealed class PreparingRunner : IUnitTrialRunner, IUnitPreparation
    {
        private static readonly TimeSpan Guard = TimeSpan.FromMinutes(2); // against a hang, not a timing assertion
        private readonly ManualResetEventSlim _preparing = new();
        private readonly ManualResetEventSlim _trialOneStarted = new();
        private volatile bool _foldZeroBusy;

        /// <summary>(trial, unit) in the order the units started.</summary>
        public System.Collections.Concurrent.ConcurrentQueue<(int Trial, int Unit)> Started { get; } = new();

        public IReadOnlyList<Metric> Metrics { get; } = [Metric.DefaultFor(SearchTask.Regression)];

        public int UnitCount => 2;

        public string Fingerprint => "preparing";

        public bool IsBeingPrepared(int unit) => unit == 0 && _foldZeroBusy;

        public UnitResult Run(TrialSettings trial, int unit, CancellationToken cancellationToken)
        {
            Started.Enqueue((trial.TrialId, unit));
            if (trial.TrialId == 0 && unit == 0)
            {
                _foldZeroBusy = true;
                _preparing.Set();
                Require(_trialOneStarted.Wait(Guard, cancellationToken));
                _foldZeroBusy = false;
            }
            else if (trial.TrialId == 0)
            {
                Require(_preparing.Wait(Guard, cancellationToken)); // fold 0 is being prepared before this worker asks again
            }
            else
            {
                _trialOneStarted.Set();
            }

            return new UnitResult { Scores = [unit] };
        }

        private static void Require(bool signalled)
        {
            if (!signalled)
            {
                throw new InvalidOperationException("The other worker never came.");
            }
        }
    }

    /// <summary>Scores unit k of every trial k (no ML.NET): the loop's behaviour alone.</summary>
    [Fact]
    public void RunnersThatFitHereGetAtMostOneWorkerPerCoreAndCustomOnesWhatIsAsked()
    {
        // Issue 12: 16 workers on 2 cores took 45% longer than 2 on W4 (fits thrash); a custom runner may wait on other machines.
        var options = new SearchOptions { MaxDegreeOfParallelism = Environment.ProcessorCount + 14 };

        Assert.Equal(Environment.ProcessorCount, TrialRunnerSearch.Workers(options, new CoreBoundRunner()));
        Assert.Equal(Environment.ProcessorCount + 14, TrialRunnerSearch.Workers(options, new ConstantRunner()));
        Assert.Equal(1, TrialRunnerSearch.Workers(new SearchOptions { MaxDegreeOfParallelism = 1 }, new CoreBoundRunner()));
        Assert.Equal(Environment.ProcessorCount, TrialRunnerSearch.Workers(new SearchOptions(), new CoreBoundRunner()));
    }

    private sealed class CoreBoundRunner : IUnitTrialRunner, ICoreBoundRunner
    {
        public IReadOnlyList<Metric> Metrics { get; } = [Metric.DefaultFor(SearchTask.Regression)];

        public int UnitCount => 1;

        public string Fingerprint => "core-bound";

        public UnitResult Run(TrialSettings trial, int unit, CancellationToken cancellationToken) => new() { Scores = [0.0] };

        public void Dispose()
        {
        }
    }

    private sealed class ConstantRunner(int units = 2) : IUnitTrialRunner
    {
        private int _units;

        public Barrier? Barrier { get; init; }

        public WaitHandle? WaitFor { get; init; }

        public int BlockAfter { get; init; } = int.MaxValue;

        public int Units => _units;

        public IReadOnlyList<Metric> Metrics { get; } = [Metric.DefaultFor(SearchTask.Regression)];

        public int UnitCount => units;

        public string Fingerprint => "constant";

        public UnitResult Run(TrialSettings trial, int unit, CancellationToken cancellationToken)
        {
            // A guard against a hang if the folds were not spread over workers, not a timing assertion.
            if (Barrier is { } barrier && !barrier.SignalAndWait(TimeSpan.FromMinutes(2), cancellationToken))
            {
                throw new InvalidOperationException("The folds of one candidate did not run at the same time.");
            }

            WaitFor?.WaitOne();
            if (Interlocked.Increment(ref _units) > BlockAfter)
            {
                cancellationToken.WaitHandle.WaitOne();
                cancellationToken.ThrowIfCancellationRequested();
            }

            return new UnitResult { Scores = [unit] };
        }
    }

    private sealed class Collector(List<SearchProgress> list) : IProgress<SearchProgress>
    {
        public void Report(SearchProgress value) => list.Add(value);
    }

    /// <summary>An adaptive tuner: each proposal depends on how many results it has seen, not on the trial id.</summary>
    private sealed class LearningTuner(int count) : ITuner
    {
        private int _seen;

        public List<int> Proposed { get; } = [];

        public List<int> Updates { get; } = [];

        public int UpdatesBeforeFirstProposal { get; private set; } = -1;

        public long? Count => count;

        public Parameter? Propose(TrialSettings settings)
        {
            if (settings.TrialId >= count)
            {
                return null;
            }

            if (Proposed.Count == 0)
            {
                UpdatesBeforeFirstProposal = _seen;
            }

            Proposed.Add(settings.TrialId);
            return new Parameter([new("C", 10 + _seen + Proposed.Count)]);
        }

        public void Update(TrialResult result)
        {
            _seen++;
            Updates.Add(result.TrialSettings.TrialId);
        }
    }

    /// <summary>Hands out a queue: every Propose consumes a point, whatever the trial id.</summary>
    private sealed class QueueTuner(params double[] values) : ITuner
    {
        private readonly Queue<double> _queue = new(values);

        public Parameter? Propose(TrialSettings settings) =>
            _queue.TryDequeue(out var c) ? new Parameter([new("C", c), new("Penalty", "l2"), new("Solver", "lbfgs")]) : null;

        public void Update(TrialResult result)
        {
        }
    }

    /// <summary>An in-memory store that counts completions and can fail its lease renewals.</summary>
    private sealed class CountingStore : ITrialStore
    {
        private readonly InMemoryTrialStore _inner = new();

        public bool RenewFails { get; init; }

        public bool RenewGone { get; init; }

        public CountdownEvent Renewals { get; } = new(2);

        public int Completions { get; private set; }

        public void OpenStudy(string study, string definition) => _inner.OpenStudy(study, definition);

        public string? GetDefinition(string study) => _inner.GetDefinition(study);

        public TrialClaim ClaimNext(string study, string worker, long? limit, TimeSpan lease) => _inner.ClaimNext(study, worker, limit, lease);

        public string RecordProposal(string study, int trialId, string worker, string parametersJson) => _inner.RecordProposal(study, trialId, worker, parametersJson);

        public bool RenewLease(string study, int trialId, string worker, TimeSpan lease)
        {
            try
            {
                if (RenewGone)
                {
                    throw new StoreUnavailableException("The store stayed away for 60 s.");
                }

                if (RenewFails)
                {
                    throw new IOException("renewal failed");
                }

                return _inner.RenewLease(study, trialId, worker, lease);
            }
            finally
            {
                if (!Renewals.IsSet)
                {
                    Renewals.Signal(); // heartbeats never overlap: no race between the test and the signal
                }
            }
        }

        public void Release(string study, int trialId, string worker) => _inner.Release(study, trialId, worker);

        public bool Complete(string study, TrialRecord record)
        {
            Completions++;
            return _inner.Complete(study, record);
        }

        public IReadOnlyList<TrialRecord> LoadCompleted(string study) => _inner.LoadCompleted(study);

        public string? GetAttribute(string study, string key) => _inner.GetAttribute(study, key);

        public void SetAttribute(string study, string key, string value) => _inner.SetAttribute(study, key, value);

        public void Dispose() => _inner.Dispose();
    }
}
