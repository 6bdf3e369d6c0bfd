using Microsoft.ML.SearchSpace;
using MlNetHpo.AutoML;

namespace MlNetHpo.Trainers;

/// <summary>
/// Options of <see cref="LogisticRegressionTrainer"/>, with scikit-learn's <c>LogisticRegression</c> meaning and defaults
/// (version 1.2.1): minimize <c>C * sum_i w_i * logloss_i + penalty(coefficients)</c>.
/// The search-space attributes let an AutoML-style search space be read from this class.
/// </summary>
public sealed class LogisticRegressionOptions : Sweeping.IModelKey
{
    /// <summary>Inverse of regularization strength (scikit-learn <c>C</c>); must be positive. Ignored with <see cref="Penalty.None"/>.</summary>
    [Range(1e-4, 1e4, 1.0, true)]
    public double C { get; set; } = 1.0;

    /// <summary>The regularization term (scikit-learn <c>penalty</c>). Default <see cref="Trainers.Penalty.L2"/>.</summary>
    [Choice(new object[] { "l1", "l2", "elasticnet", "none" }, "l2")]
    public Penalty Penalty { get; set; } = Penalty.L2;

    /// <summary>The scikit-learn solver (scikit-learn <c>solver</c>); decides which penalties are allowed. Default <see cref="Trainers.Solver.Lbfgs"/>.</summary>
    [Choice(new object[] { "newton-cg", "lbfgs", "liblinear", "sag", "saga" }, "lbfgs")]
    public Solver Solver { get; set; } = Solver.Lbfgs;

    /// <summary>Elastic-net mixing ratio in [0, 1] (scikit-learn <c>l1_ratio</c>); required by <see cref="Penalty.ElasticNet"/>, otherwise ignored.</summary>
    public double? L1Ratio { get; set; }

    /// <summary>Maximum number of solver iterations (scikit-learn <c>max_iter</c>, default 100); a warning is recorded when reached without convergence.</summary>
    public int MaximumIterations { get; set; } = 100;

    /// <summary>Tolerance for the stopping criterion (scikit-learn <c>tol</c>, default 1e-4); must be non-negative.</summary>
    public double Tolerance { get; set; } = 1e-4;

    /// <summary>Whether to fit an intercept (scikit-learn <c>fit_intercept</c>, default <see langword="true"/>).</summary>
    public bool FitIntercept { get; set; } = true;

    /// <summary>
    /// How more than two classes are handled (scikit-learn <c>multi_class</c>, default <see cref="Trainers.MultiClass.Auto"/>):
    /// one-vs-rest or multinomial. On the binary catalog, <see cref="Trainers.MultiClass.Multinomial"/> fits the two-class
    /// softmax, as scikit-learn does.
    /// </summary>
    public MultiClass MultiClass { get; set; } = MultiClass.Auto;

    /// <summary>
    /// Per-class weights (scikit-learn <c>class_weight</c>): <see cref="ClassWeight.Balanced"/>, per class, or
    /// <see langword="null"/> (default) for none. Multiplied with the example weights.
    /// </summary>
    public ClassWeight? ClassWeight { get; set; }

    /// <summary>Name of the label column: Boolean on the binary catalog, a key type on the multiclass catalog. Default <c>"Label"</c>.</summary>
    public string LabelColumnName { get; set; } = "Label";

    /// <summary>Name of the feature column: a known-size vector of Single. Default <c>"Features"</c>.</summary>
    public string FeatureColumnName { get; set; } = "Features";

    /// <summary>Name of an optional Single column of example weights (scikit-learn <c>sample_weight</c>); <see langword="null"/> for none.</summary>
    public string? ExampleWeightColumnName { get; set; }

    /// <summary>A copy of these options (the trainer keeps its own copy so later changes to the caller's object do not affect it).</summary>
    /// <returns>A shallow copy.</returns>
    public LogisticRegressionOptions Clone() => (LogisticRegressionOptions)MemberwiseClone();

    /// <summary>
    /// The problem these options solve (objective, intercept handling, stopping rule and columns): every solver but liblinear
    /// shares one optimum here, and C does not matter without a penalty. Null for settings the trainer rejects.
    /// </summary>
    public string? ModelKey() => LogisticRegressionTrainer.ModelKey(this);
}
