using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetHpo.Experiments;
using MlNetHpo.AutoML;
using Microsoft.ML.Trainers;
using MlNetHpo.Trainers;

namespace MlNetHpo.Tests.Experiments;

public class FeaturizerOncePerFoldTests
{
    private static readonly string[] Good = ["great", "excellent", "lovely", "superb", "fine", "happy", "bright", "clean"];
    private static readonly string[] Bad = ["awful", "poor", "broken", "sad", "dirty", "slow", "rude", "noisy"];
    private static readonly string[] Filler = ["the", "room", "was", "and", "staff", "food", "view", "very", "quite", "really", "place", "night"];

    [Fact]
    public void TheFeaturizerIsFittedOncePerFoldPlusOnceForTheRefit()
    {
        var ml = new MLContext(0);
        var data = ml.Data.LoadFromEnumerable(Reviews(3000));
        var featurizer = new CountingEstimator(ml.Transforms.Text.FeaturizeText("Features", "Text"));
        var grid = new ParameterGrid { ["LearningRate"] = Enumerable.Range(0, 20).Select(i => (object?)Math.Pow(10, -2 + (i / 5.0))).ToArray() };

        var result = ml.BinaryClassification.GridSearch(
            featurizer, (AveragedPerceptronTrainer.Options o) => ml.BinaryClassification.Trainers.AveragedPerceptron(o), grid,
            options: new SearchOptions { MaxDegreeOfParallelism = 1 }).Fit(data);

        Assert.Equal(20, result.Candidates.Count);
        Assert.Equal(0, result.FailedCount);
        // Counted, not timed: 20 candidates x 5 folds share the 5 per-fold fits, and the refit adds one.
        Assert.Equal(5 + 1, featurizer.Fits);
        Assert.True(result.BestScore > 0.8, $"accuracy {result.BestScore}");
    }

    [Fact]
    public void AWorkerWithoutUnitsPreparesTheRefitDataAndTheModelIsTheSameAtAnyParallelism()
    {
        var ml = new MLContext(0);
        var data = ml.Data.LoadFromEnumerable(Reviews(3000));
        var grid = new ParameterGrid { ["C"] = [0.01, 0.1, 1.0] };
        var test = ml.Data.LoadFromEnumerable(Reviews(200));
        float[] ScoresAt(int workers, CountingEstimator featurizer)
        {
            // A trainer without randomness (AveragedPerceptron shuffles with the caller's context, so two fits differ).
            var result = ml.BinaryClassification.GridSearch(
                featurizer, (LogisticRegressionOptions o) => ml.BinaryClassification.Trainers.LogisticRegression(o), grid,
                options: new SearchOptions { MaxDegreeOfParallelism = workers }).Fit(data);
            return [.. result.Model!.Transform(test).GetColumn<float>("Score")];
        }

        foreach (var workers in new[] { 1, 2 })
        {
            var featurizer = new CountingEstimator(ml.Transforms.Text.FeaturizeText("Features", "Text"));
            var scores = ScoresAt(workers, featurizer);

            // The fit on all 3,000 rows (the folds train on 2,400) ran on a search worker, not on the thread that called Fit.
            var refit = Assert.Single(featurizer.Calls, c => c.Rows == 3000);
            Assert.NotEqual(Environment.CurrentManagedThreadId, refit.Thread);
            Assert.Equal(5 + 1, featurizer.Fits);
            Assert.Equal(ScoresAt(1, new CountingEstimator(ml.Transforms.Text.FeaturizeText("Features", "Text"))), scores);
        }
    }

    [Fact]
    public void AnErrorOfTheFeaturizerOnAllTheDataIsRaisedByTheRefitAsBefore()
    {
        var ml = new MLContext(0);
        var data = ml.Data.LoadFromEnumerable(Reviews(3000));
        var featurizer = new CountingEstimator(ml.Transforms.Text.FeaturizeText("Features", "Text"), failOnRows: 3000);
        var search = ml.BinaryClassification.GridSearch(
            featurizer, (AveragedPerceptronTrainer.Options o) => ml.BinaryClassification.Trainers.AveragedPerceptron(o),
            new ParameterGrid { ["LearningRate"] = [0.1, 1.0] }, options: new SearchOptions { MaxDegreeOfParallelism = 2 });

        var error = Assert.Throws<InvalidOperationException>(() => search.Fit(data));

        Assert.Equal("no fit on 3000 rows", error.Message);
    }

    private static IEnumerable<Review> Reviews(int count)
    {
        var random = new Random(4);
        for (var i = 0; i < count; i++)
        {
            var positive = random.NextDouble() < 0.5;
            var words = Enumerable.Range(0, 12).Select(_ => Filler[random.Next(Filler.Length)]).ToList();
            for (var k = 0; k < 2; k++)
            {
                var pool = (random.NextDouble() < 0.9) == positive ? Good : Bad;
                words.Insert(random.Next(words.Count), pool[random.Next(pool.Length)]);
            }

            yield return new Review { Text = string.Join(' ', words), Label = positive };
        }
    }

    private sealed class Review
    {
        public string Text { get; set; } = string.Empty;

        public bool Label { get; set; }
    }

    /// <summary>Counts the fits of the estimator it wraps.</summary>
    private sealed class CountingEstimator(IEstimator<ITransformer> inner, long? failOnRows = null) : IEstimator<ITransformer>
    {
        private readonly System.Collections.Concurrent.ConcurrentQueue<(long Rows, int Thread)> _calls = new();

        public int Fits => _calls.Count;

        /// <summary>The rows of each fit's input and the thread that fitted it.</summary>
        public IReadOnlyCollection<(long Rows, int Thread)> Calls => _calls;

        public ITransformer Fit(IDataView input)
        {
            var rows = input.GetRowCount() ?? input.GetColumn<bool>("Label").LongCount();
            _calls.Enqueue((rows, Environment.CurrentManagedThreadId));
            return rows == failOnRows ? throw new InvalidOperationException($"no fit on {rows} rows") : inner.Fit(input);
        }

        public SchemaShape GetOutputSchema(SchemaShape inputSchema) => inner.GetOutputSchema(inputSchema);
    }
}
