using Microsoft.ML;
using Microsoft.ML.Calibrators;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;

namespace MlNetHpo.Trainers;

/// <summary>
/// Turns coefficients found by our solver into a standard ML.NET logistic-regression transformer using only public API.
/// ML.NET's model-parameter, calibrator and prediction-transformer constructors are internal, so we let ML.NET's own
/// <c>LbfgsLogisticRegression</c> (no regularization) fit a tiny synthetic data set whose maximum-likelihood solution is
/// exactly (w, b): d + 1 affinely independent points, each present twice (label true with weight p, label false with
/// weight 1 - p, p = sigmoid(b + w.x)). With as many points as parameters the weighted MLE reproduces every point's
/// probability, hence (w, b) up to float32 and convergence precision.
/// </summary>
internal static class LinearModelEmitter
{
    [ThreadStatic]
    private static MLContext? s_context;

    /// <summary>Builds the standard transformer for (weights, bias).</summary>
    /// <param name="weights">Coefficients, one per feature slot.</param>
    /// <param name="bias">Intercept (0 when none is fitted).</param>
    /// <param name="featureColumnName">The feature column the transformer will read.</param>
    /// <returns>The transformer and the largest absolute difference between its parameters and the requested ones.</returns>
    public static (BinaryPredictionTransformer<CalibratedModelParametersBase<LinearBinaryModelParameters, PlattCalibrator>> Transformer, double Error)
        Emit(double[] weights, double bias, string featureColumnName)
    {
        // One context per thread: fits may run in parallel, and MLContext is not meant to be shared across threads.
        var ml = s_context ??= new MLContext(seed: 0);
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

        var labelName = featureColumnName + "_SyntheticLabel";
        var weightName = featureColumnName + "_SyntheticWeight";
        var definition = SchemaDefinition.Create(typeof(SyntheticRow));
        definition[nameof(SyntheticRow.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, d);
        definition[nameof(SyntheticRow.Features)].ColumnName = featureColumnName;
        definition[nameof(SyntheticRow.Label)].ColumnName = labelName;
        definition[nameof(SyntheticRow.Weight)].ColumnName = weightName;
        var data = ml.Data.LoadFromEnumerable(rows, definition);

        var trainer = ml.BinaryClassification.Trainers.LbfgsLogisticRegression(new LbfgsLogisticRegressionBinaryTrainer.Options
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
        });
        var transformer = trainer.Fit(data);

        var fitted = transformer.Model.SubModel;
        var error = Math.Abs(fitted.Bias - bias);
        var j2 = 0;
        foreach (var w in fitted.Weights)
        {
            error = Math.Max(error, Math.Abs(w - weights[j2++]));
        }

        return (transformer, error);
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
}
