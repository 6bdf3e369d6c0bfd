using System.Text.Json;
using Microsoft.ML;
using MlNetHpo.AutoML;
using MlNetHpo.Evaluation;
using MlNetHpo.Experiments;
using MlNetHpo.Scoring;
using MlNetHpo.Storage;
using MlNetHpo.Trainers;

namespace MlNetHpo.Tests.Tuners;

/// <summary>ASHA: promotions by the paper's rule, decided in batches so that workers, processes and resumes change nothing.</summary>
public sealed class AshaTunerTests : IDisposable
{
    private static readonly MLContext Ml = new(0);

    // Configuration c scores Scores[c] at every rung (plus 0.001 per rung, which keeps each rung's order): higher is better.
    private static readonly double[] Scores = [
        0.5, 0.9, 0.1, 0.7, 0.3, 0.8, 0.2, 0.95, 0.4, 0.99, 0.6, 0.05, 0.45, 0.85, 0.15,
        0.65, 0.35, 0.75, 0.25, 0.55, 0.12, 0.88, 0.42, 0.67, 0.22, 0.93, 0.33, 0.77, 0.58, 0.02];

    private readonly string _folder = Directory.CreateTempSubdirectory("mlnethpo-asha-").FullName;

    private static SearchSpace Space => new() { ["x"] = Distribution.Uniform(0, 1) };

    private static AshaTuner Tuner(int trials, int batchSize, int seed = 7) =>
        new(Space, "Iterations", minResource: 1, maxResource: 9, trials, factor: 3, seed: seed, batchSize: batchSize);

    /// <summary>
    /// Hand-computed with the paper's get_job, rungs 1/3/9, factor 3, every result known before the next proposal:
    /// t3 promotes c1 (top 1 of 3 in rung 0); t4-t6 start c3-c5 (top 1 of 4 and 5 is c1, promoted); t7 promotes c5 (top 2 of
    /// 6: c1, c5); t8-t9 start c6, c7; t10 promotes c7 (top 2 of 8: c7, c1); t11 promotes c7 to rung 2 (top 1 of rung 1's c1,
    /// c5, c7); t12-t13 start c8, c9 (every top entry promoted).
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public void PromotionsFollowThePapersRuleOneTrialAtATime(int workers)
    {
        var bests = new BestReports();
        var result = Search(Tuner(14, batchSize: 1), workers, monitor: bests);
        Assert.Equal(
            [(0, 0), (1, 0), (2, 0), (1, 1), (3, 0), (4, 0), (5, 0), (5, 1), (6, 0), (7, 0), (7, 1), (7, 2), (8, 0), (9, 0)],
            Entries(result));

        // c9 at rung 0 has the best score of the table, but the best is the best entry of the highest rung: c7 with 9 iterations.
        Assert.Equal(1, result.Candidates[13].Rank);
        Assert.Equal(11, result.BestIndex);
        Assert.Equal(9L, result.BestParameters.Value("Iterations"));

        // The running best follows the same rule: a higher rung's entry replaces a better score of a lower rung (t3: c1 at
        // rung 1 after c1 at rung 0), and c9's rung-0 score never becomes the best.
        Assert.Equal([0, 1, 3, 10, 11], bests.Ids);
    }

    /// <summary>
    /// Hand-computed with batches of 3: trial i knows the results below floor(i / 3) * 3 only. t3 promotes c1 (rung 0 holds
    /// c0-c2), t4-t5 start c3, c4; t6-t8 know rung 0's c0-c4 (top 1: c1, promoted): c5-c7 start; t9 knows c0-c7 in rung 0
    /// (top 2: c7, c1) and promotes c7; t10-t11 start c8, c9.
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public void InBatchesAProposalKnowsTheResultsBeforeItsBatchOnly(int workers)
    {
        var result = Search(Tuner(12, batchSize: 3), workers);
        Assert.Equal(
            [(0, 0), (1, 0), (2, 0), (1, 1), (3, 0), (4, 0), (5, 0), (6, 0), (7, 0), (7, 1), (8, 0), (9, 0)],
            Entries(result));
        Assert.Equal(9, result.BestIndex); // c7 at rung 1, the highest rung reached
        Assert.Equal([0, 0, 0, 3, 3, 3, 6], Enumerable.Range(0, 7).Select(((ITuner)Tuner(12, batchSize: 3)).ProposalsDependOnTrialsBelow));
    }

