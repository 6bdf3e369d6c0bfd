using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;

namespace MlNetHpo.Trainers;

/// <summary>
/// Turns (w, b) found by our solvers into ML.NET's own regression transformer, a
/// <see cref="RegressionPredictionTransformer{TModel}"/> of <see cref="LinearRegressionModelParameters"/>, through public API only
/// (its constructors are internal), as <see cref="LinearModelEmitter"/> does for binary models with a perceptron. Plain
/// (non-averaged) online gradient descent with squared loss, learning rate 1, starting from zero, moves (w, b) by
/// <c>-2 (score - label) (x, 1)</c> per example: the example (x = w, label 0.5) lands on (w, 1), and a second one at x = 0 with
/// label (b + 1) / 2 moves the bias to b. The result is checked, in case a future ML.NET changes the update rule.
/// </summary>
internal static class RegressionModelEmitter
{
    [ThreadStatic]
    private static MLContext? s_context;

    [ThreadStatic]
    private static Dictionary<(int Width, string FeatureColumnName), (string LabelName, List<Row> Rows, IDataView Data)>? s_templates;

    /// <summary>Builds the transformer for (weights, bias).</summary>
    /// <returns>The transformer and the largest absolute difference between its parameters and the requested ones.</returns>
    /// <exception cref="InvalidOperationException">ML.NET did not reproduce the parameters (an update rule we do not know).</exception>
    public static (RegressionPredictionTransformer<LinearRegressionModelParameters> Transformer, double Error) Emit(double[] weights, double bias, string featureColumnName)
    {
        // One context per thread: fits run in parallel, and MLContext is not meant to be shared across threads.
        var ml = s_context ??= new MLContext(seed: 0);
        var (labelName, rows, data) = Template(ml, weights.Length, featureColumnName);
        rows.Clear();
        rows.Add(new Row { Features = [.. weights.Select(w => (float)w)], Label = 0.5f });
        rows.Add(new Row { Features = new float[weights.Length], Label = (float)((bias + 1) / 2) });
        var transformer = ml.Regression.Trainers.OnlineGradientDescent(new OnlineGradientDescentTrainer.Options
        {
            LabelColumnName = labelName,
            FeatureColumnName = featureColumnName,
            LearningRate = 1,
            DecreaseLearningRate = false,
            L2Regularization = 0,
            Averaged = false,
            Shuffle = false,
            NumberOfIterations = 1,
            InitialWeightsDiameter = 0,
        }).Fit(data);

        var model = transformer.Model;
        var error = Math.Abs(model.Bias - bias);
        var j = 0;
        foreach (var w in model.Weights)
        {
            error = Math.Max(error, Math.Abs(w - weights[j++]));
        }

        // float32 storage: allow a few units in the last place of the largest parameter.
        var scale = Math.Max(1, Math.Max(Math.Abs(bias), weights.Length == 0 ? 0 : weights.Max(Math.Abs)));
        if (!(error <= 1e-6 * scale))
        {
            throw new InvalidOperationException($"Could not build the ML.NET regression model: its parameters differ from the solution by {error}.");
        }

        return (transformer, error);
    }

    /// <summary>
    /// The per-thread, per-shape schema and data view (over a row list refilled by each emission: ML.NET reads the list afresh at
    /// every cursor): building them by reflection for every fit would cost more than the fit.
    /// </summary>
    private static (string LabelName, List<Row> Rows, IDataView Data) Template(MLContext ml, int width, string featureColumnName)
    {
        var templates = s_templates ??= [];
        if (!templates.TryGetValue((width, featureColumnName), out var template))
        {
            var labelName = featureColumnName == "Label" ? "SyntheticLabel" : "Label";
            var definition = SchemaDefinition.Create(typeof(Row));
            definition[nameof(Row.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, width);
            definition[nameof(Row.Features)].ColumnName = featureColumnName;
            definition[nameof(Row.Label)].ColumnName = labelName;
            var rows = new List<Row>(2);
            template = (labelName, rows, ml.Data.LoadFromEnumerable(rows, definition));
            templates[(width, featureColumnName)] = template;
        }

        return template;
    }

    private sealed class Row
    {
        public float[] Features { get; set; } = [];

        public float Label { get; set; }
    }
}
