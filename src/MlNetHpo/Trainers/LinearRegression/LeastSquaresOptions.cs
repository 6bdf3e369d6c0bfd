using MlNetHpo.Sweeping;

namespace MlNetHpo.Trainers;

/// <summary>
/// What the least-squares trainers (<see cref="LinearRegressionTrainer"/>, <see cref="RidgeTrainer"/>, <see cref="LassoTrainer"/>,
/// <see cref="ElasticNetTrainer"/>) share: columns and scikit-learn's <c>fit_intercept</c>.
/// </summary>
public abstract class LeastSquaresOptions : IModelKey
{
    private protected LeastSquaresOptions()
    {
    }

    /// <summary>Whether to fit an intercept (scikit-learn <c>fit_intercept</c>, default <see langword="true"/>): X and y are centred on their weighted means first.</summary>
    public bool FitIntercept { get; set; } = true;

    /// <summary>Name of the Single label column. Default <c>"Label"</c>.</summary>
    public string LabelColumnName { get; set; } = "Label";

    /// <summary>Name of the feature column: a known-size vector of Single. Default <c>"Features"</c>.</summary>
    public string FeatureColumnName { get; set; } = "Features";

    /// <summary>Name of an optional Single column of example weights (scikit-learn <c>sample_weight</c>); <see langword="null"/> for none.</summary>
    public string? ExampleWeightColumnName { get; set; }

    /// <summary>
    /// The problem these options solve: equal keys give equal models (e.g. Ridge ignores its Tolerance, and cyclic selection its Seed).
    /// Null for settings the trainer rejects.
    /// </summary>
    public string? ModelKey()
    {
        try
        {
            Validate();
        }
        catch (ArgumentException)
        {
            return null;
        }

        return $"{SolverKey()}|{FitIntercept}|{LabelColumnName}|{FeatureColumnName}|{ExampleWeightColumnName}";
    }

    /// <summary>A shallow copy, whatever the derived type.</summary>
    internal LeastSquaresOptions Copy() => (LeastSquaresOptions)MemberwiseClone();

    /// <summary>scikit-learn 1.2.1's parameter checks, with its messages.</summary>
    /// <exception cref="ArgumentException">An invalid value; <see cref="ArgumentException.ParamName"/> names the option.</exception>
    internal virtual void Validate()
    {
        RequireName(LabelColumnName, nameof(LabelColumnName));
        RequireName(FeatureColumnName, nameof(FeatureColumnName));
        if (ExampleWeightColumnName is not null)
        {
            RequireName(ExampleWeightColumnName, nameof(ExampleWeightColumnName));
        }

        if (LabelColumnName == FeatureColumnName)
        {
            throw new ArgumentException($"The label and feature columns must differ; both are '{LabelColumnName}'.", nameof(FeatureColumnName));
        }
    }

    /// <summary>The settings that decide the solution, besides the intercept and the columns.</summary>
    private protected abstract string SolverKey();

    /// <summary>scikit-learn's <c>InvalidParameterError</c> text for a value outside its interval.</summary>
    private protected static ArgumentException OutOfRange(string estimator, string sklearnName, string expected, string got, string member) =>
        new($"The '{sklearnName}' parameter of {estimator} must be {expected}. Got {got} instead.", member);

    private static void RequireName(string? name, string parameter)
    {
        ArgumentNullException.ThrowIfNull(name, parameter);
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new ArgumentException("A column name must not be empty.", parameter);
        }
    }
}

/// <summary>Options of <see cref="LinearRegressionTrainer"/>: scikit-learn's <c>LinearRegression</c> (ordinary least squares).</summary>
public sealed class LinearRegressionOptions : LeastSquaresOptions
{
    /// <summary>A copy of these options.</summary>
    public LinearRegressionOptions Clone() => (LinearRegressionOptions)MemberwiseClone();

    private protected override string SolverKey() => "ols";
}

