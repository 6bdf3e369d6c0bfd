using Microsoft.ML;
using Microsoft.ML.Calibrators;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;

namespace MlNetHpo.Trainers;

/// <summary>
/// Turns coefficients found by our solver into standard ML.NET transformers using only public API (ML.NET's model-parameter,
/// calibrator and prediction-transformer constructors are internal). A plain perceptron fed one to three chosen examples
/// yields a <see cref="LinearBinaryModelParameters"/> holding exactly (w, b) (float32 rounding only), and ML.NET's fixed
/// Platt calibrator with slope -1 adds Probability = sigmoid(Score). The result is a chain of two standard transformers:
/// Score and PredictedLabel (threshold 0), then Probability. Fitting L-BFGS on a synthetic data set whose MLE is (w, b) was
/// measured to leave up to ~1e-3 of error (its stopping test is on float loss improvement) and to cost ~4 ms, so it only
/// remains as a fallback.
/// </summary>
internal static class LinearModelEmitter
{
    [ThreadStatic]
    private static MLContext? s_context;

    [ThreadStatic]
    private static Dictionary<(int Width, string FeatureColumnName), Template>? s_templates;

    /// <summary>Builds the standard transformer chain for (weights, bias).</summary>
    /// <param name="weights">Coefficients, one per feature slot.</param>
    /// <param name="bias">Intercept (0 when none is fitted).</param>
    /// <param name="featureColumnName">The feature column the transformer will read.</param>
    /// <returns>The transformer and the largest absolute difference between its parameters and the requested ones.</returns>
    public static (ITransformer Transformer, double Error) Emit(double[] weights, double bias, string featureColumnName)
    {
        // One context per thread: fits may run in parallel, and MLContext is not meant to be shared across threads.
        var ml = s_context ??= new MLContext(seed: 0);
        var template = GetTemplate(ml, weights.Length, featureColumnName);
        var linear = ExactLinearModel(ml, weights, bias, featureColumnName, template);
        double error;
        if (linear is not null)
        {
            error = Error(linear.Model, weights, bias);
            if (error <= 1e-6 * Math.Max(1, weights.Append(bias).Max(Math.Abs)))
            {
                // Probability = 1 / (1 + exp(slope * score + offset)) = sigmoid(score), exactly as ML.NET's logistic regression.
                // The fixed calibrator does not depend on (w, b): it is fitted once per thread and shape, and shared (transformers are immutable).
                template.Calibrator ??= ml.BinaryClassification.Calibrators.Platt(slope: -1, offset: 0).Fit(linear.Transform(template.Data));
                return (new TransformerChain<ITransformer>(linear, template.Calibrator), error);
            }
        }

        var transformer = SyntheticMaximumLikelihood(ml, weights, bias, featureColumnName, template.LabelName, template.WeightName, template.Definition);
        return (transformer, Error(transformer.Model.SubModel, weights, bias));
    }