    /// <summary>
    /// Failed entries do not count in their rung: with c1 failing, rung 0 holds 2 results at t3 (no promotion: c3 starts),
    /// then 3 (c0 .5, c2 .1, c3 .7): t4 promotes c3. Counting the failure, t3 would have promoted c0.
    /// </summary>
    /// <summary>
    /// Longer runs against a plain transcription of the paper's get_job with the batch rule (tests/references/asha), for
    /// several factors, rung counts and batch sizes, on 3 workers; two configurations fail.
    /// </summary>
    [Fact]
    public void RungEntriesMatchAnIndependentTranscriptionOfThePaper()
    {
        var reference = Reference();
        var scores = reference.GetProperty("scores").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        var failing = reference.GetProperty("failing").EnumerateArray().Select(e => e.GetInt32()).ToArray();
        foreach (var test in reference.GetProperty("cases").EnumerateArray())
        {
            var (factor, max, trials, batch) = (test.GetProperty("factor").GetInt32(), test.GetProperty("max_resource").GetInt32(), test.GetProperty("trials").GetInt32(), test.GetProperty("batch").GetInt32());
            var expected = test.GetProperty("entries").EnumerateArray().Select(e => (e[0].GetInt32(), e[1].GetInt32())).ToArray();
            var configurations = new AshaTuner(Space, "Iterations", 1, max, scores.Length, factor, seed: 7);
            var result = TrialRunnerSearch.Run(
                new KnownScores(configurations, scores, failing),
                new AshaTuner(Space, "Iterations", 1, max, trials, factor, seed: 7, batchSize: batch),
                new SearchOptions { MaxDegreeOfParallelism = 3 });
            var entries = result.Candidates.Select(c => (KnownScores.IndexOf(configurations, c.Parameters), configurations.RungOf(c.Parameters))).ToArray();
            Assert.True(expected.SequenceEqual(entries), $"factor {factor}, batch {batch}: expected {string.Join(" ", expected)}, got {string.Join(" ", entries)}");
        }
    }

    [Fact]
    public void AFailedEntryIsNeitherCountedInItsRungNorPromoted()
    {
        var result = TrialRunnerSearch.Run(new KnownScores(Tuner(Scores.Length, batchSize: 1), 1), Tuner(6, batchSize: 1), new SearchOptions { MaxDegreeOfParallelism = 2 });
        Assert.Equal([(0, 0), (1, 0), (2, 0), (3, 0), (3, 1), (4, 0)], Entries(result));
        Assert.Equal("c1 fails", result.Candidates[1].Error);
        Assert.Equal(4, result.BestIndex);
    }

    [Fact]
    public async Task TwoSearchesSharingAStudyGiveTheSingleWorkerTable()
    {
        // Two searches on one study file, as two processes would be: each waits for the other's results through the store.
        var path = Path.Combine(_folder, "shared.sqlite");
        var searches = Enumerable.Range(0, 2).Select(_ => Task.Run(() =>
        {
            using var store = new SqliteTrialStore(path);
            return Search(Tuner(20, batchSize: 3), workers: 2, store);
        })).ToArray();
        var results = await Task.WhenAll(searches);

        var alone = Search(Tuner(20, batchSize: 3), workers: 1);
        Assert.All(results, r => Assert.Equal(TpeTunerTests.Table(alone), TpeTunerTests.Table(r)));
        Assert.All(results, r => Assert.Equal(alone.BestIndex, r.BestIndex));
    }

