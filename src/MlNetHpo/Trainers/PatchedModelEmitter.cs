using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.IO.Compression;
using System.Runtime.CompilerServices;
using Microsoft.ML;
using Microsoft.ML.Calibrators;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;

namespace MlNetHpo.Trainers;

/// <summary>
/// Builds standard ML.NET models holding exactly given coefficients, through public API only. ML.NET's model-parameter
/// constructors are internal, but its saved model format is public and stable (it must load old files): a template model of
/// the right shape is trained once per data view (one L-BFGS step from random weights, so every weight is non-zero and
/// findable), saved, and the float32 weights and biases in its saved bytes are overwritten with ours; loading gives the
/// ordinary ML.NET transformer. Every emission is checked by reading the loaded model's parameters back.
/// </summary>
internal static class PatchedModelEmitter
{
    [ThreadStatic]
    private static MLContext? s_context;

    private static readonly ConditionalWeakTable<IDataView, ConcurrentDictionary<string, Lazy<Template>>> Templates = new();

    private static readonly ConcurrentDictionary<(int Width, string FeatureColumnName), Lazy<Template>> BinaryTemplates = new();

    private static MLContext Context => s_context ??= new MLContext(seed: 0);

    /// <summary>
    /// A multinomial model (ML.NET's maximum-entropy model: Score = softmax(W x + b), key-typed PredictedLabel), trained on
    /// <paramref name="input"/>'s label and feature columns for its schema.
    /// </summary>
    /// <param name="input">Training data (its label column is a key type with one value per class).</param>
    /// <param name="labelColumnName">Label column.</param>
    /// <param name="featureColumnName">Feature column.</param>
    /// <param name="weights">Coefficients per class (<c>weights[k][j]</c>).</param>
    /// <param name="biases">Intercept per class.</param>
    /// <returns>The transformer.</returns>
    public static MulticlassPredictionTransformer<MaximumEntropyModelParameters> Multinomial(
        IDataView input, string labelColumnName, string featureColumnName, double[][] weights, double[] biases)
    {
        var template = GetTemplate(input, $"maxent|{labelColumnName}|{featureColumnName}", () =>
        {
            var trained = Context.MulticlassClassification.Trainers.LbfgsMaximumEntropy(new LbfgsMaximumEntropyMulticlassTrainer.Options
            {
                LabelColumnName = labelColumnName,
                FeatureColumnName = featureColumnName,
                MaximumNumberOfIterations = 1,
                InitialWeightsDiameter = 1,
                NumberOfThreads = 1,
                L2Regularization = 0,
                L1Regularization = 0,
            }).Fit(input);
            var (w, b) = Parameters(trained.Model);
            return Template.Create(trained, input.Schema, w, b);
        });
        var model = template.Emit<MulticlassPredictionTransformer<MaximumEntropyModelParameters>>(weights, biases);
        Check(Parameters(model.Model), weights, biases);
        return model;
    }

