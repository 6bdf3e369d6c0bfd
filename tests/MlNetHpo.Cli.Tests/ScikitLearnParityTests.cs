using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetHpo.Cli.Data;

namespace MlNetHpo.Cli.Tests;

/// <summary>
/// The CLI against scikit-learn 1.2.1 pipelines (StandardScaler inside each fold, then the model), on the data and references of
/// tests/references/linear (generate.py there).
/// </summary>
public sealed class ScikitLearnParityTests : IDisposable
{
    private readonly TestData _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public void BreastCancerGridFindsStandardScalerLogisticRegressionsBest()
    {
        var space = _data.Write("space.json", """{"C": [0.001, 0.01, 0.1, 1, 10, 100], "Penalty": ["l1", "l2"], "Solver": ["liblinear", "saga"]}""");
        var root = Search("breast_cancer.csv", "target", "lr", space);
        var reference = References.GetProperty("breast_cancer");

        // scikit-learn: {C: 0.1, penalty: l2, solver: liblinear} at 0.9824406148113647 (with ML.NET's default fixZero
        // normalization the CLI found {C: 1, l2, saga} at 0.97718).
        var best = root.GetProperty("best_parameters");
        Assert.Equal(0.1, best.GetProperty("C").GetDouble());
        Assert.Equal("l2", best.GetProperty("Penalty").GetString());
        Assert.Equal("liblinear", best.GetProperty("Solver").GetString());
        Assert.Equal(reference.GetProperty("best_score").GetDouble(), root.GetProperty("best_score").GetDouble(), 12);

        // Every l2/liblinear candidate (liblinear converged there) has scikit-learn's mean accuracy; grid order is scikit-learn's.
        var means = reference.GetProperty("mean_test_score").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        var candidates = root.GetProperty("candidates").EnumerateArray().ToArray();
        Assert.Equal(means.Length, candidates.Length);
        var compared = 0;
        for (var c = 0; c < candidates.Length; c++)
        {
            var p = candidates[c].GetProperty("parameters");
            if (p.GetProperty("Penalty").GetString() == "l2" && p.GetProperty("Solver").GetString() == "liblinear")
            {
                Assert.Equal(means[c], candidates[c].GetProperty("mean_score").GetDouble(), 12);
                compared++;
            }
        }

        Assert.Equal(6, compared);
    }

    [Theory]
    [InlineData("ridge", "cli_ridge_diabetes", """{"Alpha": [0.1, 1.0, 10.0, 100.0]}""")]
    [InlineData("elasticnet", "cli_elasticnet_diabetes", """{"Alpha": [0.01, 0.1, 1.0], "L1Ratio": [0.5, 1.0]}""")]
    public void RegressionGridMatchesScikitLearnsPipeline(string trainer, string referenceName, string spaceJson)
    {
        var root = Search("diabetes.csv", "y", trainer, _data.Write("space.json", spaceJson));
        var reference = References.GetProperty("grids").GetProperty(referenceName);
        var means = reference.GetProperty("mean_test_score").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        var ranks = reference.GetProperty("rank_test_score").EnumerateArray().Select(e => e.GetInt32()).ToArray();
        var candidates = root.GetProperty("candidates").EnumerateArray().ToArray();
        Assert.Equal(means.Length, candidates.Length);
        for (var c = 0; c < means.Length; c++)
        {
            // Same folds (KFold(5), unshuffled), same scaler and model: R-squared to 1e-6 (our features are float32 after scaling).
            Assert.InRange(candidates[c].GetProperty("mean_score").GetDouble(), means[c] - 1e-6, means[c] + 1e-6);
            Assert.Equal(ranks[c], candidates[c].GetProperty("rank").GetInt32());
        }

        var bestParameters = reference.GetProperty("params")[reference.GetProperty("best_index").GetInt32()];
        Assert.Equal(bestParameters.GetProperty("alpha").GetDouble(), root.GetProperty("best_parameters").GetProperty("Alpha").GetDouble());
    }

