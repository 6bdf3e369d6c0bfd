using System.Text.Json;
using Microsoft.ML;
using MlNetHpo.Experiments;
using MlNetHpo.Scoring;
using MlNetHpo.AutoML;
using MlNetHpo.Tests.Trainers;
using MlNetHpo.Trainers;
using MlNetHpo.Validation;

namespace MlNetHpo.Tests.Experiments;

/// <summary>
/// A solver that stops at its iteration limit warns (scikit-learn's ConvergenceWarning); the search reads the warnings of every
/// fit from the model (<see cref="ITrainingWarnings"/>) and reports them per candidate, each once, in the table, JSON and CSV.
/// </summary>
public class FitWarningsTests
{
    private static readonly MLContext Ml = new(0);

    [Fact]
    public void ALassoStoppedAtItsIterationLimitWarnsOnItsCandidateOnly()
    {
        var result = Ml.Regression.GridSearch(
            null,
            (LassoOptions o) => Ml.Regression.Trainers.Lasso(o),
            new ParameterGrid { ["Alpha"] = [0.01], ["MaximumIterations"] = [1, 1000] },
            RegressionMetric.RSquared,
            Folds.KFold(3)).Fit(LinearReferences.Load(Ml, "diabetes"));

        // One warning per fold: each names its own duality gap, so the three texts differ (identical ones are kept once).
        var stopped = result.Candidates[0];
        Assert.Equal(3, stopped.Warnings.Count);
        Assert.All(stopped.Warnings, w => Assert.StartsWith("ConvergenceWarning: Objective did not converge. You might want to increase the number of iterations", w));
        var warning = stopped.Warnings[0];
        Assert.Empty(result.Candidates[1].Warnings);

        using var json = JsonDocument.Parse(result.ToJson());
        var candidates = json.RootElement.GetProperty("candidates");
        Assert.Equal(warning, candidates[0].GetProperty("warnings")[0].GetString());
        Assert.Equal(0, candidates[1].GetProperty("warnings").GetArrayLength());
        var csv = result.ToCsv().Split('\n');
        Assert.EndsWith(",warnings", csv[0]);
        Assert.Contains("ConvergenceWarning: Objective did not converge.", csv[1]);
        Assert.DoesNotContain("ConvergenceWarning", csv[2]);
    }

    [Fact]
    public void LogisticRegressionAtOneIterationWarnsOncePerCandidate()
    {
        var data = LinearReferences.Load(Ml, "diabetes");
        var binary = Ml.Transforms.CustomMapping((LabelIn i, LabelOut o) => o.Positive = i.Label > 140, contractName: null).Fit(data).Transform(data);
        var result = Ml.BinaryClassification.GridSearch(
            null,
            (LogisticRegressionOptions o) =>
            {
                o.LabelColumnName = "Positive";
                return Ml.BinaryClassification.Trainers.LogisticRegression(o);
            },
            new ParameterGrid { ["MaximumIterations"] = [1] },
            folds: Folds.KFold(3),
            labelColumnName: "Positive").Fit(binary);

        // The same text on the three folds: kept once.
        Assert.Equal(
            "ConvergenceWarning: lbfgs failed to converge: the maximum number of iterations (1) was reached. Increase the number of iterations (MaximumIterations) or scale the data.",
            Assert.Single(result.Candidates[0].Warnings));
    }

    [Fact]
    public void MulticlassLogisticRegressionAtOneIterationWarnsOncePerCandidate()
    {
        var data = LinearReferences.Load(Ml, "diabetes");
        var classes = Ml.Transforms.CustomMapping((LabelIn i, ClassOut o) => o.Class = i.Label > 180 ? "high" : i.Label > 100 ? "mid" : "low", contractName: null)
            .Append(Ml.Transforms.Conversion.MapValueToKey("Class"))
            .Fit(data).Transform(data);
        var result = Ml.MulticlassClassification.GridSearch(
            null,
            (LogisticRegressionOptions o) =>
            {
                o.LabelColumnName = "Class";
                return Ml.MulticlassClassification.Trainers.LogisticRegression(o);
            },
            new ParameterGrid { ["MaximumIterations"] = [1] },
            folds: Folds.KFold(3),
            labelColumnName: "Class").Fit(classes);

        // The multinomial fit reports its warning through ITrainingWarnings like the binary one: the same text on the three folds, kept once.
        Assert.Equal(
            "ConvergenceWarning: lbfgs failed to converge: the maximum number of iterations (1) was reached. Increase the number of iterations (MaximumIterations) or scale the data.",
            Assert.Single(result.Candidates[0].Warnings));
    }

    private sealed class LabelIn
    {
        public float Label { get; set; }
    }

    private sealed class LabelOut
    {
        public bool Positive { get; set; }
    }

    private sealed class ClassOut
    {
        public string Class { get; set; } = "";
    }
}
