using System.Collections.Concurrent;
using AutoMLStyle;
using Microsoft.ML;
using MlNetHpo.AutoML;

namespace MlNetHpo.Tests.AutoML;

/// <summary>
/// samples/AutoMLStyle's FeaturizerAndTrainersExample (AutoML's documented Quick Start on the Titanic data, only the using line
/// changed) runs, and what it returns holds up: every trial used a trainer whose use* flag is on, the best trial is the best
/// of those completed, and its metric is what its parameters give when re-fitted and re-evaluated.
/// </summary>
public sealed class FeaturizerAndTrainersExampleTests
{
    private static readonly string[] Allowed = ["FastTreeBinary", "LightGbmBinary", "LbfgsLogisticRegressionBinary", "SdcaLogisticRegressionBinary"];

    [Fact]
    public async Task TheBestTrialUsesAnAllowedTrainerAndItsMetricIsItsParametersReEvaluated()
    {
        var trials = new Recorder();

        var outcome = await FeaturizerAndTrainersExample.RunAsync(SharedData.TitanicTrain("tutorial-2023"), trainingTimeInSeconds: 15, trials);

        var best = outcome.Result;
        Assert.NotEmpty(trials.Completed);
        Assert.All(trials.Completed, t => Assert.Contains(Trainer(outcome.Pipeline, t), Allowed));
        Assert.DoesNotContain(trials.Completed, t => Trainer(outcome.Pipeline, t) == "FastForestBinary");
        Assert.Equal(trials.Completed.Max(t => t.Metric), best.Metric);

        // The returned model (trained on the train set) scores the validation set at the trial's metric...
        var ml = new MLContext(0);
        Assert.Equal(best.Metric, Accuracy(ml, best.Model!, outcome.Split.TestSet), 12);

        // ...and so does the pipeline built afresh from the best parameters (the experiment's seed: the context has none, so 0).
        var refit = outcome.Pipeline.BuildFromOption(new MLContext(0), best.TrialSettings.Parameter!).Fit(outcome.Split.TrainSet);
        Assert.Equal(best.Metric, Accuracy(ml, refit, outcome.Split.TestSet), 12);
    }

    /// <summary>The trial's trainer, as AutoML code reads it: the last estimator its schema chains.</summary>
    private static string Trainer(SweepablePipeline pipeline, TrialResult trial) =>
        pipeline.ToString(trial.TrialSettings.Parameter).Split("=>")[^1];

    private static double Accuracy(MLContext ml, ITransformer model, IDataView data) =>
        ml.BinaryClassification.EvaluateNonCalibrated(model.Transform(data), "Survived").Accuracy;

    /// <summary>Keeps every completed trial (the examples run trials in parallel).</summary>
    internal sealed class Recorder : IMonitor
    {
        private readonly ConcurrentQueue<TrialResult> _completed = new();

        public IReadOnlyList<TrialResult> Completed => [.. _completed];

        public void ReportCompletedTrial(TrialResult result) => _completed.Enqueue(result);

        public void ReportBestTrial(TrialResult result)
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
