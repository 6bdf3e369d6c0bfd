using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetHpo.Experiments;
using MlNetHpo.AutoML;
using Microsoft.ML.Trainers;

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
    private sealed class CountingEstimator(IEstimator<ITransformer> inner) : IEstimator<ITransformer>
    {
        private int _fits;

        public int Fits => _fits;

        public ITransformer Fit(IDataView input)
        {
            Interlocked.Increment(ref _fits);
            return inner.Fit(input);
        }

        public SchemaShape GetOutputSchema(SchemaShape inputSchema) => inner.GetOutputSchema(inputSchema);
    }
}
