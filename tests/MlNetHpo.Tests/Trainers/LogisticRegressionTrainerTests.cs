using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.SearchSpace;
using MlNetHpo.Trainers;
using MlNetHpo.AutoML;

namespace MlNetHpo.Tests.Trainers;

/// <summary>Model format, pipelines, bad input, options and name parsing of the logistic-regression trainer.</summary>
public sealed class LogisticRegressionTrainerTests
{
    [Fact]
    public void SavedModelLoadsAsStandardMlNetModelWithIdenticalPredictions()
    {
        var data = TitanicRevision.Get("tutorial-2023");
        var model = data.Context.BinaryClassification.Trainers.LogisticRegression(c: 10, penalty: Penalty.L1, solver: Solver.Liblinear).FitModel(data.Train);
        var path = Path.Combine(Path.GetTempPath(), $"lr-{Guid.NewGuid():N}.zip");
        try
        {
            data.Context.Model.Save(model, data.Test.Schema, path);
            var loaded = new MLContext().Model.Load(path, out _);
            Assert.IsNotType<LogisticRegressionModel>(loaded);
            foreach (var column in new[] { "Score", "Probability" })
            {
                Assert.Equal(model.Transform(data.Test).GetColumn<float>(column), loaded.Transform(data.Test).GetColumn<float>(column));
            }

            Assert.Equal(model.Transform(data.Test).GetColumn<bool>("PredictedLabel"), loaded.Transform(data.Test).GetColumn<bool>("PredictedLabel"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void WorksInsidePipelinesAndScoresLikeItsCoefficients()
    {
        var data = TitanicRevision.Get("current");
        var ml = data.Context;
        var pipeline = ml.Transforms.Concatenate("F2", "Features")
            .Append(ml.BinaryClassification.Trainers.LogisticRegression(featureColumnName: "F2"));
        var chain = pipeline.Fit(data.Train);
        var lr = chain.LastTransformer.Model.SubModel;
        var schema = chain.GetOutputSchema(data.Test.Schema);
        Assert.NotNull(schema.GetColumnOrNull("PredictedLabel"));

        var features = data.Test.GetColumn<float[]>("Features").First();
        var probability = chain.Transform(data.Test).GetColumn<float>("Probability").First();
        var logit = lr.Bias + features.Select((x, j) => x * lr.Weights[j]).Sum();
        Assert.Equal(1 / (1 + Math.Exp(-logit)), probability, 5);
    }

    [Fact]
    public void NoInterceptGivesZeroBias()
    {
        var data = TitanicRevision.Get("tutorial-2023");
        var model = new LogisticRegressionTrainer(new LogisticRegressionOptions { FitIntercept = false }).FitModel(data.Train);
        Assert.Equal(0, model.Intercept);
        var zero = data.Context.Data.LoadFromEnumerable([new Row { Label = true, Features = new float[5] }], Schema(5));
        Assert.Equal(0f, model.Transform(zero).GetColumn<float>("Score").Single(), 6);
    }

    [Fact]
    public void IterationLimitGivesConvergenceWarning()
    {
        var data = TitanicRevision.Get("current");
        var model = new LogisticRegressionTrainer(new LogisticRegressionOptions { MaximumIterations = 1, Solver = Solver.Sag }).FitModel(data.Train);
        Assert.False(model.Converged);
        Assert.Equal(1, model.Iterations);
        Assert.Contains(model.Warnings, w => w.Contains("sag failed to converge", StringComparison.Ordinal));
    }

    [Fact]
    public void IgnoredParametersGiveScikitLearnWarnings()
    {
        var data = TitanicRevision.Get("tutorial-2023");
        var model = new LogisticRegressionTrainer(new LogisticRegressionOptions { Penalty = Penalty.None, C = 10, L1Ratio = 0.5 }).FitModel(data.Train);
        Assert.Contains(model.Warnings, w => w.StartsWith("Setting penalty='none' will ignore the C", StringComparison.Ordinal));
        Assert.Contains(model.Warnings, w => w.StartsWith("l1_ratio parameter is only used when penalty is 'elasticnet'", StringComparison.Ordinal));
    }

    [Fact]
    public void ElasticNetWithRatioOneEqualsL1()
    {
        var data = TitanicRevision.Get("tutorial-2023");
        var l1 = new LogisticRegressionTrainer(new LogisticRegressionOptions { Penalty = Penalty.L1, Solver = Solver.Saga, C = 0.1 }).FitModel(data.Train);
        var elastic = new LogisticRegressionTrainer(new LogisticRegressionOptions { Penalty = Penalty.ElasticNet, L1Ratio = 1, Solver = Solver.Saga, C = 0.1 }).FitModel(data.Train);
        for (var j = 0; j < 5; j++)
        {
            Assert.Equal(l1.Coefficients[j], elastic.Coefficients[j], 9);
        }
    }

    [Fact]
    public void MissingLabelColumnIsNamed()
    {
        var data = TitanicRevision.Get("tutorial-2023");
        var ex = Assert.ThrowsAny<ArgumentException>(() => data.Context.BinaryClassification.Trainers.LogisticRegression(labelColumnName: "Survived").Fit(data.Train));
        Assert.Contains("'Survived' not found", ex.Message, StringComparison.Ordinal);
        Assert.Equal("input", ex.ParamName);
    }

    [Fact]
    public void NonBooleanLabelIsNamed()
    {
        var ml = new MLContext();
        var rows = ml.Data.LoadFromEnumerable([new FloatLabelRow { Label = 1, Features = [1, 2] }, new FloatLabelRow { Label = 0, Features = [2, 1] }]);
        var ex = Assert.ThrowsAny<ArgumentException>(() => ml.BinaryClassification.Trainers.LogisticRegression().Fit(rows));
        Assert.Contains("Label column 'Label' must be Boolean", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OneClassAndEmptyDataAreRejected()
    {
        var ml = new MLContext();
        var oneClass = ml.Data.LoadFromEnumerable([new Row { Label = true, Features = [1, 2] }, new Row { Label = true, Features = [2, 1] }], Schema(2));
        var ex = Assert.ThrowsAny<ArgumentException>(() => ml.BinaryClassification.Trainers.LogisticRegression().Fit(oneClass));
        Assert.Contains("at least 2 classes", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'Label'", ex.Message, StringComparison.Ordinal);

        var empty = ml.Data.LoadFromEnumerable(Array.Empty<Row>(), Schema(2));
        ex = Assert.ThrowsAny<ArgumentException>(() => ml.BinaryClassification.Trainers.LogisticRegression().Fit(empty));
        Assert.Contains("0 sample(s)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NaNFeaturesAndScalarFeaturesAreRejected()
    {
        var ml = new MLContext();
        var nan = ml.Data.LoadFromEnumerable([new Row { Label = true, Features = [1, float.NaN] }, new Row { Label = false, Features = [2, 1] }], Schema(2));
        var ex = Assert.ThrowsAny<ArgumentException>(() => ml.BinaryClassification.Trainers.LogisticRegression().Fit(nan));
        Assert.Contains("NaN", ex.Message, StringComparison.Ordinal);

        var scalar = ml.Data.LoadFromEnumerable([new ScalarRow { Label = true, Value = 1 }]);
        ex = Assert.ThrowsAny<ArgumentException>(() => ml.BinaryClassification.Trainers.LogisticRegression(featureColumnName: "Value").Fit(scalar));
        Assert.Contains("Feature column 'Value' must be a known-size vector of Single", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0.0, "C")]
    [InlineData(-1.0, "C")]
    [InlineData(double.NaN, "C")]
    public void NonPositiveCIsRejected(double c, string parameter)
    {
        var ex = Assert.ThrowsAny<ArgumentException>(() => new LogisticRegressionTrainer(new LogisticRegressionOptions { C = c }));
        Assert.Equal(parameter, ex.ParamName);
        Assert.StartsWith("Penalty term must be positive; got (C=", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OtherInvalidOptionsAreRejected()
    {
        Assert.Equal("L1Ratio", Assert.ThrowsAny<ArgumentException>(() => new LogisticRegressionTrainer(new LogisticRegressionOptions { L1Ratio = 1.5 })).ParamName);
        Assert.Equal("L1Ratio", Assert.ThrowsAny<ArgumentException>(() => new LogisticRegressionTrainer(new LogisticRegressionOptions { Penalty = Penalty.ElasticNet, Solver = Solver.Saga })).ParamName);
        Assert.Equal("MaximumIterations", Assert.ThrowsAny<ArgumentException>(() => new LogisticRegressionTrainer(new LogisticRegressionOptions { MaximumIterations = -1 })).ParamName);
        Assert.Equal("Tolerance", Assert.ThrowsAny<ArgumentException>(() => new LogisticRegressionTrainer(new LogisticRegressionOptions { Tolerance = -1 })).ParamName);
        Assert.Equal("Penalty", Assert.ThrowsAny<ArgumentException>(() => new LogisticRegressionTrainer(new LogisticRegressionOptions { Penalty = (Penalty)42 })).ParamName);
        Assert.Equal("LabelColumnName", Assert.ThrowsAny<ArgumentException>(() => new LogisticRegressionTrainer(new LogisticRegressionOptions { LabelColumnName = null! })).ParamName);
        Assert.Equal("options", Assert.ThrowsAny<ArgumentException>(() => new LogisticRegressionTrainer(null!)).ParamName);
        var ex = Assert.ThrowsAny<ArgumentException>(() => new LogisticRegressionTrainer(new LogisticRegressionOptions { Penalty = Penalty.None, Solver = Solver.Liblinear }));
        Assert.StartsWith("penalty='none' is not supported for the liblinear solver", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("l1", Penalty.L1)]
    [InlineData("L2", Penalty.L2)]
    [InlineData("elasticnet", Penalty.ElasticNet)]
    [InlineData("Elastic_Net", Penalty.ElasticNet)]
    [InlineData("none", Penalty.None)]
    [InlineData(null, Penalty.None)]
    public void ParsesScikitLearnPenaltyNames(string? name, Penalty expected)
    {
        Assert.True(SklearnNames.TryParsePenalty(name, out var penalty));
        Assert.Equal(expected, penalty);
        Assert.Equal(expected, SklearnNames.ParsePenalty(name));
        Assert.Equal(expected, SklearnNames.ParsePenalty(expected.ToSklearnName()));
    }

    [Theory]
    [InlineData("newton-cg", Solver.NewtonCg)]
    [InlineData("NEWTON_CG", Solver.NewtonCg)]
    [InlineData("lbfgs", Solver.Lbfgs)]
    [InlineData("liblinear", Solver.Liblinear)]
    [InlineData("sag", Solver.Sag)]
    [InlineData("SAGA", Solver.Saga)]
    public void ParsesScikitLearnSolverNames(string name, Solver expected)
    {
        Assert.True(SklearnNames.TryParseSolver(name, out var solver));
        Assert.Equal(expected, solver);
        Assert.Equal(expected, SklearnNames.ParseSolver(expected.ToSklearnName()));
    }

    [Fact]
    public void UnknownNamesAreRejected()
    {
        Assert.False(SklearnNames.TryParsePenalty("l3", out _));
        Assert.False(SklearnNames.TryParseSolver("adam", out _));
        Assert.False(SklearnNames.TryParseSolver(null, out _));
        Assert.Equal("name", Assert.Throws<ArgumentException>(() => SklearnNames.ParseSolver("adam")).ParamName);
        Assert.Contains("'l3'", Assert.Throws<ArgumentException>(() => SklearnNames.ParsePenalty("l3")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OptionsDeclareSearchSpace()
    {
        var type = typeof(LogisticRegressionOptions);
        Assert.Single(type.GetProperty(nameof(LogisticRegressionOptions.C))!.GetCustomAttributes(typeof(RangeAttribute), false));
        Assert.Single(type.GetProperty(nameof(LogisticRegressionOptions.Penalty))!.GetCustomAttributes(typeof(ChoiceAttribute), false));
        Assert.Single(type.GetProperty(nameof(LogisticRegressionOptions.Solver))!.GetCustomAttributes(typeof(ChoiceAttribute), false));
        var defaults = new LogisticRegressionOptions();
        Assert.Equal((1.0, Penalty.L2, Solver.Lbfgs, 100, 1e-4, true), (defaults.C, defaults.Penalty, defaults.Solver, defaults.MaximumIterations, defaults.Tolerance, defaults.FitIntercept));
    }

    private static SchemaDefinition Schema(int size)
    {
        var definition = SchemaDefinition.Create(typeof(Row));
        definition[nameof(Row.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, size);
        return definition;
    }

    private sealed class Row
    {
        public bool Label { get; set; }

        public float[] Features { get; set; } = [];
    }

    private sealed class ScalarRow
    {
        public bool Label { get; set; }

        public float Value { get; set; }
    }

    private sealed class FloatLabelRow
    {
        public float Label { get; set; }

        [VectorType(2)]
        public float[] Features { get; set; } = [];
    }
}
