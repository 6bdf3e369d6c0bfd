using AutoMLStyle;
using Microsoft.ML;
using MlNetHpo.AutoML;

namespace MlNetHpo.Tests.AutoML;

/// <summary>
/// AutoML's AddSearchSpace(key, space): the experiment's space is the pipeline's with each added space beside it, its names
/// prefixed by the key; a custom runner reads the values from each trial's parameter.
/// </summary>
public sealed class AddSearchSpaceTests
{
    private static readonly MLContext Ml = new(0);
    private static readonly IDataView Train = Ml.Data.LoadFromTextFile<TitanicPassenger>(SharedData.TitanicTrain("tutorial-2023"), separatorChar: ',', hasHeader: true);

    [Fact]
    public void ARunnerWithoutAPipelineSearchesTheAddedSpaceUnderItsKey()
    {
        var space = new SearchSpace { ["x"] = Distribution.Uniform(0, 1), ["n"] = Distribution.UniformInt(1, 9) };
        using var runner = new RecordingRunner();
        var experiment = Ml.Auto().CreateExperiment(new AutoMLExperiment.AutoMLExperimentSettings { Seed = 3 })
            .AddSearchSpace("custom", space)
            .SetTrialRunner(runner)
            .SetRandomSearchTuner()
            .SetMaxModelToExplore(4);

        experiment.Run();

        // The same draws as a random search over the prefixed space with the experiment's seed.
        var expected = new RandomSearchTuner(new SearchSpace { ["custom.n"] = Distribution.UniformInt(1, 9), ["custom.x"] = Distribution.Uniform(0, 1) }, 4, 3);
        Assert.Equal(Enumerable.Range(0, 4).Select(i => expected.Propose(new TrialSettings { TrialId = i })), runner.Parameters);
        Assert.Equal(["custom.n", "custom.x"], runner.Parameters[0].Keys);
    }

    [Fact]
    public void AnAddedSpaceIsSweptBesideThePipelinesAndThePipelineIgnoresIt()
    {
        var pipeline = CustomSearchSpaceExperiment.CreatePipeline(Ml);
        var trials = new TrialsMonitor();
        var experiment = CustomSearchSpaceExperiment.CreateExperiment(Ml, pipeline, Train, trials, maxModels: 3)
            .AddSearchSpace("extra", new SearchSpace { ["flag"] = Distribution.Choice(true, false) })
            .AddSearchSpace("extra", new SearchSpace { ["level"] = Distribution.Choice("a", "b") }) // the same key again replaces it
            .SetRandomSearchTuner(seed: 5);

        var best = experiment.Run();

        Assert.Equal(["_pipeline_._SCHEMA_", "_pipeline_.e1.L1Regularization", "_pipeline_.e1.L2Regularization", "extra.level"], best.TrialSettings.Parameter.Keys);
        var expected = new RandomSearchTuner(SearchSpaceOf(pipeline, ("extra.level", Distribution.Choice("a", "b"))), 3, 5);
        Assert.Equal(Enumerable.Range(0, 3).Select(i => expected.Propose(new TrialSettings { TrialId = i })), trials.Parameters);

        // The pipeline builds from its own names only: the returned model is the best trial's pipeline refitted on the data.
        var refit = pipeline.BuildFromOption(new MLContext(0), best.TrialSettings.Parameter).Fit(Train);
        Assert.Equal(
            Ml.BinaryClassification.EvaluateNonCalibrated(refit.Transform(Train)).Accuracy,
            Ml.BinaryClassification.EvaluateNonCalibrated(best.Model!.Transform(Train)).Accuracy,
            12);
    }

    [Fact]
    public void RunningTwiceMergesTheAddedSpaceOnce()
    {
        using var runner = new RecordingRunner();
        var experiment = Ml.Auto().CreateExperiment()
            .AddSearchSpace("custom", new SearchSpace { ["x"] = Distribution.Uniform(0, 1) })
            .SetTrialRunner(runner)
            .SetMaxModelToExplore(1);

        experiment.Run();
        experiment.Run();

        Assert.Equal(["custom.x"], runner.Parameters[1].Keys);
    }

    [Fact]
    public void ThePipelinesKeyIsRefused()
    {
        var experiment = CustomSearchSpaceExperiment.CreateExperiment(Ml, CustomSearchSpaceExperiment.CreatePipeline(Ml), Train, new TrialsMonitor(), maxModels: 1)
            .AddSearchSpace("_pipeline_", new SearchSpace { ["x"] = Distribution.Uniform(0, 1) });

        var e = Assert.Throws<InvalidOperationException>(() => experiment.Run());

        Assert.Equal("AddSearchSpace's key '_pipeline_' is where the pipeline's space is searched; use another key.", e.Message);
    }

    [Fact]
    public void AKeyWithADotIsRefused()
    {
        var e = Assert.Throws<ArgumentException>(() => Ml.Auto().CreateExperiment().AddSearchSpace("a.b", new SearchSpace()));

        Assert.Equal("key", e.ParamName);
        Assert.StartsWith("The key 'a.b' contains a dot", e.Message);
    }

    private static SearchSpace SearchSpaceOf(SweepablePipeline pipeline, (string Name, Distribution Distribution) added)
    {
        var space = new SearchSpace();
        foreach (var (name, distribution) in pipeline.ExperimentSearchSpace)
        {
            space.Add(name, distribution);
        }

        space.Add(added.Name, added.Distribution);
        return space;
    }


    /// <summary>The parameters of the trials, by id.</summary>
    private sealed class TrialsMonitor : IMonitor
    {
        private readonly SortedDictionary<int, Parameter> _parameters = [];

        public List<Parameter> Parameters => [.. _parameters.Values];

        public void ReportRunningTrial(TrialSettings settings) => _parameters[settings.TrialId] = settings.Parameter;

        public void ReportCompletedTrial(TrialResult result)
        {
        }

        public void ReportFailTrial(TrialSettings settings, Exception? exception = null)
        {
        }

        public void ReportBestTrial(TrialResult result)
        {
        }
    }
}