    [Fact]
    public void AnInterruptedStudyResumesToTheUninterruptedTable()
    {
        using var store = new SqliteTrialStore(Path.Combine(_folder, "asha.sqlite"));
        var half = Search(Tuner(30, batchSize: 2), workers: 2, store, trials: 13);
        Assert.Equal(13, half.Candidates.Count);
        var resumed = Search(Tuner(30, batchSize: 2), workers: 2, store);
        var uninterrupted = Search(Tuner(30, batchSize: 2), workers: 1);
        Assert.Equal(TpeTunerTests.Table(uninterrupted), TpeTunerTests.Table(resumed));
        Assert.Equal(uninterrupted.BestIndex, resumed.BestIndex);

        // The study on its own (mlnet-hpo show/export): the same rungs and best.
        var stored = SearchResult.FromStudy(store, resumed.StudyName);
        Assert.Equal(resumed.Candidates.Select(c => (c.Index, c.Iteration, c.Resources)), stored.Candidates.Select(c => (c.Index, c.Iteration, c.Resources)));
        Assert.Contains(stored.Candidates, c => c.Iteration > 0);
        Assert.Equal(resumed.BestIndex, stored.BestIndex);
    }

    [Fact]
    public void AHigherTierBeatsALowerOneWhateverItsScore()
    {
        Assert.True(Ranking.Beats(tier: 2, 0.1, 9, otherTier: 1, 0.9, 0, higherIsBetter: true));
        Assert.False(Ranking.Beats(tier: 1, 0.9, 0, otherTier: 2, 0.1, 9, higherIsBetter: true));
        Assert.True(Ranking.Beats(tier: 1, 0.9, 5, otherTier: 1, 0.1, 0, higherIsBetter: true));
        Assert.True(Ranking.Beats(tier: 0, 0.1, 5, otherTier: 2, double.NaN, 0, higherIsBetter: true)); // a failure never wins
        Assert.False(Ranking.Beats(tier: 2, double.NaN, 0, otherTier: 0, 0.1, 5, higherIsBetter: true));
    }

    [Fact]
    public void TheBestIsTheBestOfTheHighestRungWithAFiniteMean()
    {
        static CandidateResult Entry(int index, int? rung, double score) => new()
        {
            Index = index,
            Parameters = Parameter.Empty,
            Iteration = rung,
            Scores = [new MetricScores { Metric = "RSquared", SplitScores = [score] }],
            FitTimes = [0],
            ScoreTimes = [0],
        };

        // Rung 2 only failed: rung 1's best wins over rung 0's better score; ties go to the earlier index.
        CandidateResult[] entries = [Entry(0, 0, 0.9), Entry(1, 1, 0.5), Entry(2, 1, 0.7), Entry(3, 1, 0.7), Entry(4, 2, double.NaN)];
        Assert.Equal(2, Ranking.Best(entries, higherIsBetter: true)!.Index);
        Assert.Equal(1, Ranking.Best(entries, higherIsBetter: false)!.Index);

        // Without rungs: the best mean of all.
        CandidateResult[] plain = [Entry(0, null, 0.5), Entry(1, null, 0.9), Entry(2, null, 0.9)];
        Assert.Equal(1, Ranking.Best(plain, higherIsBetter: true)!.Index);
    }

    [Fact]
    public void RungsMultiplyTheResourceByTheFactorAndEndAtTheMaximum()
    {
        Assert.Equal([1L, 3, 9, 27], new AshaTuner(Space, "N", 1, 27, 10).Resources);
        Assert.Equal([1L, 3, 9, 20], new AshaTuner(Space, "N", 1, 20, 10).Resources);
        Assert.Equal([10L, 40, 100], new AshaTuner(Space, "N", 10, 100, 10, factor: 4).Resources);
        Assert.Equal([5L], new AshaTuner(Space, "N", 5, 5, 10).Resources);
    }

