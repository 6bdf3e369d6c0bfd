using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using MlNetHpo.Experiments;
using MlNetHpo.Scoring;
using MlNetHpo.AutoML;
using MlNetHpo.Sweeping;
using MlNetHpo.Validation;

namespace MlNetHpo.Tests.Experiments;

public class SearchTests
{
    private static readonly MLContext Ml = new(0);

    [Fact]
    public void GridSearchRecordsFailuresRanksThemLastAndRefitsTheBest()
    {
        var (data, features) = TitanicData.Load(Ml, SharedData.TitanicTrain("tutorial-2023"));
        var grid = new ParameterGrid
        {
            ["L2Regularization"] = [-1.0, 0.01, 1.0, 100.0],
            ["L1Regularization"] = [0.0, -2.0],
        };

        var result = Ml.BinaryClassification.GridSearch(
            TitanicData.Features(Ml, features),
            (LbfgsLogisticRegressionBinaryTrainer.Options o) => Ml.BinaryClassification.Trainers.LbfgsLogisticRegression(o),
            grid).Fit(data);

        Assert.Equal(8, result.Candidates.Count);
        Assert.Equal(grid.Select(p => p.ToString()), result.Candidates.Select(c => c.Parameters.ToString()));
        var failed = result.Candidates.Where(c => c.Failed).ToArray();
        Assert.Equal(5, failed.Length); // every candidate with a negative value
        Assert.All(failed, c => Assert.All(c.SplitScores, s => Assert.True(double.IsNaN(s))));
        Assert.All(failed, c => Assert.Equal(4, c.Rank));
        Assert.All(result.Candidates.Where(c => !c.Failed), c =>
        {
            Assert.Equal(5, c.SplitScores.Count);
            Assert.Equal(c.SplitScores.Average(), c.MeanScore, 12);
            Assert.InRange(c.Rank, 1, 3);
            Assert.Null(c.Error);
        });

        // Identical errors are grouped with their fit counts.
        Assert.Contains("25 fits failed out of a total of 40", result.FailureSummary);
        Assert.Equal(2, result.FailureSummary!.Split("fits failed with the following error").Length - 1);

        var best = result.Best!;
        Assert.Equal(1, best.Rank);
        Assert.Equal(result.Candidates.Where(c => !c.Failed).Max(c => c.MeanScore), result.BestScore);
        Assert.Equal(result.Candidates.First(c => c.Rank == 1).Index, result.BestIndex);
        Assert.Equal(best.Parameters.Get<double>("L2Regularization"), result.BestOptions<LbfgsLogisticRegressionBinaryTrainer.Options>().L2Regularization, 6);
        Assert.NotNull(result.Model);
    }

