using Microsoft.ML;
using Microsoft.ML.SearchSpace;
using Microsoft.ML.Trainers;
using MlNetHpo.AutoML;

namespace MlNetHpo.Docs.Tests.Snippets;

/// <summary>README, "Coming from ML.NET AutoML" (run in a temporary folder: it writes its checkpoint there).</summary>
internal static class ComingFromAutoML
{
    // <snippet:ComingFromAutoML>
    public class LbfgsOption                                   // a search space declared as AutoML's docs declare one
    {
        [Range(1e-10f, 1f, init: 1e-10f, logBase: true)]
        public float L1Regularization { get; set; } = 1e-10f;

        [Range(1e-10f, 1f, init: 1e-10f, logBase: true)]
        public float L2Regularization { get; set; } = 1e-10f;
    }
    // </snippet:ComingFromAutoML>

    public static async Task<TrialResult> RunAsync(MLContext ml, IDataView trainData, string[] features, IMonitor myMonitor)
    {
        // <snippet:ComingFromAutoML>
        var trainer = ml.Auto().CreateSweepableEstimator((context, option) =>
            context.BinaryClassification.Trainers.LbfgsLogisticRegression(new LbfgsLogisticRegressionBinaryTrainer.Options
            {
                L1Regularization = option.L1Regularization,
                L2Regularization = option.L2Regularization,
                NumberOfThreads = 1,                           // a seed then gives the same trials
            }), new SearchSpace<LbfgsOption>());
        SweepablePipeline pipeline = ml.Transforms.Concatenate("Features", features).Append(trainer);

        var experiment = ml.Auto().CreateExperiment()
            .SetPipeline(pipeline)
            .SetBinaryClassificationMetric(BinaryClassificationMetric.Accuracy, labelColumn: "Label")
            .SetDataset(trainData, fold: 5)                    // 5 folds, stratified by the label
            .SetTrainingTimeInSeconds(60)
            .SetMaxModelToExplore(20)
            .SetEciCostFrugalTuner()                           // AutoML's default tuner, named here for the reader
            .SetMonitor(myMonitor)                             // running, completed, failed, best: AutoML's IMonitor
            .SetCheckpoint("checkpoint");                      // package MlNetHpo.Sqlite: run again to resume

        TrialResult best = await experiment.RunAsync();
        Parameter parameter = best.TrialSettings.Parameter["_pipeline_"]["e1"];   // {L1Regularization: ..., L2Regularization: ...}
        ITransformer model = best.Model!;                     // refitted on all of trainData
        // </snippet:ComingFromAutoML>
        _ = (parameter, model);
        return best;
    }
}
