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
