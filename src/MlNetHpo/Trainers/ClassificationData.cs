using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetHpo.Validation;

namespace MlNetHpo.Trainers;

/// <summary>Labelled rows read once per data view (a search fits many candidates on one fold) in sparse form.</summary>
/// <param name="Rows">The features.</param>
/// <param name="Labels">Class index per row.</param>
/// <param name="SampleWeights">Example weight per row (1 without a weight column).</param>
/// <param name="ClassNames">The class names by index: the key values of a key-typed label, or False/True.</param>
internal sealed record ClassificationData(SparseRows Rows, int[] Labels, double[] SampleWeights, string[] ClassNames)
{
    private static readonly ConditionalWeakTable<IDataView, ConcurrentDictionary<string, Lazy<ClassificationData>>> Cache = new();

    /// <summary>Reads (or finds already read) the label, feature and weight columns of <paramref name="input"/>.</summary>
    /// <exception cref="ArgumentException">A column is missing or of the wrong type, the data is empty or has non-finite values.</exception>
    public static ClassificationData Read(IDataView input, LogisticRegressionOptions o, bool keyLabel)
    {
        var byColumns = Cache.GetValue(input, _ => new ConcurrentDictionary<string, Lazy<ClassificationData>>());
        var key = $"{o.LabelColumnName}|{o.FeatureColumnName}|{o.ExampleWeightColumnName}|{keyLabel}";
        return byColumns.GetOrAdd(key, _ => new Lazy<ClassificationData>(() => ReadCore(DataViewReader.ForOneRead(input), o, keyLabel))).Value;
    }

