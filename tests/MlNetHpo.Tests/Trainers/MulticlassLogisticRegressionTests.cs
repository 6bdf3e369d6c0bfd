using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetHpo.Experiments;
using MlNetHpo.Scoring;
using MlNetHpo.AutoML;
using MlNetHpo.Trainers;
using MlNetHpo.Validation;
using Xunit.Abstractions;
using static MlNetHpo.Tests.Trainers.LogisticReferences;

namespace MlNetHpo.Tests.Trainers;

/// <summary>The multiclass LogisticRegression and class weights against scikit-learn 1.2.1 (tests/references/logistic).</summary>
public sealed class MulticlassLogisticRegressionTests(ITestOutputHelper output)
{
    // Both sides converge to tol 1e-10 (saga 1e-9): the optimum is the same; what remains is our float32 copy of the
    // standardized features (scikit-learn reads float64) and, for saga, its own stopping point.
    private const double CoefficientTolerance = 1e-4;
    private const double ProbabilityTolerance = 2e-5;

    public static TheoryData<string> MulticlassFits =>
    [
        "multinomial_l2", "auto_l2_C0.1", "ovr_l2", "ovr_liblinear_l2", "ovr_liblinear_l1", "multinomial_saga_l1",
        "multinomial_saga_elasticnet", "multinomial_balanced", "multinomial_dict", "ovr_balanced", "ovr_dict", "liblinear_balanced",
        "multinomial_balanced_sample_weight", "multinomial_sample_weight",
    ];

    public static TheoryData<string> BinaryFits => ["binary_balanced", "binary_dict_sample_weight", "binary_multinomial"];

    [Theory]
    [MemberData(nameof(MulticlassFits))]
    public void MulticlassMatchesScikitLearn(string name)
    {
        var ml = new MLContext(seed: 1);
        var fit = Fit(name);
        var model = ml.MulticlassClassification.Trainers.LogisticRegression(Options(fit)).Fit(MulticlassData(ml, RowsOf(fit)));
        var coef = Matrix(fit.GetProperty("coef"));
        var intercept = Vector(fit.GetProperty("intercept"));
        var multinomial = name.StartsWith("multinomial", StringComparison.Ordinal) || name.StartsWith("auto", StringComparison.Ordinal);
        Assert.Equal(multinomial, model.IsMultinomial);

        // Unpenalized multinomial intercepts are defined up to a common shift: compare them centred.
        var ours = model.Intercepts.ToArray();
        if (multinomial)
        {
            Center(ours);
            Center(intercept);
        }

        double coefDiff = 0;
        for (var k = 0; k < coef.Length; k++)
        {
            coefDiff = Math.Max(coefDiff, Math.Abs(ours[k] - intercept[k]));
            for (var j = 0; j < coef[k].Length; j++)
            {
                coefDiff = Math.Max(coefDiff, Math.Abs(model.Coefficients[k][j] - coef[k][j]));
            }
        }

        var scores = model.Transform(MulticlassData(ml, Rows)).GetColumn<VBuffer<float>>("Score").Select(v => v.DenseValues().ToArray()).ToArray();
        var proba = Matrix(fit.GetProperty("proba"));
        double probaDiff = 0;
        for (var i = 0; i < proba.Length; i++)
        {
            var row = scores[i];
            for (var k = 0; k < row.Length; k++)
            {
                probaDiff = Math.Max(probaDiff, Math.Abs(row[k] - proba[i][k]));
            }
        }

        output.WriteLine($"{name}: coefficients within {coefDiff:G3}, probabilities within {probaDiff:G3}, {model.Iterations} iterations, converged {model.Converged}");
        Assert.True(model.Converged);
        Assert.True(coefDiff <= CoefficientTolerance, $"coefficients differ by {coefDiff}");
        Assert.True(probaDiff <= ProbabilityTolerance, $"probabilities differ by {probaDiff}");
    }

