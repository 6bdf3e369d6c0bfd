using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace MlNetHpo.Cli.Tests;

public sealed class EndToEndTests : IDisposable
{
    private readonly TestData _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public void GridWritesEveryOutputAndTheModelPredicts()
    {
        var csv = _data.Binary();
        var space = _data.Write("space.json", """{"L2Regularization": [0.01, 1], "L1Regularization": [0.001]}""");
        var output = _data.PathOf("out");
        var (code, stdout, stderr) = Runner.Run("grid", "--dataset", csv, "--label-col", "Outcome", "--trainer", "lbfgs", "--space", space,
            "--cv", "3", "--ignore-cols", "Id", "--output", output);

        Assert.True(code == 0, stderr + stdout);
        Assert.Contains("2 candidates x 3 folds", stdout);
        Assert.Contains("2/2 trials", stdout);
        Assert.Contains("Top 2 of 2 candidates by Accuracy", stdout);
        foreach (var file in new[] { "model.zip", "results.json", "cv_results.csv", "report.html" })
        {
            Assert.True(File.Exists(Path.Combine(output, file)), file);
        }

        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "results.json")));
        var root = json.RootElement;
        Assert.Equal("binary", root.GetProperty("task").GetString());
        Assert.Equal("Accuracy", root.GetProperty("metric").GetString());
        Assert.Equal(JsonValueKind.Object, root.GetProperty("best_parameters").ValueKind);
        Assert.InRange(root.GetProperty("best_score").GetDouble(), 0.7, 1.0);
        Assert.False(root.TryGetProperty("test_score", out _));
        var candidates = root.GetProperty("candidates").EnumerateArray().ToList();
        Assert.Equal(2, candidates.Count);
        foreach (var c in candidates)
        {
            Assert.Equal(JsonValueKind.Object, c.GetProperty("parameters").ValueKind);
            Assert.Equal(3, c.GetProperty("split_scores").GetArrayLength());
            Assert.Equal(JsonValueKind.Number, c.GetProperty("mean_score").ValueKind);
            Assert.Equal(JsonValueKind.Number, c.GetProperty("std_score").ValueKind);
            Assert.InRange(c.GetProperty("rank").GetInt32(), 1, 2);
            Assert.Equal(JsonValueKind.Null, c.GetProperty("error").ValueKind);
        }

        Assert.StartsWith("candidate,params,", File.ReadAllText(Path.Combine(output, "cv_results.csv")));
        var html = File.ReadAllText(Path.Combine(output, "report.html"));
        Assert.Contains("<svg", html);
        Assert.DoesNotContain("http://", html.Replace("http://www.w3.org/2000/svg", string.Empty));
        Assert.DoesNotContain("https://", html);

        var ml = new MLContext(0);
        var model = ml.Model.Load(Path.Combine(output, "model.zip"), out _);
        var rows = ml.Data.LoadFromEnumerable(new[]
        {
            new BinaryRow { Age = 30, Income = 50, Color = "red", Review = "great lovely excellent nice fine great said the customer" },
            new BinaryRow { Age = float.NaN, Income = 45, Color = "purple", Review = "awful terrible poor boring bad awful said the customer" },
        });
        var predicted = model.Transform(rows).GetColumn<bool>("PredictedLabel").ToArray();
        Assert.Equal([true, false], predicted);
    }

    [Fact]
    public void RandomWithTestSetOnOurLogisticRegression()
    {
        var csv = _data.NumericBinary();
        var test = _data.NumericBinary("test.csv", rows: 40, seed: 9);
        var output = _data.PathOf("out");
        var (code, stdout, stderr) = Runner.Run("random", "--dataset", csv, "--label-col", "label", "--trainer", "lr",
            "--iterations", "4", "--seed", "7", "--cv", "3", "--test-dataset", test, "--output", output);

        Assert.True(code == 0, stderr + stdout);
        Assert.Contains("Random search: lr", stdout);
        Assert.Contains("Test Accuracy on", stdout);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "results.json")));
        Assert.Equal(4, json.RootElement.GetProperty("candidates").GetArrayLength());
        Assert.InRange(json.RootElement.GetProperty("test_score").GetDouble(), 0.75, 1.0);
        var ml = new MLContext(0);
        var model = ml.Model.Load(Path.Combine(output, "model.zip"), out _);
        var rows = ml.Data.LoadFromEnumerable(new[] { new NumericRow { X1 = 2, X2 = 2 }, new NumericRow { X1 = -2, X2 = -2 } });
        Assert.Equal([true, false], model.Transform(rows).GetColumn<bool>("PredictedLabel").ToArray());
    }

    [Fact]
    public void MulticlassIsInferredAndTheModelPredictsClassNames()
    {
        var csv = _data.Multiclass();
        var output = _data.PathOf("out");
        var space = _data.Write("space.json", """[{"L2Regularization": [0.1]}]""");
        var (code, stdout, stderr) = Runner.Run("grid", "--dataset", csv, "--label-col", "Species", "--space", space, "--cv", "3", "--output", output);

        Assert.True(code == 0, stderr + stdout);
        Assert.Contains("multiclass classification (inferred: the label is text with 3 distinct values)", stdout);
        Assert.Contains("by MicroAccuracy", stdout);
        var ml = new MLContext(0);
        var model = ml.Model.Load(Path.Combine(output, "model.zip"), out _);
        var rows = ml.Data.LoadFromEnumerable(new[] { new NumericRow { X1 = 0.4f, X2 = 2.4f }, new NumericRow { X1 = 2.4f, X2 = 0.4f } });
        var predicted = model.Transform(rows).GetColumn<ReadOnlyMemory<char>>("PredictedLabel").Select(v => v.ToString()).ToArray();
        Assert.Equal(["a", "c"], predicted);
    }

    [Fact]
    public void RegressionIsInferredWithItsDefaultMetric()
    {
        var csv = _data.Regression();
        var space = _data.Write("space.json", """{"L2Regularization": {"distribution": "loguniform", "min": 1e-4, "max": 1e-2}}""");
        var (code, stdout, stderr) = Runner.Run("grid", "--dataset", csv, "--label-col", "Y", "--space", space, "--points", "2", "--cv", "3");

        Assert.True(code == 0, stderr + stdout);
        Assert.Contains("regression (inferred: the label is numeric", stdout);
        Assert.Contains("2 candidates x 3 folds", stdout);
        Assert.Contains("by RSquared", stdout);
    }

    [Fact]
    public void ColumnsAreTreatedByTheirContent()
    {
        var tsv = _data.Binary("binary.tsv", separator: '\t');
        var space = _data.Write("space.json", """{"L2Regularization": [1]}""");
        var (code, stdout, stderr) = Runner.Run("grid", "--dataset", tsv, "--label-col", "Outcome", "--trainer", "lbfgs", "--space", space,
            "--cv", "2", "--ignore-cols", "Id");

        Assert.True(code == 0, stderr + stdout);
        Assert.Matches(@"Age\s+numeric\s+number, \d+ missing replaced by the mean", stdout);
        Assert.Matches(@"Income\s+numeric", stdout);
        Assert.Matches(@"Color\s+categorical\s+3 distinct values, one-hot encoded", stdout);
        Assert.Matches(@"Review\s+text", stdout);
        Assert.Matches(@"Id\s+ignored\s+named by --ignore-cols", stdout);
        Assert.Matches(@"Outcome\s+label", stdout);
        Assert.Contains("positive class 'yes'", stdout);
    }

    [Fact]
    public void TimeBudgetEndingBeforeAnyTrialIsAClearError()
    {
        var csv = _data.NumericBinary();
        var (code, _, stderr) = Runner.Run("random", "--dataset", csv, "--label-col", "Label", "--trainer", "lbfgs",
            "--iterations", "50", "--cv", "2", "--time", "0.000001");

        Assert.Equal(2, code);
        Assert.Contains("ended before any trial finished", stderr);
    }

    [Fact]
    public void StudyIsRecordedShownAndResumed()
    {
        var csv = _data.NumericBinary();
        var study = _data.PathOf("study.db");
        var space = _data.Write("space.json", """{"L2Regularization": [0.01, 0.1, 1]}""");
        var first = Runner.Run("grid", "--dataset", csv, "--label-col", "Label", "--trainer", "lbfgs", "--space", space, "--cv", "2",
            "--study", study, "--parallel", "2");
        Assert.True(first.Code == 0, first.Err + first.Out);
        Assert.Contains("3/3 trials", first.Out);

        var show = Runner.Run("show", "--study", study);
        Assert.True(show.Code == 0, show.Err);
        Assert.Contains("3 trials recorded", show.Out);
        Assert.Contains("L2Regularization", show.Out);

        var resumed = Runner.Run("resume", "--study", study);
        Assert.True(resumed.Code == 0, resumed.Err + resumed.Out);
        Assert.Contains("Resuming the grid search", resumed.Out);
        Assert.Contains("Top 3 of 3 candidates", resumed.Out);
        Assert.DoesNotContain(" trials,", resumed.Out); // nothing left to run: no progress line

        var missing = Runner.Run("show", "--study", _data.PathOf("none.db"));
        Assert.Equal(2, missing.Code);
        Assert.Contains("does not exist", missing.Err);
    }

    private sealed class BinaryRow
    {
        public float Age { get; set; }

        public float Income { get; set; }

        public string Color { get; set; } = string.Empty;

        public string Review { get; set; } = string.Empty;
    }

    private sealed class NumericRow
    {
        public float X1 { get; set; }

        public float X2 { get; set; }
    }
}
