using MlNetHpo.AutoML;

namespace MlNetHpo.Tests.Tuners;

public class TunerTests
{
    private static readonly ParameterGrid Tutorial = new()
    {
        ["C"] = [0.001, 0.01, 0.1, 1, 10, 100, 1000],
        ["penalty"] = ["l1", "l2", "elasticnet", null],
        ["solver"] = ["newton-cg", "lbfgs", "liblinear", "sag", "saga"],
    };

    [Fact]
    public void GridTunerProposesEveryPointOnceInOrderThenIsExhausted()
    {
        var tuner = new GridSearchTuner(Tutorial);
        var proposed = Proposals(tuner, 1000);

        Assert.Equal(140, proposed.Count);
        Assert.Equal(Tutorial.Select(p => p.ToString()), proposed.Select(p => p.ToString()));
        Assert.Null(tuner.Propose(new TrialSettings { TrialId = 140 }));
        Assert.Equal(140L, ((ITuner)tuner).Count);
    }

    [Fact]
    public void RandomTunerOverListsSamplesWithoutRepeatsAndIsReproducible()
    {
        var first = Proposals(new RandomSearchTuner(Tutorial, 100, seed: 42), 1000);
        var again = Proposals(new RandomSearchTuner(Tutorial, 100, seed: 42), 1000);
        var other = Proposals(new RandomSearchTuner(Tutorial, 100, seed: 43), 1000);

        Assert.Equal(100, first.Count);
        Assert.Equal(100, first.Select(p => p.ToString()).Distinct().Count());
        Assert.Equal(first.Select(p => p.ToString()), again.Select(p => p.ToString()));
        Assert.NotEqual(first.Select(p => p.ToString()), other.Select(p => p.ToString()));
        Assert.All(first, p => Assert.Contains(p.ToString(), Tutorial.Select(g => g.ToString())));
    }

    [Fact]
    public void RandomTunerCapsAtTheSpaceSizeWithAWarning()
    {
        var grid = new ParameterGrid { ["a"] = [1, 2, 3], ["b"] = [true, false] };
        var tuner = new RandomSearchTuner(grid, 10, seed: 1);
        var proposed = Proposals(tuner, 100);

        Assert.Equal(6, proposed.Count);
        Assert.Equal(grid.Select(p => p.ToString()).Order(), proposed.Select(p => p.ToString()).Order());
        var warning = Assert.Single(((ITuner)tuner).Warnings);
        Assert.Contains("smaller than iterations=10", warning);
    }

    [Fact]
    public void RandomTunerWithDistributionsSamplesWithReplacementReproducibly()
    {
        var space = new SearchSpace
        {
            ["C"] = Distribution.LogUniform(1e-4, 1e4),
            ["Penalty"] = Distribution.Choice("l1", "l2"),
            ["Trees"] = Distribution.UniformInt(1, 3),
        };
        var first = Proposals(new RandomSearchTuner(space, 50, seed: 5), 100);
        var again = Proposals(new RandomSearchTuner(space, 50, seed: 5), 100);

        Assert.Equal(50, first.Count);
        Assert.Equal(first.Select(p => p.ToString()), again.Select(p => p.ToString()));
        Assert.All(first, p => Assert.InRange(p.Get<double>("C"), 1e-4, 1e4));
        // Trees has only three values: fifty draws with replacement must repeat them.
        Assert.Equal(3, first.Select(p => p.Get<int>("Trees")).Distinct().Count());
        // Proposals depend on the trial id alone: asking out of order gives the same answers.
        var tuner = new RandomSearchTuner(space, 50, seed: 5);
        Assert.Equal(first[30].ToString(), tuner.Propose(new TrialSettings { TrialId = 30 })!.ToString());
    }

    [Fact]
    public void RandomTunerOverSubSpacesPicksEach()
    {
        var space = SearchSpace.Union(
            new SearchSpace { ["Trainer"] = Distribution.Choice("lr"), ["C"] = Distribution.Uniform(0, 1) },
            new SearchSpace { ["Trainer"] = Distribution.Choice("tree"), ["Leaves"] = Distribution.UniformInt(2, 64) });
        var proposed = Proposals(new RandomSearchTuner(space, 40, seed: 3), 100);

        Assert.Equal(["lr", "tree"], proposed.Select(p => p.Get<string>("Trainer")).Distinct().Order());
        Assert.All(proposed.Where(p => p.Get<string>("Trainer") == "tree"), p => Assert.False(p.ContainsKey("C")));
    }

    [Fact]
    public void SamplingWithoutReplacementHandlesHugeSpaces()
    {
        var indices = RandomSearchTuner.SampleWithoutReplacement(1_000_000_000_000, 1000, new SplitMixRandom(9));
        Assert.Equal(1000, indices.Distinct().Count());
        Assert.All(indices, i => Assert.InRange(i, 0, 999_999_999_999));
    }

    private static List<Parameter> Proposals(ITuner tuner, int limit)
    {
        var proposals = new List<Parameter>();
        for (var id = 0; id < limit; id++)
        {
            var p = tuner.Propose(new TrialSettings { TrialId = id });
            if (p is null)
            {
                break;
            }

            proposals.Add(p);
        }

        return proposals;
    }
}