    [Theory]
    [MemberData(nameof(BinaryFits))]
    public void BinaryClassWeightsMatchScikitLearn(string name)
    {
        var ml = new MLContext(seed: 1);
        var fit = Fit(name);
        var options = Options(fit, c => c == "virginica" ? "True" : "False");
        var model = ml.BinaryClassification.Trainers.LogisticRegression(options).FitModel(BinaryData(ml, RowsOf(fit)));
        Assert.True(model.Converged);
        var proba = Matrix(fit.GetProperty("proba"));
        var probability = model.Transform(BinaryData(ml, Rows)).GetColumn<float>("Probability").ToArray();
        var probaDiff = probability.Select((p, i) => Math.Abs(p - proba[i][1])).Max();

        // scikit-learn's two-class multinomial keeps w1 with w0 = -w1 and scores softmax([-z, z]): our model is w1 - w0 = 2 w1.
        var scale = options.MultiClass == MultiClass.Multinomial ? 2 : 1;
        var coef = Vector(fit.GetProperty("coef")[0]);
        var coefDiff = Math.Abs(model.Intercept - (scale * fit.GetProperty("intercept")[0].GetDouble()));
        for (var j = 0; j < coef.Length; j++)
        {
            coefDiff = Math.Max(coefDiff, Math.Abs(model.Coefficients[j] - (scale * coef[j])));
        }

        output.WriteLine($"{name}: coefficients within {coefDiff:G3}, probabilities within {probaDiff:G3}");
        Assert.True(coefDiff <= CoefficientTolerance, $"coefficients differ by {coefDiff}");
        Assert.True(probaDiff <= ProbabilityTolerance, $"probabilities differ by {probaDiff}");
    }

    [Fact]
    public void GridSearchOnTheMulticlassCatalogMatchesGridSearchCv()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(Rows);
        var featurizer = ml.Transforms.Conversion.MapValueToKey("Label", nameof(IrisRow.Species), keyOrdinality: Microsoft.ML.Transforms.ValueToKeyMappingEstimator.KeyOrdinality.ByValue);
        var result = ml.MulticlassClassification.GridSearch(
            featurizer,
            (LogisticRegressionOptions o) => ml.MulticlassClassification.Trainers.LogisticRegression(o),
            new ParameterGrid
            {
                ["C"] = [0.01, 0.1, 1.0, 10.0],
                ["MultiClass"] = ["multinomial", "ovr"],
                ["Tolerance"] = [1e-6],
                ["MaximumIterations"] = [1000],
            },
            MulticlassClassificationMetric.MicroAccuracy,
            Folds.Stratified(5, columnName: nameof(IrisRow.Species))).Fit(data);

