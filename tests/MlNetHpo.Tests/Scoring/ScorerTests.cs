using Microsoft.ML;
using MlNetHpo.Scoring;
using MlNetHpo.AutoML;

namespace MlNetHpo.Tests.Scoring;

public class ScorerTests
{
    private static readonly Metric[] LabelMetrics =
    [
        BinaryClassificationMetric.Accuracy, BinaryClassificationMetric.F1Score, BinaryClassificationMetric.PositivePrecision,
        BinaryClassificationMetric.PositiveRecall, BinaryClassificationMetric.NegativePrecision, BinaryClassificationMetric.NegativeRecall,
    ];

    [Theory]
    [InlineData(0.0)] // every row predicted negative: empty precision denominators
    [InlineData(0.5)]
    [InlineData(1.0)] // every row predicted positive
    public void CountedMetricsEqualMlNetsEvaluator(double threshold)
    {
        var random = new Random(3);
        var rows = Enumerable.Range(0, 300).Select(_ =>
        {
            var label = random.NextDouble() < 0.4;
            var score = (float)((label ? 0.3 : -0.3) + random.NextDouble() - 0.5);
            return new Prediction { Label = label, Score = score, PredictedLabel = threshold switch { 0.0 => false, 1.0 => true, _ => score > 0 } };
        }).ToArray();
        var predictions = new MLContext(0).Data.LoadFromEnumerable(rows);

        var counted = new Scorer(SearchTask.BinaryClassification, LabelMetrics).Score(predictions);
        // AreaUnderRocCurve needs the evaluator, so this scorer takes ML.NET's path for every metric.
        var evaluated = new Scorer(SearchTask.BinaryClassification, [.. LabelMetrics, BinaryClassificationMetric.AreaUnderRocCurve]).Score(predictions);

        Assert.Equal(evaluated[..LabelMetrics.Length], counted, new ToleranceComparer(1e-12));
    }

    [Fact]
    public void AMetricEvaluatesScoredRowsAsMlNetsEvaluatorDoes()
    {
        var random = new Random(4);
        var rows = Enumerable.Range(0, 200).Select(_ =>
        {
            var label = random.NextDouble() < 0.4;
            var score = (float)((label ? 0.3 : -0.3) + random.NextDouble() - 0.5);
            return new Prediction { Label = label, Score = score, PredictedLabel = score > 0 };
        }).ToArray();
        var ml = new MLContext(0);
        var predictions = ml.Data.LoadFromEnumerable(rows);

        var expected = ml.BinaryClassification.EvaluateNonCalibrated(predictions);
        Assert.Equal(expected.Accuracy, ((Metric)BinaryClassificationMetric.Accuracy).Evaluate(predictions), 12);
        Assert.Equal(expected.AreaUnderRocCurve, ((Metric)BinaryClassificationMetric.AreaUnderRocCurve).Evaluate(predictions), 12);
    }

    private sealed class Prediction
    {
        public bool Label { get; set; }

        public float Score { get; set; }

        public bool PredictedLabel { get; set; }
    }

    private sealed class ToleranceComparer(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= tolerance || (double.IsNaN(x) && double.IsNaN(y));

        public int GetHashCode(double obj) => 0;
    }
}
