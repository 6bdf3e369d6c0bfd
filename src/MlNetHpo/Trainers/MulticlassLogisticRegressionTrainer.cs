using System.Diagnostics;
using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetHpo.Sweeping;

namespace MlNetHpo.Trainers;

/// <summary>
/// scikit-learn's <c>LogisticRegression</c> (1.2.1) for any number of classes, as an ML.NET multiclass estimator: one-vs-rest
/// or multinomial by <see cref="LogisticRegressionOptions.MultiClass"/> (auto = ovr for liblinear or two classes, multinomial
/// otherwise), class weights multiplied into the example weights, and the same objective and accepted combinations as the
/// binary <see cref="LogisticRegressionTrainer"/>. The model is a standard ML.NET multiclass transformer (Score vector of
/// probabilities, key-typed PredictedLabel): ML.NET's maximum-entropy model for multinomial, OneVersusAll of logistic models
/// for ovr.
/// </summary>
public sealed class MulticlassLogisticRegressionTrainer : IEstimator<MulticlassLogisticRegressionModel>, ISearchFit
{
    /// <summary>Above this many features, or below this density, the quasi-Newton path on sparse rows replaces dense Newton.</summary>
    internal const int WideFeatures = 64;

    internal const double SparseDensity = 0.25;

    private readonly LogisticRegressionOptions _options;
    private readonly string[] _configurationWarnings;

    /// <summary>Creates the trainer, rejecting the parameter combinations scikit-learn 1.2.1 rejects.</summary>
    /// <param name="options">The options (copied); the label column must be a key type.</param>
    /// <exception cref="ArgumentException">An invalid value or combination; <see cref="ArgumentException.ParamName"/> names the option.</exception>
    public MulticlassLogisticRegressionTrainer(LogisticRegressionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Clone();
        _configurationWarnings = LogisticRegressionTrainer.Validate(_options);
    }

    /// <summary>A copy of the options this trainer uses.</summary>
    public LogisticRegressionOptions Options => _options.Clone();

    /// <summary>Checked by the solvers: the context of the catalog the trainer was made from, or of the search's trial.</summary>
    internal FitCancellation Cancellation { get; set; } = FitCancellation.None;

    /// <inheritdoc/>
    IEstimator<ITransformer> ISearchFit.ForSearch(FitCancellation cancellation)
    {
        var trainer = (MulticlassLogisticRegressionTrainer)MemberwiseClone(); // options and warnings are read-only: shared
        trainer.Cancellation = cancellation;
        return trainer;
    }

    /// <summary>Reads the data, solves the problem(s), and builds the standard ML.NET model.</summary>
    /// <param name="input">Training data with a key-typed label, the feature and (optional) weight columns.</param>
    /// <returns>The fitted model.</returns>
    /// <exception cref="ArgumentException">A column is missing or of the wrong type, the data is empty, holds one class only, or has non-finite values.</exception>
    public MulticlassLogisticRegressionModel Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var o = _options;
        var data = ClassificationData.Read(input, o, keyLabel: true);
        var classes = data.ClassNames.Length;
        var present = data.Labels.Distinct().Order().ToArray();
        if (present.Length < 2)
        {
            throw new ArgumentException(
                $"This solver needs samples of at least 2 classes in the data, but the data contains only one class: '{data.ClassNames[present[0]]}' (label column '{o.LabelColumnName}').",
                nameof(input));
        }

        var multinomial = LogisticRegressionTrainer.IsMultinomial(o, present.Length);
        var settings = LogisticRegressionTrainer.ToSolverSettings(o);
        var d = data.Rows.Features;
        var weights = new double[classes][];
        var biases = new double[classes];
        var iterations = 0;
        var converged = true;
        var stopwatch = Stopwatch.StartNew();
        if (multinomial)
        {
            // scikit-learn: class weights over the classes present, multiplied into the sample weights.
            var remap = new int[classes];
            for (var k = 0; k < present.Length; k++)
            {
                remap[present[k]] = k;
            }

            var labels = data.Labels.Select(y => remap[y]).ToArray();
            var sampleWeights = Weighted(data, o.ClassWeight, data.Labels, present.Length);
            var result = QuasiNewtonSolver.Solve(
                new ClassProblem(data.Rows, labels, sampleWeights, present.Length), present.Length, settings, LogisticRegressionTrainer.QuasiNewtonIterations(o), Cancellation);
            for (var k = 0; k < present.Length; k++)
            {
                weights[present[k]] = Unpack(result.Theta, present.Length, k, d, out biases[present[k]], o.FitIntercept);
            }

            (iterations, converged) = (result.Iterations, result.Converged);
        }
        else
        {
            var wide = d > WideFeatures || data.Rows.Density < SparseDensity;
            foreach (var k in present)
            {
                var sampleWeights = OvrWeights(data, o, k, present.Length);
                SolverResult result;
                if (wide)
                {
                    var binary = data.Labels.Select(y => y == k ? 1 : 0).ToArray();
                    result = QuasiNewtonSolver.Solve(new ClassProblem(data.Rows, binary, sampleWeights, 2), 1, settings, LogisticRegressionTrainer.QuasiNewtonIterations(o), Cancellation);
                }
                else
                {
                    result = LogisticRegressionSolver.Solve(data.Dense(k, sampleWeights, o.FitIntercept), settings, Cancellation);
                }

                weights[k] = Unpack(result.Theta, 1, 0, d, out biases[k], o.FitIntercept);
                iterations = Math.Max(iterations, result.Iterations);
                converged &= result.Converged;
            }
        }

