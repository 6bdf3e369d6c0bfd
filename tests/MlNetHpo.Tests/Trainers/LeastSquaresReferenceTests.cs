using System.Text.Json;
using Microsoft.ML;
using MlNetHpo.Scoring;
using MlNetHpo.AutoML;
using MlNetHpo.Trainers;
using MlNetHpo.Validation;
using Xunit.Abstractions;

namespace MlNetHpo.Tests.Trainers;

/// <summary>LinearRegression, Ridge, Lasso and ElasticNet against scikit-learn 1.2.1 (tests/references/linear/references.json).</summary>
public sealed class LeastSquaresReferenceTests(ITestOutputHelper output)
{
    private static readonly MLContext Ml = new(seed: 0);

    [Fact]
    public void CoefficientsAndInterceptsMatchScikitLearn()
    {
        var compared = 0;
        var worst = 0.0;
        foreach (var fit in LinearReferences.Root.GetProperty("fits").EnumerateArray())
        {
            var kind = fit.GetProperty("kind").GetString()!;
            var data = fit.GetProperty("data").GetString()!;
            var parameters = fit.GetProperty("params");
            var weighted = fit.GetProperty("weighted").GetBoolean();
            var model = Trainer(kind, parameters, weighted ? "Weight" : null).Fit(LinearReferences.Load(Ml, data));
            var expected = fit.GetProperty("coef").EnumerateArray().Select(e => e.GetDouble()).ToArray();
            var intercept = fit.GetProperty("intercept").GetDouble();
            var scale = Math.Max(1, expected.Append(intercept).Max(Math.Abs));
            var diff = Math.Abs(model.Intercept - intercept);
            for (var j = 0; j < expected.Length; j++)
            {
                diff = Math.Max(diff, Math.Abs(model.Coefficients[j] - expected[j]));
            }

            var label = $"{kind} {data} {parameters} weighted={weighted}";
            output.WriteLine($"{label}: max |diff| {diff:E2} (scale {scale:G4}), n_iter {model.Iterations} vs {fit.GetProperty("n_iter")}");
            worst = Math.Max(worst, diff / scale);

            // Coordinate descent follows scikit-learn's sweeps operation for operation, so it stops at the same sweep with the same
            // coefficients up to summation order, converged or not; the exact solvers (SVD here, Cholesky or gelsd there) agree to
            // rounding. Measured: at most 2.6e-12 of the largest parameter; asserted: 1e-9.
            Assert.True(diff <= 1e-9 * scale, $"{label}: coefficients differ by {diff}");
            Assert.Equal(fit.GetProperty("converged").GetBoolean(), model.Converged);
            if (fit.GetProperty("n_iter").ValueKind == JsonValueKind.Number)
            {
                Assert.Equal(fit.GetProperty("n_iter").GetInt32(), model.Iterations);
            }

            // The emitted ML.NET model holds the same parameters (float32) and scores with them.
            Assert.True(model.EmissionError <= 1e-6 * scale, $"{label}: emission error {model.EmissionError}");
            compared++;
        }

        output.WriteLine($"{compared} fits, worst relative difference {worst:E2}");
        Assert.Equal(91, compared);
    }

