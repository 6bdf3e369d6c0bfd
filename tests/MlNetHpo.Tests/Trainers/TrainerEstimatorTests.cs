using System.Globalization;
using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.Calibrators;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Microsoft.ML.Transforms;
using MlNetHpo.AutoML;
using MlNetHpo.Sweeping;
using MlNetHpo.Trainers;
using static MlNetHpo.Tests.Trainers.LogisticReferences;

namespace MlNetHpo.Tests.Trainers;

/// <summary>
/// The binary LogisticRegression is an ML.NET ITrainerEstimator: appended to a featurizer, inside OneVersusAll, under
/// Permutation Feature Importance.
/// </summary>
public sealed class TrainerEstimatorTests
{
    /// <summary>
    /// OneVersusAll of our trainer against scikit-learn's OneVsRestClassifier(LogisticRegression(...)) on wine
    /// (tests/references/onevsrest, generate.py): every prediction, and the normalized probabilities (ML.NET's OneVersusAll
    /// with probabilities and scikit-learn's predict_proba both divide each class's sigmoid by their sum).
    /// </summary>
    [Theory]
    [InlineData("newton-cg_l2_C1")]
    [InlineData("liblinear_l1_C0.1")]
    public void OneVersusAllOfTheTrainerIsScikitLearnsOneVsRestClassifier(string name)
    {
        var fit = OneVersusRest.Value.GetProperty("fits").EnumerateArray().Single(f => f.GetProperty("name").GetString() == name);
        var p = fit.GetProperty("params");
        var options = new LogisticRegressionOptions
        {
            C = p.TryGetProperty("C", out var c) ? c.GetDouble() : 1.0,
            Penalty = p.TryGetProperty("penalty", out var penalty) ? Enum.Parse<Penalty>(penalty.GetString()!, true) : Penalty.L2,
            Solver = p.TryGetProperty("solver", out var solver) ? Enum.Parse<Solver>(solver.GetString()!.Replace("-", string.Empty, StringComparison.Ordinal), true) : Solver.Lbfgs,
            Tolerance = 1e-8,
        };
        var ml = new MLContext(seed: 1);
        var data = Wine(ml);

        var ova = ml.MulticlassClassification.Trainers.OneVersusAll(ml.BinaryClassification.Trainers.LogisticRegression(options)).Fit(data);

        var scored = ova.Transform(data);
        var predicted = scored.GetColumn<uint>("PredictedLabel").Select(k => (int)k - 1).ToArray(); // keys 1..3 are classes 0..2
        Assert.Equal(fit.GetProperty("predict").EnumerateArray().Select(v => v.GetInt32()), predicted);
        var proba = Matrix(fit.GetProperty("proba"));
        var scores = scored.GetColumn<VBuffer<float>>("Score").Select(v => v.DenseValues().ToArray()).ToArray();
        var difference = scores.SelectMany((row, i) => row.Select((q, k) => Math.Abs(q - proba[i][k]))).Max();
        // Both sides converged tightly (scikit-learn's newton-cg and liblinear at tol 1e-8 and 1e-10, ours at 1e-8): what is
        // left is the float32 rounding of ML.NET's scores (5e-8 measured).
        Assert.True(difference <= 2e-7, $"probabilities differ by {difference}");
    }

    /// <summary>
    /// Permutation Feature Importance on the trainer's model equals PFI on ML.NET's own logistic regression fitted to the same
    /// optimum (no penalty, both converged; the permutations depend only on the context's seed). PFI's binary metrics (accuracy,
    /// AUC, F1, AUPRC) see only the order and signs of the scores, which two models this close share: they agree exactly.
    /// </summary>
    [Fact]
    public void PermutationFeatureImportanceEqualsMlNetsOwnLogisticRegressionAtTheSameOptimum()
    {
        var ml = new MLContext(seed: 1);
        var data = BinaryData(ml, Rows.Skip(50)); // versicolor against virginica: overlapping, so the unpenalized optimum is finite
        var ours = ml.BinaryClassification.Trainers.LogisticRegression(new LogisticRegressionOptions { Penalty = Penalty.None, Tolerance = 1e-8 }).Fit(data);
        var theirs = ml.BinaryClassification.Trainers.LbfgsLogisticRegression(new LbfgsLogisticRegressionBinaryTrainer.Options
        {
            L1Regularization = 0,
            L2Regularization = 0,
            OptimizationTolerance = 1e-12f,
            MaximumNumberOfIterations = 100000,
            NumberOfThreads = 1,
        }).Fit(data);
        var largest = ours.Model.SubModel.Weights.Zip(theirs.Model.SubModel.Weights, (a, b) => Math.Abs(a - b)).Max();
        Assert.True(largest < 1e-2, $"ML.NET's L-BFGS did not reach the optimum: weights differ by {largest}");

        var expected = new MLContext(seed: 7).BinaryClassification.PermutationFeatureImportance(theirs, data, permutationCount: 3);
        var actual = new MLContext(seed: 7).BinaryClassification.PermutationFeatureImportance(ours, data, permutationCount: 3);

        Assert.Equal(4, actual.Length);
        Assert.Equal(expected.Select(m => m.Accuracy.Mean), actual.Select(m => m.Accuracy.Mean));
        Assert.Equal(expected.Select(m => m.AreaUnderRocCurve.Mean), actual.Select(m => m.AreaUnderRocCurve.Mean));
        Assert.Equal(expected.Select(m => m.F1Score.Mean), actual.Select(m => m.F1Score.Mean));
        Assert.Equal(expected.Select(m => m.AreaUnderPrecisionRecallCurve.Mean), actual.Select(m => m.AreaUnderPrecisionRecallCurve.Mean));
        // Petal length and width (features 2 and 3) separate these two species; sepal features barely do.
        var drops = actual.Select(m => -m.AreaUnderRocCurve.Mean).ToArray();
        Assert.True(drops[2] > drops[0] && drops[2] > drops[1] && drops[3] > drops[0] && drops[3] > drops[1], string.Join(", ", drops));
    }

