using MlNetHpo.Evaluation;
using MlNetHpo.Experiments;
using MlNetHpo.Scoring;
using MlNetHpo.AutoML;
using MlNetHpo.Storage;

namespace MlNetHpo.Tests.Tuners;

/// <summary>TPE: Optuna's defaults, and proposals that depend on the seed and the batch rule, never on the workers.</summary>
public sealed class TpeTunerTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("mlnethpo-tpe-").FullName;

    /// <summary>A choice of two "trainers" with every kind of distribution: the conditional tree TPE must handle.</summary>
    internal static SearchSpace Space => SearchSpace.Union(
        new SearchSpace
        {
            ["Trainer"] = Distribution.Choice("a"),
            ["C"] = Distribution.LogUniform(1e-3, 1e3),
            ["Leaves"] = Distribution.LogUniformInt(2, 256),
            ["Kind"] = Distribution.Choice("x", "y", "z"),
        },
        new SearchSpace
        {
            ["Trainer"] = Distribution.Choice("b"),
            ["Rate"] = Distribution.Uniform(0, 1),
            ["Depth"] = Distribution.UniformInt(1, 12),
        });

    [Fact]
    public void GammaAndWeightsAreOptunasDefaults()
    {
        Assert.Equal([0, 1, 1, 2, 3, 10, 25, 25], new[] { 0, 1, 10, 11, 21, 100, 250, 1000 }.Select(TpeTuner.Gamma));
        Assert.Equal([1.0, 1.0], ParzenEstimator.DefaultWeights(2));

        // numpy: np.linspace(1 / 28, 1, 3) then 25 ones.
        var weights = ParzenEstimator.DefaultWeights(28);
        Assert.Equal(28, weights.Length);
        Assert.Equal([1.0 / 28, (1.0 + (1.0 / 28)) / 2, 1.0], weights.Take(3), new Tolerance(1e-15));
        Assert.All(weights.Skip(3), w => Assert.Equal(1.0, w));
    }

    [Fact]
    public void ProposalsAreTheSameForTheSameSeedAndDifferForAnother()
    {
        Assert.Equal(Table(Search(new TpeTuner(Space, 40, seed: 5), workers: 1)), Table(Search(new TpeTuner(Space, 40, seed: 5), workers: 1)));
        Assert.NotEqual(Table(Search(new TpeTuner(Space, 40, seed: 5), workers: 1)), Table(Search(new TpeTuner(Space, 40, seed: 6), workers: 1)));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public void OneAndFourWorkersGiveTheSameTable(int batchSize)
    {
        var one = Table(Search(new TpeTuner(Space, 40, seed: 9, batchSize: batchSize), workers: 1));
        var four = Table(Search(new TpeTuner(Space, 40, seed: 9, batchSize: batchSize), workers: 4));
        Assert.Equal(one, four);
    }

    [Fact]
    public void TheModelBeatsItsRandomStartAndStaysInTheSpace()
    {
        var result = Search(new TpeTuner(Space, 40, seed: 1), workers: 2);
        var history = new TrialHistory(Space, 1);
        Assert.All(result.Candidates, c => Assert.True(history.BranchOf(c.Parameters) >= 0, $"{c.Parameters} is outside the space"));
        Assert.All(result.Candidates, c => Assert.True(!c.Parameters.TryGetValue("Leaves", out var leaves) || leaves is long, "integers stay integers"));

        // The modelled trials find a better point than the random ones.
        var startup = result.Candidates.Take(10).Max(c => c.MeanScore);
        var modelled = result.Candidates.Skip(10).Max(c => c.MeanScore);
        Assert.True(modelled > startup, $"best modelled {modelled} <= best random {startup}");
        // Trainer b's optimum (Rate 0.3, Depth 6) scores 0.505 on average over the units; the model gets within 0.01 of it.
        Assert.InRange(modelled, 0.495, 0.505);
    }

    [Fact]
    public void AnInterruptedStudyResumesToTheUninterruptedTable()
    {
        using var store = new SqliteTrialStore(Path.Combine(_folder, "tpe.sqlite"));
        var half = Search(new TpeTuner(Space, 40, seed: 3, batchSize: 2), workers: 2, store, trials: 15);
        Assert.Equal(15, half.Candidates.Count);
        var resumed = Search(new TpeTuner(Space, 40, seed: 3, batchSize: 2), workers: 2, store);
        var uninterrupted = Search(new TpeTuner(Space, 40, seed: 3, batchSize: 2), workers: 2);
        Assert.Equal(Table(uninterrupted), Table(resumed));
    }

    [Fact]
    public async Task TwoProcessesSharingAStudyGiveTheSingleWorkerTable()
    {
        // Two searches on one study file, as two processes would be: each waits for the other's trials through the store.
        var path = Path.Combine(_folder, "shared.sqlite");
        var searches = Enumerable.Range(0, 2).Select(_ => Task.Run(() =>
        {
            using var store = new SqliteTrialStore(path);
            return Search(new TpeTuner(Space, 40, seed: 4, batchSize: 3), workers: 2, store);
        })).ToArray();
        var results = await Task.WhenAll(searches);

        var alone = Table(Search(new TpeTuner(Space, 40, seed: 4, batchSize: 3), workers: 1));
        Assert.All(results, r => Assert.Equal(alone, Table(r)));
    }

    [Fact]
    public void TheBatchRuleIsTheTunersDependency()
    {
        ITuner tuner = new TpeTuner(Space, 40, batchSize: 4);
        Assert.Equal([0, 0, 0, 0, 4, 4, 4, 4, 8], Enumerable.Range(0, 9).Select(tuner.ProposalsDependOnTrialsBelow));
        Assert.Equal(0, ((ITuner)new RandomSearchTuner(Space, 10)).ProposalsDependOnTrialsBelow(7));
        Assert.Throws<ArgumentOutOfRangeException>(() => new TpeTuner(Space, 40, batchSize: 0));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    internal static SearchResult Search(ITuner tuner, int workers, ITrialStore? store = null, int? trials = null) =>
        TrialRunnerSearch.Run(new SyntheticRunner(), tuner, new SearchOptions { MaxDegreeOfParallelism = workers, MaxTrials = trials, Store = store });

    internal static string Table(SearchResult result) =>
        string.Join("\n", result.Candidates.Select(c => $"{c.Index} {c.Parameters} {string.Join(",", c.SplitScores)} {c.Rank}"));

    private sealed class Tolerance(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= tolerance;

        public int GetHashCode(double obj) => 0;
    }

    /// <summary>A fast deterministic objective of the parameters (no ML.NET): two units, scores that depend on the unit.</summary>
    internal sealed class SyntheticRunner : IUnitTrialRunner
    {
        public IReadOnlyList<Metric> Metrics { get; } = [Metric.DefaultFor(SearchTask.Regression)];

        public int UnitCount => 2;

        public string Fingerprint => "synthetic";

        public UnitResult Run(TrialSettings trial, int unit, CancellationToken cancellationToken)
        {
            var p = trial.Parameter!;
            var score = p.Get<string>("Trainer") == "a"
                ? 1 - Math.Pow(Math.Log10(p.Get<double>("C")) - 1, 2) - Math.Pow(Math.Log(p.Get<long>("Leaves") / 30.0), 2) - (p.Get<string>("Kind") == "y" ? 0 : 0.2)
                : 0.5 - Math.Pow(p.Get<double>("Rate") - 0.3, 2) - (Math.Abs(p.Get<long>("Depth") - 6) / 10.0);
            return new UnitResult { Scores = [score + (unit * 0.01)], FitSeconds = 0.001 * (trial.TrialId + 1), ScoreSeconds = 0.0005 };
        }
    }
}