/// <summary>
/// Options of <see cref="RidgeTrainer"/>: scikit-learn's <c>Ridge</c> (version 1.2.1), minimizing <c>||y - Xw||^2 + alpha ||w||^2</c>.
/// </summary>
public sealed class RidgeOptions : LeastSquaresOptions
{
    /// <summary>Regularization strength (scikit-learn <c>alpha</c>, default 1); must be non-negative. Alpha 0 is ordinary least squares.</summary>
    public double Alpha { get; set; } = 1.0;

    /// <summary>
    /// scikit-learn <c>max_iter</c> (default null), validated as scikit-learn does (at least 1). Our solver is exact (an SVD: the
    /// optimum of scikit-learn's default Cholesky solver, which ignores this too), so it does not change the model.
    /// </summary>
    public int? MaximumIterations { get; set; }

    /// <summary>scikit-learn <c>tol</c> (default 1e-4), validated (non-negative); ignored by the exact solver, as by scikit-learn's Cholesky one.</summary>
    public double Tolerance { get; set; } = 1e-4;

    /// <summary>A copy of these options.</summary>
    public RidgeOptions Clone() => (RidgeOptions)MemberwiseClone();

    internal override void Validate()
    {
        if (!(Alpha >= 0) || double.IsPositiveInfinity(Alpha))
        {
            throw OutOfRange("Ridge", "alpha", "a float in the range [0, inf)", PythonFormat.Float(Alpha), nameof(Alpha));
        }

        if (MaximumIterations is < 1)
        {
            throw OutOfRange("Ridge", "max_iter", "an int in the range [1, inf) or None", $"{MaximumIterations}", nameof(MaximumIterations));
        }

        if (!(Tolerance >= 0))
        {
            throw OutOfRange("Ridge", "tol", "a float in the range [0, inf)", PythonFormat.Float(Tolerance), nameof(Tolerance));
        }

        base.Validate();
    }

    private protected override string SolverKey() => Alpha == 0 ? "ols" : $"ridge:{PythonFormat.Float(Alpha)}";
}

/// <summary>The order in which coordinate descent updates coefficients (scikit-learn <c>selection</c>).</summary>
public enum CoordinateSelection
{
    /// <summary>Every coefficient in turn (scikit-learn <c>"cyclic"</c>, the default).</summary>
    Cyclic,

    /// <summary>A random coefficient at each step, drawn with <see cref="CoordinateDescentOptions.Seed"/> (scikit-learn <c>"random"</c>).</summary>
    Random,
}

/// <summary>
/// The coordinate-descent options shared by <see cref="LassoOptions"/> and <see cref="ElasticNetOptions"/>, with scikit-learn 1.2.1's
/// names, defaults and checks.
/// </summary>
public abstract class CoordinateDescentOptions : LeastSquaresOptions
{
    private protected CoordinateDescentOptions()
    {
    }

    /// <summary>Regularization strength (scikit-learn <c>alpha</c>, default 1); must be non-negative. On the scale of the target: the loss is half the mean squared error.</summary>
    public double Alpha { get; set; } = 1.0;

    /// <summary>Maximum number of sweeps over the coefficients (scikit-learn <c>max_iter</c>, default 1000); a warning is recorded when reached without convergence.</summary>
    public int MaximumIterations { get; set; } = 1000;

    /// <summary>Tolerance of the stopping rule (scikit-learn <c>tol</c>, default 1e-4): the duality gap must fall below tol times the (centred, weighted) sum of squares of y.</summary>
    public double Tolerance { get; set; } = 1e-4;

    /// <summary>Whether to force the coefficients to be non-negative (scikit-learn <c>positive</c>, default <see langword="false"/>).</summary>
    public bool Positive { get; set; }

    /// <summary>The order of coordinate updates (scikit-learn <c>selection</c>, default cyclic).</summary>
    public CoordinateSelection Selection { get; set; } = CoordinateSelection.Cyclic;

