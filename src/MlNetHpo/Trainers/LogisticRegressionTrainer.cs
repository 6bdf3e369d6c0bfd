using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Calibrators;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using MlNetHpo.Sweeping;
using MlNetHpo.Validation;

namespace MlNetHpo.Trainers;

/// <summary>
/// scikit-learn's <c>LogisticRegression</c> (version 1.2.1) as an ML.NET binary trainer: the same objective
/// <c>C * sum_i w_i * logloss_i + penalty(coefficients)</c> (intercept unpenalized, except with liblinear, which penalizes it
/// like a weight), the same accepted parameter combinations (checked in the constructor, before any data is read), and a
/// double-precision proximal Newton solver that converges to the optimum all of scikit-learn's solvers approach.
/// <see cref="Fit"/> returns the prediction transformer ML.NET's own logistic regression returns (linear model, Platt
/// calibrator with slope -1: Score, Probability = sigmoid(Score), PredictedLabel), so the trainer goes wherever ML.NET takes a
/// binary trainer (<c>featurizer.Append(trainer)</c>, <c>MulticlassClassification.Trainers.OneVersusAll</c>, Permutation
/// Feature Importance); <see cref="FitModel"/> returns the same solution with its double-precision coefficients, convergence
/// and warnings.
/// </summary>
/// <remarks>
/// ML.NET's <c>BinaryPredictionTransformer</c> and calibrated-model constructors are internal, so <see cref="Fit"/>'s
/// transformer is a saved template model with our coefficients patched in (about 5 ms). A search does not pay that: its
/// sweepable estimators fit <see cref="FitModel"/>'s model (a chain of public transformers built in about 0.1 ms, the same
/// predictions), which also carries the warnings into the results table.
/// </remarks>
public sealed class LogisticRegressionTrainer
    : ITrainerEstimator<BinaryPredictionTransformer<CalibratedModelParametersBase<LinearBinaryModelParameters, PlattCalibrator>>, CalibratedModelParametersBase<LinearBinaryModelParameters, PlattCalibrator>>,
    ISearchFit
{
    // What ML.NET's L-BFGS logistic regression declares (normalization wanted, no calibration needed); TrainerInfo's constructor is internal.
    private static readonly Lazy<TrainerInfo> LbfgsInfo = new(() => new MLContext().BinaryClassification.Trainers.LbfgsLogisticRegression().Info);

    private readonly LogisticRegressionOptions _options;
    private readonly string[] _configurationWarnings;

    /// <summary>Creates the trainer, rejecting the parameter combinations scikit-learn 1.2.1 rejects.</summary>
    /// <param name="options">The options (copied).</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> or a column name is null.</exception>
    /// <exception cref="ArgumentException">An invalid value or combination; <see cref="ArgumentException.ParamName"/> names the option.</exception>
    public LogisticRegressionTrainer(LogisticRegressionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Clone();
        _configurationWarnings = Validate(_options);
    }

    /// <summary>A copy of the options this trainer uses.</summary>
    public LogisticRegressionOptions Options => _options.Clone();

    /// <summary>Checked by the solvers: the context of the catalog the trainer was made from, or of the search's trial.</summary>
    internal FitCancellation Cancellation { get; set; } = FitCancellation.None;

    /// <inheritdoc/>
    public TrainerInfo Info => LbfgsInfo.Value;

    /// <summary>Fits and returns ML.NET's binary prediction transformer of the solution (see <see cref="FitModel"/> for the solution itself).</summary>
    /// <param name="input">Training data with the label, feature and (optional) weight columns.</param>
    /// <returns>The transformer: Score, Probability = sigmoid(Score), PredictedLabel (Score &gt; 0).</returns>
    /// <exception cref="ArgumentException">A column is missing or of the wrong type, the data is empty, holds one class only, or has non-finite values.</exception>
    public BinaryPredictionTransformer<CalibratedModelParametersBase<LinearBinaryModelParameters, PlattCalibrator>> Fit(IDataView input)
    {
        var model = FitModel(input);
        return PatchedModelEmitter.Binary(_options.FeatureColumnName, [.. model.Coefficients], model.Intercept);
    }

    /// <inheritdoc/>
    IEstimator<ITransformer> ISearchFit.ForSearch(FitCancellation cancellation)
    {
        var trainer = (LogisticRegressionTrainer)MemberwiseClone(); // options and warnings are read-only: shared
        trainer.Cancellation = cancellation;
        return new SearchEstimator(trainer);
    }

    /// <summary>Reads the data, solves the problem, and returns the solution with a standard ML.NET model of it.</summary>
    /// <param name="input">Training data with the label, feature and (optional) weight columns.</param>
    /// <returns>The fitted model: coefficients in double (scikit-learn's <c>coef_</c>, <c>intercept_</c>), convergence, warnings.</returns>
    /// <exception cref="ArgumentException">A column is missing or of the wrong type, the data is empty, holds one class only, or has non-finite values.</exception>
    public LogisticRegressionModel FitModel(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var o = _options;
        var settings = ToSolverSettings(o);
        var stopwatch = new Stopwatch();
        SolverResult result;
        int featureCount;
        var wide = input.Schema.GetColumnOrNull(o.FeatureColumnName)?.Type is VectorDataViewType { Size: > MulticlassLogisticRegressionTrainer.WideFeatures };
        if (wide || o.MultiClass == MultiClass.Multinomial)
        {
            // Sparse rows for the quasi-Newton path: wide features, or the two-class softmax scikit-learn fits for multinomial.
            var data = ClassificationData.Read(input, o, keyLabel: false);
            RequireTwoClasses(data.Labels.Count(y => y == 1), data.Labels.Length, o);
            featureCount = data.Rows.Features;
            var weights = MulticlassLogisticRegressionTrainer.Weighted(data, o.ClassWeight, data.Labels, 2);
            var outputs = o.MultiClass == MultiClass.Multinomial ? 2 : 1;
            stopwatch.Start();
            result = QuasiNewtonSolver.Solve(new ClassProblem(data.Rows, data.Labels, weights, 2), outputs, settings, QuasiNewtonIterations(o), Cancellation);
            if (outputs == 2)
            {
                // softmax([z0, z1])[1] = sigmoid(z1 - z0): the binary model of the differences, feature-major pairs.
                var theta = new double[result.Theta.Length / 2];
                for (var j = 0; j < theta.Length; j++)
                {
                    theta[j] = result.Theta[(2 * j) + 1] - result.Theta[2 * j];
                }

                result = result with { Theta = theta };
            }
        }
        else
        {
            (var problem, featureCount) = Problems.Read(input, o);
            if (o.ClassWeight is { } classWeight)
            {
                var labels = problem.Labels.Take(problem.Count).Select(y => (int)y).ToArray();
                var perClass = classWeight.For(labels, ["False", "True"], 2);
                var weights = new double[problem.Count];
                for (var i = 0; i < weights.Length; i++)
                {
                    weights[i] = problem.Weights[i] * perClass[labels[i]];
                }

                problem = problem with { Weights = weights };
            }

            stopwatch.Start();
            result = LogisticRegressionSolver.Solve(problem, settings, Cancellation);
        }

        var solverTime = stopwatch.Elapsed;

        var coefficients = result.Theta[..featureCount];
        var intercept = _options.FitIntercept ? result.Theta[featureCount] : 0.0;
        var warnings = new List<string>(_configurationWarnings);
        if (!result.Converged)
        {
            warnings.Add(string.Create(
                CultureInfo.InvariantCulture,
                $"ConvergenceWarning: {o.Solver.ToSklearnName()} failed to converge: the maximum number of iterations ({_options.MaximumIterations}) was reached. Increase the number of iterations (MaximumIterations) or scale the data."));
        }

        // The ML.NET model is built when first used: a search that counts the model's decisions itself never needs it.
        var featureColumnName = _options.FeatureColumnName;
        return new LogisticRegressionModel(
            () => LinearModelEmitter.Emit(coefficients, intercept, featureColumnName), coefficients, intercept, result.Iterations, result.Converged, warnings, solverTime)
        {
            Decisions = (data, labelColumnName) => DecisionRows(data, labelColumnName, o.FeatureColumnName),
        };
    }

    /// <summary>
    /// Rows to count decisions on (<see cref="LogisticRegressionModel"/>'s <see cref="Scoring.IConfusionCounter"/>): the sparse
    /// rows of <paramref name="data"/>, read once per view and label and shared by every model scored on it (a search scores
    /// many candidates on each fold); null when they cannot be read (a non-finite value, a label that is not Boolean): then
    /// the model's ML.NET predictions are scored.
    /// </summary>
    private static ClassificationData? DecisionRows(IDataView data, string labelColumnName, string featureColumnName)
    {
        try
        {
            return ClassificationData.Read(data, new LogisticRegressionOptions { LabelColumnName = labelColumnName, FeatureColumnName = featureColumnName }, keyLabel: false);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    /// <summary>The schema after the fitted model: the input plus Score, Probability and PredictedLabel.</summary>
    /// <param name="inputSchema">The input schema shape.</param>
    /// <returns>The output schema shape.</returns>
    /// <exception cref="ArgumentException">A required column is missing or of the wrong type.</exception>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        var available = string.Join(", ", inputSchema.Select(c => $"'{c.Name}'"));
        if (!TryFindColumn(inputSchema, _options.LabelColumnName, out var label))
        {
            throw MissingColumn("Label", _options.LabelColumnName, available);
        }

        if (label.Kind != SchemaShape.Column.VectorKind.Scalar || label.ItemType is not BooleanDataViewType)
        {
            throw WrongType("Label", _options.LabelColumnName, "Boolean", $"{label.ItemType}");
        }

        if (!TryFindColumn(inputSchema, _options.FeatureColumnName, out var features))
        {
            throw MissingColumn("Feature", _options.FeatureColumnName, available);
        }

        if (features.Kind != SchemaShape.Column.VectorKind.Vector || !features.ItemType.Equals(NumberDataViewType.Single))
        {
            throw WrongType("Feature", _options.FeatureColumnName, "a known-size vector of Single", $"{features.Kind} of {features.ItemType}");
        }

        if (_options.ExampleWeightColumnName is { } weightName)
        {
            if (!TryFindColumn(inputSchema, weightName, out var weight))
            {
                throw MissingColumn("Example weight", weightName, available);
            }

            if (weight.Kind != SchemaShape.Column.VectorKind.Scalar || !weight.ItemType.Equals(NumberDataViewType.Single))
            {
                throw WrongType("Example weight", weightName, "Single", $"{weight.ItemType}");
            }
        }

        // The fitted model outputs what ML.NET's own logistic regression does (Score, Probability, PredictedLabel).
        return new MLContext().BinaryClassification.Trainers
            .LbfgsLogisticRegression(_options.LabelColumnName, _options.FeatureColumnName, _options.ExampleWeightColumnName)
            .GetOutputSchema(inputSchema);
    }

    /// <summary>scikit-learn 1.2.1's parameter checks (<c>_validate_params</c>, <c>_check_solver</c>, <c>fit</c>), in its order.</summary>
    /// <returns>The warnings scikit-learn would issue for a valid but partly ignored configuration.</returns>
    internal static string[] Validate(LogisticRegressionOptions o)
    {
        if (!Enum.IsDefined(o.Penalty))
        {
            throw new ArgumentOutOfRangeException(nameof(LogisticRegressionOptions.Penalty), o.Penalty, "Not a defined Penalty value.");
        }

        if (!Enum.IsDefined(o.Solver))
        {
            throw new ArgumentOutOfRangeException(nameof(LogisticRegressionOptions.Solver), o.Solver, "Not a defined Solver value.");
        }

        if (!Enum.IsDefined(o.MultiClass))
        {
            throw new ArgumentOutOfRangeException(nameof(LogisticRegressionOptions.MultiClass), o.MultiClass, "Not a defined MultiClass value.");
        }

        if (!(o.C > 0))
        {
            throw new ArgumentException(
                Invariant($"Penalty term must be positive; got (C={Python(o.C)}). The 'C' parameter of LogisticRegression must be a float in the range (0, inf]."),
                nameof(LogisticRegressionOptions.C));
        }

        if (o.L1Ratio is { } ratio && !(ratio >= 0 && ratio <= 1))
        {
            throw new ArgumentException(
                Invariant($"l1_ratio must be between 0 and 1; got (l1_ratio={Python(ratio)})"), nameof(LogisticRegressionOptions.L1Ratio));
        }

        if (o.MaximumIterations < 0)
        {
            throw new ArgumentException(
                Invariant($"Maximum number of iteration must be positive; got (max_iter={o.MaximumIterations})"),
                nameof(LogisticRegressionOptions.MaximumIterations));
        }

        if (!(o.Tolerance >= 0))
        {
            throw new ArgumentException(
                Invariant($"Tolerance for stopping criteria must be positive; got (tol={Python(o.Tolerance)})"),
                nameof(LogisticRegressionOptions.Tolerance));
        }

        RequireName(o.LabelColumnName, nameof(LogisticRegressionOptions.LabelColumnName));
        RequireName(o.FeatureColumnName, nameof(LogisticRegressionOptions.FeatureColumnName));
        if (o.ExampleWeightColumnName is not null)
        {
            RequireName(o.ExampleWeightColumnName, nameof(LogisticRegressionOptions.ExampleWeightColumnName));
        }

        if (o.LabelColumnName == o.FeatureColumnName)
        {
            throw new ArgumentException(
                $"The label and feature columns must differ; both are '{o.LabelColumnName}'.", nameof(LogisticRegressionOptions.FeatureColumnName));
        }

        var solver = o.Solver.ToSklearnName();
        var penalty = o.Penalty.ToSklearnName();
        if (o.Solver is not (Solver.Liblinear or Solver.Saga) && o.Penalty is not (Penalty.L2 or Penalty.None))
        {
            throw new ArgumentException(
                $"Solver {solver} supports only 'l2' or 'none' penalties, got {penalty} penalty.", nameof(LogisticRegressionOptions.Penalty));
        }

        if (o.Penalty == Penalty.ElasticNet && o.Solver != Solver.Saga)
        {
            throw new ArgumentException(
                $"Only 'saga' solver supports elasticnet penalty, got solver={solver}.", nameof(LogisticRegressionOptions.Solver));
        }

        if (o.Solver == Solver.Liblinear && o.Penalty == Penalty.None)
        {
            throw new ArgumentException("penalty='none' is not supported for the liblinear solver", nameof(LogisticRegressionOptions.Penalty));
        }

        if (o.Penalty == Penalty.ElasticNet && o.L1Ratio is null)
        {
            // scikit-learn 1.2.1 itself fails later with "TypeError: unsupported operand type(s) for -: 'int' and 'NoneType'".
            throw new ArgumentException(
                "l1_ratio must be between 0 and 1; got (l1_ratio=None). The elasticnet penalty needs L1Ratio.", nameof(LogisticRegressionOptions.L1Ratio));
        }

        if (o.MultiClass == MultiClass.Multinomial && o.Solver == Solver.Liblinear)
        {
            throw new ArgumentException($"Solver {solver} does not support a multinomial backend.", nameof(LogisticRegressionOptions.MultiClass));
        }

        var warnings = new List<string>();
        if (o.Penalty != Penalty.ElasticNet && o.L1Ratio is not null)
        {
            warnings.Add($"l1_ratio parameter is only used when penalty is 'elasticnet'. Got (penalty={penalty})");
        }

        if (o.Penalty == Penalty.None && o.C != 1.0)
        {
            warnings.Add("Setting penalty='none' will ignore the C and l1_ratio parameters");
        }

        return [.. warnings];
    }

    /// <summary>The solver settings and columns of valid options: equal keys give equal models.</summary>
    internal static string? ModelKey(LogisticRegressionOptions o)
    {
        try
        {
            Validate(o);
        }
        catch (ArgumentException)
        {
            return null;
        }

        return $"{ToSolverSettings(o)}|{o.MultiClass}|{o.ClassWeight}|{o.LabelColumnName}|{o.FeatureColumnName}|{o.ExampleWeightColumnName}";
    }

    /// <summary>scikit-learn's <c>_check_multi_class</c>: auto is ovr for liblinear or two classes, multinomial otherwise.</summary>
    internal static bool IsMultinomial(LogisticRegressionOptions o, int classes) => o.MultiClass switch
    {
        MultiClass.Auto => o.Solver != Solver.Liblinear && classes > 2,
        MultiClass.Ovr => false,
        _ => true,
    };

    /// <summary>
    /// Iteration limit of the quasi-Newton path: its steps are first-order and far cheaper than Newton's, and it must reach the
    /// same stopping rule, so it gets ten times <see cref="LogisticRegressionOptions.MaximumIterations"/>.
    /// </summary>
    internal static int QuasiNewtonIterations(LogisticRegressionOptions o) => (int)Math.Min(10L * o.MaximumIterations, int.MaxValue);

    internal static SolverSettings ToSolverSettings(LogisticRegressionOptions o)
    {
        // penalty='none' (or C = inf) is the unpenalized likelihood; C then only scales the objective, so use 1.
        var unpenalized = o.Penalty == Penalty.None || double.IsPositiveInfinity(o.C);
        var (l1, l2) = o.Penalty switch
        {
            _ when unpenalized => (0.0, 0.0),
            Penalty.L1 => (1.0, 0.0),
            Penalty.L2 => (0.0, 1.0),
            _ => (o.L1Ratio!.Value, 1 - o.L1Ratio!.Value),
        };
        return new SolverSettings(
            unpenalized ? 1.0 : o.C,
            l1,
            l2,
            o.FitIntercept,
            o.Solver == Solver.Liblinear,
            o.MaximumIterations,
            o.Tolerance);
    }

    /// <summary>What a search fits in place of the trainer: <see cref="FitModel"/>, whose model is built in about 0.1 ms and carries the warnings.</summary>
    private sealed class SearchEstimator(LogisticRegressionTrainer trainer) : IEstimator<LogisticRegressionModel>
    {
        public LogisticRegressionModel Fit(IDataView input) => trainer.FitModel(input);

        public SchemaShape GetOutputSchema(SchemaShape inputSchema) => trainer.GetOutputSchema(inputSchema);
    }

    /// <summary>
    /// The problems read from each data view, kept while the view lives: a search fits many candidates on one cached fold,
    /// and reading it again for each (a copy as large as the data) cost time and memory. The solver only reads them.
    /// </summary>
    private static class Problems
    {
        private static readonly ConditionalWeakTable<IDataView, ConcurrentDictionary<string, Lazy<(LogisticProblem, int)>>> Cache = new();

        public static (LogisticProblem Problem, int FeatureCount) Read(IDataView input, LogisticRegressionOptions o)
        {
            var byColumns = Cache.GetValue(input, _ => new ConcurrentDictionary<string, Lazy<(LogisticProblem, int)>>());
            var key = $"{o.LabelColumnName}|{o.FeatureColumnName}|{o.ExampleWeightColumnName}|{o.FitIntercept}";
            return byColumns.GetOrAdd(key, _ => new Lazy<(LogisticProblem, int)>(() => (ReadProblem(DataViewReader.ForOneRead(input), o, out var count), count))).Value;
        }
    }

    private static LogisticProblem ReadProblem(IDataView input, LogisticRegressionOptions o, out int featureCount)
    {
        var schema = input.Schema;
        var available = string.Join(", ", schema.Select(c => $"'{c.Name}'"));
        var label = schema.GetColumnOrNull(o.LabelColumnName) ?? throw MissingColumn("Label", o.LabelColumnName, available);
        if (label.Type is not BooleanDataViewType)
        {
            throw WrongType("Label", o.LabelColumnName, "Boolean (map 0/1 labels to false/true, e.g. with a custom mapping or TextLoader's Boolean type)", $"{label.Type}");
        }

        var features = schema.GetColumnOrNull(o.FeatureColumnName) ?? throw MissingColumn("Feature", o.FeatureColumnName, available);
        if (features.Type is not VectorDataViewType { ItemType: var itemType, IsKnownSize: true } vectorType || !itemType.Equals(NumberDataViewType.Single))
        {
            throw WrongType("Feature", o.FeatureColumnName, "a known-size vector of Single (e.g. from Transforms.Concatenate)", $"{features.Type}");
        }

        DataViewSchema.Column? weight = null;
        if (o.ExampleWeightColumnName is { } weightName)
        {
            weight = schema.GetColumnOrNull(weightName) ?? throw MissingColumn("Example weight", weightName, available);
            if (!weight.Value.Type.Equals(NumberDataViewType.Single))
            {
                throw WrongType("Example weight", weightName, "Single", $"{weight.Value.Type}");
            }
        }

        featureCount = vectorType.Size;
        var width = featureCount + (o.FitIntercept ? 1 : 0);
        var capacity = (int)Math.Min(Math.Max(input.GetRowCount() ?? 1024, 1), int.MaxValue / Math.Max(width, 1));
        var rows = new float[capacity * width];
        var labels = new double[capacity];
        var weights = new double[capacity];
        var count = 0;
        var positives = 0;

        var columns = weight is { } w ? new[] { label, features, w } : [label, features];
        using (var cursor = input.GetRowCursor(columns))
        {
            var getLabel = cursor.GetGetter<bool>(label);
            var getFeatures = cursor.GetGetter<VBuffer<float>>(features);
            var getWeight = weight is { } wc ? cursor.GetGetter<float>(wc) : null;
            bool y = false;
            var x = default(VBuffer<float>);
            float s = 1;
            while (cursor.MoveNext())
            {
                if (count == labels.Length)
                {
                    var grown = checked(labels.Length * 2);
                    Array.Resize(ref rows, checked(grown * width));
                    Array.Resize(ref labels, grown);
                    Array.Resize(ref weights, grown);
                }

                getLabel(ref y);
                getFeatures(ref x);
                getWeight?.Invoke(ref s);
                if (!(s >= 0 && float.IsFinite(s)))
                {
                    throw new ArgumentException(
                        Invariant($"Example weights must be finite and non-negative; column '{o.ExampleWeightColumnName}' holds {s} at row {count}."), nameof(input));
                }

                var offset = count * width;
                Array.Clear(rows, offset, width);
                var values = x.GetValues();
                var indices = x.GetIndices();
                for (var k = 0; k < values.Length; k++)
                {
                    var v = values[k];
                    if (!float.IsFinite(v))
                    {
                        throw new ArgumentException(
                            Invariant($"Input X contains {(float.IsNaN(v) ? "NaN" : "infinity")}: feature column '{o.FeatureColumnName}' at row {count}."), nameof(input));
                    }

                    rows[offset + (x.IsDense ? k : indices[k])] = v;
                }

                if (o.FitIntercept)
                {
                    rows[offset + featureCount] = 1;
                }

                labels[count] = y ? 1 : 0;
                weights[count] = s;
                positives += y ? 1 : 0;
                count++;
            }
        }

        if (count == 0)
        {
            throw new ArgumentException(
                Invariant($"Found array with 0 sample(s) (shape=(0, {featureCount})) while a minimum of 1 is required by LogisticRegression."), nameof(input));
        }

        RequireTwoClasses(positives, count, o);

        return new LogisticProblem(rows, labels, weights, count, width);
    }

    private static void RequireTwoClasses(int positives, int count, LogisticRegressionOptions o)
    {
        if (positives == 0 || positives == count)
        {
            throw new ArgumentException(
                $"This solver needs samples of at least 2 classes in the data, but the data contains only one class: {positives > 0} (label column '{o.LabelColumnName}').",
                "input");
        }
    }

    private static bool TryFindColumn(SchemaShape schema, string name, out SchemaShape.Column column)
    {
        // SchemaShape.TryFindColumn is internal; the last column of a name is the visible one, as in a DataViewSchema.
        column = default;
        var found = false;
        foreach (var candidate in schema)
        {
            if (candidate.Name == name)
            {
                column = candidate;
                found = true;
            }
        }

        return found;
    }

    private static ArgumentException MissingColumn(string role, string name, string available) =>
        new($"{role} column '{name}' not found in the data; available columns: {available}.", "input");

    private static ArgumentException WrongType(string role, string name, string expected, string actual) =>
        new($"{role} column '{name}' must be {expected}, but is {actual}.", "input");

    private static void RequireName(string? name, string parameter)
    {
        ArgumentNullException.ThrowIfNull(name, parameter);
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new ArgumentException("A column name must not be empty.", parameter);
        }
    }

    /// <summary>Formats a number the way Python's repr does for the values that matter here (0, 1, 0.5, nan, inf).</summary>
    private static string Python(double value) =>
        double.IsNaN(value) ? "nan" : double.IsInfinity(value) ? (value > 0 ? "inf" : "-inf") : value.ToString("R", CultureInfo.InvariantCulture);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