    [Fact]
    public void BestModelIsSavedAndLoadedAsAStandardModelWithIdenticalPredictions()
    {
        var (data, features) = TitanicData.Load(Ml, SharedData.TitanicTrain("tutorial-2023"));
        var (test, _) = TitanicData.Load(Ml, SharedData.TitanicTest("tutorial-2023"));
        var result = Ml.BinaryClassification.GridSearch(
            TitanicData.Features(Ml, features),
            (LbfgsLogisticRegressionBinaryTrainer.Options o) => Ml.BinaryClassification.Trainers.LbfgsLogisticRegression(o),
            new ParameterGrid { ["L2Regularization"] = [0.1, 1.0] }).Fit(data);

        var path = Path.Combine(Path.GetTempPath(), $"mlnethpo-{Guid.NewGuid():N}.zip");
        try
        {
            // Saving the result itself writes the refitted standard model.
            Ml.Model.Save(result, data.Schema, path);
            var loaded = Ml.Model.Load(path, out _);
            Assert.IsNotType<SearchResult>(loaded);

            var expected = result.Model!.Transform(test).GetColumn<float>("Probability").ToArray();
            var actual = loaded.Transform(test).GetColumn<float>("Probability").ToArray();
            Assert.Equal(262, actual.Length);
            Assert.Equal(expected, actual);
            Assert.Equal(expected, result.Transform(test).GetColumn<float>("Probability").ToArray());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void RefitModelEqualsThePipelineFittedOnAllTheData()
    {
        var (data, features) = TitanicData.Load(Ml, SharedData.TitanicTrain("tutorial-2023"));
        var (test, _) = TitanicData.Load(Ml, SharedData.TitanicTest("tutorial-2023"));
        var result = Ml.BinaryClassification.GridSearch(
            TitanicData.Features(Ml, features),
            (LbfgsLogisticRegressionBinaryTrainer.Options o) => Ml.BinaryClassification.Trainers.LbfgsLogisticRegression(o),
            new ParameterGrid { ["L2Regularization"] = [0.5] }).Fit(data);

        var direct = TitanicData.Features(Ml, features)
            .Append(Ml.BinaryClassification.Trainers.LbfgsLogisticRegression(new LbfgsLogisticRegressionBinaryTrainer.Options { L2Regularization = 0.5f, NumberOfThreads = 1 }))
            .Fit(data);
        Assert.Equal(
            direct.Transform(test).GetColumn<float>("Probability").ToArray(),
            result.Transform(test).GetColumn<float>("Probability").ToArray());
    }

    [Fact]
    public void CrossValidatedScoresAreTheFoldScoresOfTheCandidate()
    {
        var (data, features) = TitanicData.Load(Ml, SharedData.TitanicTrain("tutorial-2023"));
        var result = Ml.BinaryClassification.GridSearch(
            TitanicData.Features(Ml, features),
            (LbfgsLogisticRegressionBinaryTrainer.Options o) => Ml.BinaryClassification.Trainers.LbfgsLogisticRegression(o),
            new ParameterGrid { ["L2Regularization"] = [1.0] },
            options: new SearchOptions { Refit = false }).Fit(data);

        // Fold 0 by hand: rows of scikit-learn's first test fold, model trained on the rest.
        using var json = JsonDocument.Parse(File.ReadAllText(SharedData.Reference("tutorial-2023", "folds.json")));
        var testRows = json.RootElement.GetProperty("folds")[0].GetProperty("test_idx").EnumerateArray().Select(e => e.GetInt32()).ToHashSet();
        var rows = Ml.Data.CreateEnumerable<IndexedRow>(Ml.Transforms.Concatenate("Features", features).Fit(data).Transform(data), false).ToArray();
        var train = Ml.Data.LoadFromEnumerable(rows.Where((_, i) => !testRows.Contains(i)));
        var test = Ml.Data.LoadFromEnumerable(rows.Where((_, i) => testRows.Contains(i)));
        var model = Ml.BinaryClassification.Trainers.LbfgsLogisticRegression(new LbfgsLogisticRegressionBinaryTrainer.Options { L2Regularization = 1, NumberOfThreads = 1 }).Fit(train);
        var accuracy = Ml.BinaryClassification.Evaluate(model.Transform(test)).Accuracy;

        Assert.Equal(accuracy, result.Candidates[0].SplitScores[0], 10);
        Assert.Null(result.Model);
        Assert.Throws<InvalidOperationException>(() => result.Transform(data));
    }

    [Fact]
    public void AllFailingCandidatesThrowWithTheSummary()
    {
        var (data, features) = TitanicData.Load(Ml, SharedData.TitanicTrain("tutorial-2023"));
        var search = Ml.BinaryClassification.GridSearch(
            TitanicData.Features(Ml, features),
            (LbfgsLogisticRegressionBinaryTrainer.Options o) => Ml.BinaryClassification.Trainers.LbfgsLogisticRegression(o),
            new ParameterGrid { ["L2Regularization"] = [-1.0, -2.0] });

        var e = Assert.Throws<SearchFailedException>(() => search.Fit(data));
        Assert.Contains("All the 10 fits failed", e.Message);
        Assert.Contains("10 fits failed with the following error", e.Message);
    }

    [Fact]
    public void FatalFailuresStopAtTheFirstOne()
    {
        var (data, features) = TitanicData.Load(Ml, SharedData.TitanicTrain("tutorial-2023"));
        var built = 0;
        var search = Ml.BinaryClassification.GridSearch(
            TitanicData.Features(Ml, features),
            SweepableEstimator.FromFactory((c, p) =>
            {
                built++;
                return c.BinaryClassification.Trainers.LbfgsLogisticRegression(l2Regularization: p.Get<float>("L2"));
            }),
            new ParameterGrid { ["L2"] = [1.0, -1.0, 2.0] },
            options: new SearchOptions { FailuresAreFatal = true, MaxDegreeOfParallelism = 1 });

        var e = Assert.Throws<SearchFailedException>(() => search.Fit(data));
        Assert.Contains("Candidate 1", e.Message);
        Assert.Equal(6, built); // five folds of candidate 0, then the first of candidate 1
    }

    [Fact]
    public void ResultsExportToCsvAndJson()
    {
        var (data, features) = TitanicData.Load(Ml, SharedData.TitanicTrain("tutorial-2023"));
        var result = Ml.BinaryClassification.GridSearch(
            TitanicData.Features(Ml, features),
            (LbfgsLogisticRegressionBinaryTrainer.Options o) => Ml.BinaryClassification.Trainers.LbfgsLogisticRegression(o),
            new ParameterGrid { ["L2Regularization"] = [-1.0, 1.0] }).Fit(data);

        var csv = result.ToCsv().TrimEnd().Split('\n');
        Assert.Equal(3, csv.Length);
        Assert.StartsWith("candidate,params,param_L2Regularization,mean_test_score,std_test_score,rank_test_score,split0_test_score", csv[0]);
        Assert.StartsWith("0,\"{\"\"L2Regularization\"\":-1}\",-1,,,2,,,,,,", csv[1]);

        using var json = JsonDocument.Parse(result.ToJson());
        var root = json.RootElement;
        Assert.Equal("Accuracy", root.GetProperty("metric").GetString());
        Assert.Equal(1, root.GetProperty("best_index").GetInt32());
        Assert.Equal(1.0, root.GetProperty("best_parameters").GetProperty("L2Regularization").GetDouble());
        Assert.Equal(result.BestScore, root.GetProperty("best_score").GetDouble());
        var first = root.GetProperty("candidates")[0];
        Assert.Equal(JsonValueKind.Null, first.GetProperty("mean_score").ValueKind);
        Assert.Contains("L2", first.GetProperty("error").GetString());
    }

    [Fact]
    public void SearchIsAnEstimatorAtTheEndOfAPipeline()
    {
        var (data, features) = TitanicData.Load(Ml, SharedData.TitanicTrain("tutorial-2023"));
        var search = Ml.BinaryClassification.GridSearch(
            null,
            (LbfgsLogisticRegressionBinaryTrainer.Options o) => Ml.BinaryClassification.Trainers.LbfgsLogisticRegression(o),
            new ParameterGrid { ["L2Regularization"] = [1.0] });
        var pipeline = TitanicData.Features(Ml, features).Append(search);

        var model = pipeline.Fit(data);
        Assert.Equal(1047, model.Transform(data).GetColumn<bool>("PredictedLabel").Count());
        Assert.IsType<SearchResult>(model.LastTransformer);
    }

    [Fact]
    public void RankingSharesTheLowestRankAmongTiesAndPutsFailuresLast()
    {
        double[] means = [0.8, double.NaN, 0.9, 0.8, 0.9, 0.7];
        var scores = means.Select(m => new MetricScores { Metric = "m", SplitScores = [m, m] }).ToList();

        Ranking.Assign(scores, higherIsBetter: true);
        Assert.Equal([3, 6, 1, 3, 1, 5], scores.Select(c => c.Rank));
        Ranking.Assign(scores, higherIsBetter: false);
        Assert.Equal([2, 6, 4, 2, 4, 1], scores.Select(c => c.Rank));
    }

    [Fact]
    public void RegressionAndMulticlassSearchesUseTheirMetrics()
    {
        var random = new Random(1);
        var rows = Enumerable.Range(0, 300).Select(_ =>
        {
            var x = new[] { (float)random.NextDouble(), (float)random.NextDouble() };
            return new TaskRow { Features = x, Target = (3 * x[0]) - (2 * x[1]) + (0.05f * (float)random.NextDouble()), Class = x[0] > 0.66 ? "a" : x[0] > 0.33 ? "b" : "c" };
        }).ToArray();
        var data = Ml.Data.LoadFromEnumerable(rows);

        var regression = Ml.Regression.GridSearch(
            null,
            SweepableEstimator.FromOptions((MLContext c, SdcaRegressionTrainer.Options o) => c.Regression.Trainers.Sdca(o)),
            new ParameterGrid { ["L2Regularization"] = [1e-2, 1e4], ["LabelColumnName"] = ["Target"] },
            RegressionMetric.RootMeanSquaredError, labelColumnName: "Target").Fit(data);
        Assert.False(regression.HigherIsBetter);
        Assert.Equal(1e-2, regression.BestParameters.Get<double>("L2Regularization"));
        Assert.True(regression.BestScore < regression.Candidates[1].MeanScore);

        var multiclass = Ml.MulticlassClassification.GridSearch(
            Ml.Transforms.Conversion.MapValueToKey("Label", "Class"),
            (LbfgsMaximumEntropyMulticlassTrainer.Options o) => Ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy(o),
            new ParameterGrid { ["L2Regularization"] = [1e-3, 1e3] },
            MulticlassClassificationMetric.MacroAccuracy, folds: Folds.Stratified(3, columnName: "Class")).Fit(data);
        Assert.Equal(3, multiclass.NumberOfFolds);
        Assert.Equal(1e-3, multiclass.BestParameters.Get<double>("L2Regularization"));
        Assert.True(multiclass.BestScore > 0.8, $"macro accuracy {multiclass.BestScore}");
    }

    private sealed class IndexedRow
    {
        [VectorType(5)]
        public float[] Features { get; set; } = [];

        public bool Label { get; set; }
    }

    private sealed class TaskRow
    {
        [VectorType(2)]
        public float[] Features { get; set; } = [];

        public float Target { get; set; }

        public string Class { get; set; } = string.Empty;
    }
}
