using Microsoft.ML;
using Microsoft.ML.Data;

namespace MlNetHpo.Scoring;

/// <summary>
/// Scores a model's predictions on held-out rows with one of ML.NET's evaluators, and knows whether
/// higher is better. One scorer per task and metric; the search never looks inside.
/// </summary>
public sealed class Scorer
{
    private readonly Func<IDataView, double> _score;

    private Scorer(string name, bool higherIsBetter, bool isClassification, string labelColumnName, Func<IDataView, double> score)
    {
        ArgumentException.ThrowIfNullOrEmpty(labelColumnName);
        (Name, HigherIsBetter, IsClassification, LabelColumnName, _score) = (name, higherIsBetter, isClassification, labelColumnName, score);
    }

    /// <summary>The label column the predictions are scored against (and classification folds are stratified on).</summary>
    public string LabelColumnName { get; }

    /// <summary>The metric's name, e.g. "Accuracy".</summary>
    public string Name { get; }

    /// <summary>True when a larger value is a better model.</summary>
    public bool HigherIsBetter { get; }

    /// <summary>True for classification tasks (which are split with stratified folds by default).</summary>
    public bool IsClassification { get; }

    /// <summary>Scores <paramref name="predictions"/> (a model's output on held-out rows).</summary>
    public double Score(IDataView predictions) => _score(predictions);

    /// <summary>A binary classification scorer. LogLoss and LogLossReduction need a Probability column.</summary>
    public static Scorer Binary(BinaryClassificationMetric metric, string labelColumnName = "Label")
    {
        var catalog = new MLContext().BinaryClassification;
        var needsProbability = metric is BinaryClassificationMetric.LogLoss or BinaryClassificationMetric.LogLossReduction;
        return new Scorer(metric.ToString(), metric != BinaryClassificationMetric.LogLoss, true, labelColumnName, predictions =>
        {
            if (predictions.Schema.GetColumnOrNull("Probability") is null)
            {
                if (needsProbability)
                {
                    throw new InvalidOperationException(
                        $"The metric {metric} needs a Probability column, which this model does not produce: choose a calibrated trainer or another metric.");
                }

                return Pick(catalog.EvaluateNonCalibrated(predictions, labelColumnName), metric);
            }

            return Pick(catalog.Evaluate(predictions, labelColumnName), metric);
        });
    }

    /// <summary>A multiclass classification scorer.</summary>
    public static Scorer Multiclass(MulticlassClassificationMetric metric, string labelColumnName = "Label")
    {
        var catalog = new MLContext().MulticlassClassification;
        return new Scorer(metric.ToString(), metric != MulticlassClassificationMetric.LogLoss, true, labelColumnName, predictions =>
        {
            var m = catalog.Evaluate(predictions, labelColumnName);
            return metric switch
            {
                MulticlassClassificationMetric.MicroAccuracy => m.MicroAccuracy,
                MulticlassClassificationMetric.MacroAccuracy => m.MacroAccuracy,
                MulticlassClassificationMetric.LogLoss => m.LogLoss,
                MulticlassClassificationMetric.LogLossReduction => m.LogLossReduction,
                MulticlassClassificationMetric.TopKAccuracy => m.TopKAccuracy,
                _ => throw new ArgumentOutOfRangeException(nameof(metric), metric, "Unknown multiclass metric."),
            };
        });
    }

    /// <summary>A regression scorer.</summary>
    public static Scorer Regression(RegressionMetric metric, string labelColumnName = "Label")
    {
        var catalog = new MLContext().Regression;
        return new Scorer(metric.ToString(), metric == RegressionMetric.RSquared, false, labelColumnName, predictions =>
        {
            var m = catalog.Evaluate(predictions, labelColumnName);
            return metric switch
            {
                RegressionMetric.RSquared => m.RSquared,
                RegressionMetric.RootMeanSquaredError => m.RootMeanSquaredError,
                RegressionMetric.MeanSquaredError => m.MeanSquaredError,
                RegressionMetric.MeanAbsoluteError => m.MeanAbsoluteError,
                RegressionMetric.LossFunction => m.LossFunction,
                _ => throw new ArgumentOutOfRangeException(nameof(metric), metric, "Unknown regression metric."),
            };
        });
    }

    private static double Pick(BinaryClassificationMetrics m, BinaryClassificationMetric metric) => metric switch
    {
        BinaryClassificationMetric.Accuracy => m.Accuracy,
        BinaryClassificationMetric.AreaUnderRocCurve => m.AreaUnderRocCurve,
        BinaryClassificationMetric.AreaUnderPrecisionRecallCurve => m.AreaUnderPrecisionRecallCurve,
        BinaryClassificationMetric.F1Score => m.F1Score,
        BinaryClassificationMetric.PositivePrecision => m.PositivePrecision,
        BinaryClassificationMetric.PositiveRecall => m.PositiveRecall,
        BinaryClassificationMetric.NegativePrecision => m.NegativePrecision,
        BinaryClassificationMetric.NegativeRecall => m.NegativeRecall,
        BinaryClassificationMetric.LogLoss => ((CalibratedBinaryClassificationMetrics)m).LogLoss,
        BinaryClassificationMetric.LogLossReduction => ((CalibratedBinaryClassificationMetrics)m).LogLossReduction,
        _ => throw new ArgumentOutOfRangeException(nameof(metric), metric, "Unknown binary metric."),
    };
}
