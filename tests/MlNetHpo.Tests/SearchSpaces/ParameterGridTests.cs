using System.Text.Json;
using MlNetHpo.AutoML;

namespace MlNetHpo.Tests.SearchSpaces;

public class ParameterGridTests
{
    [Fact]
    public void TutorialGridEnumeratesInScikitLearnOrder()
    {
        var grid = new ParameterGrid
        {
            // Given in another order than sklearn's sorted keys, to show the order comes from sorting.
            ["solver"] = ["newton-cg", "lbfgs", "liblinear", "sag", "saga"],
            ["penalty"] = ["l1", "l2", "elasticnet", null],
            ["C"] = [0.001, 0.01, 0.1, 1, 10, 100, 1000],
        };
        var expected = ReferenceParams("tutorial-2023");

        Assert.Equal(140, grid.Count);
        Assert.Equal(expected.Count, grid.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            var ours = grid[i];
            Assert.Equal(["C", "penalty", "solver"], ours.Keys);
            Assert.Equal(expected[i].C, Convert.ToDouble(ours.Value("C")));
            Assert.Equal(expected[i].Penalty, (string?)ours.Value("penalty"));
            Assert.Equal(expected[i].Solver, (string?)ours.Value("solver"));
        }

        Assert.Equal(grid.Select(p => p.ToString()), Enumerable.Range(0, 140).Select(i => grid[i].ToString()));
    }

    [Fact]
    public void SubGridsAreEnumeratedInOrderAndEmptyMappingIsOnePoint()
    {
        var first = new ParameterGrid { ["b"] = [1, 2], ["a"] = ["x", "y"] };
        var second = new ParameterGrid { ["c"] = [true] };
        var grid = ParameterGrid.Union(first, second, new ParameterGrid());

        Assert.Equal(6, grid.Count);
        Assert.Equal(
            ["{a: x, b: 1}", "{a: x, b: 2}", "{a: y, b: 1}", "{a: y, b: 2}", "{c: true}", "{}"],
            grid.Select(p => p.ToString()));
    }

    [Fact]
    public void BillionPointGridIsIndexedWithoutListingIt()
    {
        var grid = new ParameterGrid();
        foreach (var name in new[] { "a", "b", "c", "d", "e", "f", "g", "h", "i" })
        {
            grid.Add(name, Enumerable.Range(0, 10).Cast<object?>());
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        var last = grid[999_999_999];
        var middle = grid[123_456_789];
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(1_000_000_000, grid.Count);
        Assert.All(last.Values, v => Assert.Equal(9, v));
        Assert.Equal([1, 2, 3, 4, 5, 6, 7, 8, 9], middle.Values.Cast<int>());
        Assert.True(allocated < 100_000, $"indexing allocated {allocated} bytes");
        Assert.Throws<ArgumentOutOfRangeException>(() => grid[1_000_000_000]);
    }

    [Fact]
    public void EmptyListIsRejectedNamingTheParameter()
    {
        var e = Assert.Throws<ArgumentException>(() => new ParameterGrid { ["C"] = [] });
        Assert.Contains("'C'", e.Message);
        Assert.Contains("non-empty", e.Message);
    }

    [Fact]
    public void ScalarWhereAListBelongsIsRejected()
    {
        var e = Assert.Throws<ArgumentException>(() => ParameterGrid.FromDictionaries(new Dictionary<string, object?> { ["C"] = 1.0 }));
        Assert.Contains("'C'", e.Message);
        Assert.Contains("needs to be a list", e.Message);
        Assert.Throws<ArgumentException>(() => ParameterGrid.FromDictionaries(new Dictionary<string, object?> { ["Solver"] = "lbfgs" }));
    }

    [Fact]
    public void RepeatedNameIsRejected()
    {
        var grid = new ParameterGrid { ["C"] = [1.0] };
        Assert.Throws<ArgumentException>(() => grid.Add("C", [2.0]));
    }

    internal static List<(double C, string? Penalty, string Solver)> ReferenceParams(string revision)
    {
        var rows = new List<(double, string?, string)>();
        foreach (var line in File.ReadLines(SharedData.Reference(revision, "grid_cv_results.csv")).Skip(1))
        {
            // The params column is a quoted JSON object with doubled quotes.
            var start = line.IndexOf("\"{", StringComparison.Ordinal);
            var end = line.IndexOf("}\"", start, StringComparison.Ordinal);
            var json = line[(start + 1)..(end + 1)].Replace("\"\"", "\"");
            var p = JsonDocument.Parse(json).RootElement;
            rows.Add((p.GetProperty("C").GetDouble(), p.GetProperty("penalty").GetString(), p.GetProperty("solver").GetString()!));
        }

        return rows;
    }
}
