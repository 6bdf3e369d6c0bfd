using System.Globalization;
using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetHpo.Experiments;
using MlNetHpo.AutoML;
using MlNetHpo.Trainers;

namespace MlNetHpo.Tests.EndToEnd;

/// <summary>The scikit-learn tutorial on its own data, checked against scikit-learn's recorded results.</summary>
public class TutorialTests
{
    private const string Revision = "tutorial-2023";
    private static readonly MLContext Ml = new(42);

    private static readonly Lazy<SearchResult> Grid = new(() => Search(new ParameterGrid
    {
        ["C"] = [0.001, 0.01, 0.1, 1, 10, 100, 1000],
        ["penalty"] = ["l1", "l2", "elasticnet", null],
        ["solver"] = ["newton-cg", "lbfgs", "liblinear", "sag", "saga"],
    }, random: false));

    [Fact]
    public void BaseModelMatchesTheTutorial()
    {
        var (train, features) = TitanicData.Load(Ml, SharedData.TitanicTrain(Revision));
        var model = TitanicData.Features(Ml, features).Append(Ml.BinaryClassification.Trainers.LogisticRegression()).Fit(train);
        Assert.Equal(Reference().GetProperty("base_accuracy").GetDouble(), TestAccuracy(model), 4);
    }

    [Fact]
    public void GridSearchReproducesScikitLearnsTable()
    {
        var result = Grid.Value;
        var reference = ReadCvResults("grid_cv_results.csv");

        Assert.Equal(140, result.Candidates.Count);
        Assert.Equal(63, result.FailedCount);

        // Candidate for candidate, exactly: parameters, every fold score, the mean, the std and the rank.
        Assert.Equal(reference.Count, result.Candidates.Count);
        for (var i = 0; i < reference.Count; i++)
        {
            var ours = result.Candidates[i];
            Assert.Equal(reference[i].Params, ours.Parameters.ToString());
            Assert.Equal(double.IsNaN(reference[i].Mean), ours.Failed);
            Assert.Equal(reference[i].Splits, ours.SplitScores);
            Assert.Equal(reference[i].Mean, ours.MeanScore);
            Assert.Equal(reference[i].Std, ours.StdScore);
            Assert.Equal(reference[i].Rank, ours.Rank);
        }
    }

    [Fact]
    public void GridSearchFindsTheTutorialsBestAndItsTestAccuracy()
    {
        var result = Grid.Value;
        var expected = Reference();

        Assert.Equal(10.0, result.BestParameters.Get<double>("C"));
        Assert.Equal(Penalty.L1, result.BestParameters.Get<Penalty>("penalty"));
        Assert.Contains(result.BestParameters.Get<Solver>("solver"), new[] { Solver.Liblinear, Solver.Saga });
        Assert.Equal(0.8586648439280019, result.BestScore);
        Assert.Equal(ReadCvResults("grid_cv_results.csv").Where(r => r.Rank == 1).Max(r => r.Mean), result.BestScore);
        Assert.Equal(expected.GetProperty("grid_accuracy").GetDouble(), TestAccuracy(result), 4);
        Assert.Contains("fits failed with the following error", result.FailureSummary);
        Assert.Contains("Solver lbfgs supports only 'l2' or 'none' penalties", result.FailureSummary);
    }

    [Fact]
    public void TheGridTrainsEachDistinctModelOncePerFold()
    {
        var (train, features) = TitanicData.Load(Ml, SharedData.TitanicTrain(Revision));
        var fits = 0;
        var search = Ml.BinaryClassification.GridSearch(
            TitanicData.Features(Ml, features),
            (LogisticRegressionOptions o) => new CountingEstimator(Ml.BinaryClassification.Trainers.LogisticRegression(o), () => Interlocked.Increment(ref fits)),
            new ParameterGrid
            {
                ["C"] = [0.001, 0.01, 0.1, 1, 10, 100, 1000],
                ["penalty"] = ["l1", "l2", "elasticnet", null],
                ["solver"] = ["newton-cg", "lbfgs", "liblinear", "sag", "saga"],
            },
            options: new SearchOptions { MaxDegreeOfParallelism = 2 });

        var result = search.Fit(train);

        // l2: 7 values of C, liblinear or not; l1: 7 x {liblinear, saga}; no penalty: one model whatever C and solver.
        Assert.Equal((29 * 5) + 1, fits);
        Assert.Equal(Grid.Value.Candidates.Select(c => c.MeanScore), result.Candidates.Select(c => c.MeanScore));
    }

