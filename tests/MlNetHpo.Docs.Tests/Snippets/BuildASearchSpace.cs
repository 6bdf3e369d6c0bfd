using Microsoft.ML.SearchSpace;
// <snippet:BuildASearchSpace>
using MlNetHpo.AutoML;
using MlNetHpo.Trainers;
// </snippet:BuildASearchSpace>

namespace MlNetHpo.Docs.Tests.Snippets;

/// <summary>README, "Build a search space".</summary>
internal static class BuildASearchSpace
{
    public static (ParameterGrid Grid, ParameterGrid Union, MlNetHpo.AutoML.SearchSpace Space, MlNetHpo.AutoML.SearchSpace FromAttributes, ParameterGrid Cut) Run()
    {
        // <snippet:BuildASearchSpace>
        // A grid: lists of values, enumerated as scikit-learn's ParameterGrid does (keys sorted, the last one fastest).
        var grid = new ParameterGrid
        {
            ["C"] = [0.1, 1, 10],
            ["Penalty"] = [Penalty.L1, Penalty.L2],
        };

        // Sub-grids: only the combinations that go together (scikit-learn's list of dicts).
        var union = ParameterGrid.Union(
            new ParameterGrid { ["Solver"] = [Solver.Liblinear], ["Penalty"] = [Penalty.L1, Penalty.L2], ["C"] = [0.1, 1, 10] },
            new ParameterGrid { ["Solver"] = [Solver.Lbfgs], ["Penalty"] = [Penalty.L2, Penalty.None], ["C"] = [0.1, 1, 10] });

        // Distributions, for a random search (scipy.stats.loguniform, uniform, randint).
        var space = new SearchSpace
        {
            ["C"] = Distribution.LogUniform(1e-4, 1e4),
            ["L1Ratio"] = Distribution.Uniform(0, 1),
            ["MaximumIterations"] = Distribution.UniformInt(50, 500),
            ["Penalty"] = Distribution.Choice(Penalty.ElasticNet),
            ["Solver"] = Distribution.Choice(Solver.Saga),
        };

        // From the [Range], [Choice] and [BooleanChoice] attributes of an Options class.
        var fromAttributes = SearchSpace.FromAttributes<TreeOptions>();

        // Ranges cut into a grid of 3 points each (bounds included; log ranges spaced in log): 3 x 3 x 3 = 27 candidates.
        var cut = space.ToGrid(3);
        // </snippet:BuildASearchSpace>
        return (grid, union, space, fromAttributes, cut);
    }
}

/// <summary>An Options class with Microsoft.ML's search-space attributes.</summary>
internal sealed class TreeOptions
{
    [Range(4, 1024, 16, true)]
    public int NumberOfLeaves { get; set; } = 16;

    [Choice("gbdt", "dart")]
    public string Booster { get; set; } = "gbdt";

    [BooleanChoice]
    public bool UseCategoricalSplit { get; set; }
}
