using MlNetHpo.AutoML;
using MlNetHpo.Storage;
using static MlNetHpo.Tests.Tuners.TpeTunerTests;

namespace MlNetHpo.Tests.Tuners;

/// <summary>CFO: FLOW2 from a low-cost point, reproducible for a seed whatever the workers.</summary>
public sealed class CostFrugalTunerTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("mlnethpo-cfo-").FullName;

    private static SearchSpace Space => TpeTunerTests.Space.SubSpaces[0].Aggregate(new SearchSpace(), (space, p) =>
    {
        space.Add(p.Key, p.Value);
        return space;
    });

    [Fact]
    public void TheFirstTrialIsTheLowCostPointAndTheNextOnesMoveFromIt()
    {
        var result = Search(new CostFrugalTuner(Space, 30, seed: 2, batchSize: 3), workers: 1);
        Assert.Equal("{C: 1, Kind: x, Leaves: 2, Trainer: a}", result.Candidates[0].Parameters.ToString());

        // In the first batch, the second and third trials take a random direction from the start, then the opposite one.
        var (first, second) = (result.Candidates[1].Parameters.Get<double>("C"), result.Candidates[2].Parameters.Get<double>("C"));
        Assert.Equal(0, Math.Log(first) + Math.Log(second), 9);
    }

    [Fact]
    public void TheLocalSearchClimbsToTheOptimum()
    {
        var result = Search(new CostFrugalTuner(Space, 60, seed: 2, initial: new Parameter([new("Kind", "y")])), workers: 1);

        // The objective peaks at C = 10, Leaves = 30, Kind y (score 1.005 over the two units); the start scores far below.
        Assert.True(result.Candidates[0].MeanScore < 0, $"start {result.Candidates[0].MeanScore}");
        Assert.InRange(result.Candidates.Max(c => c.MeanScore), 0.95, 1.005);
    }

    [Fact]
    public void ProposalsAreTheSameForTheSameSeedAndDifferForAnother()
    {
        Assert.Equal(Table(Search(new CostFrugalTuner(Space, 30, seed: 5), workers: 1)), Table(Search(new CostFrugalTuner(Space, 30, seed: 5), workers: 1)));
        Assert.NotEqual(Table(Search(new CostFrugalTuner(Space, 30, seed: 5), workers: 1)), Table(Search(new CostFrugalTuner(Space, 30, seed: 6), workers: 1)));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public void OneAndFourWorkersGiveTheSameTable(int batchSize)
    {
        var one = Table(Search(new CostFrugalTuner(Space, 30, seed: 9, batchSize: batchSize), workers: 1));
        var four = Table(Search(new CostFrugalTuner(Space, 30, seed: 9, batchSize: batchSize), workers: 4));
        Assert.Equal(one, four);
    }

    [Fact]
    public void AnInterruptedStudyResumesToTheUninterruptedTable()
    {
        using var store = new SqliteTrialStore(Path.Combine(_folder, "cfo.sqlite"));
        Assert.Equal(12, Search(new CostFrugalTuner(Space, 30, seed: 3, batchSize: 2), workers: 2, store, trials: 12).Candidates.Count);
        var resumed = Search(new CostFrugalTuner(Space, 30, seed: 3, batchSize: 2), workers: 2, store);
        Assert.Equal(Table(Search(new CostFrugalTuner(Space, 30, seed: 3, batchSize: 2), workers: 2)), Table(resumed));
    }

    [Fact]
    public void BadSetUpsAreRefusedWithTheirReason()
    {
        var union = Assert.Throws<ArgumentException>(() => new CostFrugalTuner(TpeTunerTests.Space, 10));
        Assert.StartsWith("CostFrugalTuner searches one mapping; this space has 2 sub-spaces.", union.Message);
        var outside = Assert.Throws<ArgumentException>(() => new CostFrugalTuner(Space, 10, initial: new Parameter([new("C", 1e6)])));
        Assert.StartsWith("The initial value C=1000000 is outside loguniform[0.001, 1000].", outside.Message);
        var unknown = Assert.Throws<ArgumentException>(() => new CostFrugalTuner(Space, 10, initial: new Parameter([new("D", 1)])));
        Assert.StartsWith("The initial point names 'D', which is not in the space", unknown.Message);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
