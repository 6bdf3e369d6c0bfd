// AutoML's docs, "Monitor your experiment" (learn.microsoft.com, How to use the ML.NET AutoML API: the AutoMLMonitor below),
// with a custom search space declared by attributes and the cross-validation of AutoML's sweepable-estimator sample, on the
// Titanic data: only the using lines differ (MlNetHpo.AutoML for Microsoft.ML.AutoML). The docs' own custom estimator, SDCA
// regression over AutoML's SdcaOption, is CustomSweepableEstimatorExample.cs, on Titanic's Fare. This file keeps Titanic's
// binary label: L-BFGS logistic regression, single-threaded so that a seed gives the same trials, because the experiment
// tests (cross-validation, monitor events, time budget, checkpoints, tuners and runners) use this pipeline as their fixture.
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.SearchSpace;
using Microsoft.ML.Trainers;
using MlNetHpo.AutoML;

namespace AutoMLStyle;

public static class CustomSearchSpaceExperiment
{
    public class LbfgsOption
    {
        [Range(1e-10f, 1f, init: 1e-10f, logBase: true)]
        public float L1Regularization { get; set; } = 1e-10f;

        [Range(1e-10f, 1f, init: 1e-10f, logBase: true)]
        public float L2Regularization { get; set; } = 1e-10f;
    }

    public static async Task RunAsync()
    {
        var ctx = new MLContext(seed: 0);
        var data = ctx.Data.LoadFromTextFile<TitanicPassenger>(TitanicPassenger.DataPath("clean_titanic_train.csv"), separatorChar: ',', hasHeader: true);

        var pipeline = CreatePipeline(ctx);
        var monitor = new AutoMLMonitor(pipeline);
        var experiment = CreateExperiment(ctx, pipeline, data, monitor);

        var result = await experiment.RunAsync();

        Console.WriteLine($"Best trial {result.TrialSettings.TrialId}: 5-fold accuracy {result.Metric:F4} with {result.TrialSettings.Parameter}");
        var test = ctx.Data.LoadFromTextFile<TitanicPassenger>(TitanicPassenger.DataPath("clean_titanic_test.csv"), separatorChar: ',', hasHeader: true);
        var metrics = ctx.BinaryClassification.EvaluateNonCalibrated(result.Model.Transform(test));
        Console.WriteLine($"Test accuracy of the best model (refitted on all the training rows): {metrics.Accuracy:F4}");
    }

    public static SweepablePipeline CreatePipeline(MLContext ctx)
    {
        var lbfgsSearchSpace = new SearchSpace<LbfgsOption>();

        var lbfgsFactory = (MLContext ctx, LbfgsOption param) =>
        {
            var lbfgsOption = new LbfgsLogisticRegressionBinaryTrainer.Options();
            lbfgsOption.L1Regularization = param.L1Regularization;
            lbfgsOption.L2Regularization = param.L2Regularization;
            lbfgsOption.LabelColumnName = "Label";
            lbfgsOption.FeatureColumnName = "Features";
            lbfgsOption.NumberOfThreads = 1;
            return ctx.BinaryClassification.Trainers.LbfgsLogisticRegression(lbfgsOption);
        };

        var lbfgsSweepableEstimator = ctx.Auto().CreateSweepableEstimator(lbfgsFactory, lbfgsSearchSpace);

        SweepablePipeline pipeline =
            ctx.Transforms.Concatenate("Features", "Pclass", "Fare", "Sex_n", "Embarked_n", "FamMembers")
                .Append(lbfgsSweepableEstimator);

        return pipeline;
    }

    public static AutoMLExperiment CreateExperiment(MLContext ctx, SweepablePipeline pipeline, IDataView data, IMonitor monitor, int maxModels = 20)
    {
        var experiment = ctx.Auto().CreateExperiment();

        experiment
            .SetPipeline(pipeline)
            .SetBinaryClassificationMetric(BinaryClassificationMetric.Accuracy, labelColumn: "Label")
            .SetDataset(data, fold: 5)
            .SetMaxModelToExplore(maxModels)
            .SetMonitor(monitor);

        return experiment;
    }
}

public class AutoMLMonitor : IMonitor
{
    private readonly SweepablePipeline _pipeline;
    private readonly List<TrialResult> _completedTrials;

    public AutoMLMonitor(SweepablePipeline pipeline)
    {
        _pipeline = pipeline;
        _completedTrials = new List<TrialResult>();
    }

    public IEnumerable<TrialResult> GetCompletedTrials() => _completedTrials;

    public void ReportBestTrial(TrialResult result)
    {
        return;
    }

    public void ReportCompletedTrial(TrialResult result)
    {
        var trialId = result.TrialSettings.TrialId;
        var timeToTrain = result.DurationInMilliseconds;
        var pipeline = _pipeline.ToString(result.TrialSettings.Parameter);
        Console.WriteLine($"Trial {trialId} finished training in {timeToTrain}ms with pipeline {pipeline}");
        _completedTrials.Add(result);
    }

    public void ReportFailTrial(TrialSettings settings, Exception exception = null)
    {
        if (exception.Message.Contains("Operation was canceled."))
        {
            Console.WriteLine($"{settings.TrialId} cancelled. Time budget exceeded.");
        }
        Console.WriteLine($"{settings.TrialId} failed with exception {exception.Message}");
    }

    public void ReportRunningTrial(TrialSettings setting)
    {
        return;
    }
}
