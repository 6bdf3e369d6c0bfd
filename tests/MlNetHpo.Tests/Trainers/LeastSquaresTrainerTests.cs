using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using MlNetHpo.AutoML;
using MlNetHpo.Sweeping;
using MlNetHpo.Trainers;

namespace MlNetHpo.Tests.Trainers;

/// <summary>The least-squares trainers as ML.NET estimators: checks, emitted model, keys, random selection, warnings.</summary>
public sealed class LeastSquaresTrainerTests
{
    private static readonly MLContext Ml = new(seed: 0);

    public static TheoryData<string> InvalidSettings => ["Ridge.alpha=-1", "Lasso.alpha=-1", "ElasticNet.alpha=-1", "ElasticNet.l1_ratio=1.5", "Lasso.max_iter=0", "Lasso.tol=-1", "Ridge.tol=-1", "Ridge.max_iter=0"];

    [Theory]
    [MemberData(nameof(InvalidSettings))]
    public void RejectsInvalidSettingsWithScikitLearnsMessage(string setting)
    {
        var expected = LinearReferences.Root.GetProperty("errors").GetProperty(setting).GetString()!;
        Action create = setting switch
        {
            "Ridge.alpha=-1" => () => _ = new RidgeTrainer(new RidgeOptions { Alpha = -1 }),
            "Lasso.alpha=-1" => () => _ = new LassoTrainer(new LassoOptions { Alpha = -1 }),
            "ElasticNet.alpha=-1" => () => _ = new ElasticNetTrainer(new ElasticNetOptions { Alpha = -1 }),
            "ElasticNet.l1_ratio=1.5" => () => _ = new ElasticNetTrainer(new ElasticNetOptions { L1Ratio = 1.5 }),
            "Lasso.max_iter=0" => () => _ = new LassoTrainer(new LassoOptions { MaximumIterations = 0 }),
            "Lasso.tol=-1" => () => _ = new LassoTrainer(new LassoOptions { Tolerance = -1 }),
            "Ridge.tol=-1" => () => _ = new RidgeTrainer(new RidgeOptions { Tolerance = -1 }),
            _ => () => _ = new RidgeTrainer(new RidgeOptions { MaximumIterations = 0 }),
        };
        var ex = Assert.ThrowsAny<ArgumentException>(create);

        // scikit-learn's text minus the exception type; Ridge's alpha may also be an array there, not here.
        var text = expected["InvalidParameterError: ".Length..].Replace(" or an instance of 'numpy.ndarray'", string.Empty, StringComparison.Ordinal);
        Assert.StartsWith(text, ex.Message, StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(ex.ParamName));
    }

    [Fact]
    public void EmittedModelScoresWithTheSolution()
    {
        var data = LinearReferences.Load(Ml, "diabetes");
        var model = Ml.Regression.Trainers.Ridge(alpha: 0.1).Fit(data);
        var scores = model.Transform(data).GetColumn<float>("Score").ToArray();
        var features = data.GetColumn<float[]>("Features").ToArray();
        for (var i = 0; i < features.Length; i++)
        {
            var expected = model.Intercept + features[i].Select((x, j) => x * model.Coefficients[j]).Sum();
            Assert.InRange(scores[i], expected - 1e-4, expected + 1e-4); // float32 arithmetic on scores near 150
        }

        Assert.Equal(model.Coefficients.Count, model.Model.Weights.Count);
        Assert.Equal((float)model.Intercept, model.Model.Bias);
    }

    [Fact]
    public void SavedModelLoadsAsMlNetsOwnRegressionTransformer()
    {
        var data = LinearReferences.Load(Ml, "diabetes");
        var model = Ml.Regression.Trainers.Lasso(alpha: 0.1).Fit(data);
        using var stream = new MemoryStream();
        Ml.Model.Save(model, data.Schema, stream);
        stream.Position = 0;
        var loaded = Ml.Model.Load(stream, out _);
        Assert.IsType<RegressionPredictionTransformer<LinearRegressionModelParameters>>(loaded);
        Assert.Equal(model.Transform(data).GetColumn<float>("Score"), loaded.Transform(data).GetColumn<float>("Score"));
    }

    [Fact]
    public void WorksInAPipelineAndWithPermutationFeatureImportance()
    {
        var data = LinearReferences.Load(Ml, "generated");
        var pipeline = Ml.Transforms.CopyColumns("Input", "Features").Append(Ml.Regression.Trainers.ElasticNet(featureColumnName: "Input", alpha: 0.5));
        var fitted = pipeline.Fit(data);
        var importance = Ml.Regression.PermutationFeatureImportance(fitted.LastTransformer, fitted.Transform(data), permutationCount: 1);
        Assert.Equal(7, importance.Length);
        var metrics = Ml.Regression.Evaluate(fitted.Transform(data));
        Assert.True(metrics.RSquared > 0.9, $"R-squared {metrics.RSquared}");
    }

