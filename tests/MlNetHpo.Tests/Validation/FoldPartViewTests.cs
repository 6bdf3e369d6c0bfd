using System.Collections.Concurrent;
using Microsoft.ML;
using MlNetHpo.AutoML;
using MlNetHpo.Evaluation;
using MlNetHpo.Experiments;
using MlNetHpo.Scoring;
using MlNetHpo.Trainers;

namespace MlNetHpo.Tests.Validation;

public class FoldPartViewTests
{
    private const int Rows = 500;

    [Fact]
    public void OurTrainersReadAFoldPartOnceOnTheirOwnThreadWithoutFillingMlNetsCache()
    {
        var ml = new MLContext(0);
        var data = ml.Data.Cache(ml.Data.LoadFromEnumerable(Points()));
        var threads = new ConcurrentDictionary<int, int>();
        var train = new RowSubsetDataView(data, [.. Enumerable.Range(0, Rows).Where(i => i % 5 != 0)], Rows);
        var test = new RowSubsetDataView(data, [.. Enumerable.Range(0, Rows).Where(i => i % 5 == 0)], Rows);
        var split = CrossValidationRunner.Prepare(ml, Featurizer(ml, threads), [(train, test)], readRowsOnce: true)[0];

        var (trainPart, testPart) = split.Value;
        var model = new LogisticRegressionTrainer(new LogisticRegressionOptions()).FitModel(trainPart);
        var counts = ((IConfusionCounter)model).Count(testPart, "Label")!.Value;
        _ = new LogisticRegressionTrainer(new LogisticRegressionOptions { C = 10 }).FitModel(trainPart); // rows kept from the first read

        // The train part once for training, the test part once for counting: 500 rows mapped, all on this thread (ML.NET's
        // cache fills from a thread of its own, and splits the rows of a transform over a thread per core).
        var (thread, mapped) = Assert.Single(threads);
        Assert.Equal(Environment.CurrentManagedThreadId, thread);
        Assert.Equal(Rows, mapped);
        Assert.Equal(Rows / 5, counts.TruePositive + counts.FalsePositive + counts.TrueNegative + counts.FalseNegative);
    }

    [Fact]
    public void ASearchOnEveryCoreReadsTheFoldsOnceAndScoresThemAsOneReadingTheCache()
    {
        var ml = new MLContext(0);
        var data = ml.Data.Cache(ml.Data.LoadFromEnumerable(Points()));
        IReadOnlyList<double>[] Scores(int workers) => [.. ml.BinaryClassification.GridSearch(
            Featurizer(ml, new ConcurrentDictionary<int, int>()), (LogisticRegressionOptions o) => ml.BinaryClassification.Trainers.LogisticRegression(o),
            new ParameterGrid { ["C"] = [0.1, 1.0, 10.0], ["Penalty"] = [Penalty.L1, Penalty.L2] },
            options: new SearchOptions { MaxDegreeOfParallelism = workers, Refit = false }).Fit(data).Candidates.Select(c => c.SplitScores)];

        // Every core: the rows read once by the trainers; one worker on a machine with more cores: ML.NET's cache. Same scores.
        var everyCore = Scores(Environment.ProcessorCount);

        Assert.Equal(6, everyCore.Length);
        Assert.Equal(Scores(1), everyCore);
    }

    // The mapping follows a stage that learns from the rows, so it runs per fold (nothing is fixed ahead of the folds).
    private static IEstimator<ITransformer> Featurizer(MLContext ml, ConcurrentDictionary<int, int> threads) => ml.Transforms.NormalizeMinMax("A")
        .Append(ml.Transforms.CustomMapping<Point, Doubled>((p, d) => { threads.AddOrUpdate(Environment.CurrentManagedThreadId, 1, (_, n) => n + 1); d.A2 = 2 * p.A; }, null))
        .Append(ml.Transforms.Concatenate("Features", "A2", "B"));

    private static IEnumerable<Point> Points()
    {
        var random = new Random(5);
        for (var i = 0; i < Rows; i++)
        {
            var (a, b) = ((float)random.NextDouble(), (float)random.NextDouble());
            yield return new Point { A = a, B = b, Label = a + b + (0.3 * random.NextDouble()) > 1.1 };
        }
    }

    private sealed class Point
    {
        public float A { get; set; }

        public float B { get; set; }

        public bool Label { get; set; }
    }

    private sealed class Doubled
    {
        public float A2 { get; set; }
    }
}