    [Theory]
    [InlineData("ridge_diabetes")]
    [InlineData("lasso_diabetes")]
    [InlineData("elasticnet_diabetes")]
    public void GridSearchTableMatchesScikitLearn(string name)
    {
        var reference = LinearReferences.Root.GetProperty("grids").GetProperty(name);
        var data = LinearReferences.Load(Ml, "diabetes");
        var grid = new ParameterGrid();
        var first = reference.GetProperty("params")[0];
        foreach (var parameter in first.EnumerateObject())
        {
            var values = reference.GetProperty("params").EnumerateArray().Select(p => (object)p.GetProperty(parameter.Name).GetDouble()).Distinct().ToArray();
            grid[parameter.Name == "alpha" ? "Alpha" : "L1Ratio"] = values;
        }

        var search = name switch
        {
            "ridge_diabetes" => Ml.Regression.GridSearch(null, (RidgeOptions o) => Ml.Regression.Trainers.Ridge(o), grid, RegressionMetric.RSquared, Folds.KFold(5)),
            "lasso_diabetes" => Ml.Regression.GridSearch(null, (LassoOptions o) => Ml.Regression.Trainers.Lasso(o), grid, RegressionMetric.RSquared, Folds.KFold(5)),
            _ => Ml.Regression.GridSearch(null, (ElasticNetOptions o) => Ml.Regression.Trainers.ElasticNet(o), grid, RegressionMetric.RSquared, Folds.KFold(5)),
        };
        var result = search.Fit(data);

        var means = reference.GetProperty("mean_test_score").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        var ranks = reference.GetProperty("rank_test_score").EnumerateArray().Select(e => e.GetInt32()).ToArray();
        var splits = reference.GetProperty("split_test_scores").EnumerateArray().Select(s => s.EnumerateArray().Select(e => e.GetDouble()).ToArray()).ToArray();
        Assert.Equal(means.Length, result.Candidates.Count);
        for (var c = 0; c < means.Length; c++)
        {
            var candidate = result.Candidates[c];
            var p = reference.GetProperty("params")[c];
            Assert.Equal(p.GetProperty("alpha").GetDouble(), candidate.Parameters.Get<double>("Alpha"));
            if (p.TryGetProperty("l1_ratio", out var ratio))
            {
                Assert.Equal(ratio.GetDouble(), candidate.Parameters.Get<double>("L1Ratio"));
            }

            // R-squared from float32 scores: agreement to 1e-6 (scikit-learn scores in float64).
            Assert.InRange(candidate.MeanScore, means[c] - 1e-6, means[c] + 1e-6);
            for (var k = 0; k < 5; k++)
            {
                Assert.InRange(candidate.SplitScores[k], splits[k][c] - 1e-6, splits[k][c] + 1e-6);
            }

            Assert.Equal(ranks[c], candidate.Rank);
        }

        Assert.Equal(reference.GetProperty("best_index").GetInt32(), result.BestIndex);
        var best = reference.GetProperty("best_score").GetDouble();
        Assert.InRange(result.BestScore, best - 1e-6, best + 1e-6);
    }

    /// <summary>Builds our trainer from scikit-learn's parameters (alpha, l1_ratio, fit_intercept, tol, max_iter).</summary>
    internal static IEstimator<LeastSquaresModel> Trainer(string kind, JsonElement parameters, string? weight)
    {
        double Get(string name, double fallback) => parameters.TryGetProperty(name, out var v) ? v.GetDouble() : fallback;
        var fitIntercept = !parameters.TryGetProperty("fit_intercept", out var fi) || fi.GetBoolean();
        var maxIter = (int)Get("max_iter", 1000);
        var tol = Get("tol", 1e-4);
        var positive = parameters.TryGetProperty("positive", out var pos) && pos.GetBoolean();
        return kind switch
        {
            "LinearRegression" => Ml.Regression.Trainers.LinearRegression(exampleWeightColumnName: weight, fitIntercept: fitIntercept),
            "Ridge" => Ml.Regression.Trainers.Ridge(exampleWeightColumnName: weight, alpha: Get("alpha", 1), fitIntercept: fitIntercept),
            "Lasso" => Ml.Regression.Trainers.Lasso(new LassoOptions { ExampleWeightColumnName = weight, Alpha = Get("alpha", 1), FitIntercept = fitIntercept, MaximumIterations = maxIter, Tolerance = tol, Positive = positive }),
            _ => Ml.Regression.Trainers.ElasticNet(new ElasticNetOptions
            {
                ExampleWeightColumnName = weight,
                Alpha = Get("alpha", 1),
                L1Ratio = Get("l1_ratio", 0.5),
                FitIntercept = fitIntercept,
                MaximumIterations = maxIter,
                Tolerance = tol,
                Positive = positive,
            }),
        };
    }
}