    /// <summary>
    /// A binary logistic model (ML.NET's: linear score, Platt calibrator with slope -1, so Probability = sigmoid(score)).
    /// Its template depends only on the feature count and column name, so it is trained once on two synthetic rows.
    /// </summary>
    /// <param name="featureColumnName">Feature column.</param>
    /// <param name="weights">Coefficients.</param>
    /// <param name="bias">Intercept.</param>
    /// <returns>The transformer.</returns>
    public static BinaryPredictionTransformer<CalibratedModelParametersBase<LinearBinaryModelParameters, PlattCalibrator>> Binary(
        string featureColumnName, double[] weights, double bias)
    {
        var template = BinaryTemplates.GetOrAdd((weights.Length, featureColumnName), key => new Lazy<Template>(() =>
        {
            var labelName = key.FeatureColumnName == "Label" ? "SyntheticLabel" : "Label";
            var definition = SchemaDefinition.Create(typeof(SyntheticRow));
            definition[nameof(SyntheticRow.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, key.Width);
            definition[nameof(SyntheticRow.Features)].ColumnName = key.FeatureColumnName;
            definition[nameof(SyntheticRow.Label)].ColumnName = labelName;
            SyntheticRow[] rows =
            [
                new() { Label = true, Features = [.. Enumerable.Repeat(1f, key.Width)] },
                new() { Label = false, Features = new float[key.Width] },
            ];
            var data = Context.Data.LoadFromEnumerable(rows, definition);
            var trained = Context.BinaryClassification.Trainers.LbfgsLogisticRegression(new LbfgsLogisticRegressionBinaryTrainer.Options
            {
                LabelColumnName = labelName,
                FeatureColumnName = key.FeatureColumnName,
                MaximumNumberOfIterations = 1,
                InitialWeightsDiameter = 1,
                NumberOfThreads = 1,
                L2Regularization = 0,
                L1Regularization = 0,
            }).Fit(data);
            var linear = trained.Model.SubModel;
            return Template.Create(trained, data.Schema, [[.. linear.Weights]], [linear.Bias]);
        })).Value;
        var model = template.Emit<BinaryPredictionTransformer<CalibratedModelParametersBase<LinearBinaryModelParameters, PlattCalibrator>>>(
            [weights], [bias]);
        var sub = model.Model.SubModel;
        Check(([[.. sub.Weights]], [sub.Bias]), [weights], [bias]);
        return model;
    }

    /// <summary>
    /// A one-versus-rest model (ML.NET's OneVersusAll of the binary models above, with probability normalization: Score_k =
    /// sigmoid(z_k) / sum_j sigmoid(z_j), as scikit-learn's ovr predict_proba), built by ML.NET's OneVersusAll trainer over
    /// <paramref name="input"/> so the label's key type and values carry over.
    /// </summary>
    /// <param name="input">Training data.</param>
    /// <param name="labelColumnName">Key-typed label column.</param>
    /// <param name="featureColumnName">Feature column.</param>
    /// <param name="labels">Class index per row of <paramref name="input"/> (how each binary problem is recognized).</param>
    /// <param name="weights">Coefficients per class.</param>
    /// <param name="biases">Intercept per class.</param>
    /// <returns>The transformer.</returns>
    public static MulticlassPredictionTransformer<OneVersusAllModelParameters> OneVersusRest(
        IDataView input, string labelColumnName, string featureColumnName, int[] labels, double[][] weights, double[] biases)
    {
        var models = new BinaryPredictionTransformer<CalibratedModelParametersBase<LinearBinaryModelParameters, PlattCalibrator>>[weights.Length];
        for (var k = 0; k < models.Length; k++)
        {
            models[k] = Binary(featureColumnName, weights[k], biases[k]);
        }

        var firstRowClass = new Dictionary<int, int>();
        for (var i = 0; i < labels.Length; i++)
        {
            firstRowClass.TryAdd(labels[i], i);
        }

        var preset = new PresetBinaryTrainer(models, labelColumnName, featureColumnName, firstRowClass.ToDictionary(p => p.Value, p => p.Key));
        return Context.MulticlassClassification.Trainers.OneVersusAll(preset, labelColumnName, useProbabilities: true).Fit(input);
    }

    private static Template GetTemplate(IDataView input, string key, Func<Template> create) =>
        Templates.GetOrCreateValue(input).GetOrAdd(key, _ => new Lazy<Template>(create)).Value;

    private static (float[][] Weights, float[] Biases) Parameters(MaximumEntropyModelParameters model)
    {
        VBuffer<float>[]? w = null;
        model.GetWeights(ref w, out var classes);
        var weights = new float[classes][];
        for (var k = 0; k < classes; k++)
        {
            weights[k] = new float[w![k].Length];
            w[k].CopyTo(weights[k]);
        }

        return (weights, [.. model.GetBiases()]);
    }

    private static void Check((float[][] Weights, float[] Biases) actual, double[][] weights, double[] biases)
    {
        for (var k = 0; k < biases.Length; k++)
        {
            if (actual.Biases[k] != (float)biases[k] || !actual.Weights[k].SequenceEqual(weights[k].Select(v => (float)v)))
            {
                throw new InvalidOperationException("The emitted ML.NET model does not hold the fitted coefficients (the model format changed?).");
            }
        }
    }

    /// <summary>A saved template model and where its weights and biases lie in it.</summary>
    private sealed class Template
    {
        private readonly (string Name, byte[] Bytes)[] _entries;
        private readonly int _entry;
        private readonly int _weightOffset;
        private readonly int _biasOffset;
        private readonly int _classes;
        private readonly int _features;

        private Template((string, byte[])[] entries, int entry, int weightOffset, int biasOffset, int classes, int features)
        {
            (_entries, _entry, _weightOffset, _biasOffset, _classes, _features) = (entries, entry, weightOffset, biasOffset, classes, features);
        }

        public static Template Create(ITransformer trained, DataViewSchema schema, float[][] weights, float[] biases)
        {
            using var stream = new MemoryStream();
            Context.Model.Save(trained, schema, stream);
            stream.Position = 0;
            using var zip = new ZipArchive(stream, ZipArchiveMode.Read);
            var entries = zip.Entries.Select(e =>
            {
                using var s = e.Open();
                using var copy = new MemoryStream();
                s.CopyTo(copy);
                return (e.FullName, copy.ToArray());
            }).ToArray();

            // Weights are stored class after class, every one present (none is zero), so they form one run of floats.
            var weightBytes = Floats(weights.SelectMany(w => w));
            var biasBytes = Floats(biases);
            for (var i = 0; i < entries.Length; i++)
            {
                var bytes = entries[i].Item2.AsSpan();
                var w = bytes.IndexOf(weightBytes);
                var b = bytes.IndexOf(biasBytes);
                if (w >= 0 && b >= 0 && bytes[(w + 1)..].IndexOf(weightBytes) < 0 && bytes[(b + 1)..].IndexOf(biasBytes) < 0)
                {
                    return new Template(entries, i, w, b, biases.Length, weights[0].Length);
                }
            }

            throw new InvalidOperationException("The coefficients of the template ML.NET model were not found in its saved form (the model format changed?).");
        }

        public T Emit<T>(double[][] weights, double[] biases)
            where T : class, ITransformer
        {
            if (weights.Length != _classes || biases.Length != _classes || weights.Any(w => w.Length != _features))
            {
                throw new InvalidOperationException($"Expected {_classes} classes of {_features} coefficients.");
            }

            var patched = (byte[])_entries[_entry].Bytes.Clone();
            var offset = _weightOffset;
            foreach (var row in weights)
            {
                foreach (var v in row)
                {
                    BinaryPrimitives.WriteSingleLittleEndian(patched.AsSpan(offset, 4), (float)v);
                    offset += 4;
                }
            }

            for (var k = 0; k < biases.Length; k++)
            {
                BinaryPrimitives.WriteSingleLittleEndian(patched.AsSpan(_biasOffset + (4 * k), 4), (float)biases[k]);
            }

            using var stream = new MemoryStream();
            using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
            {
                for (var i = 0; i < _entries.Length; i++)
                {
                    using var s = zip.CreateEntry(_entries[i].Name, CompressionLevel.NoCompression).Open();
                    s.Write(i == _entry ? patched : _entries[i].Bytes);
                }
            }

            stream.Position = 0;
            return Context.Model.Load(stream, out _) as T
                ?? throw new InvalidOperationException($"The emitted ML.NET model did not load as {typeof(T).Name}.");
        }

        private static byte[] Floats(IEnumerable<float> values)
        {
            var list = values.ToArray();
            var bytes = new byte[list.Length * 4];
            for (var i = 0; i < list.Length; i++)
            {
                BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(4 * i, 4), list[i]);
            }

            return bytes;
        }
    }