    /// <summary>The seed of random selection (scikit-learn <c>random_state</c>); unused with cyclic selection. Our generator is not numpy's: the same seed gives the same model here, not scikit-learn's sweep order.</summary>
    public int Seed { get; set; }

    /// <summary>The estimator's name in messages ("Lasso" or "ElasticNet").</summary>
    private protected abstract string EstimatorName { get; }

    /// <summary>Checks the mixing ratio, where there is one.</summary>
    private protected virtual void ValidateMixing()
    {
    }

    /// <summary>The mixing ratio actually used (1 for Lasso).</summary>
    internal abstract double MixingRatio { get; }

    internal override void Validate()
    {
        if (!(Alpha >= 0) || double.IsPositiveInfinity(Alpha))
        {
            throw OutOfRange(EstimatorName, "alpha", "a float in the range [0, inf)", PythonFormat.Float(Alpha), nameof(Alpha));
        }

        ValidateMixing(); // scikit-learn checks its parameters in alphabetical order: l1_ratio after alpha

        if (MaximumIterations < 1)
        {
            throw OutOfRange(EstimatorName, "max_iter", "an int in the range [1, inf) or None", $"{MaximumIterations}", nameof(MaximumIterations));
        }

        if (!(Tolerance >= 0) || double.IsPositiveInfinity(Tolerance))
        {
            throw OutOfRange(EstimatorName, "tol", "a float in the range [0, inf)", PythonFormat.Float(Tolerance), nameof(Tolerance));
        }

        if (!Enum.IsDefined(Selection))
        {
            throw OutOfRange(EstimatorName, "selection", "a str among {'cyclic', 'random'}", $"{Selection}", nameof(Selection));
        }

        base.Validate();
    }

    private protected override string SolverKey() =>
        $"cd:{PythonFormat.Float(Alpha)}:{PythonFormat.Float(MixingRatio)}:{MaximumIterations}:{PythonFormat.Float(Tolerance)}:{Positive}:{(Selection == CoordinateSelection.Random ? $"random{Seed}" : "cyclic")}";
}

/// <summary>
/// Options of <see cref="LassoTrainer"/>: scikit-learn's <c>Lasso</c> (version 1.2.1), minimizing
/// <c>(1 / (2 n)) ||y - Xw||^2 + alpha ||w||_1</c>.
/// </summary>
public sealed class LassoOptions : CoordinateDescentOptions
{
    internal override double MixingRatio => 1.0;

    private protected override string EstimatorName => "Lasso";

    /// <summary>A copy of these options.</summary>
    public LassoOptions Clone() => (LassoOptions)MemberwiseClone();
}

/// <summary>
/// Options of <see cref="ElasticNetTrainer"/>: scikit-learn's <c>ElasticNet</c> (version 1.2.1), minimizing
/// <c>(1 / (2 n)) ||y - Xw||^2 + alpha * l1_ratio * ||w||_1 + 0.5 * alpha * (1 - l1_ratio) * ||w||^2</c>.
/// </summary>
public sealed class ElasticNetOptions : CoordinateDescentOptions
{
    /// <summary>The mix of L1 in the penalty (scikit-learn <c>l1_ratio</c>, default 0.5), in [0, 1]: 1 is the Lasso, 0 a ridge penalty.</summary>
    public double L1Ratio { get; set; } = 0.5;

    internal override double MixingRatio => L1Ratio;

    private protected override string EstimatorName => "ElasticNet";

    /// <summary>A copy of these options.</summary>
    public ElasticNetOptions Clone() => (ElasticNetOptions)MemberwiseClone();

    private protected override void ValidateMixing()
    {
        if (!(L1Ratio >= 0 && L1Ratio <= 1))
        {
            throw OutOfRange("ElasticNet", "l1_ratio", "a float in the range [0, 1]", PythonFormat.Float(L1Ratio), nameof(L1Ratio));
        }
    }
}
