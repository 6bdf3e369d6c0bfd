using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Trainers;
using MlNetHpo.Sweeping;

namespace MlNetHpo.Trainers;

/// <summary>
/// The least-squares trainers with scikit-learn 1.2.1's semantics (<see cref="LinearRegressionTrainer"/>, <see cref="RidgeTrainer"/>,
/// <see cref="LassoTrainer"/>, <see cref="ElasticNetTrainer"/>): options checked in the constructor with scikit-learn's messages,
/// the data read once per data view in double precision and centred as scikit-learn centres it, the problem solved in double
/// precision, and ML.NET's own linear regression model emitted (<see cref="LeastSquaresModel"/>).
/// </summary>
/// <typeparam name="TOptions">The options type.</typeparam>
public abstract class LeastSquaresTrainer<TOptions> : ITrainerEstimator<LeastSquaresModel, LinearRegressionModelParameters>, ISearchFit
    where TOptions : LeastSquaresOptions
{
    private static readonly TrainerInfo SharedInfo = new MLContext().Regression.Trainers.OnlineGradientDescent().Info;
    private readonly TOptions _options;

    private protected LeastSquaresTrainer(TOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        options.Validate();
    }

    /// <summary>
    /// What this trainer needs: that of ML.NET's other linear regression trainers (TrainerInfo's constructor is internal), whose
    /// models likewise depend on the feature scale through their regularization.
    /// </summary>
    public TrainerInfo Info => SharedInfo;

    /// <summary>A copy of the options this trainer uses.</summary>
    public TOptions Options => (TOptions)_options.Copy();

    /// <summary>The options, validated (not a copy: the solvers only read them).</summary>
    private protected TOptions Settings => _options;

    /// <summary>Checked by the iterative solvers: the context of the catalog the trainer was made from, or of the search's trial.</summary>
    internal FitCancellation Cancellation { get; set; } = FitCancellation.None;

    /// <inheritdoc/>
    IEstimator<ITransformer> ISearchFit.ForSearch(FitCancellation cancellation)
    {
        var trainer = (LeastSquaresTrainer<TOptions>)MemberwiseClone(); // the options are validated and only read: shared
        trainer.Cancellation = cancellation;
        return trainer;
    }

    /// <summary>scikit-learn's estimator name, for messages.</summary>
    private protected abstract string EstimatorName { get; }

    /// <summary>Reads the data, solves the problem and builds the standard ML.NET model.</summary>
    /// <param name="input">Training data with the label, feature and (optional) weight columns.</param>
    /// <returns>The fitted model.</returns>
    /// <exception cref="ArgumentException">A column is missing or of the wrong type, the data is empty, or holds non-finite values.</exception>
    public LeastSquaresModel Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var problem = LeastSquaresProblem.Read(input, _options, EstimatorName);
        var (coefficients, iterations, converged, warnings) = Solve(problem);
        var intercept = _options.FitIntercept ? problem.Intercept(coefficients) : 0.0;
        var (transformer, error) = RegressionModelEmitter.Emit(coefficients, intercept, _options.FeatureColumnName);
        return new LeastSquaresModel(transformer, coefficients, intercept, iterations, converged, warnings, error);
    }

    /// <summary>The schema after the fitted model: the input plus Score.</summary>
    /// <param name="inputSchema">The input schema shape.</param>
    /// <returns>The output schema shape.</returns>
    /// <exception cref="ArgumentException">A required column is missing or of the wrong type.</exception>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        LeastSquaresColumns.Check(inputSchema, _options);
        return new MLContext().Regression.Trainers.OnlineGradientDescent(_options.LabelColumnName, _options.FeatureColumnName).GetOutputSchema(inputSchema);
    }

    /// <summary>Solves the prepared (centred, weighted) problem.</summary>
    private protected abstract (double[] Coefficients, int Iterations, bool Converged, IReadOnlyList<string> Warnings) Solve(LeastSquaresProblem problem);
}

/// <summary>
/// scikit-learn's <c>LinearRegression</c> (ordinary least squares) as an ML.NET regression trainer: the minimum-norm solution of
/// <c>min ||y - Xw||^2</c>, as LAPACK's gelsd gives it (singular values below machine epsilon times the largest count as zero),
/// so collinear features (e.g. one-hot columns with an intercept) get scikit-learn's coefficients.
/// </summary>
public sealed class LinearRegressionTrainer : LeastSquaresTrainer<LinearRegressionOptions>
{
    /// <summary>Creates the trainer.</summary>
    /// <param name="options">The options (copied).</param>
    public LinearRegressionTrainer(LinearRegressionOptions options)
        : base((options ?? throw new ArgumentNullException(nameof(options))).Clone())
    {
    }

    private protected override string EstimatorName => "LinearRegression";

    private protected override (double[], int, bool, IReadOnlyList<string>) Solve(LeastSquaresProblem problem) =>
        (LeastSquares.Solve(problem), 0, true, []);
}

/// <summary>
/// scikit-learn's <c>Ridge</c> (version 1.2.1) as an ML.NET regression trainer: minimizes <c>||y - Xw||^2 + alpha ||w||^2</c>
/// (example-weighted when a weight column is given; intercept unpenalized, by centring) exactly, through an SVD that is computed
/// once per data view and reused for every alpha.
/// </summary>
public sealed class RidgeTrainer : LeastSquaresTrainer<RidgeOptions>
{
    /// <summary>Creates the trainer, rejecting what scikit-learn 1.2.1 rejects.</summary>
    /// <param name="options">The options (copied).</param>
    /// <exception cref="ArgumentException">An invalid value; <see cref="ArgumentException.ParamName"/> names the option.</exception>
    public RidgeTrainer(RidgeOptions options)
        : base((options ?? throw new ArgumentNullException(nameof(options))).Clone())
    {
    }

