// ML.NET AutoML's documented Quick Start ("How to use the ML.NET AutoML API": infer the columns, featurizer + multi-trainer
// pipeline, a train/validation split, a time budget), as the docs write it; the one line that differs is the using line
// (Microsoft.ML.AutoML -> MlNetHpo.AutoML). The docs predict taxi fares with Regression(); here the data is the Titanic
// tutorial's and the task BinaryClassification(), with useFastForest: false to show a use* flag.
using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetHpo.AutoML;

namespace AutoMLStyle;

/// <summary>What an example on a train/validation split found, and what the tests re-check.</summary>
/// <param name="Result">The best trial, its model trained on the train set.</param>
/// <param name="Pipeline">The sweepable pipeline searched.</param>
/// <param name="Split">The train/validation split the trials were scored on.</param>
public sealed record ExampleOutcome(TrialResult Result, SweepablePipeline Pipeline, DataOperationsCatalog.TrainTestData Split);

/// <summary>AutoML's documented featurizer + multi-trainer example.</summary>
public static class FeaturizerAndTrainersExample
{
    /// <summary>Runs the example on <paramref name="dataPath"/> for <paramref name="trainingTimeInSeconds"/> seconds.</summary>
    /// <param name="dataPath">A Titanic CSV (Survived is the label).</param>
    /// <param name="trainingTimeInSeconds">The experiment's time budget (the docs use 60).</param>
    /// <param name="monitor">An extra monitor that sees every trial (the tests use one); null for none.</param>
    public static async Task<ExampleOutcome> RunAsync(string dataPath, uint trainingTimeInSeconds = 60, IMonitor monitor = null)
    {
        // Initialize MLContext
        MLContext ctx = new MLContext();

        // Infer column information
        ColumnInferenceResults columnInference =
            ctx.Auto().InferColumns(dataPath, labelColumnName: "Survived", groupColumns: false);

        // Create text loader
        TextLoader loader = ctx.Data.CreateTextLoader(columnInference.TextLoaderOptions);

        // Load data into IDataView
        IDataView data = loader.Load(dataPath);

        // Split into train (80%), validation (20%) sets
        DataOperationsCatalog.TrainTestData trainValidationData = ctx.Data.TrainTestSplit(data, testFraction: 0.2);

        //Define pipeline
        SweepablePipeline pipeline =
            ctx.Auto().Featurizer(data, columnInformation: columnInference.ColumnInformation)
                .Append(ctx.Auto().BinaryClassification(labelColumnName: columnInference.ColumnInformation.LabelColumnName, useFastForest: false));

        // Create AutoML experiment
        AutoMLExperiment experiment = ctx.Auto().CreateExperiment();

        // Configure experiment
        experiment
            .SetPipeline(pipeline)
            .SetBinaryClassificationMetric(BinaryClassificationMetric.Accuracy, labelColumn: columnInference.ColumnInformation.LabelColumnName)
            .SetTrainingTimeInSeconds(trainingTimeInSeconds)
            .SetDataset(trainValidationData);
        if (monitor is not null)
        {
            experiment.SetMonitor(monitor);
        }

        // Log experiment trials
        ctx.Log += (_, e) =>
        {
            if (e.Source.Equals("AutoMLExperiment"))
            {
                Console.WriteLine(e.RawMessage);
            }
        };

        // Run experiment
        var cts = new CancellationTokenSource();
        TrialResult experimentResults = await experiment.RunAsync(cts.Token);

        // Get best model
        var model = experimentResults.Model;

        Console.WriteLine($"Best trial {experimentResults.TrialSettings.TrialId}: validation accuracy {experimentResults.Metric:F4}, {pipeline.ToString(experimentResults.TrialSettings.Parameter)}");
        return new ExampleOutcome(experimentResults, pipeline, trainValidationData);
    }
}
