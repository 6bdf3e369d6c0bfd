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

    [Fact]
    public void OurLogisticRegressionCountsItsOwnDecisionsAsMlNetsPredictionsAreCounted()
    {
        // A search scores every fit of our LogisticRegression from its double-precision solution on rows read once per fold
        // (no ML.NET prediction pipeline per fit): on Titanic the counts equal those of the emitted ML.NET model's predictions.
        var ml = new MLContext(0);
        var (data, features) = TitanicData.Load(ml, SharedData.TitanicTrain("tutorial-2023"));
        var split = ml.Data.TrainTestSplit(data, testFraction: 0.3, seed: 1);
        var featurizer = TitanicData.Features(ml, features).Fit(split.TrainSet);
        var (train, test) = (featurizer.Transform(split.TrainSet), featurizer.Transform(split.TestSet));
        var scorer = new Scorer(SearchTask.BinaryClassification, LabelMetrics);
        foreach (var c in new[] { 0.001, 0.1, 10.0 })
        {
            var model = ml.BinaryClassification.Trainers.LogisticRegression(new MlNetHpo.Trainers.LogisticRegressionOptions { C = c }).FitModel(train);

            Assert.NotNull(((IConfusionCounter)model).Count(test, "Label")); // counted by the model, not through its predictions
            var counted = scorer.Score(model, test);

            Assert.Equal(scorer.Score(model.Transform(test)), counted);
        }
    }

    [Fact]
    public void RowsOurLogisticRegressionCannotReadAreScoredThroughItsPredictions()
    {
        // A non-finite feature makes the rows unreadable as a problem: the model's ML.NET predictions are scored instead.
        var ml = new MLContext(0);
        var rows = ml.Data.LoadFromEnumerable(Enumerable.Range(0, 40).Select(i => new Row { Label = i % 2 == 0, Features = [i % 2 == 0 ? 1f : -1f, i] }));
        var model = ml.BinaryClassification.Trainers.LogisticRegression(new MlNetHpo.Trainers.LogisticRegressionOptions()).FitModel(rows);
        var withNaN = ml.Data.LoadFromEnumerable(new[] { new Row { Label = true, Features = [float.NaN, 1] }, new Row { Label = true, Features = [1, 3] }, new Row { Label = false, Features = [-1, 2] } });
        var scorer = new Scorer(SearchTask.BinaryClassification, [BinaryClassificationMetric.Accuracy]);

        Assert.Null(((IConfusionCounter)model).Count(withNaN, "Label"));
        Assert.Equal(scorer.Score(model.Transform(withNaN)), scorer.Score(model, withNaN));
    }

    [Fact]
    public void WideRowsAreCountedFromTheirSparseRows()
    {
        // Text features (thousands of sparse slots) are read as sparse rows, never copied dense, and counted as predicted.
        var ml = new MLContext(0);
        var rows = ml.Data.LoadFromEnumerable(Enumerable.Range(0, 40).Select(i => new WideRow
        {
            Label = i % 2 == 0,
            Features = [.. Enumerable.Range(0, 100).Select(j => j == i % 7 ? (i % 2 == 0 ? 1f : -1f) : 0f)],
        }));
        var model = ml.BinaryClassification.Trainers.LogisticRegression(new MlNetHpo.Trainers.LogisticRegressionOptions()).FitModel(rows);
        var scorer = new Scorer(SearchTask.BinaryClassification, [BinaryClassificationMetric.Accuracy]);

        Assert.NotNull(((IConfusionCounter)model).Count(rows, "Label"));
        Assert.Equal(scorer.Score(model.Transform(rows)), scorer.Score(model, rows));
    }

    private sealed class WideRow
    {
        public bool Label { get; set; }

        [Microsoft.ML.Data.VectorType(100)]
        public float[] Features { get; set; } = [];
    }

    private sealed class Row
    {
        public bool Label { get; set; }

        [Microsoft.ML.Data.VectorType(2)]
        public float[] Features { get; set; } = [];
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