    private protected override string EstimatorName => "Ridge";

    private protected override (double[], int, bool, IReadOnlyList<string>) Solve(LeastSquaresProblem problem)
    {
        var alpha = Settings.Alpha;
        var coefficients = alpha == 0
            ? LeastSquares.Solve(problem)
            : problem.Svd.Solve(problem.Y, s => s > 1e-15 ? s / ((s * s) + alpha) : 0); // scikit-learn's _solve_svd
        return (coefficients, 0, true, []);
    }
}

/// <summary>
/// scikit-learn's <c>Lasso</c> (version 1.2.1) as an ML.NET regression trainer: minimizes
/// <c>(1 / (2 n)) ||y - Xw||^2 + alpha ||w||_1</c> by scikit-learn's coordinate descent and duality-gap stopping rule.
/// </summary>
public sealed class LassoTrainer : LeastSquaresTrainer<LassoOptions>
{
    /// <summary>Creates the trainer, rejecting what scikit-learn 1.2.1 rejects.</summary>
    /// <param name="options">The options (copied).</param>
    /// <exception cref="ArgumentException">An invalid value; <see cref="ArgumentException.ParamName"/> names the option.</exception>
    public LassoTrainer(LassoOptions options)
        : base((options ?? throw new ArgumentNullException(nameof(options))).Clone())
    {
    }

    private protected override string EstimatorName => "Lasso";

    private protected override (double[], int, bool, IReadOnlyList<string>) Solve(LeastSquaresProblem problem) => ElasticNetSolve.Run(problem, Settings, Cancellation);
}

/// <summary>
/// scikit-learn's <c>ElasticNet</c> (version 1.2.1) as an ML.NET regression trainer: minimizes
/// <c>(1 / (2 n)) ||y - Xw||^2 + alpha * l1_ratio * ||w||_1 + 0.5 * alpha * (1 - l1_ratio) * ||w||^2</c> by scikit-learn's coordinate
/// descent and duality-gap stopping rule (example weights are rescaled to sum to n, as scikit-learn does).
/// </summary>
public sealed class ElasticNetTrainer : LeastSquaresTrainer<ElasticNetOptions>
{
    /// <summary>Creates the trainer, rejecting what scikit-learn 1.2.1 rejects.</summary>
    /// <param name="options">The options (copied).</param>
    /// <exception cref="ArgumentException">An invalid value; <see cref="ArgumentException.ParamName"/> names the option.</exception>
    public ElasticNetTrainer(ElasticNetOptions options)
        : base((options ?? throw new ArgumentNullException(nameof(options))).Clone())
    {
    }

    private protected override string EstimatorName => "ElasticNet";

    private protected override (double[], int, bool, IReadOnlyList<string>) Solve(LeastSquaresProblem problem) => ElasticNetSolve.Run(problem, Settings, Cancellation);
}

/// <summary>Ordinary least squares on a prepared problem: scipy's lstsq (gelsd) cutoff, singular values below eps times the largest.</summary>
internal static class LeastSquares
{
    public static double[] Solve(LeastSquaresProblem problem)
    {
        var svd = problem.Svd;
        var cutoff = double.Epsilon + (2.220446049250313e-16 * svd.Largest);
        return svd.Solve(problem.Y, s => s > cutoff ? 1 / s : 0);
    }
}

/// <summary>Lasso and ElasticNet's fit: scikit-learn's scaling of the penalties, its warnings, and coordinate descent.</summary>
internal static class ElasticNetSolve
{
    public static (double[], int, bool, IReadOnlyList<string>) Run(LeastSquaresProblem problem, CoordinateDescentOptions o, FitCancellation cancellation)
    {
        var warnings = new List<string>();
        if (o.Alpha == 0)
        {
            warnings.Add("UserWarning: With alpha=0, this algorithm does not converge well. You are advised to use the LinearRegression estimator");
        }

        // scikit-learn rescales example weights to sum to n and scales the penalties by n; with our weights left as given, the
        // same problem (up to a constant factor, which the gap and its tolerance share) has penalties scaled by their sum.
        var l1 = o.Alpha * o.MixingRatio * problem.WeightSum;
        var l2 = o.Alpha * (1 - o.MixingRatio) * problem.WeightSum;
        if (l1 == 0 && l2 == 0)
        {
            warnings.Add("UserWarning: Coordinate descent with no regularization may lead to unexpected results and is discouraged.");
        }

        var result = CoordinateDescent.Solve(problem, l1, l2, o.MaximumIterations, o.Tolerance, o.Selection == CoordinateSelection.Random, o.Seed, o.Positive, cancellation);
        if (!result.Converged)
        {
            var message = string.Create(
                CultureInfo.InvariantCulture,
                $"ConvergenceWarning: Objective did not converge. You might want to increase the number of iterations, check the scale of the features or consider increasing regularisation. Duality gap: {Exponent(result.Gap)}, tolerance: {Exponent(result.Tolerance)}");
            if (o.Alpha < 2.220446049250313e-16)
            {
                message += " Linear regression models with null weight for the l1 regularization term are more efficiently fitted using one of the solvers implemented in sklearn.linear_model.Ridge/RidgeCV instead.";
            }

            warnings.Add(message);
        }

        return (result.Coefficients, result.Iterations, result.Converged, warnings);
    }

    /// <summary>Python's <c>{x:.3e}</c>.</summary>
    private static string Exponent(double value) => value.ToString("0.000e+00", CultureInfo.InvariantCulture);
}
