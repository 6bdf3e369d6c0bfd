using System.Text.Json;

namespace MlNetHpo.Cli.Tests;

/// <summary>The lr trainer on a multiclass CSV, with example and class weights, against scikit-learn (tests/references/logistic).</summary>
public sealed class LogisticRegressionCliTests : IDisposable
{
    private readonly TestData _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public void MulticlassLrWithWeightsMatchesGridSearchCv()
    {
        var space = _data.Write("space.json", """{"C": [0.1, 1.0]}""");
        var output = _data.PathOf("out");
        var (code, stdout, stderr) = Runner.Run("grid", "--dataset", Reference("iris.csv"), "--label-col", "Label", "--trainer", "lr",
            "--space", space, "--cv", "3", "--weight-col", "Weight", "--class-weight", "balanced", "--no-normalize", "--output", output);
        Assert.True(code == 0, stderr + stdout);
        Assert.Contains("2 candidates x 3 folds", stdout);

        using var ours = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "results.json")));
        using var sklearn = JsonDocument.Parse(File.ReadAllText(Reference("cli.json")));
        Assert.Equal("multiclass", ours.RootElement.GetProperty("task").GetString());
        var expected = sklearn.RootElement.GetProperty("mean_test_score").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        var actual = ours.RootElement.GetProperty("candidates").EnumerateArray().Select(c => c.GetProperty("mean_score").GetDouble()).ToArray();
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], actual[i], 12);
        }

        Assert.Equal(sklearn.RootElement.GetProperty("best_params").GetProperty("C").GetDouble(), ours.RootElement.GetProperty("best_parameters").GetProperty("C").GetDouble());
    }

    [Fact]
    public void ClassWeightOtherThanBalancedIsOneLine()
    {
        var (code, _, stderr) = Runner.Run("grid", "--dataset", Reference("iris.csv"), "--label-col", "Label", "--trainer", "lr", "--class-weight", "heavy");
        Assert.Equal(2, code);
        Assert.Equal("mlnet-hpo: Class weight 'heavy' is not 'balanced' (per-class weights are given with ClassWeight.PerClass).", stderr.Trim());
    }

    [Fact]
    public void WeightsNeedTheLrTrainer()
    {
        var (code, _, stderr) = Runner.Run("grid", "--dataset", Reference("iris.csv"), "--label-col", "Label", "--trainer", "lbfgs", "--weight-col", "Weight");
        Assert.Equal(2, code);
        Assert.Equal("mlnet-hpo: --weight-col and --class-weight apply to the lr trainer only, not 'lbfgs'.", stderr.Trim());
    }

    [Fact]
    public void MissingWeightColumnIsOneLine()
    {
        var (code, _, stderr) = Runner.Run("grid", "--dataset", Reference("iris.csv"), "--label-col", "Label", "--trainer", "lr", "--weight-col", "Mass");
        Assert.Equal(2, code);
        Assert.StartsWith("mlnet-hpo: The weight column 'Mass' (--weight-col) is not in", stderr.Trim(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void AnInterruptedStudyKeepsTheWeightsAndGivesTheUninterruptedTable(bool workerFirst)
    {
        // Iris without 35 virginica rows: unbalanced classes, so --class-weight balanced changes the scores.
        var data = _data.Write("unbalanced.csv", string.Join('\n', File.ReadAllLines(Reference("iris.csv"))[..^35]) + "\n");
        var space = _data.Write("space.json", """{"C": [0.01, 0.1, 1.0, 10.0]}""");
        string[] Args(string output, params string[] more) =>
            ["grid", "--dataset", data, "--label-col", "Label", "--trainer", "lr", "--space", space, "--cv", "3", "--parallel", "1",
             "--weight-col", "Weight", "--class-weight", "balanced", "--output", _data.PathOf(output), .. more];

        var whole = Runner.Run(Args("whole"));
        Assert.True(whole.Code == 0, whole.Err + whole.Out);

        var study = _data.PathOf("study.db");
        using (var cancel = new CancellationTokenSource())
        using (var output = new OnProgress(cancel.Cancel))
        using (var error = new StringWriter())
        {
            var code = Cli.Run(Args("resumed", "--study", study), output, error, cancel.Token);
            Assert.True(code == 130, error.ToString() + output);
        }

        if (workerFirst)
        {
            // A worker finishes the study from its recorded settings; resume then only writes the table.
            var worker = Runner.Run("worker", "--study", study, "--parallel", "1");
            Assert.True(worker.Code == 0, worker.Err + worker.Out);
        }

        var resumed = Runner.Run("resume", "--study", study);
        Assert.True(resumed.Code == 0, resumed.Err + resumed.Out);
        Assert.Contains("Resuming the grid search", resumed.Out);
        Assert.Equal(Table("whole"), Table("resumed"));

        var unweighted = Runner.Run([.. Args("unweighted").Where(a => a is not "--weight-col" and not "Weight" and not "--class-weight" and not "balanced")]);
        Assert.True(unweighted.Code == 0, unweighted.Err + unweighted.Out);
        Assert.NotEqual(Table("whole"), Table("unweighted"));
    }

    [Fact]
    public void AStudyRefusesASearchWithOtherWeights()
    {
        var study = _data.PathOf("weights.db");
        string[] Args(params string[] more) =>
            ["grid", "--dataset", Reference("iris.csv"), "--label-col", "Label", "--trainer", "lr", "--space", _data.Write("c.json", """{"C": [1.0]}"""),
             "--cv", "3", "--study", study, .. more];

        var first = Runner.Run(Args("--weight-col", "Weight"));
        Assert.True(first.Code == 0, first.Err + first.Out);

        var other = Runner.Run(Args("--weight-col", "Weight", "--class-weight", "balanced"));
        Assert.Equal(2, other.Code);
        Assert.Equal(
            "mlnet-hpo: The study 'mlnet-hpo' was created with a different search: its trainer differs; open it with the same search or use another study name." +
            "   stored trainer: lr weight-col=Weight   given trainer:  lr weight-col=Weight class-weight=balanced",
            other.Err.Trim());
    }

    /// <summary>Every candidate of results.json (parameters, split scores, mean, std, rank), without the timings.</summary>
    private string[] Table(string output)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(_data.PathOf(output), "results.json")));
        return [.. json.RootElement.GetProperty("candidates").EnumerateArray().Select(c => string.Join(
            " ", c.EnumerateObject().Where(p => p.Name is not "mean_fit_time" and not "mean_score_time").Select(p => $"{p.Name}={p.Value.GetRawText()}")))];
    }

    private static string Reference(string file)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "MlNetHpo.sln")))
            {
                return Path.Combine(dir.FullName, "tests", "references", "logistic", file);
            }
        }

        throw new DirectoryNotFoundException($"MlNetHpo.sln not found above {AppContext.BaseDirectory}.");
    }
}
