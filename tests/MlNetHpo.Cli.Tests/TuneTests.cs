using System.Globalization;
using System.Text.Json;

namespace MlNetHpo.Cli.Tests;

/// <summary>mlnet-hpo tune: the model-based tuners from the command line, their best-so-far curve, and the same table for any --parallel.</summary>
public sealed class TuneTests : IDisposable
{
    private readonly TestData _data = new();

    public void Dispose() => _data.Dispose();

    [Theory]
    [InlineData("tpe")]
    [InlineData("cfo")]
    [InlineData("random")]
    public void OneAndFourWorkersGiveTheSameTable(string tuner)
    {
        var csv = _data.NumericBinary(rows: 120);
        string[] Args(int parallel) => ["tune", "--dataset", csv, "--label-col", "Label", "--trainer", "lbfgs", "--tuner", tuner, "--trials", "12",
            "--seed", "3", "--batch-size", "4", "--cv", "3", "--parallel", parallel.ToString(CultureInfo.InvariantCulture)];
        var one = Runner.Run(Args(1));
        var four = Runner.Run(Args(4));
        Assert.True(one.Code == 0, one.Err + one.Out);
        Assert.True(four.Code == 0, four.Err + four.Out);
        Assert.Contains("12 trials (seed 3", one.Out);
        Assert.Equal(Table(one.Out), Table(four.Out));
    }

    [Fact]
    public void TheCurveListsEachTrialThatImprovedOnAllEarlierOnes()
    {
        var output = _data.PathOf("out");
        var run = Runner.Run("tune", "--dataset", _data.NumericBinary(rows: 120), "--label-col", "Label", "--trainer", "lbfgs", "--tuner", "tpe",
            "--trials", "15", "--seed", "1", "--cv", "3", "--output", output);
        Assert.True(run.Code == 0, run.Err + run.Out);

        // The curve recomputed from results.json: a trial enters when its mean beats every earlier one.
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "results.json")));
        Assert.Equal("tpe", json.RootElement.GetProperty("search").GetString());
        var steps = new List<string>();
        var best = double.NegativeInfinity;
        foreach (var c in json.RootElement.GetProperty("candidates").EnumerateArray().OrderBy(c => c.GetProperty("index").GetInt32()))
        {
            var mean = c.GetProperty("mean_score").GetDouble();
            if (mean > best)
            {
                best = mean;
                steps.Add(string.Create(CultureInfo.InvariantCulture, $"{c.GetProperty("index").GetInt32()}: {mean:0.0000}"));
            }
        }

        Assert.Contains($"Best so far (trial: Accuracy): {string.Join(", ", steps)}, of 15 trials.", run.Out);
    }

    [Fact]
    public void EciSearchesAChoiceOfTrainers()
    {
        var run = Runner.Run("tune", "--dataset", _data.NumericBinary(rows: 120), "--label-col", "Label", "--trainer", "lbfgs,fasttree", "--tuner", "eci",
            "--trials", "10", "--cv", "3");
        Assert.True(run.Code == 0, run.Err + run.Out);
        Assert.Contains("ECI cost-frugal search: lbfgs,fasttree", run.Out);
        Assert.Contains("Trainer: lbfgs}", run.Out);
        Assert.Contains("Trainer: fasttree}", run.Out);
    }

    [Fact]
    public void AnInterruptedTuneResumesToTheUninterruptedTable()
    {
        var csv = _data.NumericBinary(rows: 120);
        var db = _data.PathOf("tune.db");
        string[] args = ["tune", "--dataset", csv, "--label-col", "Label", "--trainer", "lbfgs", "--tuner", "cfo", "--trials", "10", "--seed", "2", "--cv", "3", "--parallel", "1"];
        using (var cancel = new CancellationTokenSource())
        using (var output = new OnProgress(cancel.Cancel))
        using (var error = new StringWriter())
        {
            Assert.Equal(130, Cli.Run([.. args, "--study", db], output, error, cancel.Token));
        }

        var resumed = Runner.Run("resume", "--study", db);
        Assert.True(resumed.Code == 0, resumed.Err + resumed.Out);
        Assert.Contains("Resuming the cfo search", resumed.Out);
        var uninterrupted = Runner.Run(args);
        Assert.Equal(Table(uninterrupted.Out), Table(resumed.Out));
    }

    [Theory]
    [InlineData("--tuner", "smac", "Unknown tuner 'smac'. Valid tuners: tpe, cfo, eci, asha, random.")]
    [InlineData("--trials", "0", "--trials needs at least 1; got 0.")]
    [InlineData("--batch-size", "0", "--batch-size needs at least 1; got 0.")]
    [InlineData("--trainer", "lr", "--tuner cfo searches one mapping; the space of 'lr' has 3 sub-spaces. Use --tuner eci, which runs one cost-frugal search per sub-space.")]
    [InlineData("--trainer", "lbfgs,nope", "Unknown trainer 'nope'.")]
    public void BadInputIsOneLineAndExitCode2(string option, string value, string expected)
    {
        var args = new Dictionary<string, string> { ["--tuner"] = "cfo", ["--trainer"] = "lbfgs", [option] = value };
        var run = Runner.Run(["tune", "--dataset", _data.NumericBinary(), "--label-col", "Label", "--cv", "3", .. args.SelectMany(a => new[] { a.Key, a.Value })]);
        Assert.Equal(2, run.Code);
        Assert.StartsWith("mlnet-hpo: ", run.Err);
        Assert.Contains(expected, run.Err);
        Assert.Single(run.Err.TrimEnd().Split('\n'));
    }

    /// <summary>The leaderboard (ranks, scores, parameters) and the curve: what must not depend on the workers.</summary>
    private static string Table(string stdout) => string.Join("\n", stdout.Split('\n').SkipWhile(l => !l.StartsWith("Top ", StringComparison.Ordinal))
        .TakeWhile(l => !l.StartsWith("Best ", StringComparison.Ordinal) || l.StartsWith("Best so far", StringComparison.Ordinal)));
}