    /// <summary>The rows as the dense problem of <see cref="LogisticRegressionSolver"/> for the binary task "class is <paramref name="positive"/>".</summary>
    public LogisticProblem Dense(int positive, double[] weights, bool intercept)
    {
        var d = Rows.Features;
        var width = d + (intercept ? 1 : 0);
        var n = Rows.Count;
        var dense = new float[n * width];
        var labels = new double[n];
        for (var i = 0; i < n; i++)
        {
            for (var t = Rows.Starts[i]; t < Rows.Starts[i + 1]; t++)
            {
                dense[(i * width) + Rows.Indices[t]] = (float)Rows.Values[t]; // read from single-precision features: exact
            }

            if (intercept)
            {
                dense[(i * width) + d] = 1;
            }

            labels[i] = Labels[i] == positive ? 1 : 0;
        }

        return new LogisticProblem(dense, labels, weights, n, width);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static ClassificationData ReadCore(IDataView input, LogisticRegressionOptions o, bool keyLabel)
    {
        var schema = input.Schema;
        var available = string.Join(", ", schema.Select(c => $"'{c.Name}'"));
        var label = schema.GetColumnOrNull(o.LabelColumnName)
            ?? throw new ArgumentException($"Label column '{o.LabelColumnName}' not found in the data; available columns: {available}.", nameof(input));
        string[] classNames;
        if (keyLabel)
        {
            if (label.Type is not KeyDataViewType { RawType: var raw } keyType || raw != typeof(uint) || keyType.Count == 0 || keyType.Count > int.MaxValue)
            {
                throw new ArgumentException(
                    $"Label column '{o.LabelColumnName}' must be a key type of UInt32 (e.g. from Transforms.Conversion.MapValueToKey), but is {label.Type}.", nameof(input));
            }

            classNames = KeyNames(label, (int)keyType.Count);
        }
        else
        {
            if (label.Type is not BooleanDataViewType)
            {
                throw new ArgumentException($"Label column '{o.LabelColumnName}' must be Boolean, but is {label.Type}.", nameof(input));
            }

            classNames = ["False", "True"];
        }

        var features = schema.GetColumnOrNull(o.FeatureColumnName)
            ?? throw new ArgumentException($"Feature column '{o.FeatureColumnName}' not found in the data; available columns: {available}.", nameof(input));
        if (features.Type is not VectorDataViewType { ItemType: var itemType, IsKnownSize: true } vectorType || !itemType.Equals(NumberDataViewType.Single))
        {
            throw new ArgumentException(
                $"Feature column '{o.FeatureColumnName}' must be a known-size vector of Single (e.g. from Transforms.Concatenate), but is {features.Type}.", nameof(input));
        }

        DataViewSchema.Column? weight = null;
        if (o.ExampleWeightColumnName is { } weightName)
        {
            weight = schema.GetColumnOrNull(weightName)
                ?? throw new ArgumentException($"Example weight column '{weightName}' not found in the data; available columns: {available}.", nameof(input));
            if (!weight.Value.Type.Equals(NumberDataViewType.Single))
            {
                throw new ArgumentException($"Example weight column '{weightName}' must be Single, but is {weight.Value.Type}.", nameof(input));
            }
        }

        var d = vectorType.Size;
        var values = new List<double>();
        var indices = new List<int>();
        var starts = new List<int> { 0 };
        var labels = new List<int>();
        var weights = new List<double>();
        var columns = weight is { } w ? new[] { label, features, w } : [label, features];
        using (var cursor = input.GetRowCursor(columns))
        {
            var getBool = keyLabel ? null : cursor.GetGetter<bool>(label);
            var getKey = keyLabel ? cursor.GetGetter<uint>(label) : null;
            var getFeatures = cursor.GetGetter<VBuffer<float>>(features);
            var getWeight = weight is { } wc ? cursor.GetGetter<float>(wc) : null;
            bool b = false;
            uint k = 0;
            var x = default(VBuffer<float>);
            float s = 1;
            var row = 0;
            while (cursor.MoveNext())
            {
                int y;
                if (getKey is not null)
                {
                    getKey(ref k);
                    if (k == 0)
                    {
                        throw new ArgumentException($"Label column '{o.LabelColumnName}' has a missing value at row {row}.", nameof(input));
                    }

                    y = (int)k - 1;
                }
                else
                {
                    getBool!(ref b);
                    y = b ? 1 : 0;
                }

                getFeatures(ref x);
                getWeight?.Invoke(ref s);
                if (!(s >= 0 && float.IsFinite(s)))
                {
                    throw new ArgumentException(
                        string.Create(CultureInfo.InvariantCulture, $"Example weights must be finite and non-negative; column '{o.ExampleWeightColumnName}' holds {s} at row {row}."), nameof(input));
                }

                var vs = x.GetValues();
                var ix = x.GetIndices();
                for (var t = 0; t < vs.Length; t++)
                {
                    var v = vs[t];
                    if (!float.IsFinite(v))
                    {
                        throw new ArgumentException(
                            $"Input X contains {(float.IsNaN(v) ? "NaN" : "infinity")}: feature column '{o.FeatureColumnName}' at row {row}.", nameof(input));
                    }

                    if (v != 0)
                    {
                        values.Add(v);
                        indices.Add(x.IsDense ? t : ix[t]);
                    }
                }

                starts.Add(values.Count);
                labels.Add(y);
                weights.Add(s);
                row++;
            }
        }

        if (labels.Count == 0)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"Found array with 0 sample(s) (shape=(0, {d})) while a minimum of 1 is required by LogisticRegression."), nameof(input));
        }

        return new ClassificationData(
            new SparseRows([.. values], [.. indices], [.. starts], labels.Count, d), [.. labels], [.. weights], classNames);
    }

    private static string[] KeyNames(DataViewSchema.Column label, int count)
    {
        var names = new string[count];
        var keyValues = label.Annotations.Schema.GetColumnOrNull("KeyValues");
        if (keyValues is { Type: VectorDataViewType { ItemType: TextDataViewType } })
        {
            var buffer = default(VBuffer<ReadOnlyMemory<char>>);
            label.Annotations.GetValue("KeyValues", ref buffer);
            var k = 0;
            foreach (var name in buffer.DenseValues())
            {
                if (k < count)
                {
                    names[k++] = name.ToString();
                }
            }
        }

        for (var k = 0; k < count; k++)
        {
            names[k] ??= k.ToString(CultureInfo.InvariantCulture);
        }

        return names;
    }
}
