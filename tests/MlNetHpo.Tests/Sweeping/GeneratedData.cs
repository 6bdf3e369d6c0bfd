using Microsoft.ML;
using Microsoft.ML.Data;

namespace MlNetHpo.Tests.Sweeping;

/// <summary>
/// Small seeded data sets for trainer tests: a "Features" vector of 4 standard-normal Singles and a label of the task.
/// Binary: Boolean "Label" = x0 + x1 - x2 + noise &gt; 0. Multiclass: text "Class" (a, b, c) from three Gaussian blobs,
/// to be mapped to the key "Label" by the featurizer. Regression: positive Single "Label" = 3 exp(0.3 x0 + 0.2 x1 - 0.2 x2)
/// with multiplicative noise (positive so Poisson and Tweedie regressions apply).
/// </summary>
internal static class GeneratedData
{
    public const int FeatureCount = 4;

    public static IDataView Binary(MLContext ml, int rows = 200, int seed = 1) =>
        ml.Data.LoadFromEnumerable(Rows(rows, seed, (x, noise, _) => new BinaryRow { Features = x, Label = x[0] + x[1] - x[2] + (0.5f * noise) > 0 }));

    public static IDataView Multiclass(MLContext ml, int rows = 200, int seed = 1)
    {
        float[][] centers = [[2, 0, 0, 0], [-1, 1.7f, 0, 0], [-1, -1.7f, 0, 0]];
        return ml.Data.LoadFromEnumerable(Rows(rows, seed, (x, _, i) =>
        {
            var k = i % 3;
            return new MulticlassRow { Features = [.. x.Select((v, j) => v + centers[k][j])], Class = ((char)('a' + k)).ToString() };
        }));
    }

    public static IDataView Regression(MLContext ml, int rows = 200, int seed = 1) =>
        ml.Data.LoadFromEnumerable(Rows(rows, seed, (x, noise, _) => new RegressionRow
        {
            Features = x,
            Label = 3 * MathF.Exp((0.3f * x[0]) + (0.2f * x[1]) - (0.2f * x[2]) + (0.1f * noise)),
        }));

    private static List<T> Rows<T>(int rows, int seed, Func<float[], float, int, T> make)
    {
        var random = new Random(seed);
        float Normal() => (float)(Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()));
        return [.. Enumerable.Range(0, rows).Select(i =>
        {
            var x = Enumerable.Range(0, FeatureCount).Select(_ => Normal()).ToArray();
            return make(x, Normal(), i);
        })];
    }

    public sealed class BinaryRow
    {
        [VectorType(FeatureCount)]
        public float[] Features { get; set; } = [];

        public bool Label { get; set; }
    }

    public sealed class MulticlassRow
    {
        [VectorType(FeatureCount)]
        public float[] Features { get; set; } = [];

        public string Class { get; set; } = string.Empty;
    }

    public sealed class RegressionRow
    {
        [VectorType(FeatureCount)]
        public float[] Features { get; set; } = [];

        public float Label { get; set; }
    }
}
