using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetHpo.Validation;

namespace MlNetHpo.Trainers;

/// <summary>
/// A regression data set in double precision, prepared as scikit-learn's <c>_preprocess_data</c> and <c>_rescale_data</c> do:
/// with an intercept, X and y centred on their (example-weighted) means; then every row multiplied by the square root of its
/// weight. The solvers see an unweighted problem without intercept; <see cref="Intercept"/> recovers it. Column-major, because
/// coordinate descent walks columns. Read once per data view and column set (<see cref="Read"/>): a search fits many candidates
/// on each cached fold, and the alpha-independent SVD (<see cref="Svd"/>) is computed once for all of Ridge's alphas.
/// </summary>
internal sealed class LeastSquaresProblem
{
    private static readonly ConditionalWeakTable<IDataView, ConcurrentDictionary<string, Lazy<LeastSquaresProblem>>> Cache = new();

    private readonly Lazy<SingularValueDecomposition> _svd;

    private LeastSquaresProblem(double[] x, double[] y, int rows, int columns, double[] xOffset, double yOffset, double weightSum)
    {
        X = x;
        Y = y;
        Rows = rows;
        Columns = columns;
        XOffset = xOffset;
        YOffset = yOffset;
        WeightSum = weightSum;
        _svd = new Lazy<SingularValueDecomposition>(() => SingularValueDecomposition.Compute(X, Rows, Columns));
    }

    /// <summary>The prepared design, column-major: element (i, j) at <c>j * Rows + i</c>.</summary>
    public double[] X { get; }

    /// <summary>The prepared target.</summary>
    public double[] Y { get; }

    public int Rows { get; }

    public int Columns { get; }

    /// <summary>The weighted column means removed from X (zeros without intercept).</summary>
    public double[] XOffset { get; }

    /// <summary>The weighted mean removed from y (0 without intercept).</summary>
    public double YOffset { get; }

    /// <summary>The sum of the example weights (the row count when unweighted).</summary>
    public double WeightSum { get; }

    /// <summary>The thin SVD of <see cref="X"/>, computed on first use and kept with the problem.</summary>
    public SingularValueDecomposition Svd => _svd.Value;

    /// <summary>scikit-learn's <c>_set_intercept</c>: <c>y_offset - X_offset . coef</c>.</summary>
    public double Intercept(double[] coefficients)
    {
        var intercept = YOffset;
        for (var j = 0; j < Columns; j++)
        {
            intercept -= XOffset[j] * coefficients[j];
        }

        return intercept;
    }

    /// <summary>The problem of <paramref name="input"/> for these columns, read once per data view.</summary>
    public static LeastSquaresProblem Read(IDataView input, LeastSquaresOptions o, string estimator)
    {
        var byColumns = Cache.GetValue(input, _ => new ConcurrentDictionary<string, Lazy<LeastSquaresProblem>>());
        var key = $"{o.LabelColumnName}|{o.FeatureColumnName}|{o.ExampleWeightColumnName}|{o.FitIntercept}";
        return byColumns.GetOrAdd(key, _ => new Lazy<LeastSquaresProblem>(() => ReadProblem(DataViewReader.ForOneRead(input), o, estimator))).Value;
    }

