// ML.NET AutoML's documented "Customize a sweepable estimator" ("How to use the ML.NET AutoML API"): AutoML's SdcaOption
// search space, a factory making SDCA regression from each trial's option (L1 from the tuner, L2 fixed at 0.02), the
// sweepable estimator appended to the featurizer, and a train/validation split with a time budget. What differs from the
// docs: the using lines (MlNetHpo.AutoML and MlNetHpo.AutoML.CodeGen for Microsoft.ML.AutoML and its CodeGen), and the data:
// the docs predict taxi fares, here the label is the Titanic tutorial's Fare; and SDCA runs on one thread (see the factory). The
// docs' "Customize your search space" lines (sdcaSearchSpace["L1Regularization"] = new UniformSingleOption(...)) are as written:
// AutoML's option classes are in MlNetHpo.AutoML.
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.SearchSpace;
using Microsoft.ML.Trainers;
using MlNetHpo.AutoML;
using MlNetHpo.AutoML.CodeGen;

namespace AutoMLStyle;

/// <summary>AutoML's documented custom sweepable estimator: SDCA regression over AutoML's SdcaOption space.</summary>
public static class CustomSweepableEstimatorExample
{
    /// <summary>Runs the example on <paramref name="dataPath"/> for <paramref name="trainingTimeInSeconds"/> seconds.</summary>
    /// <param name="dataPath">A Titanic CSV (Fare is the label).</param>
    /// <param name="trainingTimeInSeconds">The experiment's time budget (the docs use 60).</param>
    /// <param name="monitor">An extra monitor that sees every trial (the tests use one); null for the docs' AutoMLMonitor alone.</param>
    public static async Task<ExampleOutcome> RunAsync(string dataPath, uint trainingTimeInSeconds = 60, IMonitor monitor = null)
    {
        MLContext ctx = new MLContext();

        // The columns, the loader and the data, inferred from the file.
        ColumnInferenceResults columnInference =
            ctx.Auto().InferColumns(dataPath, labelColumnName: "Fare", groupColumns: false);
        TextLoader loader = ctx.Data.CreateTextLoader(columnInference.TextLoaderOptions);
        IDataView data = loader.Load(dataPath);
        DataOperationsCatalog.TrainTestData trainValidationData = ctx.Data.TrainTestSplit(data, testFraction: 0.2);

        // AutoML's SDCA search space, with the docs' ranges for L1 and L2 ("Customize your search space").
        var sdcaSearchSpace = new SearchSpace<SdcaOption>();
        sdcaSearchSpace["L1Regularization"] = new UniformSingleOption(min: 0.01f, max: 2.0f, logBase: false, defaultValue: 0.01f);
        sdcaSearchSpace["L2Regularization"] = new UniformSingleOption(min: 0.01f, max: 2.0f, logBase: false, defaultValue: 0.01f);

        // Each trial's SDCA regression trainer: L1 as the tuner chose it, L2 the same in every trial.
        var sdcaFactory = (MLContext ctx, SdcaOption param) =>
        {
            var sdcaOption = new SdcaRegressionTrainer.Options();
            sdcaOption.L1Regularization = param.L1Regularization;
            sdcaOption.L2Regularization = 0.02f;
            sdcaOption.NumberOfThreads = 1; // not in the docs: SDCA's threads race, so a trial would not refit to its metric

            sdcaOption.LabelColumnName = columnInference.ColumnInformation.LabelColumnName;

            return ctx.Regression.Trainers.Sdca(sdcaOption);
        };

        // The trainer and its space as one sweepable estimator, after the featurizer.
        var sdcaSweepableEstimator = ctx.Auto().CreateSweepableEstimator(sdcaFactory, sdcaSearchSpace);
        SweepablePipeline pipeline =
            ctx.Auto().Featurizer(data, columnInformation: columnInference.ColumnInformation)
                .Append(sdcaSweepableEstimator);

        AutoMLExperiment experiment = ctx.Auto().CreateExperiment();
        experiment
            .SetPipeline(pipeline)
            .SetRegressionMetric(RegressionMetric.RSquared, labelColumn: columnInference.ColumnInformation.LabelColumnName)
            .SetTrainingTimeInSeconds(trainingTimeInSeconds)
            .SetDataset(trainValidationData);

        experiment.SetMonitor(monitor ?? new AutoMLMonitor(pipeline));

        var cts = new CancellationTokenSource();
        TrialResult experimentResults = await experiment.RunAsync(cts.Token);
        var model = experimentResults.Model;

        Console.WriteLine($"Best trial {experimentResults.TrialSettings.TrialId}: validation R-squared {experimentResults.Metric:F4}, {pipeline.ToString(experimentResults.TrialSettings.Parameter)}");
        return new ExampleOutcome(experimentResults, pipeline, trainValidationData);
    }
}
