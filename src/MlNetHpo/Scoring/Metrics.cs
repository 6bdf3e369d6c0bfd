namespace MlNetHpo.AutoML;

/// <summary>Metrics of ML.NET's binary classification evaluator that a search can optimize.</summary>
public enum BinaryClassificationMetric
{
    /// <summary>Fraction of rows predicted right (higher is better).</summary>
    Accuracy,

    /// <summary>Area under the ROC curve (higher is better).</summary>
    AreaUnderRocCurve,

    /// <summary>Area under the precision-recall curve (higher is better).</summary>
    AreaUnderPrecisionRecallCurve,

    /// <summary>F1 score of the positive class (higher is better).</summary>
    F1Score,

    /// <summary>Precision of the positive class (higher is better).</summary>
    PositivePrecision,

    /// <summary>Recall of the positive class (higher is better).</summary>
    PositiveRecall,

    /// <summary>Precision of the negative class (higher is better).</summary>
    NegativePrecision,

    /// <summary>Recall of the negative class (higher is better).</summary>
    NegativeRecall,

    /// <summary>Log-loss of the predicted probabilities (lower is better; needs a calibrated model).</summary>
    LogLoss,

    /// <summary>Log-loss reduction against the prior (higher is better; needs a calibrated model).</summary>
    LogLossReduction,
}

/// <summary>Metrics of ML.NET's multiclass classification evaluator that a search can optimize.</summary>
public enum MulticlassClassificationMetric
{
    /// <summary>Fraction of rows predicted right (higher is better).</summary>
    MicroAccuracy,

    /// <summary>Accuracy averaged over classes (higher is better).</summary>
    MacroAccuracy,

    /// <summary>Log-loss (lower is better).</summary>
    LogLoss,

    /// <summary>Log-loss reduction against the prior (higher is better).</summary>
    LogLossReduction,

    /// <summary>Top-K accuracy, K as set on the evaluator (higher is better).</summary>
    TopKAccuracy,
}

/// <summary>Metrics of ML.NET's regression evaluator that a search can optimize.</summary>
public enum RegressionMetric
{
    /// <summary>Coefficient of determination (higher is better).</summary>
    RSquared,

    /// <summary>Root mean squared error (lower is better).</summary>
    RootMeanSquaredError,

    /// <summary>Mean squared error (lower is better).</summary>
    MeanSquaredError,

    /// <summary>Mean absolute error (lower is better).</summary>
    MeanAbsoluteError,

    /// <summary>The trainer's loss function, averaged (lower is better).</summary>
    LossFunction,
}
