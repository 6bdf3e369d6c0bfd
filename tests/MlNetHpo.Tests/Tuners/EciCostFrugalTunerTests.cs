using MlNetHpo.AutoML;
using MlNetHpo.Evaluation;
using MlNetHpo.Experiments;
using MlNetHpo.Scoring;
using MlNetHpo.Storage;
using static MlNetHpo.Tests.Tuners.TpeTunerTests;

namespace MlNetHpo.Tests.Tuners;

/// <summary>ECI over a choice of trainers, one FLOW2 search each: AutoML's formula, and proposals fixed by the seed alone.</summary>
public sealed class EciCostFrugalTunerTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("mlnethpo-eci-").FullName;

    [Fact]
    public void EciFollowsAutoMLsPipelineProposer()
    {
        var eci = new EciCostFrugalTuner.Eci(2);
        Assert.Equal([1.0, 1.0], eci.Values);

        // The first result sets every sub-space's k1 = k2 = 1, e1 = -0.5, e2 = -0.475; it is the best, so ECI = max(k1, k2).
        eci.Update(0, loss: -0.5, cost: 1);
        Assert.Equal([1.0, 1.0], eci.Values);

        // Sub-space 1 improves at cost 2: k2 = 1, k1 = 2, e2 = -0.5, e1 = -0.8, the new best: ECI = max(2, 1, 0) = 2.
        eci.Update(1, loss: -0.8, cost: 2);
        Assert.Equal([1.0, 2.0], eci.Values);

        // Sub-space 0 improves to -0.6, 0.2 behind the best: 2 * 0.2 / ((-0.5 + 0.6) / (1 + 1)) = 8.
        eci.Update(0, loss: -0.6, cost: 1);
        Assert.Equal(8.0, eci.Values[0], 12);

        // A failure doubles the largest ECI; the cheapest is then sub-space 0, drawn twice as often as sub-space 1.
        eci.Update(1, loss: double.NaN, cost: 1);
        Assert.Equal(16.0, eci.Values[1], 12);
        Assert.Equal(0, eci.Cheapest);
        var draws = Enumerable.Range(0, 3000).Count(i => eci.Draw(new SplitMixRandom(1, i)) == 0);
        Assert.InRange(draws, 1900, 2100);
    }

    [Fact]
    public void TheFirstTrialIsTheFirstTrainersLowCostPointAndTheBetterTrainerIsTriedMore()
    {
        var result = Search(new EciCostFrugalTuner(Space, 60, seed: 2), workers: 1);
        Assert.Equal("{C: 1, Kind: x, Leaves: 2, Trainer: a}", result.Candidates[0].Parameters.ToString());
        var history = new TrialHistory(Space, 1);
        Assert.All(result.Candidates, c => Assert.True(history.BranchOf(c.Parameters) >= 0, $"{c.Parameters} is outside the space"));

        // Trainer a peaks at 1.005 over the units, b at 0.505: once both are tried, ECI sends most trials to a.
        var laterA = result.Candidates.Skip(30).Count(c => c.Parameters.Get<string>("Trainer") == "a");
        Assert.True(laterA > 20, $"{laterA} of the last 30 trials on trainer a");
        Assert.Contains(result.Candidates, c => c.Parameters.Get<string>("Trainer") == "b");
        Assert.True(result.Candidates.Max(c => c.MeanScore) > 0.505, $"best {result.Candidates.Max(c => c.MeanScore)}, not past b's optimum");
    }

    [Fact]
    public void ProposalsAreTheSameForTheSameSeedAndDifferForAnother()
    {
        Assert.Equal(Table(Search(new EciCostFrugalTuner(Space, 30, seed: 5), workers: 1)), Table(Search(new EciCostFrugalTuner(Space, 30, seed: 5), workers: 1)));
        Assert.NotEqual(Table(Search(new EciCostFrugalTuner(Space, 30, seed: 5), workers: 1)), Table(Search(new EciCostFrugalTuner(Space, 30, seed: 6), workers: 1)));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public void OneAndFourWorkersGiveTheSameTableWhateverTheTiming(int batchSize)
    {
        // Fit times differ on every run; the default cost (one per trial) keeps them out of the proposals.
        var one = Table(Run(new EciCostFrugalTuner(Space, 40, seed: 9, batchSize: batchSize), workers: 1));
        var four = Table(Run(new EciCostFrugalTuner(Space, 40, seed: 9, batchSize: batchSize), workers: 4));
        Assert.Equal(one, four);

        static SearchResult Run(ITuner tuner, int workers) => TrialRunnerSearch.Run(
            new RandomTimingRunner(), tuner, new SearchOptions { MaxDegreeOfParallelism = workers });
    }

    [Fact]
    public void AnInterruptedStudyResumesToTheUninterruptedTable()
    {
        using var store = new SqliteTrialStore(Path.Combine(_folder, "eci.sqlite"));
        Assert.Equal(13, Search(new EciCostFrugalTuner(Space, 40, seed: 3, batchSize: 2), workers: 2, store, trials: 13).Candidates.Count);
        var resumed = Search(new EciCostFrugalTuner(Space, 40, seed: 3, batchSize: 2), workers: 2, store);
        Assert.Equal(Table(Search(new EciCostFrugalTuner(Space, 40, seed: 3, batchSize: 2), workers: 2)), Table(resumed));
    }

    [Fact]
    public void ACustomCostChangesTheFingerprintAndTheDraws()
    {
        Assert.EndsWith("cost=trials", new EciCostFrugalTuner(Space, 10).Fingerprint);
        Assert.EndsWith("cost=custom", new EciCostFrugalTuner(Space, 10, cost: r => 1).Fingerprint);

        // Trials of trainer a cost 100 times more: ECI then sends more trials to b than with one per trial.
        static int OnB(SearchResult r) => r.Candidates.Count(c => c.Parameters.Get<string>("Trainer") == "b");
        var perTrial = Search(new EciCostFrugalTuner(Space, 60, seed: 4), workers: 1);
        var costly = Search(new EciCostFrugalTuner(Space, 60, seed: 4, cost: r => r.TrialSettings.Parameter.Get<string>("Trainer") == "a" ? 100 : 1), workers: 1);
        Assert.True(OnB(costly) > OnB(perTrial), $"{OnB(costly)} trials on b with costly a, {OnB(perTrial)} with one per trial");
        Assert.Throws<ArgumentOutOfRangeException>(() => new EciCostFrugalTuner(Space, 0));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>The synthetic objective with fit times that change on every call, as measured durations do.</summary>
    private sealed class RandomTimingRunner : IUnitTrialRunner
    {
        private readonly SyntheticRunner _inner = new();

        public IReadOnlyList<Metric> Metrics => _inner.Metrics;

        public int UnitCount => _inner.UnitCount;

        public string Fingerprint => _inner.Fingerprint;

        public UnitResult Run(TrialSettings trial, int unit, CancellationToken cancellationToken) =>
            _inner.Run(trial, unit, cancellationToken) with { FitSeconds = Random.Shared.NextDouble() };
    }
}
