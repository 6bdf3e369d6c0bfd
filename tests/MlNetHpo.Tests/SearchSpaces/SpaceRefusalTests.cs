using MlNetHpo.AutoML;

namespace MlNetHpo.Tests.SearchSpaces;

/// <summary>Spaces that cannot be searched as written are refused when they are built, naming what is wrong.</summary>
public class SpaceRefusalTests
{
    [Fact]
    public void KeysThatDifferOnlyInCaseAreRefusedNamingBoth()
    {
        // Defect 3: options bind names ignoring case, so "c" used to overwrite "C" silently.
        var grid = Assert.Throws<ArgumentException>(() => new ParameterGrid { ["C"] = [0.001], ["c"] = [1000] });
        Assert.StartsWith("The hyperparameters 'C' and 'c' differ only in case; they would set the same option. Keep one of them.", grid.Message);

        var space = Assert.Throws<ArgumentException>(() => new SearchSpace { ["Penalty"] = Distribution.Choice("l2"), ["penalty"] = Distribution.Choice("l1") });
        Assert.StartsWith("The hyperparameters 'Penalty' and 'penalty' differ only in case", space.Message);

        var dictionaries = Assert.Throws<ArgumentException>(() => ParameterGrid.FromDictionaries([new Dictionary<string, object?> { ["C"] = new object?[] { 1 }, ["c"] = new object?[] { 2 } }]));
        Assert.Contains("'C' and 'c' differ only in case", dictionaries.Message);
    }

    [Fact]
    public void AGridAboveLongMaxValuePointsIsRefusedWithItsSize()
    {
        // Defect 7: 20 lists of 10 values is 10^20 points, above 9.2e18.
        var grid = new ParameterGrid();
        for (var k = 0; k < 20; k++)
        {
            grid[$"p{k:00}"] = Enumerable.Range(0, 10).Select(i => (object?)i).ToArray();
        }

        var e = Assert.Throws<InvalidOperationException>(() => new GridSearchTuner(grid));
        Assert.Equal(
            $"The grid has more than 9223372036854775807 points ({string.Join(" x ", Enumerable.Repeat(10, 20))}): give fewer values, or search it at random with distributions.",
            e.Message);
        Assert.Throws<InvalidOperationException>(() => new RandomSearchTuner(grid, 5));
    }
}