    [Fact]
    public void BadSettingsAreRefusedNamingTheSetting()
    {
        var inSpace = Assert.Throws<ArgumentException>(() => new AshaTuner(Space, "x", 1, 9, 10));
        Assert.StartsWith("The resource 'x' is also a hyperparameter of the space ('x')", inSpace.Message);
        Assert.StartsWith("The resource 'X' is also a hyperparameter of the space ('x')", Assert.Throws<ArgumentException>(() => new AshaTuner(Space, "X", 1, 9, 10)).Message);
        Assert.Contains("minResource=9, maxResource=3", Assert.Throws<ArgumentException>(() => new AshaTuner(Space, "N", 9, 3, 10)).Message);
        Assert.Contains("minResource=0", Assert.Throws<ArgumentException>(() => new AshaTuner(Space, "N", 0, 3, 10)).Message);
        Assert.Equal("factor", Assert.Throws<ArgumentOutOfRangeException>(() => new AshaTuner(Space, "N", 1, 9, 10, factor: 1)).ParamName);
        Assert.Equal("resource", Assert.Throws<ArgumentException>(() => new AshaTuner(Space, " ", 1, 9, 10)).ParamName);
        Assert.Equal("batchSize", Assert.Throws<ArgumentOutOfRangeException>(() => new AshaTuner(Space, "N", 1, 9, 10, batchSize: 0)).ParamName);
    }

    [Fact]
    public void ASpaceOfFewPointsEndsWhenNothingIsLeftToStartOrPromote()
    {
        // Two configurations: rung 0 never holds 3 results, so nothing is promoted and the search ends after them.
        var tuner = new AshaTuner(new SearchSpace { ["x"] = Distribution.Choice(0.25, 0.75) }, "Iterations", 1, 9, trials: 10);
        Assert.Equal(["The space has 2 configurations for 10 trials: the search ends when none is left to start and none can be promoted."], tuner.Warnings);
        var result = Search(tuner, workers: 2);
        Assert.Equal(StopReason.Exhausted, result.StopReason);
        Assert.Equal([0.25, 0.75], result.Candidates.Select(c => c.Parameters.Get<double>("x")).Order());
        Assert.All(result.Candidates, c => Assert.Equal(1L, c.Parameters.Value("Iterations")));
    }

    [Fact]
    public void AStudyRecordedByAnotherTunerIsRefused()
    {
        var tuner = Tuner(5, batchSize: 1);
        var other = new Parameter([new("x", 0.5), new("Iterations", 1L)]);
        tuner.Update(new TrialResult
        {
            TrialSettings = new TrialSettings { TrialId = 0, Parameter = other },
            Metric = 0.5,
            Loss = -0.5,
            SplitScores = [0.5],
            Candidate = new CandidateResult { Index = 0, Parameters = other, Scores = [new MetricScores { Metric = "RSquared", SplitScores = [0.5] }], FitTimes = [0], ScoreTimes = [0] },
        });
        var error = Assert.Throws<InvalidOperationException>(() => tuner.Propose(new TrialSettings { TrialId = 1 }));
        Assert.StartsWith("Trial 0 was recorded with {x: 0.5, Iterations: 1}, but this AshaTuner decides {x: ", error.Message);
    }

    /// <summary>A real problem: our LogisticRegression on Titanic, its iteration count as the resource.</summary>
    [Fact]
    public void LogisticRegressionOnTitanicGivesTheSameTableWithOneAndFourWorkers()
    {
        var (data, features) = TitanicData.Load(Ml, SharedData.TitanicTrain("tutorial-2023"));
        SearchResult Run(int workers) => Ml.BinaryClassification.Search(
            TitanicData.Features(Ml, features),
            SweepableEstimator.FromOptions((LogisticRegressionOptions o) => Ml.BinaryClassification.Trainers.LogisticRegression(o)),
            new AshaTuner(new SearchSpace { ["C"] = Distribution.LogUniform(1e-3, 1e3) }, "MaximumIterations", minResource: 1, maxResource: 27, trials: 16, seed: 2, batchSize: 4),
            options: new SearchOptions { Refit = false, MaxDegreeOfParallelism = workers }).Fit(data);

        var one = Run(1);
        var four = Run(4);
        Assert.Equal(16, one.Candidates.Count);
        Assert.Equal(TpeTunerTests.Table(one), TpeTunerTests.Table(four));
        Assert.Equal(one.BestIndex, four.BestIndex);

        // Promotions happened, and the best is the best entry of the highest rung reached.
        var iterations = one.Candidates.Select(c => c.Parameters.Get<long>("MaximumIterations")).ToArray();
        Assert.Contains(iterations, i => i > 1);
        var top = one.Candidates.Where(c => c.Parameters.Get<long>("MaximumIterations") == iterations.Max());
        Assert.Equal(top.MaxBy(c => c.MeanScore)!.Index, one.BestIndex);
        Assert.Equal((int)iterations.Max(), one.BestOptions<LogisticRegressionOptions>().MaximumIterations);

        // The table's Iteration and Resources columns show each entry's rung, as for synchronous halving.
        long[] rungs = [1, 3, 9, 27];
        Assert.All(one.Candidates, c => Assert.Equal((Array.IndexOf(rungs, c.Parameters.Get<long>("MaximumIterations")), c.Parameters.Get<long>("MaximumIterations")), (c.Iteration!.Value, c.Resources!.Value)));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static JsonElement Reference()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder != null && !File.Exists(Path.Combine(folder.FullName, "MlNetHpo.sln")))
        {
            folder = folder.Parent;
        }

