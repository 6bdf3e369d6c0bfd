using Microsoft.ML;
using Microsoft.ML.Data;

namespace MlNetHpo.Trainers;

/// <summary>
/// A fitted <see cref="MulticlassLogisticRegressionTrainer"/>: a standard ML.NET multiclass transformer
/// (<see cref="Transformer"/>: Score and PredictedLabel) plus the double-precision solution and solver diagnostics. Saving it
/// with <c>MLContext.Model.Save</c> saves the standard transformer.
/// </summary>
public sealed class MulticlassLogisticRegressionModel : ITransformer, ITrainingWarnings
{
    private readonly double[][] _coefficients;
    private readonly double[] _intercepts;
    private readonly string[] _warnings;

    internal MulticlassLogisticRegressionModel(
        ITransformer transformer,
        double[][] coefficients,
        double[] intercepts,
        bool multinomial,
        int iterations,
        bool converged,
        IEnumerable<string> warnings,
        TimeSpan solverTime,
        TimeSpan emissionTime)
    {
        Transformer = transformer;
        _coefficients = coefficients;
        _intercepts = intercepts;
        IsMultinomial = multinomial;
        Iterations = iterations;
        Converged = converged;
        _warnings = [.. warnings];
        SolverTime = solverTime;
        EmissionTime = emissionTime;
    }

    /// <summary>
    /// The standard ML.NET transformer: a <see cref="MulticlassPredictionTransformer{TModel}"/> of ML.NET's maximum-entropy model
    /// (multinomial) or of a OneVersusAll model of calibrated logistic models (one-vs-rest).
    /// </summary>
    public ITransformer Transformer { get; }

    /// <summary>Coefficients per class (scikit-learn <c>coef_</c>, one row per class of the label's key type).</summary>
    public IReadOnlyList<IReadOnlyList<double>> Coefficients => _coefficients;

    /// <summary>Intercept per class (scikit-learn <c>intercept_</c>); -1e30 for a class the training data lacks.</summary>
    public IReadOnlyList<double> Intercepts => _intercepts;

    /// <summary>Whether the multinomial loss was fitted (otherwise one-vs-rest).</summary>
    public bool IsMultinomial { get; }

    /// <summary>Solver iterations (the most over the one-vs-rest problems).</summary>
    public int Iterations { get; }

    /// <summary>Whether every solve met its stopping criterion.</summary>
    public bool Converged { get; }

    /// <summary>Warnings scikit-learn would have issued (convergence, ignored parameters).</summary>
    public IReadOnlyList<string> Warnings => _warnings;

    /// <summary>Time spent in the solver.</summary>
    public TimeSpan SolverTime { get; }

    /// <summary>Time spent building the standard ML.NET model from the solution.</summary>
    public TimeSpan EmissionTime { get; }

    /// <inheritdoc/>
    public bool IsRowToRowMapper => Transformer.IsRowToRowMapper;

    /// <inheritdoc/>
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema) => Transformer.GetOutputSchema(inputSchema);

    /// <inheritdoc/>
    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema) => Transformer.GetRowToRowMapper(inputSchema);

    /// <inheritdoc/>
    public IDataView Transform(IDataView input) => Transformer.Transform(input);

    /// <inheritdoc/>
    void ICanSaveModel.Save(ModelSaveContext ctx) => ((ICanSaveModel)Transformer).Save(ctx);
}