        var grid = Json.GetProperty("grid");
        var splits = Matrix(grid.GetProperty("split_test_scores"));
        var ranks = grid.GetProperty("rank_test_score").EnumerateArray().Select(r => r.GetInt32()).ToArray();
        Assert.Equal(splits.Length, result.Candidates.Count);
        for (var c = 0; c < splits.Length; c++)
        {
            var p = grid.GetProperty("params")[c];
            var candidate = result.Candidates[c];
            Assert.Equal(p.GetProperty("C").GetDouble(), candidate.Parameters.Get<double>("C"));
            Assert.Equal(Enum.Parse<MultiClass>(p.GetProperty("multi_class").GetString()!, true), candidate.Parameters.Get<MultiClass>("MultiClass"));
            Assert.Equal(splits[c], candidate.SplitScores.ToArray());
            Assert.Equal(ranks[c], candidate.Rank);
        }
    }

    [Fact]
    public void LiblinearRejectsMultinomialAsScikitLearnDoes()
    {
        var ex = Assert.Throws<ArgumentException>(() => new MulticlassLogisticRegressionTrainer(
            new LogisticRegressionOptions { Solver = Solver.Liblinear, MultiClass = MultiClass.Multinomial }));
        Assert.StartsWith("Solver liblinear does not support a multinomial backend.", ex.Message, StringComparison.Ordinal);
        Assert.Equal("MultiClass", ex.ParamName);
    }

    [Fact]
    public void NonKeyLabelIsRejectedWithOneLine()
    {
        var ml = new MLContext(seed: 1);
        var data = BinaryData(ml, Rows);
        var ex = Assert.Throws<ArgumentException>(() => ml.MulticlassClassification.Trainers.LogisticRegression().Fit(data));
        Assert.StartsWith("Label column 'Label' must be a key type of UInt32", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownClassWeightKeyIsRejected()
    {
        var ml = new MLContext(seed: 1);
        var options = new LogisticRegressionOptions { ClassWeight = ClassWeight.PerClass(new Dictionary<string, double> { ["rose"] = 2 }) };
        var ex = Assert.Throws<ArgumentException>(() => ml.MulticlassClassification.Trainers.LogisticRegression(options).Fit(MulticlassData(ml, Rows)));
        Assert.StartsWith("The class weight key 'rose' is not a class of the label; classes: 'setosa', 'versicolor', 'virginica'.", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ModelSavesAndLoadsAsAStandardMulticlassModel()
    {
        var ml = new MLContext(seed: 1);
        var data = MulticlassData(ml, Rows);
        foreach (var multiClass in new[] { MultiClass.Multinomial, MultiClass.Ovr })
        {
            var model = ml.MulticlassClassification.Trainers.LogisticRegression(multiClass: multiClass).Fit(data);
            using var stream = new MemoryStream();
            ml.Model.Save(model, data.Schema, stream);
            stream.Position = 0;
            var loaded = ml.Model.Load(stream, out _);
            var expected = model.Transform(data).GetColumn<uint>("PredictedLabel").ToArray();
            Assert.Equal(expected, loaded.Transform(data).GetColumn<uint>("PredictedLabel").ToArray());
            var metrics = ml.MulticlassClassification.Evaluate(loaded.Transform(data));
            Assert.True(metrics.MicroAccuracy > 0.9, $"{multiClass}: accuracy {metrics.MicroAccuracy}");
            Assert.Contains(loaded.GetType().Name, new[] { "MulticlassPredictionTransformer`1" });
        }
    }

    [Theory]
    [InlineData(MultiClass.Multinomial)]
    [InlineData(MultiClass.Ovr)]
    public void AClassOfTheKeyTypeThatTheDataLacksIsNeverPredicted(MultiClass multiClass)
    {
        // A fold can lack a class of the label's key type: scikit-learn then fits the classes it sees; the ML.NET model keeps
        // the key type's slot for the missing class with probability 0.
        var ml = new MLContext(seed: 1);
        var keys = ml.Data.LoadFromEnumerable(new[] { "rosa", "setosa", "versicolor", "virginica" }.Select(v => new KeyRow { Value = v }));
        var data = ml.Transforms.Conversion.MapValueToKey("Label", nameof(IrisRow.Species), keyData: keys)
            .Fit(ml.Data.LoadFromEnumerable(Rows)).Transform(ml.Data.LoadFromEnumerable(Rows));
        var options = new LogisticRegressionOptions { MultiClass = multiClass, Tolerance = 1e-6 };
        var model = ml.MulticlassClassification.Trainers.LogisticRegression(options).Fit(data);
        var scores = model.Transform(data).GetColumn<VBuffer<float>>("Score").Select(v => v.DenseValues().ToArray()).ToArray();
        Assert.All(scores, row => Assert.Equal(0f, row[0]));
        Assert.DoesNotContain(1u, model.Transform(data).GetColumn<uint>("PredictedLabel"));

        // The other slots are the three-class model's.
        var three = ml.MulticlassClassification.Trainers.LogisticRegression(options).Fit(MulticlassData(ml, Rows));
        var expected = three.Transform(MulticlassData(ml, Rows)).GetColumn<VBuffer<float>>("Score").Select(v => v.DenseValues().ToArray()).ToArray();
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], scores[i][1..]);
        }
    }

    private static void Center(double[] values)
    {
        var mean = values.Average();
        for (var i = 0; i < values.Length; i++)
        {
            values[i] -= mean;
        }
    }

    private sealed class KeyRow
    {
        public string Value { get; set; } = string.Empty;
    }
}
