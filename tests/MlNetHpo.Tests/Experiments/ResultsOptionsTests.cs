using System.Globalization;
using System.Text.Json;
using Microsoft.ML;
using MlNetHpo.Experiments;
using MlNetHpo.Scoring;
using MlNetHpo.AutoML;
using MlNetHpo.Tests.Trainers;
using MlNetHpo.Trainers;
using MlNetHpo.Validation;

namespace MlNetHpo.Tests.Experiments;

/// <summary>
/// ReturnTrainScore, a numeric ErrorScore and scikit-learn's neg_ signs, against the GridSearchCV tables of
/// tests/references/results/generate.py (Ridge on diabetes, KFold(3)): the CSV's columns carry scikit-learn's names and values.
/// </summary>
public class ResultsOptionsTests
{
    private static readonly MLContext Ml = new(0);

    private static readonly Lazy<JsonElement> References = new(() =>
        JsonDocument.Parse(File.ReadAllText(LinearReferences.PathOf(Path.Combine("..", "results", "references.json")))).RootElement);

    [Fact]
    public void TrainScoresInScikitLearnSignsMatchGridSearchCvWithReturnTrainScore()
    {
        var reference = References.Value.GetProperty("train_scores");
        var result = Search(reference, RegressionMetric.MeanSquaredError, new SearchOptions { ReturnTrainScore = true });

        AssertColumnsMatch(reference, result.ToCsv(scikitLearnSigns: true));
        Assert.Equal(reference.GetProperty("best_index").GetInt32(), result.BestIndex);
        Assert.Equal(-reference.GetProperty("best_score").GetDouble(), result.BestScore, 1e-6 * Math.Abs(result.BestScore));

        // Without the flag, the same table keeps ML.NET's signs: mean squared errors are positive.
        var plain = Csv(result.ToCsv());
        Assert.All(plain["mean_test_score"], v => Assert.True(v > 0));
        Assert.All(plain["mean_train_score"], v => Assert.True(v > 0));
    }

    [Fact]
    public void ErrorScoreZeroScoresEveryFailedFitZeroAsGridSearchCvDoes()
    {
        var reference = References.Value.GetProperty("error_score");
        var result = Search(reference, RegressionMetric.RSquared, new SearchOptions { ReturnTrainScore = true, ErrorScore = 0 });

        AssertColumnsMatch(reference, result.ToCsv(scikitLearnSigns: true));
        Assert.Equal(reference.GetProperty("best_index").GetInt32(), result.BestIndex);
        var failed = result.Candidates[0];
        Assert.Equal(3, failed.FailedFolds);
        Assert.True(failed.Failed);
        Assert.Equal(new[] { 0.0, 0.0, 0.0 }, failed.SplitScores);
        Assert.StartsWith("3 fits failed out of a total of 9 (1 of 3 candidates).", result.FailureSummary);
        Assert.Contains("3 fits failed out of a total of 9. The score on these train-test partitions for these parameters will be set to 0 (see FailureSummary).", result.Warnings);
        Assert.Equal(reference.GetProperty("warnings")[0].GetString(), result.Warnings.Single(w => w.Contains("fits failed")).Split(". ")[0] + ".");
    }

    [Fact]
    public void ScikitLearnNamesNegateErrorMetricsOnly()
    {
        Assert.Equal("neg_mean_squared_error", SearchResult.ScikitLearnName(RegressionMetric.MeanSquaredError));
        Assert.Equal("neg_root_mean_squared_error", SearchResult.ScikitLearnName(RegressionMetric.RootMeanSquaredError));
        Assert.Equal("neg_mean_absolute_error", SearchResult.ScikitLearnName(RegressionMetric.MeanAbsoluteError));
        Assert.Equal("neg_log_loss", SearchResult.ScikitLearnName(BinaryClassificationMetric.LogLoss));
        Assert.Equal("r_squared", SearchResult.ScikitLearnName(RegressionMetric.RSquared));
    }

    [Fact]
    public void AdditionalErrorMetricsGetNegNamesAndNegatedValues()
    {
        var reference = References.Value.GetProperty("train_scores");
        var options = new SearchOptions();
        options.AdditionalMetrics.Add(RegressionMetric.MeanAbsoluteError);
        var result = Search(reference, RegressionMetric.RSquared, options);

        var signed = Csv(result.ToCsv(scikitLearnSigns: true));
        var plain = Csv(result.ToCsv());
        Assert.Equal(plain["mean_test_MeanAbsoluteError"].Select(v => -v), signed["mean_test_neg_mean_absolute_error"]);
        Assert.Equal(plain["std_test_MeanAbsoluteError"], signed["std_test_neg_mean_absolute_error"]);
        Assert.Equal(plain["mean_test_score"], signed["mean_test_score"]); // R-squared: higher is better, unchanged
        Assert.DoesNotContain(signed.Keys, k => k.Contains("train"));
    }

    private static SearchResult Search(JsonElement reference, Metric metric, SearchOptions options) =>
        Ml.Regression.GridSearch(
            null,
            (RidgeOptions o) => Ml.Regression.Trainers.Ridge(o),
            new ParameterGrid { ["Alpha"] = [.. reference.GetProperty("alpha").EnumerateArray().Select(a => (object)a.GetDouble())] },
            metric,
            Folds.KFold(3),
            options: options).Fit(LinearReferences.Load(Ml, "diabetes"));

    /// <summary>Every reference column is in the CSV under its name, with its values (float32 predictions: relative 1e-6).</summary>
    private static void AssertColumnsMatch(JsonElement reference, string csv)
    {
        var ours = Csv(csv);
        foreach (var column in reference.GetProperty("columns").EnumerateObject())
        {
            Assert.True(ours.ContainsKey(column.Name), $"no column {column.Name}");
            var expected = column.Value.EnumerateArray().Select(v => v.GetDouble()).ToArray();
            var actual = ours[column.Name];
            Assert.Equal(expected.Length, actual.Length);
            for (var c = 0; c < expected.Length; c++)
            {
                var tolerance = column.Name.StartsWith("rank_", StringComparison.Ordinal) ? 0 : 1e-6 * Math.Max(1, Math.Abs(expected[c]));
                Assert.True(Math.Abs(expected[c] - actual[c]) <= tolerance, $"{column.Name}[{c}]: expected {expected[c]}, got {actual[c]}");
            }
        }
    }

    /// <summary>The numeric columns of a CSV without quoted cells holding commas in the numeric part (params is quoted).</summary>
    private static Dictionary<string, double[]> Csv(string csv)
    {
        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var header = lines[0].Split(',');
        var rows = lines.Skip(1).Select(SplitRow).ToArray();
        return header.Select((name, i) => (name, i))
            .Where(h => h.name.StartsWith("mean_", StringComparison.Ordinal) || h.name.StartsWith("std_", StringComparison.Ordinal)
                || h.name.StartsWith("rank_", StringComparison.Ordinal) || h.name.StartsWith("split", StringComparison.Ordinal))
            .ToDictionary(h => h.name, h => rows.Select(r => double.Parse(r[h.i], CultureInfo.InvariantCulture)).ToArray());
    }

    private static string[] SplitRow(string line)
    {
        var cells = new List<string>();
        var cell = new System.Text.StringBuilder();
        var quoted = false;
        foreach (var ch in line.TrimEnd('\r'))
        {
            if (ch == '"')
            {
                quoted = !quoted;
            }
            else if (ch == ',' && !quoted)
            {
                cells.Add(cell.ToString());
                cell.Clear();
            }
            else
            {
                cell.Append(ch);
            }
        }

        cells.Add(cell.ToString());
        return [.. cells];
    }
}