    private sealed class SyntheticRow
    {
        public bool Label { get; set; }

        public float[] Features { get; set; } = [];
    }

    /// <summary>
    /// Hands ML.NET's OneVersusAll trainer the prepared model of each class: it recognizes the class of each binary problem
    /// by the first row labelled true (OneVersusAll maps the label to "is class k" and trains the classes in turn).
    /// </summary>
    private sealed class PresetBinaryTrainer(
        BinaryPredictionTransformer<CalibratedModelParametersBase<LinearBinaryModelParameters, PlattCalibrator>>[] models,
        string labelColumnName,
        string featureColumnName,
        Dictionary<int, int> classOfFirstRow)
        : ITrainerEstimator<BinaryPredictionTransformer<CalibratedModelParametersBase<LinearBinaryModelParameters, PlattCalibrator>>, CalibratedModelParametersBase<LinearBinaryModelParameters, PlattCalibrator>>
    {
        public TrainerInfo Info => Context.BinaryClassification.Trainers.LbfgsLogisticRegression(labelColumnName, featureColumnName).Info;

        public BinaryPredictionTransformer<CalibratedModelParametersBase<LinearBinaryModelParameters, PlattCalibrator>> Fit(IDataView input)
        {
            var label = input.Schema[labelColumnName];
            using var cursor = input.GetRowCursor([label]);
            var getter = cursor.GetGetter<bool>(label);
            var value = false;
            for (var row = 0; cursor.MoveNext(); row++)
            {
                getter(ref value);
                if (value)
                {
                    return models[classOfFirstRow[row]];
                }
            }

            // A class of the label's key type with no row: every such class has the same (never chosen) model.
            return models.Where((_, k) => !classOfFirstRow.ContainsValue(k)).First();
        }

        public SchemaShape GetOutputSchema(SchemaShape inputSchema) =>
            Context.BinaryClassification.Trainers.LbfgsLogisticRegression(labelColumnName, featureColumnName).GetOutputSchema(inputSchema);
    }
}
