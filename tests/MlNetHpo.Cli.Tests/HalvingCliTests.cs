namespace MlNetHpo.Cli.Tests;

/// <summary><c>--halving</c> on <c>grid</c> and <c>random</c>: the rungs in the report, a trainer option as the resource, bad settings.</summary>
public sealed class HalvingCliTests : IDisposable
{
    private readonly TestData _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public void GridHalvingOverRowsShowsItsIterations()
    {
        var space = _data.Write("c.json", """{"C": [0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10]}""");
        var (code, output, error) = Runner.Run("grid", "--dataset", _data.NumericBinary(), "--label-col", "Label", "--trainer", "lr", "--space", space, "--halving", "--parallel", "2");

        Assert.Equal(string.Empty, error);
        Assert.Equal(0, code);

        // scikit-learn's schedule for 9 candidates on 80 rows of 2 classes, 5 folds: min = max(2 x 5 x 2, 80 // 9) = 20 rows,
        // possible iterations 1 + floor(log3(80 // 20)) = 2: 9 candidates on 20 rows, then 3 on 60.
        Assert.Contains("Successive halving: factor=3 resource=rows min=exhaust max=auto aggressive=False.", output);
        Assert.Contains("Halving iterations (Accuracy of each iteration's best):", output);
        var rungs = output.Split('\n').SkipWhile(l => !l.StartsWith("  iter", StringComparison.Ordinal)).Skip(1).Take(2).ToArray();
        Assert.StartsWith("     0           9         20  ", rungs[0]);
        Assert.StartsWith("     1           3         60  ", rungs[1]);
    }

    [Fact]
    public void RandomHalvingOverATrainerOption()
    {
        var space = _data.Write("trees.json", """{"NumberOfLeaves": [2, 4, 8], "MinimumExampleCountPerLeaf": [1, 5, 10]}""");
        var (code, output, error) = Runner.Run("random", "--dataset", _data.NumericBinary(), "--label-col", "Label", "--trainer", "fasttree", "--space", space,
            "--halving", "--iterations", "9", "--resource", "NumberOfTrees", "--min-resources", "3", "--max-resources", "27");

        Assert.Equal(string.Empty, error);
        Assert.Equal(0, code);
        var rungs = output.Split('\n').SkipWhile(l => !l.StartsWith("  iter", StringComparison.Ordinal)).Skip(1).Take(2).ToArray();
        Assert.StartsWith("     0           9          3  ", rungs[0]);
        Assert.StartsWith("     1           3          9  ", rungs[1]);
        Assert.Contains("NumberOfTrees: 9", output);
    }

    [Fact]
    public void AHalvingStudyResumesWithItsSettings()
    {
        // The halving settings are recorded with the study: resume runs the same search (nothing left: the same iterations).
        var space = _data.Write("c.json", """{"C": [0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10]}""");
        var study = _data.PathOf("halving.db");
        var first = Runner.Run("grid", "--dataset", _data.NumericBinary(), "--label-col", "Label", "--trainer", "lr", "--space", space, "--halving",
            "--factor", "3", "--min-resources", "20", "--study", study);
        Assert.True(first.Code == 0, first.Err + first.Out);

        var resumed = Runner.Run("resume", "--study", study);
        Assert.True(resumed.Code == 0, resumed.Err + resumed.Out);
        string Rungs(string output) => string.Join("\n", output.Split('\n').SkipWhile(l => !l.StartsWith("Halving iterations", StringComparison.Ordinal)).Take(4));
        Assert.Contains("     1           3         60  ", Rungs(first.Out));
        Assert.Equal(Rungs(first.Out), Rungs(resumed.Out));

        // show reads the study alone (no data): the same iterations.
        var shown = Runner.Run("show", "--study", study);
        Assert.True(shown.Code == 0, shown.Err + shown.Out);
        Assert.Equal(Rungs(first.Out), Rungs(shown.Out));
    }

    [Theory]
    [InlineData("--factor needs a number above 1; got 1.", "--halving", "--factor", "1")]
    [InlineData("--factor is a successive-halving setting: add --halving.", "--factor", "2")]
    [InlineData("--aggressive-elimination is a successive-halving setting: add --halving.", "--aggressive-elimination")]
    [InlineData("--min-resources needs exhaust, smallest or a positive integer; got 'most'.", "--halving", "--min-resources", "most")]
    [InlineData("--max-resources is needed with --resource MaximumIterations: only rows default to the row count.", "--halving", "--resource", "MaximumIterations")]
    [InlineData("Cannot use parameter C as the resource since it is part of the searched parameters.", "--halving", "--resource", "C", "--max-resources", "10")]
    [InlineData("HalvingOptions.MinResources (500) is greater than MaxResources (80).", "--halving", "--min-resources", "500")]
    public void BadSettingsAreOneLineNamingTheOption(string expected, params string[] halving)
    {
        var space = _data.Write("c.json", """{"C": [0.1, 1, 10]}""");
        var (code, _, error) = Runner.Run(["grid", "--dataset", _data.NumericBinary(), "--label-col", "Label", "--trainer", "lr", "--space", space, .. halving]);

        Assert.Equal(2, code);
        Assert.StartsWith("mlnet-hpo: ", error);
        Assert.Contains(expected, error);
        Assert.Single(error.TrimEnd().Split('\n'));
    }

