using MlNetHpo.AutoML;

namespace MlNetHpo.Tests.SearchSpaces;

public class ToGridTests
{
    [Fact]
    public void RangesBecomeEvenlySpacedPointsWithTheirBounds()
    {
        var space = new SearchSpace
        {
            ["C"] = Distribution.LogUniform(1e-2, 1e2),
            ["Rate"] = Distribution.Uniform(0, 1),
            ["Leaves"] = Distribution.UniformInt(2, 4),
            ["Trees"] = Distribution.LogUniformInt(1, 1000),
            ["Kind"] = Distribution.Choice("a", "b"),
        };

        var grid = space.ToGrid(5);
        var first = grid[0];
        Assert.Equal(1e-2, first.Get<double>("C"));
        Assert.Equal(0.0, first.Get<double>("Rate"));
        var values = grid.Select(p => p).ToArray();
        Assert.Equal([1e-2, 1e-1, 1.0, 10.0, 100.0], values.Select(p => p.Get<double>("C")).Distinct().Order().Select(v => Math.Round(v, 12)));
        Assert.Equal([0, 0.25, 0.5, 0.75, 1.0], values.Select(p => p.Get<double>("Rate")).Distinct().Order());
        Assert.Equal([2L, 3L, 4L], values.Select(p => p.Get<long>("Leaves")).Distinct().Order()); // 5 points rounded, no duplicates
        Assert.Equal([1L, 6L, 32L, 178L, 1000L], values.Select(p => p.Get<long>("Trees")).Distinct().Order());
        Assert.Equal(5 * 5 * 3 * 5 * 2, grid.Count);
        Assert.Throws<ArgumentOutOfRangeException>(() => space.ToGrid(1));
    }
}