    /// <summary>
    /// <c>featurizer.Append(trainer)</c> infers ML.NET's standard transformer chain, whose model holds the solver's coefficients
    /// (float32) and predicts as the model <see cref="LogisticRegressionTrainer.FitModel"/> returns (what searches fit).
    /// </summary>
    [Fact]
    public void AppendedToAFeaturizerItPredictsAsTheSearchModel()
    {
        var data = TitanicRevision.Get("current");
        var ml = data.Context;
        var featurizer = ml.Transforms.Concatenate("F2", "Features");
        var trainer = ml.BinaryClassification.Trainers.LogisticRegression(featureColumnName: "F2", c: 0.5);

        TransformerChain<BinaryPredictionTransformer<CalibratedModelParametersBase<LinearBinaryModelParameters, PlattCalibrator>>> chain =
            featurizer.Append(trainer).Fit(data.Train);

        var fast = trainer.FitModel(featurizer.Fit(data.Train).Transform(data.Train));
        var linear = chain.LastTransformer.Model.SubModel;
        Assert.Equal(fast.Coefficients.Select(w => (float)w), linear.Weights);
        Assert.Equal((float)fast.Intercept, linear.Bias);
        Assert.Equal(-1, chain.LastTransformer.Model.Calibrator.Slope);

        var test = featurizer.Fit(data.Train).Transform(data.Test);
        var expected = fast.Transform(test);
        var actual = chain.Transform(data.Test);
        Assert.Equal(expected.GetColumn<bool>("PredictedLabel"), actual.GetColumn<bool>("PredictedLabel"));
        // The search model's weights come from a perceptron step (w / |b| * |b| in float32): an ulp or two from (float)w.
        Assert.All(expected.GetColumn<float>("Score").Zip(actual.GetColumn<float>("Score")), s => Assert.Equal(s.First, s.Second, 1e-5f));
        Assert.All(expected.GetColumn<float>("Probability").Zip(actual.GetColumn<float>("Probability")), s => Assert.Equal(s.First, s.Second, 1e-6f));
    }

    /// <summary>
    /// Searches fit the solver's own model (<see cref="LogisticRegressionTrainer.FitModel"/>: built in 0.1 ms, warnings kept)
    /// in place of the trainer's standard transformer, refit included, whichever way the sweepable estimator was made.
    /// </summary>
    [Fact]
    public void SearchesFitTheSolverModelInPlaceOfTheTrainer()
    {
        var data = TitanicRevision.Get("tutorial-2023");
        var ml = data.Context;
        var result = ml.BinaryClassification.GridSearch(
            null, (LogisticRegressionOptions o) => ml.BinaryClassification.Trainers.LogisticRegression(o), new ParameterGrid { ["C"] = [0.1, 1] }, folds: 3).Fit(data.Train);
        var refitted = Assert.IsType<LogisticRegressionModel>(result.Model);
        var direct = new LogisticRegressionTrainer(new LogisticRegressionOptions { C = result.BestParameters.Get<double>("C") }).FitModel(data.Train);
        Assert.Equal(direct.Coefficients, refitted.Coefficients);

        var factory = SweepableEstimator.FromFactory((context, _) => context.BinaryClassification.Trainers.LogisticRegression());
        Assert.IsType<LogisticRegressionModel>(factory.BuildFromOption(ml, Parameter.Empty).Fit(data.Train));
    }

    private static readonly Lazy<JsonElement> OneVersusRest = new(() =>
        JsonDocument.Parse(File.ReadAllText(SharedData.Path("tests", "references", "onevsrest", "onevsrest.json"))).RootElement);

    /// <summary>wine.csv: 13 standardized features (float32 values), a class 0, 1 or 2 mapped to keys in sorted order.</summary>
    private static IDataView Wine(MLContext ml)
    {
        var rows = File.ReadLines(SharedData.Path("tests", "references", "onevsrest", "wine.csv")).Skip(1).Select(line =>
        {
            var cells = line.Split(',');
            return new WineRow
            {
                Features = [.. cells[..^1].Select(v => float.Parse(v, CultureInfo.InvariantCulture))],
                Class = uint.Parse(cells[^1], CultureInfo.InvariantCulture),
            };
        }).ToArray();
        var view = ml.Data.LoadFromEnumerable(rows);
        return ml.Transforms.Conversion.MapValueToKey("Label", nameof(WineRow.Class), keyOrdinality: ValueToKeyMappingEstimator.KeyOrdinality.ByValue)
            .Fit(view).Transform(view);
    }

    private sealed class WineRow
    {
        [VectorType(13)]
        public float[] Features { get; set; } = [];

        public uint Class { get; set; }
    }
}