    [Theory]
    [InlineData("grid", "linear")]
    [InlineData("random", "lasso")]
    [InlineData("random", "ridge")]
    public void RegressionTrainersRunOverTheirReadySpaces(string mode, string trainer)
    {
        var output = _data.PathOf("out-" + trainer);
        string[] draws = mode == "random" ? ["--iterations", "4"] : [];
        var (code, stdout, stderr) = Runner.Run([mode, "--dataset", Reference("diabetes.csv"), "--label-col", "y", "--trainer", trainer, "--cv", "3", "--output", output, .. draws]);
        Assert.True(code == 0, stderr + stdout);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "results.json")));
        Assert.InRange(json.RootElement.GetProperty("best_score").GetDouble(), 0.4, 0.6);
        Assert.All(json.RootElement.GetProperty("candidates").EnumerateArray(), c => Assert.Equal(JsonValueKind.Null, c.GetProperty("error").ValueKind));
    }

    [Fact]
    public void SklearnSignsWriteCvResultsAsGridSearchCvWithNegMeanSquaredError()
    {
        // tests/references/results: GridSearchCV(Ridge(), alpha [0.01, 1, 100], KFold(3), neg_mean_squared_error), unscaled features.
        var reference = JsonDocument.Parse(File.ReadAllText(Reference(Path.Combine("..", "results", "references.json")))).RootElement.GetProperty("train_scores");
        var output = _data.PathOf("out-signs");
        var space = _data.Write("space-signs.json", """{"Alpha": [0.01, 1.0, 100.0]}""");
        var (code, stdout, stderr) = Runner.Run("grid", "--dataset", Reference("diabetes.csv"), "--label-col", "y", "--trainer", "ridge", "--space", space,
            "--cv", "3", "--metric", "MeanSquaredError", "--no-normalize", "--sklearn-signs", "--output", output);
        Assert.True(code == 0, stderr + stdout);

        var lines = File.ReadAllLines(Path.Combine(output, "cv_results.csv"));
        var header = lines[0].Split(',');
        foreach (var name in new[] { "mean_test_score", "split0_test_score", "split2_test_score" })
        {
            var column = Array.IndexOf(header, name);
            var expected = reference.GetProperty("columns").GetProperty(name).EnumerateArray().Select(e => e.GetDouble()).ToArray();
            for (var c = 0; c < expected.Length; c++)
            {
                // Each row's params cell is quoted JSON with commas: count columns from the end, where no cell is quoted but the error.
                var cells = lines[c + 1].Split(',');
                var actual = double.Parse(cells[cells.Length - (header.Length - column)], System.Globalization.CultureInfo.InvariantCulture);
                Assert.True(Math.Abs(expected[c] - actual) <= 1e-6 * Math.Abs(expected[c]), $"{name}[{c}]: expected {expected[c]}, got {actual}");
            }
        }
    }

    [Fact]
    public void ConvergenceWarningsArePrintedWithTheirCandidatesAndWrittenPerCandidate()
    {
        var output = _data.PathOf("out-warnings");
        var space = _data.Write("space-warnings.json", """{"Alpha": [0.01], "MaximumIterations": [1, 1000]}""");
        var (code, stdout, stderr) = Runner.Run("grid", "--dataset", Reference("diabetes.csv"), "--label-col", "y", "--trainer", "lasso", "--space", space,
            "--cv", "3", "--output", output);
        Assert.True(code == 0, stderr + stdout);

        Assert.Contains("Warning (1 candidate(s): 0): ConvergenceWarning: Objective did not converge.", stdout);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "results.json")));
        var candidates = json.RootElement.GetProperty("candidates");
        Assert.Equal(3, candidates[0].GetProperty("warnings").GetArrayLength());
        Assert.Equal(0, candidates[1].GetProperty("warnings").GetArrayLength());
        Assert.EndsWith(",error,warnings", File.ReadLines(Path.Combine(output, "cv_results.csv")).First());
    }

    [Fact]
    public void StandardizesAsStandardScalerIncludingConstantColumns()
    {
        // scikit-learn's StandardScaler on [[1, 2], [1, 4], [1, 9]]: mean [1, 5], scale [1, 2.9439...] (a constant column keeps scale 1).
        var expected = References.GetProperty("scaler_constant");
        var mean = expected.GetProperty("mean").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        var scale = expected.GetProperty("scale").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        var ml = new MLContext(0);
        var rows = new[] { new Row { Features = [1, 2] }, new Row { Features = [1, 4] }, new Row { Features = [1, 9] } };
        var data = ml.Data.LoadFromEnumerable(rows);
        var scaled = Featurizer.StandardScaler(ml, Featurizer.FeaturesColumn).Fit(data).Transform(data).GetColumn<float[]>(Featurizer.FeaturesColumn).ToArray();
        for (var i = 0; i < rows.Length; i++)
        {
            for (var j = 0; j < 2; j++)
            {
                var want = (rows[i].Features[j] - mean[j]) / scale[j];
                Assert.InRange(scaled[i][j], want - 1e-6, want + 1e-6);
            }
        }
    }

    [Fact]
    public void StandardizesNumbersAndCategoriesAndLeavesTextSparse()
    {
        var ml = new MLContext(0);
        var dataset = Dataset.LoadTraining(ml, _data.Binary(rows: 60), "Outcome", null, ["Id"]);
        var scaled = Featurizer.Build(ml, dataset.Plan, normalize: true).Fit(dataset.Data).Transform(dataset.Data);
        var raw = Featurizer.Build(ml, dataset.Plan, normalize: false).Fit(dataset.Data).Transform(dataset.Data);
        var features = scaled.GetColumn<VBuffer<float>>(Featurizer.FeaturesColumn).Select(v => v.DenseValues().ToArray()).ToArray();
        var original = raw.GetColumn<VBuffer<float>>(Featurizer.FeaturesColumn).Select(v => v.DenseValues().ToArray()).ToArray();

        // Slots 0-1 are Age and Income, 2-4 the colours' one-hot: centred, population standard deviation 1. The text slots
        // after them are the featurizer's own values, unscaled.
        for (var j = 0; j < 5; j++)
        {
            var column = features.Select(f => (double)f[j]).ToArray();
            var mean = column.Average();
            var std = Math.Sqrt(column.Select(v => (v - mean) * (v - mean)).Average());
            Assert.InRange(mean, -1e-6, 1e-6);
            Assert.InRange(std, 1 - 1e-5, 1 + 1e-5);
        }

        Assert.True(features[0].Length > 10, $"{features[0].Length} slots");
        for (var i = 0; i < features.Length; i++)
        {
            Assert.Equal(original[i][5..], features[i][5..]);
        }
    }

    private static JsonElement References { get; } = JsonDocument.Parse(File.ReadAllText(Reference("references.json"))).RootElement;

    /// <summary>A file of tests/references/linear, found by walking up to the folder holding MlNetHpo.sln.</summary>
    private static string Reference(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "MlNetHpo.sln")))
            {
                return Path.Combine(dir.FullName, "tests", "references", "linear", name);
            }
        }

        throw new DirectoryNotFoundException($"MlNetHpo.sln not found above {AppContext.BaseDirectory}.");
    }

    private JsonElement Search(string dataset, string label, string trainer, string space)
    {
        var output = _data.PathOf("out");
        var (code, stdout, stderr) = Runner.Run("grid", "--dataset", Reference(dataset), "--label-col", label, "--trainer", trainer, "--space", space,
            "--cv", "5", "--output", output);
        Assert.True(code == 0, stderr + stdout);
        return JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "results.json"))).RootElement.Clone();
    }

    private sealed class Row
    {
        [VectorType(2)]
        public float[] Features { get; set; } = [];
    }
}