    /// <summary>
    /// The per-thread, per-shape parts of emission that do not depend on (w, b): the schema definition (built by reflection), a
    /// data view over a reusable row list (ML.NET reads the list afresh at every cursor, and the trainer caches what it reads
    /// per fit), and the fixed calibrator. Building these for every fit was most of the emission time.
    /// </summary>
    private static Template GetTemplate(MLContext ml, int width, string featureColumnName)
    {
        var templates = s_templates ??= [];
        if (!templates.TryGetValue((width, featureColumnName), out var template))
        {
            var labelName = featureColumnName == "Label" ? "SyntheticLabel" : "Label";
            var weightName = featureColumnName == "Weight" ? "SyntheticWeight" : "Weight";
            var definition = SchemaDefinition.Create(typeof(SyntheticRow));
            definition[nameof(SyntheticRow.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, width);
            definition[nameof(SyntheticRow.Features)].ColumnName = featureColumnName;
            definition[nameof(SyntheticRow.Label)].ColumnName = labelName;
            definition[nameof(SyntheticRow.Weight)].ColumnName = weightName;
            var rows = new List<SyntheticRow>(3);
            template = new Template(labelName, weightName, definition, rows, ml.Data.LoadFromEnumerable(rows, definition));
            templates[(width, featureColumnName)] = template;
        }

        return template;
    }

    private static double Error(LinearBinaryModelParameters model, double[] weights, double bias)
    {
        var error = Math.Abs(model.Bias - bias);
        var j = 0;
        foreach (var w in model.Weights)
        {
            error = Math.Max(error, Math.Abs(w - weights[j++]));
        }

        return error;
    }

    /// <summary>
    /// Fallback when the perceptron route is not exact: ML.NET's unregularized L-BFGS logistic regression on a tiny data set
    /// whose weighted MLE is exactly (w, b): d + 1 affinely independent points, each present twice (label true with weight
    /// p, label false with weight 1 - p, p = sigmoid(b + w.x)). L-BFGS stops on relative loss improvement in float, so this
    /// leaves errors up to ~1e-3 in the weights.
    /// </summary>
    private static BinaryPredictionTransformer<CalibratedModelParametersBase<LinearBinaryModelParameters, PlattCalibrator>> SyntheticMaximumLikelihood(
        MLContext ml, double[] weights, double bias, string featureColumnName, string labelName, string weightName, SchemaDefinition definition)
    {
        var d = weights.Length;
        var anchor = new float[d];
        var steps = new float[d];
        ChoosePoints(weights, bias, anchor, steps);
        var rows = new List<SyntheticRow>(2 * (d + 1));
        for (var k = 0; k <= d; k++)
        {
            var x = (float[])anchor.Clone();
            if (k > 0)
            {
                x[k - 1] += steps[k - 1];
            }

            // p is computed from the float coordinates actually fed, so the synthetic MLE is exactly (w, b).
            var logit = bias;
            for (var j = 0; j < d; j++)
            {
                logit += weights[j] * x[j];
            }

            var p = 1 / (1 + Math.Exp(-logit));
            rows.Add(new SyntheticRow { Label = true, Features = x, Weight = (float)p });
            rows.Add(new SyntheticRow { Label = false, Features = x, Weight = (float)(1 - p) });
        }

        return ml.BinaryClassification.Trainers.LbfgsLogisticRegression(new LbfgsLogisticRegressionBinaryTrainer.Options
        {
            LabelColumnName = labelName,
            FeatureColumnName = featureColumnName,
            ExampleWeightColumnName = weightName,
            L1Regularization = 0,
            L2Regularization = 0,
            OptimizationTolerance = 1e-15f,
            MaximumNumberOfIterations = 1000,
            NumberOfThreads = 1,
            ShowTrainingStatistics = false,
        }).Fit(ml.Data.LoadFromEnumerable(rows, definition));
    }

    /// <summary>
    /// A plain (non-averaged) perceptron with hinge loss moves (w, b) by lr * y * (x, 1) on every example with margin below 1.
    /// From zero: b &gt; 0 needs one example (x = w / b, true, lr = b); b = 0 adds (0, false); b &lt; 0 adds it twice.
    /// The caller checks the result, in case a future ML.NET changes the update rule.
    /// </summary>
    private static BinaryPredictionTransformer<LinearBinaryModelParameters>? ExactLinearModel(
        MLContext ml, double[] weights, double bias, string featureColumnName, Template template)
    {
        var rate = bias == 0 ? 1.0 : Math.Abs(bias);
        var x = new float[weights.Length];
        for (var j = 0; j < weights.Length; j++)
        {
            x[j] = (float)(weights[j] / rate);
        }

        var rows = template.Rows;
        rows.Clear();
        rows.Add(new SyntheticRow { Label = true, Features = x, Weight = 1 });
        var zero = new float[weights.Length];
        for (var k = bias > 0 ? 0 : bias == 0 ? 1 : 2; k > 0; k--)
        {
            rows.Add(new SyntheticRow { Label = false, Features = zero, Weight = 1 });
        }

        var perceptron = ml.BinaryClassification.Trainers.AveragedPerceptron(new AveragedPerceptronTrainer.Options
        {
            LabelColumnName = template.LabelName,
            FeatureColumnName = featureColumnName,
            LearningRate = (float)rate,
            DecreaseLearningRate = false,
            L2Regularization = 0,
            Averaged = false,
            Shuffle = false,
            NumberOfIterations = 1,
            InitialWeightsDiameter = 0,
        });
        return perceptron.Fit(template.Data);
    }

    /// <summary>
    /// Anchor where the logit is near 0 (when that needs no huge coordinates) and a step per axis that moves the logit by
    /// about 1, so every point has a moderate probability and each coefficient is well determined.
    /// </summary>
    private static void ChoosePoints(double[] weights, double bias, float[] anchor, float[] steps)
    {
        double norm2 = 0;
        foreach (var w in weights)
        {
            norm2 += w * w;
        }

        if (Math.Abs(bias) > 2 && norm2 > 0)
        {
            var largest = 0.0;
            foreach (var w in weights)
            {
                largest = Math.Max(largest, Math.Abs(bias * w / norm2));
            }

            if (largest <= 1e3)
            {
                for (var j = 0; j < weights.Length; j++)
                {
                    anchor[j] = (float)(-bias * weights[j] / norm2);
                }
            }
        }

        for (var j = 0; j < weights.Length; j++)
        {
            var magnitude = Math.Abs(weights[j]);
            steps[j] = magnitude > 0 ? (float)Math.Clamp(1 / magnitude, 1e-3, 1e3) : 1f;
        }
    }

    private sealed class SyntheticRow
    {
        public bool Label { get; set; }

        public float[] Features { get; set; } = [];

        public float Weight { get; set; }
    }

    private sealed class Template(string labelName, string weightName, SchemaDefinition definition, List<SyntheticRow> rows, IDataView data)
    {
        public string LabelName { get; } = labelName;

        public string WeightName { get; } = weightName;

        public SchemaDefinition Definition { get; } = definition;

        /// <summary>The rows <see cref="Data"/> reads: refilled by each emission.</summary>
        public List<SyntheticRow> Rows { get; } = rows;

        public IDataView Data { get; } = data;

        public ITransformer? Calibrator { get; set; }
    }
}
