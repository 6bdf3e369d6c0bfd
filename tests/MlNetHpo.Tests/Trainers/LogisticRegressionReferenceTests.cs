using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetHpo.Trainers;
using Xunit.Abstractions;

namespace MlNetHpo.Tests.Trainers;

/// <summary>Our trainer against scikit-learn 1.2.1's fits of the tutorial grid (lr_reference.json), on both data revisions.</summary>
public sealed class LogisticRegressionReferenceTests(ITestOutputHelper output)
{
    public static TheoryData<string> Revisions => ["tutorial-2023", "current"];

    [Theory]
    [MemberData(nameof(Revisions))]
    public void RejectsExactlyWhatScikitLearnRejects(string revision)
    {
        var data = TitanicRevision.Get(revision);
        var rejected = 0;
        foreach (var fit in data.Fits)
        {
            var options = ToOptions(fit);
            if (fit.Error is null)
            {
                _ = new LogisticRegressionTrainer(options); // must not throw
                continue;
            }

            rejected++;
            var ex = Assert.ThrowsAny<ArgumentException>(() => new LogisticRegressionTrainer(options));
            Assert.False(string.IsNullOrEmpty(ex.ParamName), fit.ToString());
            if (fit.Error.StartsWith("ValueError: Solver", StringComparison.Ordinal) || fit.Error.StartsWith("ValueError: Only", StringComparison.Ordinal))
            {
                // Same text as scikit-learn's, minus the Python exception type and ArgumentException's " (Parameter '...')".
                Assert.StartsWith(fit.Error["ValueError: ".Length..], ex.Message, StringComparison.Ordinal);
            }
            else if (fit.Error.Contains("NoneType", StringComparison.Ordinal))
            {
                Assert.Contains("l1_ratio", ex.Message, StringComparison.Ordinal);
            }
            else
            {
                Assert.Contains("liblinear", ex.Message, StringComparison.Ordinal);
                Assert.Contains("none", ex.Message, StringComparison.Ordinal);
            }
        }

        Assert.Equal(63, rejected);
    }

    [Theory]
    [MemberData(nameof(Revisions))]
    public void MatchesScikitLearnWhereItConverged(string revision)
    {
        var data = TitanicRevision.Get(revision);
        var testLabels = data.Test.GetColumn<bool>("Label").ToArray();
        double maxCoefDiff = 0, maxCoefDiffLiblinear = 0, maxProbaDiff = 0, maxEmission = 0;
        int compared = 0, liblinearMismatches = 0;
        var failures = new List<string>();
        foreach (var fit in data.Fits.Where(f => f.Error is null && f.Iterations < 100))
        {
            compared++;
            var model = new LogisticRegressionTrainer(ToOptions(fit)).FitModel(data.Train);
            Assert.True(model.Converged, fit.ToString());
            maxEmission = Math.Max(maxEmission, model.EmissionError);
            var scored = model.Transform(data.Test);
            var predicted = scored.GetColumn<bool>("PredictedLabel").ToArray();
            var probability = scored.GetColumn<float>("Probability").ToArray();
            Assert.Equal(fit.TestProba.Length, predicted.Length);

            var coefDiff = Math.Abs(model.Intercept - fit.Intercept);
            for (var j = 0; j < fit.Coef.Length; j++)
            {
                coefDiff = Math.Max(coefDiff, Math.Abs(model.Coefficients[j] - fit.Coef[j]));
            }

            var mismatches = predicted.Select((p, i) => p != (fit.TestProba[i] > 0.5)).Count(m => m);
            var probaDiff = probability.Select((p, i) => Math.Abs(p - fit.TestProba[i])).Max();
            if (fit.Solver == "liblinear")
            {
                liblinearMismatches += mismatches;
                maxCoefDiffLiblinear = Math.Max(maxCoefDiffLiblinear, coefDiff);
            }
            else
            {
                maxCoefDiff = Math.Max(maxCoefDiff, coefDiff);
                if (mismatches > 0)
                {
                    failures.Add($"{fit}: {mismatches} test labels differ from scikit-learn's");
                }

                if (fit.Penalty is "l2" or null)
                {
                    maxProbaDiff = Math.Max(maxProbaDiff, probaDiff);
                    if (probaDiff > 0.01)
                    {
                        failures.Add($"{fit}: test probability differs by {probaDiff:G3}");
                    }
                }
            }

            if (model.EmissionError > 1e-6)
            {
                output.WriteLine($"{fit}: emission error {model.EmissionError:G3}; coef {string.Join(" ", model.Coefficients.Select(c => c.ToString("G4")))} b {model.Intercept:G4}");
            }

            if (coefDiff > 0.05)
            {
                output.WriteLine($"{fit}: max |coef diff| {coefDiff:G3} (sklearn n_iter {fit.Iterations}, ours {model.Iterations})");
            }
        }

        output.WriteLine($"{revision}: {compared} converged scikit-learn fits compared; max |coef diff| {maxCoefDiff:G3} (liblinear {maxCoefDiffLiblinear:G3}); " +
            $"max |proba diff| (l2/none) {maxProbaDiff:G3}; liblinear test-label mismatches {liblinearMismatches}; max emission error {maxEmission:G3}");
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
        Assert.True(liblinearMismatches <= 3, $"{liblinearMismatches} liblinear test labels differ from scikit-learn's");
        Assert.True(maxEmission < 1e-5, $"emitted ML.NET weights differ from the solver's by {maxEmission}");
        Assert.True(compared > 40);
    }

    // The fit's speed is bench/MlNetHpo.Benchmarks' LogisticRegressionBenchmarks.FitDefault, not a timed test.
    [Fact]
    public void DefaultModelReproducesTheTutorialAccuracy()
    {
        var data = TitanicRevision.Get("tutorial-2023");
        var trainer = data.Context.BinaryClassification.Trainers.LogisticRegression();
        var model = trainer.FitModel(data.Train);
        var again = trainer.FitModel(data.Train);

        var metrics = data.Context.BinaryClassification.Evaluate(model.Transform(data.Test));
        output.WriteLine($"default fit: {model.Iterations} iterations; test accuracy {metrics.Accuracy:F4}");
        Assert.Equal(0.8473, metrics.Accuracy, 4);
        Assert.Equal(model.Coefficients, again.Coefficients); // the same fit, bit for bit
        Assert.Equal(model.Intercept, again.Intercept);
    }

    internal static LogisticRegressionOptions ToOptions(ReferenceFit fit) => new()
    {
        C = fit.C,
        Penalty = SklearnNames.ParsePenalty(fit.Penalty),
        Solver = SklearnNames.ParseSolver(fit.Solver),
    };
}