    [Fact]
    public void RandomSearchIsAsGoodAsScikitLearns()
    {
        var result = Search(new ParameterGrid
        {
            ["C"] = Enumerable.Range(0, 20).Select(i => (object?)Math.Pow(10, -4 + (8.0 * i / 19))).ToArray(),
            ["penalty"] = ["l1", "l2", "elasticnet", null],
            ["solver"] = ["newton-cg", "lbfgs", "liblinear", "sag", "saga"],
        }, random: true);
        var sklearnBest = ReadCvResults("random_cv_results.csv").Where(r => !double.IsNaN(r.Mean)).Max(r => r.Mean);

        Assert.Equal(100, result.Candidates.Count);
        Assert.Equal(100, result.Candidates.Select(c => c.Parameters.ToString()).Distinct().Count());
        Assert.InRange(result.BestScore, sklearnBest - 0.002, sklearnBest + 0.002);
        Assert.True(TestAccuracy(result) >= 0.847, $"test accuracy {TestAccuracy(result)}");
    }

    private sealed class CountingEstimator(IEstimator<ITransformer> inner, Action onFit) : IEstimator<ITransformer>
    {
        public ITransformer Fit(IDataView input)
        {
            onFit();
            return inner.Fit(input);
        }

        public SchemaShape GetOutputSchema(SchemaShape inputSchema) => inner.GetOutputSchema(inputSchema);
    }

    private static SearchResult Search(ParameterGrid space, bool random)
    {
        var (train, features) = TitanicData.Load(Ml, SharedData.TitanicTrain(Revision));
        var featurizer = TitanicData.Features(Ml, features);
        Func<LogisticRegressionOptions, IEstimator<ITransformer>> trainer = o => Ml.BinaryClassification.Trainers.LogisticRegression(o);
        var search = random
            ? Ml.BinaryClassification.RandomSearch(featurizer, trainer, space, iterations: 100, seed: 42)
            : Ml.BinaryClassification.GridSearch(featurizer, trainer, space);
        return search.Fit(train);
    }

    private static double TestAccuracy(ITransformer model)
    {
        var (test, _) = TitanicData.Load(Ml, SharedData.TitanicTest(Revision));
        return Ml.BinaryClassification.Evaluate(model.Transform(test)).Accuracy;
    }

    private static JsonElement Reference() =>
        JsonDocument.Parse(File.ReadAllText(SharedData.Reference(Revision, "seed_results.json"))).RootElement.GetProperty("got");

    /// <summary>scikit-learn's cv_results_: the params rendered as our Parameter.ToString(), mean, std, rank and fold scores.</summary>
    private static List<(string Params, double Mean, double Std, int Rank, double[] Splits)> ReadCvResults(string file)
    {
        var rows = new List<(string, double, double, int, double[])>();
        foreach (var line in File.ReadLines(SharedData.Reference(Revision, file)).Skip(1))
        {
            var start = line.IndexOf("\"{", StringComparison.Ordinal);
            var end = line.IndexOf("}\"", start, StringComparison.Ordinal);
            using var p = JsonDocument.Parse(line[(start + 1)..(end + 1)].Replace("\"\"", "\""));
            var parameter = new Parameter(p.RootElement.EnumerateObject().OrderBy(e => e.Name, StringComparer.Ordinal).Select(e =>
                new KeyValuePair<string, object?>(e.Name, e.Value.ValueKind switch
                {
                    JsonValueKind.Number => e.Value.GetDouble(),
                    JsonValueKind.Null => null,
                    _ => e.Value.GetString(),
                })));
            var cells = line[(end + 2)..].Split(',');
            double Number(string cell) => cell == string.Empty ? double.NaN : double.Parse(cell, CultureInfo.InvariantCulture);
            rows.Add((parameter.ToString(), Number(cells[4]), Number(cells[5]), int.Parse(cells[6], CultureInfo.InvariantCulture), [.. cells[7..12].Select(Number)]));
        }

        return rows;
    }
}
