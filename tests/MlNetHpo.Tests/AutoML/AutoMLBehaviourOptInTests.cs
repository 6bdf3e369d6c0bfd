using AutoMLStyle;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetHpo.AutoML;
using MlNetHpo.Experiments;
using MlNetHpo.Validation;

namespace MlNetHpo.Tests.AutoML;

/// <summary>
/// Where the experiment deliberately differs from AutoML, AutoML's behaviour on request: a grid tuner that starts over
/// (SetGridSearchTuner(cycle: true)) and the first fold's model (AutoMLExperimentSettings.Refit = false).
/// </summary>
public sealed class AutoMLBehaviourOptInTests
{
    private static readonly MLContext Ml = new(0);
    private static readonly IDataView Train = Ml.Data.LoadFromTextFile<TitanicPassenger>(SharedData.TitanicTrain("tutorial-2023"), separatorChar: ',', hasHeader: true);

    [Fact]
    public void ACyclingGridStartsOverAfterItsLastPointUntilTheBudget()
    {
        using var runner = new RecordingRunner();
        Ml.Auto().CreateExperiment()
            .SetPipeline(CustomSearchSpaceExperiment.CreatePipeline(Ml))
            .SetTrialRunner(runner)
            .SetGridSearchTuner(step: 2, cycle: true)
            .SetMaxModelToExplore(7)
            .Run();

        // 2 x 2 points, then the grid again from its first point: trial i is point i mod 4.
        var grid = CustomSearchSpaceExperiment.CreatePipeline(Ml).ExperimentSearchSpace.ToGrid(2);
        Assert.Equal(Enumerable.Range(0, 7).Select(i => grid[i % 4]), runner.Parameters);
    }

    [Fact]
    public void AGridThatDoesNotCycleEndsWithItsLastPoint()
    {
        using var runner = new RecordingRunner();
        Ml.Auto().CreateExperiment()
            .SetPipeline(CustomSearchSpaceExperiment.CreatePipeline(Ml))
            .SetTrialRunner(runner)
            .SetGridSearchTuner(step: 2)
            .SetMaxModelToExplore(7)
            .Run();

        Assert.Equal(4, runner.Parameters.Count);
    }

    [Fact]
    public void WithoutRefitTheModelIsTheBestPipelineTrainedOnTheFirstFold()
    {
        var pipeline = CustomSearchSpaceExperiment.CreatePipeline(Ml);
        var result = ConfigureLike(Ml.Auto().CreateExperiment(), pipeline).Run();
        var firstFoldResult = ConfigureLike(Ml.Auto().CreateExperiment(new AutoMLExperiment.AutoMLExperimentSettings { Refit = false }), pipeline).Run();

        // The same trials either way; only the returned model differs.
        Assert.Equal(result.TrialSettings.Parameter, firstFoldResult.TrialSettings.Parameter);
        Assert.Equal(result.Metric, firstFoldResult.Metric);

        // The first fold's model scores the first fold's test rows as the trial's first split score did.
        var rows = (int)Train.GetColumn<bool>("Label").Count();
        var first = Folds.Stratified(5).Split(Train, "Label")[0];
        var test = new RowSubsetDataView(Train, first.TestIndices, rows);
        Assert.Equal(firstFoldResult.SplitScores[0], Ml.BinaryClassification.EvaluateNonCalibrated(firstFoldResult.Model!.Transform(test)).Accuracy, 12);

        // It is the best pipeline trained on the first fold's training rows (the same scores, row for row), not on all of them.
        var onFirstFold = pipeline.BuildFromOption(new MLContext(0), firstFoldResult.TrialSettings.Parameter).Fit(new RowSubsetDataView(Train, first.TrainIndices, rows));
        var onAll = pipeline.BuildFromOption(new MLContext(0), result.TrialSettings.Parameter).Fit(Train);
        Assert.Equal(Scores(onFirstFold), Scores(firstFoldResult.Model!));
        Assert.Equal(Scores(onAll), Scores(result.Model!));
        Assert.NotEqual(Scores(onAll), Scores(onFirstFold));
    }

    private static AutoMLExperiment ConfigureLike(AutoMLExperiment experiment, SweepablePipeline pipeline) => experiment
        .SetPipeline(pipeline)
        .SetBinaryClassificationMetric(BinaryClassificationMetric.Accuracy, labelColumn: "Label")
        .SetDataset(Train, fold: 5)
        .SetMaxModelToExplore(3)
        .SetMonitor(new Silent());

    private static float[] Scores(ITransformer model) => [.. model.Transform(Train).GetColumn<float>("Score")];


    private sealed class Silent : IMonitor
    {
        public void ReportBestTrial(TrialResult result)
        {
        }

        public void ReportCompletedTrial(TrialResult result)
        {
        }

        public void ReportFailTrial(TrialSettings settings, Exception? exception = null)
        {
        }

        public void ReportRunningTrial(TrialSettings settings)
        {
        }
    }
}