        var solverTime = stopwatch.Elapsed;

        // Classes of the key type that the data lacks are never predicted: zero coefficients, an intercept of -1e30.
        for (var k = 0; k < classes; k++)
        {
            if (weights[k] is null)
            {
                weights[k] = new double[d];
                biases[k] = -1e30;
            }
        }

        var warnings = new List<string>(_configurationWarnings);
        if (!converged)
        {
            warnings.Add(string.Create(
                CultureInfo.InvariantCulture,
                $"ConvergenceWarning: {o.Solver.ToSklearnName()} failed to converge: the maximum number of iterations ({o.MaximumIterations}) was reached. Increase the number of iterations (MaximumIterations) or scale the data."));
        }

        stopwatch.Restart();
        ITransformer transformer = multinomial
            ? PatchedModelEmitter.Multinomial(input, o.LabelColumnName, o.FeatureColumnName, weights, biases)
            : PatchedModelEmitter.OneVersusRest(input, o.LabelColumnName, o.FeatureColumnName, data.Labels, weights, biases);
        return new MulticlassLogisticRegressionModel(
            transformer, weights, biases, multinomial, iterations, converged, warnings, solverTime, stopwatch.Elapsed);
    }

    /// <summary>The schema after the fitted model: the input plus Score and PredictedLabel.</summary>
    /// <param name="inputSchema">The input schema shape.</param>
    /// <returns>The output schema shape.</returns>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        return new MLContext().MulticlassClassification.Trainers
            .LbfgsMaximumEntropy(_options.LabelColumnName, _options.FeatureColumnName, _options.ExampleWeightColumnName)
            .GetOutputSchema(inputSchema);
    }

    /// <summary>Sample weights times the class weights of each row's class (scikit-learn's multinomial and dict handling).</summary>
    internal static double[] Weighted(ClassificationData data, ClassWeight? classWeight, int[] labels, int presentClasses)
    {
        var weights = (double[])data.SampleWeights.Clone();
        if (classWeight is not null)
        {
            var perClass = classWeight.For(labels, data.ClassNames, presentClasses);
            for (var i = 0; i < weights.Length; i++)
            {
                weights[i] *= perClass[labels[i]];
            }
        }

        return weights;
    }

    /// <summary>
    /// Row weights of the one-vs-rest problem of class <paramref name="positive"/>, as scikit-learn 1.2.1 builds them: a dict
    /// applies to the original classes; "balanced" is computed on the binary labels (lbfgs, newton-cg, sag, saga). liblinear
    /// weighs the positive class by its weight and the rest by 1 when there are more than two classes.
    /// </summary>
    private static double[] OvrWeights(ClassificationData data, LogisticRegressionOptions o, int positive, int presentClasses)
    {
        if (o.ClassWeight is null)
        {
            return data.SampleWeights;
        }

        var weights = (double[])data.SampleWeights.Clone();
        if (o.Solver == Solver.Liblinear && presentClasses > 2)
        {
            var perClass = o.ClassWeight.For(data.Labels, data.ClassNames, presentClasses);
            for (var i = 0; i < weights.Length; i++)
            {
                weights[i] *= data.Labels[i] == positive ? perClass[positive] : 1;
            }

            return weights;
        }

        if (o.ClassWeight.IsBalanced)
        {
            var binary = data.Labels.Select(y => y == positive ? 1 : 0).ToArray();
            var perClass = o.ClassWeight.For(binary, ["rest", "positive"], 2);
            for (var i = 0; i < weights.Length; i++)
            {
                weights[i] *= perClass[binary[i]];
            }

            return weights;
        }

        return Weighted(data, o.ClassWeight, data.Labels, presentClasses);
    }

    /// <summary>Coefficients of output <paramref name="k"/> from a feature-major solution, and its intercept.</summary>
    private static double[] Unpack(double[] theta, int outputs, int k, int d, out double intercept, bool fitIntercept)
    {
        var w = new double[d];
        for (var j = 0; j < d; j++)
        {
            w[j] = theta[(j * outputs) + k];
        }

        intercept = fitIntercept ? theta[(d * outputs) + k] : 0;
        return w;
    }
}
