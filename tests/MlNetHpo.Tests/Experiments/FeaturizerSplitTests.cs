using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetHpo.AutoML;
using MlNetHpo.Experiments;
using MlNetHpo.Trainers;

namespace MlNetHpo.Tests.Experiments;

public class FeaturizerSplitTests
{
    private const int Rows = 500;
    private static readonly MLContext Ml = new(0);
    private static readonly IDataView Data = Ml.Data.Cache(Ml.Data.LoadFromEnumerable(Points(Rows)));

    [Fact]
    public void StagesThatLearnNothingMapEachRowOnceInASearchInsteadOfOncePerFoldPart()
    {
        var mapped = 0;
        var featurizer = Ml.Transforms.CustomMapping<Point, Doubled>((p, d) => { Interlocked.Increment(ref mapped); d.A2 = 2 * p.A; }, null)
            .Append(Ml.Transforms.Concatenate("Features", "A2", "B", "C"))
            .Append(Ml.Transforms.NormalizeMeanVariance("Features", fixZero: false));

        var result = Ml.BinaryClassification.GridSearch(
            featurizer, (LogisticRegressionOptions o) => Ml.BinaryClassification.Trainers.LogisticRegression(o), new ParameterGrid { ["C"] = [0.1, 1.0, 10.0] },
            options: new SearchOptions { MaxDegreeOfParallelism = 2, Refit = false }).Fit(Data);

        Assert.Equal(0, result.FailedCount);
        // Each fold's train part was read to fit the normalizer and to train, and its test part to score: 5 x 3 passes
        // through the mapping before; the mapping and the concatenation now run once over the rows, cached.
        Assert.Equal(Rows, mapped);
    }

    [Fact]
    public void AFoldSeesTheValuesTheWholeFeaturizerMakesOfIt()
    {
        var featurizer = Ml.Transforms.Concatenate("Features", "A", "B", "C").Append(Ml.Transforms.NormalizeMeanVariance("Features", fixZero: false));
        var split = FeaturizerSplit.Of(Ml, featurizer, Data);
        int[] fold = [.. Enumerable.Range(0, Rows).Where(i => i % 3 != 1)];

        var whole = new RowSubsetDataView(Data, fold, Rows);
        var part = new RowSubsetDataView(split.Data, fold, Rows);
        var expected = featurizer.Fit(whole).Transform(whole).GetColumn<float[]>("Features").SelectMany(v => v).ToArray();
        var actual = split.PerFold!.Fit(part).Transform(part).GetColumn<float[]>("Features").SelectMany(v => v).ToArray();

        Assert.Equal(1, split.FixedStages);
        Assert.Equal(fold.Length * 3, actual.Length);
        Assert.Equal(expected, actual); // bit for bit: the normalizer learns from the same values in the same order
    }

    [Theory]
    [InlineData("concatenate", 1, false)]
    [InlineData("concatenate, normalize", 1, true)]
    [InlineData("normalize, concatenate", 0, true)]
    [InlineData("concatenate, copy, cache, normalize, convert", 2, true)]
    [InlineData("concatenate, (copy, convert)", 3, false)]
    [InlineData("stateful mapping, concatenate", 0, true)]
    [InlineData("concatenate of a missing column, normalize", 0, true)]
    public void OnlyTheLeadingStagesThatLearnNothingAndMapRowsAloneAreFixed(string stages, int fixedStages, bool perFold)
    {
        var concatenate = Ml.Transforms.Concatenate("Features", "A", "B", "C");
        IEstimator<ITransformer> featurizer = stages switch
        {
            "concatenate" => concatenate,
            "concatenate, normalize" => concatenate.Append(Ml.Transforms.NormalizeMeanVariance("Features")),
            "normalize, concatenate" => Ml.Transforms.NormalizeMinMax("A").Append(concatenate),
            "concatenate, copy, cache, normalize, convert" => concatenate.Append(Ml.Transforms.CopyColumns("F2", "Features")).AppendCacheCheckpoint(Ml)
                .Append(Ml.Transforms.NormalizeMeanVariance("F2")).Append(Ml.Transforms.Conversion.ConvertType("F3", "F2", DataKind.Double)),
            "concatenate, (copy, convert)" => concatenate.Append(Ml.Transforms.CopyColumns("F2", "Features").Append(Ml.Transforms.Conversion.ConvertType("F3", "F2", DataKind.Double))),
            "stateful mapping, concatenate" => Ml.Transforms.StatefulCustomMapping<Point, Doubled, Counter>((p, d, s) => d.A2 = s.Next++, s => s.Next = 0, null).Append(concatenate),
            _ => Ml.Transforms.Concatenate("Features", "A", "Missing").Append(Ml.Transforms.NormalizeMeanVariance("Features")),
        };

        var split = FeaturizerSplit.Of(Ml, featurizer, Data);

        Assert.Equal(fixedStages, split.FixedStages);
        Assert.Equal(perFold, split.PerFold is not null);
        if (fixedStages == 0)
        {
            // Nothing fixed: the featurizer is left whole, so a stage that cannot fit fails in every fold as before.
            Assert.Same(featurizer, split.PerFold);
            Assert.Same(Data, split.Data);
        }
        else
        {
            // The rest fits on the fixed stages' output and makes the whole featurizer's columns.
            var output = split.PerFold?.Fit(split.Data).Transform(split.Data) ?? split.Data;
            Assert.Equal(
                featurizer.Fit(Data).Transform(Data).Schema.Select(c => $"{c.Name}:{c.Type}"),
                output.Schema.Select(c => $"{c.Name}:{c.Type}"));
        }
    }

    private static IEnumerable<Point> Points(int count)
    {
        var random = new Random(7);
        for (var i = 0; i < count; i++)
        {
            var (a, b, c) = ((float)random.NextDouble(), (float)(3 * random.NextDouble()), (float)random.NextDouble() - 0.5f);
            yield return new Point { A = a, B = b, C = c, Label = a + (0.3 * b) + c + (0.4 * random.NextDouble()) > 1.2 };
        }
    }

    private sealed class Point
    {
        public float A { get; set; }

        public float B { get; set; }

        public float C { get; set; }

        public bool Label { get; set; }
    }

    private sealed class Doubled
    {
        public float A2 { get; set; }
    }

    private sealed class Counter
    {
        public float Next { get; set; }
    }
}