    [Fact]
    public void ModelKeysShareOnlyWhatTrainsTheSameModel()
    {
        Assert.Equal(new RidgeOptions { Alpha = 2, Tolerance = 1e-3 }.ModelKey(), new RidgeOptions { Alpha = 2, Tolerance = 1e-6, MaximumIterations = 5 }.ModelKey());
        Assert.NotEqual(new RidgeOptions { Alpha = 2 }.ModelKey(), new RidgeOptions { Alpha = 3 }.ModelKey());
        Assert.NotEqual(new RidgeOptions { FitIntercept = false }.ModelKey(), new RidgeOptions().ModelKey());
        Assert.Equal(new RidgeOptions { Alpha = 0 }.ModelKey(), new LinearRegressionOptions().ModelKey());
        Assert.Equal(new LassoOptions { Seed = 1 }.ModelKey(), new LassoOptions { Seed = 2 }.ModelKey());
        Assert.NotEqual(
            new LassoOptions { Selection = CoordinateSelection.Random, Seed = 1 }.ModelKey(),
            new LassoOptions { Selection = CoordinateSelection.Random, Seed = 2 }.ModelKey());
        Assert.NotEqual(new ElasticNetOptions { L1Ratio = 0.2 }.ModelKey(), new ElasticNetOptions { L1Ratio = 0.3 }.ModelKey());
        Assert.Null(new ElasticNetOptions { L1Ratio = 2 }.ModelKey());
    }

    [Fact]
    public void RandomSelectionIsSeededAndReachesTheSameOptimum()
    {
        var data = LinearReferences.Load(Ml, "generated");
        LeastSquaresModel Fit(CoordinateSelection selection, int seed) => Ml.Regression.Trainers.ElasticNet(new ElasticNetOptions
        {
            Alpha = 0.1,
            L1Ratio = 0.5,
            Selection = selection,
            Seed = seed,
            Tolerance = 1e-12,
            MaximumIterations = 100000,
        }).Fit(data);
        var cyclic = Fit(CoordinateSelection.Cyclic, 0);
        var first = Fit(CoordinateSelection.Random, 7);
        var again = Fit(CoordinateSelection.Random, 7);
        var other = Fit(CoordinateSelection.Random, 8);
        Assert.Equal(first.Coefficients, again.Coefficients);
        Assert.Equal(first.Iterations, again.Iterations);
        Assert.NotEqual(first.Iterations, cyclic.Iterations);
        foreach (var model in new[] { first, other })
        {
            Assert.True(model.Converged);
            for (var j = 0; j < cyclic.Coefficients.Count; j++)
            {
                Assert.InRange(model.Coefficients[j], cyclic.Coefficients[j] - 1e-6, cyclic.Coefficients[j] + 1e-6);
            }
        }
    }

    [Fact]
    public void WarnsAsScikitLearnDoesWithoutRegularizationAndAtTheIterationLimit()
    {
        var data = LinearReferences.Load(Ml, "diabetes");
        var expected = LinearReferences.Root.GetProperty("alpha_zero_warning").EnumerateArray().Select(e => "UserWarning: " + e.GetString()).ToArray();
        var unregularized = Ml.Regression.Trainers.Lasso(new LassoOptions { Alpha = 0, MaximumIterations = 2 }).Fit(data);
        Assert.Equal(expected, unregularized.Warnings.Take(2));
        Assert.False(unregularized.Converged);
        Assert.StartsWith("ConvergenceWarning: Objective did not converge. You might want to increase the number of iterations", unregularized.Warnings[2], StringComparison.Ordinal);
        Assert.EndsWith("sklearn.linear_model.Ridge/RidgeCV instead.", unregularized.Warnings[2], StringComparison.Ordinal);
        Assert.Empty(Ml.Regression.Trainers.Lasso(alpha: 0.1).Fit(data).Warnings);
    }

    [Fact]
    public void BadColumnsFailWithOneLineNamingTheColumn()
    {
        var data = LinearReferences.Load(Ml, "diabetes");
        var missing = Assert.Throws<ArgumentException>(() => Ml.Regression.Trainers.Ridge(labelColumnName: "Price").Fit(data));
        Assert.StartsWith("Label column 'Price' not found in the data; available columns: 'Features', 'Label'.", missing.Message, StringComparison.Ordinal);
        var boolean = Ml.Transforms.Expression("Flag", "x => x > 100", "Label").Fit(data).Transform(data);
        var wrongType = Assert.Throws<ArgumentException>(() => Ml.Regression.Trainers.Lasso(labelColumnName: "Flag").Fit(boolean));
        Assert.StartsWith("Label column 'Flag' must be Single, but is Boolean.", wrongType.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TrainerKeepsItsOwnCopyOfTheOptions()
    {
        var options = new ElasticNetOptions { Alpha = 0.5 };
        var trainer = Ml.Regression.Trainers.ElasticNet(options);
        options.Alpha = -1; // the trainer validated and copied before this
        Assert.Equal(0.5, trainer.Options.Alpha);
        trainer.Options.Alpha = 3;
        Assert.Equal(0.5, trainer.Options.Alpha);
    }

    [Fact]
    public void SelectionBindsFromScikitLearnsNames()
    {
        var options = OptionsBinder.Bind(new LassoOptions(), new Parameter([new("Selection", "random"), new("Alpha", 0.5)]));
        Assert.Equal(CoordinateSelection.Random, options.Selection);
        Assert.Equal(0.5, options.Alpha);
        var bad = Assert.ThrowsAny<ArgumentException>(() => OptionsBinder.Bind(new LassoOptions(), new Parameter([new("Selection", "bad")])));
        Assert.Contains("Selection", bad.Message, StringComparison.Ordinal);
        Assert.Contains("Cyclic", bad.Message, StringComparison.Ordinal);
    }
}
