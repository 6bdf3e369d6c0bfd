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
        Assert.Equal(["_SCHEMA_", "e1.L2"], space.Keys);
        Assert.Equal("choice[e0 * e1]", space["_SCHEMA_"].ToString());
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

        Assert.Equal(["_SCHEMA_", "e0.X", "e1.X"], Assert.Single(pipeline.SearchSpace.SubSpaces).Keys);
        Assert.Equal([("first", 0.25), ("second", 2.5)], seen);
        Assert.Equal("first=>second", pipeline.ToString(new Parameter([new("e0.X", 0.25), new("e1.X", 2.5)])));
    }

    [Fact]
    public void AppendingSeveralEstimatorsAtOnceMakesAStageThatChoosesOneEachUnderItsOwnKey()
    {
        var a = SweepableEstimator.FromFactory((c, _) => c.Transforms.CopyColumns("Out", "A"), "a").WithSearchSpace(new SearchSpace { ["P"] = Distribution.Choice(1, 2) });
        var b = SweepableEstimator.FromFactory((c, _) => c.Transforms.CopyColumns("Out", "B"), "b").WithSearchSpace(new SearchSpace { ["Q"] = Distribution.Choice(3) });

        var pipeline = Ml.Transforms.Concatenate("Features", "A").Append(a, b);

        // As AutoML: e0 the concatenation, e1 and e2 the alternatives, and the schema naming the chain a point builds.
        Assert.Equal(["e0", "e1", "e2"], pipeline.Estimators.Keys);
        var subSpaces = pipeline.SearchSpace.SubSpaces;
        Assert.Equal(2, subSpaces.Count);
        Assert.Equal(["_SCHEMA_", "e1.P"], subSpaces[0].Keys);
        Assert.Equal("choice[e0 * e1]", subSpaces[0]["_SCHEMA_"].ToString());
        Assert.Equal(["_SCHEMA_", "e2.Q"], subSpaces[1].Keys);
        Assert.Equal("choice[e0 * e2]", subSpaces[1]["_SCHEMA_"].ToString());
        var pointOfB = new Parameter([new("e2.Q", 3), new("_SCHEMA_", "e0 * e2")]);
        Assert.Equal("ColumnConcatenatingEstimator=>b", pipeline.ToString(pointOfB));
        Assert.Equal("ColumnConcatenatingEstimator=>b", pipeline.ToString(new Parameter(pointOfB.Select(p => KeyValuePair.Create("_pipeline_." + p.Key, p.Value))))); // an experiment's point
        var data = Ml.Data.LoadFromEnumerable(Enumerable.Range(0, 4).Select(i => new Row { A = i, B = 10 + i }));
        Assert.Equal([10f, 11f, 12f, 13f], pipeline.BuildFromOption(Ml, pointOfB).Fit(data).Transform(data).GetColumn<float>("Out"));
        Assert.Equal(3, pipeline.SearchSpace.ToGrid().Count); // a: P in {1, 2}; b: Q = 3
    }

    [Fact]
    public void LeadingFixedStagesSplitOffAsAFeaturizerFittedOncePerFold()
    {
        var sweep = SweepableEstimator.FromFactory((c, p) => c.Transforms.CopyColumns("Out", "A"), "copy").WithSearchSpace(new SearchSpace { ["P"] = Distribution.Choice(1) });
        var pipeline = Ml.Transforms.Concatenate("Features", "A").Append(sweep).Append(Ml.Transforms.CopyColumns("Again", "Out"));

        var (featurizer, trainer) = pipeline.Split();

        Assert.IsType<ColumnConcatenatingEstimator>(featurizer);
        Assert.Equal(["_pipeline_._SCHEMA_", "_pipeline_.e1.P"], Assert.Single(trainer.SearchSpace!.SubSpaces).Keys);
        Assert.Equal("copy=>ColumnCopyingEstimator", trainer.Name);
    }

    [Fact]
    public void AppendingNothingIsRefusedWithItsParameterName()
    {
        var e = Assert.Throws<ArgumentException>(() => Ml.Transforms.Concatenate("Features", "A").Append(Array.Empty<SweepableEstimator>()));
        Assert.Equal("estimators", e.ParamName);
    }

    [Fact]
    public void AutoMLsConstructorTakesAFactoryAndASpaceAndAppendsAsAStage()
    {
        // As AutoML's docs build one: new SweepableEstimator(factory, searchSpace).
        var sdca = new SweepableEstimator((context, parameter) =>
            context.BinaryClassification.Trainers.SdcaLogisticRegression(l2Regularization: parameter.AsType<SdcaOption>().L2), new SearchSpace<SdcaOption>());

        var pipeline = Ml.Transforms.Concatenate("Features", "A", "B").Append(sdca);

        Assert.Equal("loguniform[0.001, 10]", Assert.Single(pipeline.SearchSpace.SubSpaces)["e1.L2"].ToString());
        var data = Ml.Data.LoadFromEnumerable(Enumerable.Range(0, 8).Select(i => new Row { A = i, B = i % 3, Label = i > 3 }));
        Assert.IsType<Microsoft.ML.Trainers.SdcaLogisticRegressionBinaryTrainer>(sdca.BuildFromOption(Ml, new Parameter([new("L2", 0.5)])));
        Assert.NotNull(pipeline.BuildFromOption(Ml, new Parameter([new("e1.L2", 0.5)])).Fit(data).Transform(data).Schema.GetColumnOrNull("Score"));
    }

    [Fact]
    public void ASubclassOverridingBuildFromOptionIsBuiltWithTheTrialsValues()
    {
        var subclass = new ScaledCopy();

        var pipeline = Ml.Transforms.Concatenate("Features", "A").Append(subclass);
        pipeline.BuildFromOption(Ml, new Parameter([new("e1.L2", 0.25)]));

        Assert.Equal(["_SCHEMA_", "e1.L2"], Assert.Single(pipeline.SearchSpace.SubSpaces).Keys);
        Assert.Equal([0.25f], subclass.Built);
    }

    [Fact]
    public void ASubclassWithoutAFactoryOrAnOverrideSaysSoInOneLine()
    {
        var e = Assert.Throws<InvalidOperationException>(() => new Bare().BuildFromOption(Ml, Parameter.Empty));
        Assert.Equal("Bare was made without a factory and does not override BuildFromOption; override it, or construct a SweepableEstimator with a factory.", e.Message);
    }

    [Fact]
    public void AnExperimentsMonitorReadsEachStagesValuesUnderPipelineAsInAutoML()
    {
        var sdca = Ml.Auto().CreateSweepableEstimator((context, option) =>
            context.BinaryClassification.Trainers.SdcaLogisticRegression(new Microsoft.ML.Trainers.SdcaLogisticRegressionBinaryTrainer.Options { L2Regularization = option.L2, NumberOfThreads = 1 }),
            new SearchSpace<SdcaOption>());
        var pipeline = Ml.Transforms.Concatenate("Features", "A", "B").Append(sdca);
        var data = Ml.Data.LoadFromEnumerable(Enumerable.Range(0, 40).Select(i => new Row { A = i % 7, B = i % 3, Label = (i % 7) + (i % 3) > 4 }));
        var monitor = new PipelineReader(pipeline);

        Ml.Auto().CreateExperiment()
            .SetPipeline(pipeline)
            .SetDataset(data, fold: 2)
            .SetBinaryClassificationMetric(BinaryClassificationMetric.Accuracy, "Label")
            .SetMaxModelToExplore(3)
            .SetMonitor(monitor)
            .Run();

        // AutoML's shape: the pipeline's point under "_pipeline_", the chain under "_SCHEMA_", stage e1's values under "e1".
        Assert.Equal(3, monitor.Read.Count);
        Assert.All(monitor.Read, r => Assert.Equal("e0 * e1", r.Schema));
        Assert.Equal(monitor.Read.Select(r => r.Flat), monitor.Read.Select(r => r.L2));
        Assert.All(monitor.Read, r => Assert.InRange(r.L2, 1e-3f, 10f));
        Assert.Equal("ColumnConcatenatingEstimator=>SdcaOption", monitor.Chains.Distinct().Single());
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

    /// <summary>A subclass as AutoML's docs write one: a protected base constructor, a space set in the constructor, BuildFromOption overridden.</summary>
    private sealed class ScaledCopy : SweepableEstimator
    {
        public ScaledCopy() => SearchSpace = new SearchSpace<SdcaOption>();

        public List<float> Built { get; } = [];

        public override IEstimator<ITransformer> BuildFromOption(MLContext context, Parameter parameter)
        {
            Built.Add(parameter.AsType<SdcaOption>().L2);
            return context.Transforms.CopyColumns("Copy", "Features");
        }
    }

    private sealed class Bare : SweepableEstimator
    {
    }

    /// <summary>A monitor reading a trial's parameters as AutoML code does.</summary>
    private sealed class PipelineReader(SweepablePipeline pipeline) : IMonitor
    {
        public List<(string Schema, float L2, float Flat)> Read { get; } = [];

        public List<string> Chains { get; } = [];

        public void ReportRunningTrial(TrialSettings settings)
        {
        }

        public void ReportCompletedTrial(TrialResult result)
        {
            var settings = result.TrialSettings;
            var e1 = settings.Parameter["_pipeline_"]["e1"].AsType<SdcaOption>();
            Read.Add((settings.Parameter["_pipeline_"]["_SCHEMA_"].AsType<string>(), e1.L2, settings.Parameter.Get<float>("_pipeline_.e1.L2")));
            Chains.Add(pipeline.ToString(settings.Parameter));
        }

        public void ReportBestTrial(TrialResult result)
        {
        }

        public void ReportFailTrial(TrialSettings settings, Exception? exception = null) => throw exception ?? new InvalidOperationException("failed");
    }
}