    private static LeastSquaresProblem ReadProblem(IDataView input, LeastSquaresOptions o, string estimator)
    {
        var schema = input.Schema;
        var label = LeastSquaresColumns.Find(schema, "Label", o.LabelColumnName);
        if (!label.Type.Equals(NumberDataViewType.Single))
        {
            throw LeastSquaresColumns.WrongType("Label", o.LabelColumnName, "Single", $"{label.Type}");
        }

        var features = LeastSquaresColumns.Find(schema, "Feature", o.FeatureColumnName);
        if (features.Type is not VectorDataViewType { ItemType: var itemType, IsKnownSize: true } vectorType || !itemType.Equals(NumberDataViewType.Single))
        {
            throw LeastSquaresColumns.WrongType("Feature", o.FeatureColumnName, "a known-size vector of Single (e.g. from Transforms.Concatenate)", $"{features.Type}");
        }

        DataViewSchema.Column? weight = null;
        if (o.ExampleWeightColumnName is { } weightName)
        {
            weight = LeastSquaresColumns.Find(schema, "Example weight", weightName);
            if (!weight.Value.Type.Equals(NumberDataViewType.Single))
            {
                throw LeastSquaresColumns.WrongType("Example weight", weightName, "Single", $"{weight.Value.Type}");
            }
        }

        var p = vectorType.Size;
        var rows = new List<float[]>();
        var labels = new List<double>();
        var weights = new List<double>();
        var columns = weight is { } w ? new[] { label, features, w } : [label, features];
        using (var cursor = input.GetRowCursor(columns))
        {
            var getLabel = cursor.GetGetter<float>(label);
            var getFeatures = cursor.GetGetter<VBuffer<float>>(features);
            var getWeight = weight is { } wc ? cursor.GetGetter<float>(wc) : null;
            float y = 0, s = 1;
            var x = default(VBuffer<float>);
            while (cursor.MoveNext())
            {
                getLabel(ref y);
                getFeatures(ref x);
                getWeight?.Invoke(ref s);
                var row = labels.Count;
                if (!float.IsFinite(y))
                {
                    throw new ArgumentException(Invariant($"Input y contains {(float.IsNaN(y) ? "NaN" : "infinity")}: label column '{o.LabelColumnName}' at row {row}."), nameof(input));
                }

                if (!(s >= 0 && float.IsFinite(s)))
                {
                    throw new ArgumentException(Invariant($"Example weights must be finite and non-negative; column '{o.ExampleWeightColumnName}' holds {s} at row {row}."), nameof(input));
                }

                var dense = new float[p];
                x.CopyTo(dense);
                for (var j = 0; j < p; j++)
                {
                    if (!float.IsFinite(dense[j]))
                    {
                        throw new ArgumentException(
                            Invariant($"Input X contains {(float.IsNaN(dense[j]) ? "NaN" : "infinity")}: feature column '{o.FeatureColumnName}' at row {row}."), nameof(input));
                    }
                }

                rows.Add(dense);
                labels.Add(y);
                weights.Add(s);
            }
        }

        var n = labels.Count;
        if (n == 0)
        {
            throw new ArgumentException(Invariant($"Found array with 0 sample(s) (shape=(0, {p})) while a minimum of 1 is required by {estimator}."), nameof(input));
        }

        var weightSum = weights.Sum();
        if (!(weightSum > 0))
        {
            throw new ArgumentException($"The example weights in column '{o.ExampleWeightColumnName}' sum to zero; at least one must be positive.", nameof(input));
        }

        var xOffset = new double[p];
        var yOffset = 0.0;
        if (o.FitIntercept)
        {
            // np.average(X, axis=0, weights=sample_weight): sum(w * x) / sum(w).
            for (var i = 0; i < n; i++)
            {
                var row = rows[i];
                for (var j = 0; j < p; j++)
                {
                    xOffset[j] += weights[i] * row[j];
                }

                yOffset += weights[i] * labels[i];
            }

            for (var j = 0; j < p; j++)
            {
                xOffset[j] /= weightSum;
            }

            yOffset /= weightSum;
        }

        var design = new double[checked(n * p)];
        var target = new double[n];
        for (var i = 0; i < n; i++)
        {
            var scale = Math.Sqrt(weights[i]);
            var row = rows[i];
            for (var j = 0; j < p; j++)
            {
                design[(j * n) + i] = (row[j] - xOffset[j]) * scale;
            }

            target[i] = (labels[i] - yOffset) * scale;
        }

        return new LeastSquaresProblem(design, target, n, p, xOffset, yOffset, weightSum);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
