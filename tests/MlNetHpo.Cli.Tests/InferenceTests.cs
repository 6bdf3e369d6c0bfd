using Microsoft.Data.Analysis;
using MlNetHpo.Cli.Data;
using MlNetHpo.Cli.Spaces;
using MlNetHpo.Scoring;
using MlNetHpo.AutoML;

namespace MlNetHpo.Cli.Tests;

public sealed class InferenceTests
{
    [Theory]
    [InlineData("0,1,0,1,1,0", SearchTask.BinaryClassification)]
    [InlineData("yes,no,no,yes,yes,no", SearchTask.BinaryClassification)]
    [InlineData("a,b,c,a,b,c", SearchTask.MulticlassClassification)]
    [InlineData("1,2,3,4,1,2", SearchTask.MulticlassClassification)]
    [InlineData("0.5,1.25,3.5,4.75,1.5,2.5", SearchTask.Regression)]
    public void TaskFromTheLabel(string labels, SearchTask expected)
    {
        var rows = labels.Split(',').Select((l, i) => $"{i},{l}");
        var frame = DataFrame.LoadCsvFromString("X,Y\n" + string.Join("\n", rows));
        Assert.Equal(expected, ColumnPlan.Infer(frame, "Y", null, []).Task);
    }

    [Fact]
    public void ManyIntegersAreRegression()
    {
        var frame = DataFrame.LoadCsvFromString("X,Y\n" + string.Join("\n", Enumerable.Range(0, 40).Select(i => $"{i},{i * 7}")));
        Assert.Equal(SearchTask.Regression, ColumnPlan.Infer(frame, "Y", null, []).Task);
    }

    [Fact]
    public void SpaceFileFormats()
    {
        var single = SpaceFile.Parse("""{"C": [0.01, 0.1, 1], "Penalty": ["l1", "l2"]}""");
        Assert.True(single.IsGrid);
        Assert.Equal(6, single.ToGrid().Count);

        var union = SpaceFile.Parse("""[{"C": [1], "Penalty": ["l2"]}, {"C": [1, 10], "Penalty": ["l1"], "Solver": ["liblinear"]}]""");
        Assert.Equal(3, union.ToGrid().Count);
        Assert.Equal(2, union.SubSpaces.Count);

        var ranges = SpaceFile.Parse("""
            {"C": {"distribution": "loguniform", "min": 1e-4, "max": 1e4},
             "L1Ratio": {"distribution": "uniform", "min": 0, "max": 1},
             "MaximumIterations": {"distribution": "int", "min": 50, "max": 200},
             "Trees": {"distribution": "logint", "min": 10, "max": 1000},
             "Penalty": ["elasticnet", null]}
            """);
        Assert.False(ranges.IsGrid);
        Assert.IsType<UniformDistribution>(ranges["C"]);
        Assert.True(((UniformDistribution)ranges["C"]).IsLog);
        Assert.IsType<UniformIntDistribution>(ranges["MaximumIterations"]);
        Assert.IsType<LogUniformIntDistribution>(ranges["Trees"]);
        Assert.Equal(3 * 3 * 3 * 3 * 2, ranges.ToGrid(3).Count);
    }

    [Theory]
    [InlineData("""{"C": 0.1}""", "Parameter grid for parameter 'C' needs to be a list")]
    [InlineData("""{"C": []}""", "empty")]
    [InlineData("""{"C": {"distribution": "gamma", "min": 1, "max": 2}}""", "unknown distribution 'gamma'")]
    [InlineData("""{"C": {"distribution": "loguniform", "min": 0, "max": 2}}""", "min > 0")]
    [InlineData("""[1, 2]""", "expected an object")]
    public void SpaceFileErrors(string json, string expected)
    {
        var e = Assert.Throws<CliException>(() => SpaceFile.Parse(json));
        Assert.Contains(expected, e.Message);
    }
}
