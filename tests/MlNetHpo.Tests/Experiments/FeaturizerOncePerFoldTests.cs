using System.Diagnostics;
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

        // One candidate's full cost: the whole pipeline fitted and scored on each fold, nothing shared (JIT warmed first).
        TimeSpan OneCandidate()
        {
            var watch = Stopwatch.StartNew();
            ml.BinaryClassification.GridSearch(
                ml.Transforms.Text.FeaturizeText("Features", "Text"),
                (AveragedPerceptronTrainer.Options o) => ml.BinaryClassification.Trainers.AveragedPerceptron(o),
                new ParameterGrid { ["LearningRate"] = [1.0] }, options: new SearchOptions { MaxDegreeOfParallelism = 1, Refit = false }).Fit(data);
            return watch.Elapsed;
        }

        OneCandidate();
        var one = OneCandidate();

        var clock = Stopwatch.StartNew();
        var result = ml.BinaryClassification.GridSearch(
            featurizer, (AveragedPerceptronTrainer.Options o) => ml.BinaryClassification.Trainers.AveragedPerceptron(o), grid,
            options: new SearchOptions { MaxDegreeOfParallelism = 1 }).Fit(data);
        var search = clock.Elapsed;

        Assert.Equal(20, result.Candidates.Count);
        Assert.Equal(0, result.FailedCount);
        Assert.Equal(5 + 1, featurizer.Fits);
        Assert.True(result.BestScore > 0.8, $"accuracy {result.BestScore}");

        var ratio = search / one;
        Console.WriteLine($"20 candidates (refit included): {search.TotalSeconds:F2} s; one candidate's full cost: {one.TotalSeconds:F2} s; ratio {ratio:F1}");
        Assert.True(ratio < 5, $"the search cost {ratio:F1} times one candidate: is the featurizer refitted per candidate?");
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
