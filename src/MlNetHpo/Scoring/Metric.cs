using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetHpo.AutoML;

namespace MlNetHpo.Scoring;

/// <summary>The kind of prediction a search tunes for; decides the evaluator, the metrics and the default folds.</summary>
public enum SearchTask
{
    /// <summary>Two classes, Boolean label.</summary>
    BinaryClassification,

    /// <summary>Several classes, key-typed label.</summary>
    MulticlassClassification,

    /// <summary>A real-valued label.</summary>
    Regression,
}

/// <summary>
/// A metric of one task with its direction. Converts implicitly from <see cref="BinaryClassificationMetric"/>,
/// <see cref="MulticlassClassificationMetric"/> and <see cref="RegressionMetric"/>, so a search takes
/// <c>metric: BinaryClassificationMetric.AreaUnderRocCurve</c> as it is.
/// </summary>
public sealed class Metric : IEquatable<Metric>
{
    private readonly Func<object, double> _pick;

    private Metric(SearchTask task, string name, bool higherIsBetter, Func<object, double> pick, Func<ConfusionCounts, double>? fromCounts = null)
    {
        (Task, Name, HigherIsBetter, _pick, FromCounts) = (task, name, higherIsBetter, pick, fromCounts);
    }

    /// <summary>For binary metrics that depend on the predicted labels alone: the metric from the confusion counts.</summary>
    internal Func<ConfusionCounts, double>? FromCounts { get; }

    /// <summary>The task the metric belongs to.</summary>
    public SearchTask Task { get; }

    /// <summary>The metric's name, as in ML.NET's metrics classes (e.g. "Accuracy").</summary>
    public string Name { get; }

    /// <summary>True when a larger value is a better model.</summary>
    public bool HigherIsBetter { get; }

    /// <summary>The binary classification metric <paramref name="metric"/>.</summary>
    public static implicit operator Metric(BinaryClassificationMetric metric) => metric switch
    {
        BinaryClassificationMetric.Accuracy => Binary(metric, m => m.Accuracy, counts: c => (c.TruePositive + c.TrueNegative) / c.Total),
        BinaryClassificationMetric.AreaUnderRocCurve => Binary(metric, m => m.AreaUnderRocCurve),
        BinaryClassificationMetric.AreaUnderPrecisionRecallCurve => Binary(metric, m => m.AreaUnderPrecisionRecallCurve),
        BinaryClassificationMetric.F1Score => Binary(metric, m => m.F1Score, counts: c => ConfusionCounts.F1(c.PositivePrecision, c.PositiveRecall)),
        BinaryClassificationMetric.PositivePrecision => Binary(metric, m => m.PositivePrecision, counts: c => c.PositivePrecision),
        BinaryClassificationMetric.PositiveRecall => Binary(metric, m => m.PositiveRecall, counts: c => c.PositiveRecall),
        BinaryClassificationMetric.NegativePrecision => Binary(metric, m => m.NegativePrecision, counts: c => ConfusionCounts.Ratio(c.TrueNegative, c.TrueNegative + c.FalseNegative)),
        BinaryClassificationMetric.NegativeRecall => Binary(metric, m => m.NegativeRecall, counts: c => ConfusionCounts.Ratio(c.TrueNegative, c.TrueNegative + c.FalsePositive)),
        BinaryClassificationMetric.LogLoss => Binary(metric, m => Calibrated(m, metric).LogLoss, higherIsBetter: false),
        BinaryClassificationMetric.LogLossReduction => Binary(metric, m => Calibrated(m, metric).LogLossReduction),
        _ => throw new ArgumentOutOfRangeException(nameof(metric), metric, "Unknown binary classification metric."),
    };

    /// <summary>The multiclass classification metric <paramref name="metric"/>.</summary>
    public static implicit operator Metric(MulticlassClassificationMetric metric) => metric switch
    {
        MulticlassClassificationMetric.MicroAccuracy => Multiclass(metric, m => m.MicroAccuracy),
        MulticlassClassificationMetric.MacroAccuracy => Multiclass(metric, m => m.MacroAccuracy),
        MulticlassClassificationMetric.LogLoss => Multiclass(metric, m => m.LogLoss, higherIsBetter: false),
        MulticlassClassificationMetric.LogLossReduction => Multiclass(metric, m => m.LogLossReduction),
        MulticlassClassificationMetric.TopKAccuracy => Multiclass(metric, m => m.TopKAccuracy),
        _ => throw new ArgumentOutOfRangeException(nameof(metric), metric, "Unknown multiclass classification metric."),
    };

    /// <summary>The regression metric <paramref name="metric"/>.</summary>
    public static implicit operator Metric(RegressionMetric metric) => metric switch
    {
        RegressionMetric.RSquared => Regression(metric, m => m.RSquared, higherIsBetter: true),
        RegressionMetric.RootMeanSquaredError => Regression(metric, m => m.RootMeanSquaredError),
        RegressionMetric.MeanSquaredError => Regression(metric, m => m.MeanSquaredError),
        RegressionMetric.MeanAbsoluteError => Regression(metric, m => m.MeanAbsoluteError),
        RegressionMetric.LossFunction => Regression(metric, m => m.LossFunction),
        _ => throw new ArgumentOutOfRangeException(nameof(metric), metric, "Unknown regression metric."),
    };

