using Microsoft.ML;
using Microsoft.ML.Calibrators;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;

namespace MlNetHpo.Trainers;

/// <summary>
/// What <see cref="LogisticRegressionTrainer.FitModel"/> returns, and what searches fit: standard ML.NET transformers
/// (<see cref="Transformer"/>, producing Score, PredictedLabel and Probability, built in about 0.1 ms) plus the
/// double-precision solution and solver diagnostics. Saving it with
/// <c>MLContext.Model.Save</c> saves the standard transformer, so loading needs nothing from this library and gives
/// identical predictions.
/// </summary>
public sealed class LogisticRegressionModel : ITransformer, ITrainingWarnings, Scoring.IConfusionCounter
{
    private readonly double[] _coefficients;
    private readonly string[] _warnings;
    private readonly Lazy<(ITransformer Transformer, double Error, TimeSpan Time)> _emitted;

    internal LogisticRegressionModel(
        Func<(ITransformer Transformer, double Error)> emit,
        double[] coefficients,
        double intercept,
        int iterations,
        bool converged,
        IEnumerable<string> warnings,
        TimeSpan solverTime)
    {
        _emitted = new(() =>
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var (transformer, error) = emit();
            return (transformer, error, clock.Elapsed);
        });
        _coefficients = coefficients;
        Intercept = intercept;
        Iterations = iterations;
        Converged = converged;
        _warnings = [.. warnings];
        SolverTime = solverTime;
    }

    /// <summary>
    /// The standard ML.NET transformer this model delegates to (what <c>MLContext.Model.Save</c> writes): normally a
    /// <see cref="TransformerChain{TLastTransformer}"/> of a <see cref="BinaryPredictionTransformer{TModel}"/> of
    /// <see cref="LinearBinaryModelParameters"/> and a Platt <see cref="CalibratorTransformer{TICalibrator}"/>.
    /// </summary>
    public ITransformer Transformer => _emitted.Value.Transformer;

    /// <summary>The coefficients found by the double-precision solver (scikit-learn <c>coef_[0]</c>), one per feature slot.</summary>
    public IReadOnlyList<double> Coefficients => _coefficients;

    /// <summary>The intercept found by the solver (scikit-learn <c>intercept_[0]</c>); 0 when <see cref="LogisticRegressionOptions.FitIntercept"/> is false.</summary>
    public double Intercept { get; }

    /// <summary>Number of solver iterations (Newton steps) taken (compare scikit-learn <c>n_iter_</c>; our solver needs far fewer).</summary>
    public int Iterations { get; }

    /// <summary>Whether the stopping criterion was met before <see cref="LogisticRegressionOptions.MaximumIterations"/>.</summary>
    public bool Converged { get; }

    /// <summary>Warnings scikit-learn would have issued (convergence, ignored parameters); empty when all went well.</summary>
    public IReadOnlyList<string> Warnings => _warnings;

    /// <summary>Largest absolute difference between the solver's double-precision parameters and the float32 ones in <see cref="Transformer"/>.</summary>
    public double EmissionError => _emitted.Value.Error;

    /// <summary>Time spent in the solver (excluding reading the data and building the ML.NET model).</summary>
    public TimeSpan SolverTime { get; }

    /// <summary>Time spent building the standard ML.NET model from the solution (built on first use: reading this builds it).</summary>
    public TimeSpan EmissionTime => _emitted.Value.Time;

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

    /// <summary>The sparse rows of a view for a label column (from the trainer, which caches them per view); null when unreadable.</summary>
    internal Func<IDataView, string, ClassificationData?>? Decisions { get; init; }

    /// <summary>
    /// Counts the decisions (logit &gt; 0, as ML.NET's evaluator counts Score &gt; 0) of the double-precision solution, as
    /// scikit-learn's <c>predict</c> decides, without building an ML.NET prediction pipeline per fit.
    /// </summary>
    Scoring.ConfusionCounts? Scoring.IConfusionCounter.Count(IDataView data, string labelColumnName)
    {
        if (Decisions?.Invoke(data, labelColumnName) is not { } read || read.Rows.Features != _coefficients.Length)
        {
            return null;
        }

        var (tp, fp, tn, fn) = (0L, 0L, 0L, 0L);
        var rows = read.Rows;
        for (var i = 0; i < rows.Count; i++)
        {
            // The row's stored values in ascending slot order: the dense dot product without its zero terms.
            var z = Intercept;
            for (var k = rows.Starts[i]; k < rows.Starts[i + 1]; k++)
            {
                z += rows.Values[k] * _coefficients[rows.Indices[k]];
            }

            _ = (read.Labels[i] == 1, z > 0) switch
            {
                (true, true) => tp++,
                (false, true) => fp++,
                (false, false) => tn++,
                _ => fn++,
            };
        }

        return new Scoring.ConfusionCounts(tp, fp, tn, fn);
    }
}
