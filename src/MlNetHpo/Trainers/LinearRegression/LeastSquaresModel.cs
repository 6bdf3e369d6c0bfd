using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;

namespace MlNetHpo.Trainers;

/// <summary>
/// A fitted <see cref="LinearRegressionTrainer"/>, <see cref="RidgeTrainer"/>, <see cref="LassoTrainer"/> or
/// <see cref="ElasticNetTrainer"/>: ML.NET's own regression transformer (<see cref="Transformer"/>: a
/// <see cref="RegressionPredictionTransformer{TModel}"/> of <see cref="LinearRegressionModelParameters"/>, producing Score) plus the
/// double-precision solution and solver diagnostics. It is a single-feature prediction transformer, so Permutation Feature
/// Importance takes it; saving it with <c>MLContext.Model.Save</c> writes the standard transformer, which loads without this library.
/// </summary>
public sealed class LeastSquaresModel : ISingleFeaturePredictionTransformer<LinearRegressionModelParameters>, ITrainingWarnings
{
    private readonly double[] _coefficients;
    private readonly string[] _warnings;

    internal LeastSquaresModel(
        RegressionPredictionTransformer<LinearRegressionModelParameters> transformer, double[] coefficients, double intercept, int iterations, bool converged, IEnumerable<string> warnings, double emissionError)
    {
        Transformer = transformer;
        _coefficients = coefficients;
        Intercept = intercept;
        Iterations = iterations;
        Converged = converged;
        _warnings = [.. warnings];
        EmissionError = emissionError;
    }

    /// <summary>The standard ML.NET transformer this model delegates to (what <c>MLContext.Model.Save</c> writes).</summary>
    public RegressionPredictionTransformer<LinearRegressionModelParameters> Transformer { get; }

    /// <summary>The model parameters (float32 weights and bias, as ML.NET stores them).</summary>
    public LinearRegressionModelParameters Model => Transformer.Model;

    /// <summary>The feature column read.</summary>
    public string FeatureColumnName => Transformer.FeatureColumnName;

    /// <summary>The type of the feature column.</summary>
    public DataViewType FeatureColumnType => Transformer.FeatureColumnType;

    /// <summary>The coefficients found in double precision (scikit-learn <c>coef_</c>), one per feature slot.</summary>
    public IReadOnlyList<double> Coefficients => _coefficients;

    /// <summary>The intercept found in double precision (scikit-learn <c>intercept_</c>); 0 without <see cref="LeastSquaresOptions.FitIntercept"/>.</summary>
    public double Intercept { get; }

    /// <summary>Coordinate-descent sweeps run (scikit-learn <c>n_iter_</c>); 0 for the exact solvers (LinearRegression, Ridge).</summary>
    public int Iterations { get; }

    /// <summary>Whether the stopping rule was met (always true for the exact solvers).</summary>
    public bool Converged { get; }

    /// <summary>Warnings scikit-learn would have issued (convergence, alpha = 0); empty when all went well.</summary>
    public IReadOnlyList<string> Warnings => _warnings;

    /// <summary>Largest absolute difference between the double-precision parameters and the float32 ones in <see cref="Transformer"/>.</summary>
    public double EmissionError { get; }

    /// <inheritdoc/>
    public bool IsRowToRowMapper => ((ITransformer)Transformer).IsRowToRowMapper;

    /// <inheritdoc/>
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema) => Transformer.GetOutputSchema(inputSchema);

    /// <inheritdoc/>
    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema) => ((ITransformer)Transformer).GetRowToRowMapper(inputSchema);

    /// <inheritdoc/>
    public IDataView Transform(IDataView input) => Transformer.Transform(input);

    /// <inheritdoc/>
    void ICanSaveModel.Save(ModelSaveContext ctx) => ((ICanSaveModel)Transformer).Save(ctx);
}