    /// <summary>The default metric of a task: Accuracy, MicroAccuracy or RSquared.</summary>
    public static Metric DefaultFor(SearchTask task) => task switch
    {
        SearchTask.BinaryClassification => BinaryClassificationMetric.Accuracy,
        SearchTask.MulticlassClassification => MulticlassClassificationMetric.MicroAccuracy,
        _ => RegressionMetric.RSquared,
    };

    /// <summary>Every metric of <paramref name="task"/>.</summary>
    public static IReadOnlyList<Metric> All(SearchTask task) => task switch
    {
        SearchTask.BinaryClassification => [.. Enum.GetValues<BinaryClassificationMetric>().Select(m => (Metric)m)],
        SearchTask.MulticlassClassification => [.. Enum.GetValues<MulticlassClassificationMetric>().Select(m => (Metric)m)],
        _ => [.. Enum.GetValues<RegressionMetric>().Select(m => (Metric)m)],
    };

    /// <summary>The metric of <paramref name="task"/> called <paramref name="name"/> (case-insensitive).</summary>
    /// <exception cref="ArgumentException">No such metric; the message lists the task's metrics.</exception>
    public static Metric Parse(SearchTask task, string name) =>
        All(task).FirstOrDefault(m => string.Equals(m.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"'{name}' is not a {Describe(task)} metric. Valid metrics: {string.Join(", ", All(task).Select(m => m.Name))}.", nameof(name));

    /// <summary>
    /// The metric on scored rows: the output of a model's <c>Transform</c> (a search result's included), e.g. a test set's
    /// score with the metric the search ranked by.
    /// </summary>
    /// <param name="predictions">Rows with the label and the columns the task's evaluator reads (Score, PredictedLabel, Probability).</param>
    /// <param name="labelColumnName">The label column.</param>
    /// <exception cref="ArgumentException">A column the evaluator needs is missing or of the wrong type.</exception>
    public double Evaluate(IDataView predictions, string labelColumnName = "Label")
    {
        ArgumentNullException.ThrowIfNull(predictions);
        return new Scorer(Task, [this], labelColumnName).Score(predictions)[0];
    }

    /// <summary>
    /// The loss a plain <see cref="AutoML.ITrialRunner"/> returns (lower is better), which ranks its trials as AutoML does; it
    /// labels the results of <paramref name="task"/> and is never evaluated on predictions.
    /// </summary>
    internal static Metric Loss(SearchTask task) =>
        new(task, "Loss", higherIsBetter: false, _ => throw new NotSupportedException("The loss comes from the trial runner; it is not computed from predictions."));

    /// <summary>The metric's value in an ML.NET metrics object of its task.</summary>
    internal double Pick(object metrics) => _pick(metrics);

    /// <summary>"binary classification", "multiclass classification" or "regression".</summary>
    internal static string Describe(SearchTask task) => task switch
    {
        SearchTask.BinaryClassification => "binary classification",
        SearchTask.MulticlassClassification => "multiclass classification",
        _ => "regression",
    };

    /// <inheritdoc/>
    public bool Equals(Metric? other) => other is not null && other.Task == Task && other.Name == Name;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as Metric);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Task, Name);

    /// <inheritdoc/>
    public override string ToString() => Name;

    private static Metric Binary(BinaryClassificationMetric metric, Func<BinaryClassificationMetrics, double> pick, bool higherIsBetter = true, Func<ConfusionCounts, double>? counts = null) =>
        new(SearchTask.BinaryClassification, metric.ToString(), higherIsBetter, m => pick((BinaryClassificationMetrics)m), counts);

    private static Metric Multiclass(MulticlassClassificationMetric metric, Func<MulticlassClassificationMetrics, double> pick, bool higherIsBetter = true) =>
        new(SearchTask.MulticlassClassification, metric.ToString(), higherIsBetter, m => pick((MulticlassClassificationMetrics)m));

    private static Metric Regression(RegressionMetric metric, Func<RegressionMetrics, double> pick, bool higherIsBetter = false) =>
        new(SearchTask.Regression, metric.ToString(), higherIsBetter, m => pick((RegressionMetrics)m));

    private static CalibratedBinaryClassificationMetrics Calibrated(BinaryClassificationMetrics metrics, BinaryClassificationMetric metric) =>
        metrics as CalibratedBinaryClassificationMetrics ?? throw new InvalidOperationException(
            $"The metric {metric} needs a Probability column, which this model does not produce: choose a calibrated trainer or another metric.");
}

/// <summary>
/// A binary confusion matrix, enough for the metrics that look at predicted labels only: counting it in one pass costs a
/// fraction of ML.NET's evaluator, which also sorts scores for the curves (most of a small search's time).
/// </summary>
internal readonly record struct ConfusionCounts(double TruePositive, double FalsePositive, double TrueNegative, double FalseNegative)
{
    public double Total => TruePositive + FalsePositive + TrueNegative + FalseNegative;

    public double PositivePrecision => Ratio(TruePositive, TruePositive + FalsePositive);

    public double PositiveRecall => Ratio(TruePositive, TruePositive + FalseNegative);

    // As ML.NET's evaluator: an empty denominator gives 0, not NaN.
    public static double Ratio(double numerator, double denominator) => denominator > 0 ? numerator / denominator : 0;

    public static double F1(double precision, double recall) => precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0;
}
