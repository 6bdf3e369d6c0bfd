using Microsoft.ML;
using MlNetHpo.AutoML;
using MlNetHpo.Sweeping;

namespace MlNetHpo.Tests.Sweeping;

/// <summary>The ready least-squares trainers: the tuning-free LinearRegression, and model keys through the ready sweepables.</summary>
public sealed class ReadyLeastSquaresTests
{
    [Fact]
    public void LinearRegressionHasOnePointAndSearchesAsOneCandidate()
    {
        var ml = new MLContext(0);
        var grid = ReadySpaces.LinearRegression().ToGrid(3);
        Assert.Equal(1, grid.Count);
        var result = ml.Regression.GridSearch(null, ReadyTrainers.Regression.LinearRegression(), grid, folds: 3).Fit(GeneratedData.Regression(ml, rows: 60));
        var candidate = Assert.Single(result.Candidates);
        Assert.False(candidate.Failed);
        Assert.True(result.BestScore > 0.5, $"R-squared {result.BestScore}");
    }

    [Fact]
    public void ReadySweepablesShareTheOptionsModelKey()
    {
        var lasso = ReadyTrainers.Regression.Lasso(labelColumnName: "Price");
        Parameter Point(params (string Name, object Value)[] values) => new(values.Select(v => new KeyValuePair<string, object?>(v.Name, v.Value)));

        // Cyclic selection ignores the seed: one model; random selection uses it: two.
        Assert.Equal(lasso.ModelKey(Point(("Alpha", 0.1), ("Seed", 1))), lasso.ModelKey(Point(("Alpha", 0.1), ("Seed", 2))));
        Assert.NotEqual(
            lasso.ModelKey(Point(("Alpha", 0.1), ("Selection", "random"), ("Seed", 1))),
            lasso.ModelKey(Point(("Alpha", 0.1), ("Selection", "random"), ("Seed", 2))));
        Assert.Contains("Price", lasso.ModelKey(Point(("Alpha", 0.1)))!, StringComparison.Ordinal);
        Assert.Null(ReadyTrainers.Regression.ElasticNet().ModelKey(Point(("L1Ratio", 3.0))));
        var ridge = ReadyTrainers.Regression.Ridge();
        Assert.Equal(ridge.ModelKey(Point(("Alpha", 1.0), ("Tolerance", 0.1))), ridge.ModelKey(Point(("Alpha", 1.0))));
    }
}