        var path = Path.Combine(folder?.FullName ?? throw new DirectoryNotFoundException("No MlNetHpo.sln above the test binaries."), "tests", "references", "asha", "promotions.json");
        return JsonDocument.Parse(File.ReadAllText(path)).RootElement;
    }

    private static SearchResult Search(ITuner tuner, int workers, ITrialStore? store = null, int? trials = null, IMonitor? monitor = null)
    {
        var options = new SearchOptions { MaxDegreeOfParallelism = workers, MaxTrials = trials, Store = store };
        if (monitor != null)
        {
            options.Monitors.Add(monitor);
        }

        return TrialRunnerSearch.Run(new KnownScores(Tuner(Scores.Length, batchSize: 1)), tuner, options);
    }

    /// <summary>The trials reported as the new best, in order.</summary>
    private sealed class BestReports : IMonitor
    {
        public List<int> Ids { get; } = [];

        public void ReportBestTrial(TrialResult result) => Ids.Add(result.TrialSettings.TrialId);

        public void ReportCompletedTrial(TrialResult result)
        {
        }

        public void ReportFailTrial(TrialSettings settings, Exception? exception = null)
        {
        }

        public void ReportRunningTrial(TrialSettings setting)
        {
        }
    }

    /// <summary>Each trial as (configuration index, rung), read back from its recorded parameters.</summary>
    private static (int Configuration, int Rung)[] Entries(SearchResult result)
    {
        var tuner = Tuner(Scores.Length, batchSize: 1);
        return [.. result.Candidates.Select(c => (KnownScores.IndexOf(tuner, c.Parameters), tuner.RungOf(c.Parameters)))];
    }

    /// <summary>
    /// Scores configuration c (found by its x among the first configurations of <paramref name="reference"/>, which has as many
    /// trials as <paramref name="scores"/>) scores[c], plus 0.001 per rung; x itself for another space's points; the
    /// configurations in <paramref name="failing"/> fail.
    /// </summary>
    private sealed class KnownScores(AshaTuner reference, IReadOnlyList<double> scores, params int[] failing) : IUnitTrialRunner
    {
        public KnownScores(AshaTuner reference, params int[] failing)
            : this(reference, Scores, failing)
        {
        }

        public IReadOnlyList<Metric> Metrics { get; } = [Metric.DefaultFor(SearchTask.Regression)];

        public int UnitCount => 1;

        public string Fingerprint => "known scores";

        public static int IndexOf(AshaTuner reference, Parameter parameter) =>
            Enumerable.Range(0, (int)reference.Count).Where(c => reference.Configuration(c)!.Get<double>("x") == parameter.Get<double>("x")).DefaultIfEmpty(-1).Single();

        public UnitResult Run(TrialSettings trial, int unit, CancellationToken cancellationToken)
        {
            var c = IndexOf(reference, trial.Parameter!);
            return c >= 0 && failing.Contains(c)
                ? new UnitResult { Scores = [double.NaN], Error = $"c{c} fails" }
                : new UnitResult
                {
                    Scores = [(c >= 0 ? scores[c] : trial.Parameter!.Get<double>("x")) + (0.001 * reference.RungOf(trial.Parameter!))],
                    FitSeconds = 0.001,
                    ScoreSeconds = 0.001,
                };
        }
    }
}
