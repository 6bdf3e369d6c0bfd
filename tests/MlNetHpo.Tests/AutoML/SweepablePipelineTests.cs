using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.SearchSpace;
using Microsoft.ML.Transforms;
using MlNetHpo.AutoML;

namespace MlNetHpo.Tests.AutoML;

/// <summary>Sweepable pipelines: AutoML's <c>.Append</c> overloads, the pipeline's space over several stages, building a trial's chain.</summary>
public sealed class SweepablePipelineTests
{
    private static readonly MLContext Ml = new(0);

    [Fact]
    public void AFixedEstimatorThenASweepableOneSweepsTheSecondStageUnderItsKey()
    {
        var sdca = Ml.Auto().CreateSweepableEstimator((context, option) => context.BinaryClassification.Trainers.SdcaLogisticRegression(l2Regularization: option.L2), new SearchSpace<SdcaOption>());

        var pipeline = Ml.Transforms.Concatenate("Features", "A", "B").Append(sdca);

        Assert.Equal(["e0", "e1"], pipeline.Estimators.Keys);
        var space = Assert.Single(pipeline.SearchSpace.SubSpaces);
        Assert.Equal(["e1.L2"], space.Keys);
        Assert.Equal("loguniform[0.001, 10]", space["e1.L2"].ToString());
        var data = Ml.Data.LoadFromEnumerable(Enumerable.Range(0, 8).Select(i => new Row { A = i, B = i % 3, Label = i > 3 }));
        var model = pipeline.BuildFromOption(Ml, new Parameter([new("e1.L2", 0.5)])).Fit(data);
        Assert.Equal(2, model.Count());
        Assert.NotNull(model.Transform(data).Schema.GetColumnOrNull("Score"));
    }

    [Fact]
    public void TwoSweptStagesAreSweptTogetherAndEachGetsItsOwnValues()
    {
        var seen = new List<(string Stage, double Value)>();
        var first = SweepableEstimator.FromFactory((c, p) => Record(c, "first", p.Get<double>("X"), seen), "first").WithSearchSpace(new SearchSpace { ["X"] = Distribution.Uniform(0, 1) });
        var second = SweepableEstimator.FromFactory((c, p) => Record(c, "second", p.Get<double>("X"), seen), "second").WithSearchSpace(new SearchSpace { ["X"] = Distribution.Uniform(2, 3) });

        var pipeline = first.Append(second);
        pipeline.BuildFromOption(Ml, new Parameter([new("e0.X", 0.25), new("e1.X", 2.5)]));

        Assert.Equal(["e0.X", "e1.X"], Assert.Single(pipeline.SearchSpace.SubSpaces).Keys);
        Assert.Equal([("first", 0.25), ("second", 2.5)], seen);
        Assert.Equal("first=>second", pipeline.ToString(new Parameter([new("e0.X", 0.25), new("e1.X", 2.5)])));
    }

    [Fact]
    public void AppendingSeveralEstimatorsAtOnceMakesAStageThatChoosesOne()
    {
        var a = SweepableEstimator.FromFactory((c, _) => c.Transforms.CopyColumns("Out", "A"), "a").WithSearchSpace(new SearchSpace { ["P"] = Distribution.Choice(1, 2) });
        var b = SweepableEstimator.FromFactory((c, _) => c.Transforms.CopyColumns("Out", "B"), "b").WithSearchSpace(new SearchSpace { ["Q"] = Distribution.Choice(3) });

        var pipeline = Ml.Transforms.Concatenate("Features", "A").Append(a, b);

        var subSpaces = pipeline.SearchSpace.SubSpaces;
        Assert.Equal(2, subSpaces.Count);
        Assert.Equal(["e1.P", "e1.Trainer"], subSpaces[0].Keys);
        Assert.Equal(["e1.Q", "e1.Trainer"], subSpaces[1].Keys);
        Assert.Equal("ColumnConcatenatingEstimator=>b", pipeline.ToString(new Parameter([new("e1.Trainer", "b"), new("e1.Q", 3)])));
        Assert.Equal(3, pipeline.SearchSpace.ToGrid().Count); // a: P in {1, 2}; b: Q = 3
    }

    [Fact]
    public void LeadingFixedStagesSplitOffAsAFeaturizerFittedOncePerFold()
    {
        var sweep = SweepableEstimator.FromFactory((c, p) => c.Transforms.CopyColumns("Out", "A"), "copy").WithSearchSpace(new SearchSpace { ["P"] = Distribution.Choice(1) });
        var pipeline = Ml.Transforms.Concatenate("Features", "A").Append(sweep).Append(Ml.Transforms.CopyColumns("Again", "Out"));

        var (featurizer, trainer) = pipeline.Split();

        Assert.IsType<ColumnConcatenatingEstimator>(featurizer);
        Assert.Equal(["e1.P"], Assert.Single(trainer.SearchSpace!.SubSpaces).Keys);
        Assert.Equal("copy=>ColumnCopyingEstimator", trainer.Name);
    }

    [Fact]
    public void AppendingNothingIsRefusedWithItsParameterName()
    {
        var e = Assert.Throws<ArgumentException>(() => Ml.Transforms.Concatenate("Features", "A").Append(Array.Empty<SweepableEstimator>()));
        Assert.Equal("estimators", e.ParamName);
    }

    private static IEstimator<ITransformer> Record(MLContext context, string stage, double value, List<(string, double)> seen)
    {
        seen.Add((stage, value));
        return context.Transforms.CopyColumns(stage, "A");
    }

    private sealed class Row
    {
        public float A { get; set; }

        public float B { get; set; }

        public bool Label { get; set; }
    }

    private sealed class SdcaOption
    {
        [Range(1e-3, 10.0, init: 1.0, logBase: true)]
        public float L2 { get; set; } = 1f;
    }
}
