namespace MlNetHpo.Trainers;

/// <summary>The regularization term of <see cref="LogisticRegressionTrainer"/>, as scikit-learn's <c>penalty</c>.</summary>
public enum Penalty
{
    /// <summary>Lasso: <c>|w|_1</c> (scikit-learn <c>"l1"</c>).</summary>
    L1,

    /// <summary>Ridge: <c>0.5 |w|^2</c> (scikit-learn <c>"l2"</c>, the default).</summary>
    L2,

    /// <summary><c>r |w|_1 + (1 - r) / 2 |w|^2</c> with <c>r = L1Ratio</c> (scikit-learn <c>"elasticnet"</c>, saga only).</summary>
    ElasticNet,

    /// <summary>No penalty; <c>C</c> is ignored (scikit-learn <c>"none"</c> or <c>None</c>).</summary>
    None,
}