    [Fact]
    public void AnUnknownResourceOptionIsNamed()
    {
        var space = _data.Write("c.json", """{"C": [0.1, 1, 10]}""");
        var (code, _, error) = Runner.Run("grid", "--dataset", _data.NumericBinary(), "--label-col", "Label", "--trainer", "lr", "--space", space,
            "--halving", "--resource", "Bogus", "--max-resources", "10");

        Assert.Equal(2, code);
        Assert.Contains("Bogus", error);
        Assert.Single(error.TrimEnd().Split('\n'));
    }

    [Fact]
    public void TuneWithAshaShowsItsRungsAndTheSameTableForAnyParallel()
    {
        // The ready fasttree space, NumberOfTrees as the resource (dropped from the space if the ready space searches it).
        var csv = _data.NumericBinary(rows: 120);
        string[] Args(int parallel) => ["tune", "--dataset", csv, "--label-col", "Label", "--trainer", "fasttree", "--tuner", "asha", "--trials", "12",
            "--resource", "NumberOfTrees", "--min-resources", "1", "--max-resources", "9", "--seed", "2", "--batch-size", "3", "--cv", "3",
            "--parallel", parallel.ToString(System.Globalization.CultureInfo.InvariantCulture)];
        var one = Runner.Run(Args(1));
        var two = Runner.Run(Args(2));
        Assert.True(one.Code == 0, one.Err + one.Out);
        Assert.True(two.Code == 0, two.Err + two.Out);
        Assert.Contains("ASHA search: fasttree", one.Out);
        Assert.DoesNotContain("NumberOfTrees", one.Out.Split('\n').Single(l => l.StartsWith("Space: ", StringComparison.Ordinal)));

        // Rungs 1, 3 and 9 trees: 12 entries, at least the bottom rung and one promotion (4 results in a rung promote 1).
        var rungs = one.Out.Split('\n').SkipWhile(l => !l.StartsWith("  iter", StringComparison.Ordinal)).Skip(1).TakeWhile(l => l.StartsWith("  ", StringComparison.Ordinal)).ToArray();
        Assert.True(rungs.Length >= 2, one.Out);
        Assert.StartsWith("     0  ", rungs[0]);
        Assert.Contains("          1  ", rungs[0]);
        Assert.StartsWith("     1  ", rungs[1]);
        Assert.Contains("          3  ", rungs[1]);
        Assert.Equal(12, rungs.Sum(r => int.Parse(r[6..18], System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(Table(one.Out), Table(two.Out));
    }

    [Theory]
    [InlineData("--tuner asha needs --resource: the trainer option each rung sets, such as NumberOfTrees or NumberOfIterations.", "--tuner", "asha", "--max-resources", "9")]
    [InlineData("--tuner asha needs --max-resources: the top rung's NumberOfTrees.", "--tuner", "asha", "--resource", "NumberOfTrees")]
    [InlineData("--factor needs an integer of at least 2 with --tuner asha; got 2.5.", "--tuner", "asha", "--resource", "NumberOfTrees", "--max-resources", "9", "--factor", "2.5")]
    [InlineData("--min-resources needs a positive integer with --tuner asha; got 'smallest'.", "--tuner", "asha", "--resource", "NumberOfTrees", "--max-resources", "9", "--min-resources", "smallest")]
    [InlineData("--factor is a successive-halving setting: use --tuner asha.", "--tuner", "tpe", "--factor", "3")]
    public void BadAshaSettingsAreOneLineNamingTheOption(string expected, params string[] tune)
    {
        var (code, _, error) = Runner.Run(["tune", "--dataset", _data.NumericBinary(), "--label-col", "Label", "--trainer", "fasttree", .. tune]);

        Assert.Equal(2, code);
        Assert.StartsWith("mlnet-hpo: ", error);
        Assert.Contains(expected, error);
        Assert.Single(error.TrimEnd().Split('\n'));
    }

    /// <summary>The leaderboard (ranks, scores, parameters) and the rungs: what must not depend on the workers.</summary>
    private static string Table(string stdout) => string.Join("\n", stdout.Split('\n').SkipWhile(l => !l.StartsWith("Top ", StringComparison.Ordinal))
        .TakeWhile(l => !l.StartsWith("Best ", StringComparison.Ordinal)));
}
