using AutoMLStyle;
using Microsoft.ML;
using MlNetHpo.AutoML;
using MlNetHpo.AutoML.CodeGen;

namespace MlNetHpo.Tests.AutoML;

/// <summary>
/// samples/AutoMLStyle's CustomSweepableEstimatorExample (AutoML's documented custom sweepable estimator: SDCA regression over
/// AutoML's SdcaOption space, on Titanic's Fare) runs, and what it returns holds up: each trial's L1 comes from SdcaOption's
/// range, the best trial is the best of those completed, and its R-squared is what its parameters give when re-fitted.
/// </summary>
public sealed class CustomSweepableEstimatorExampleTests
{
    [Fact]
    public async Task EveryTrialDrawsFromTheDocsRangesAndTheBestReEvaluatesToItsRSquared()
    {
        var trials = new FeaturizerAndTrainersExampleTests.Recorder();

        var outcome = await CustomSweepableEstimatorExample.RunAsync(SharedData.TitanicTrain("tutorial-2023"), trainingTimeInSeconds: 10, trials);

        var best = outcome.Result;
        Assert.NotEmpty(trials.Completed);
        Assert.All(trials.Completed, t =>
        {
            // Read as AutoML code reads it: the featurizer is e0, the SDCA estimator e1.
            Assert.Equal("e0 * e1", t.TrialSettings.Parameter["_pipeline_"]["_SCHEMA_"].AsType<string>());
            // The docs' ranges set through the space's indexer (SdcaOption declares 0.03125 - 32768).
            var option = t.TrialSettings.Parameter["_pipeline_"]["e1"].AsType<SdcaOption>();
            Assert.InRange(option.L1Regularization, 0.01f, 2f);
            Assert.InRange(option.L2Regularization, 0.01f, 2f);
        });
        Assert.Equal(trials.Completed.Max(t => t.Metric), best.Metric);
        Assert.EndsWith("=>SdcaOption", outcome.Pipeline.ToString(best.TrialSettings.Parameter), StringComparison.Ordinal);

        // The returned model (trained on the train set) and the pipeline rebuilt from the best parameters (the experiment's
        // seed: the context has none, so 0) both score the validation set at the trial's R-squared. SDCA shuffles the rows of
        // a cached view only, so the refit caches the train set as the experiment does.
        var ml = new MLContext(0);
        Assert.Equal(best.Metric, RSquared(ml, best.Model!, outcome.Split.TestSet), 12);
        var refit = outcome.Pipeline.BuildFromOption(new MLContext(0), best.TrialSettings.Parameter["_pipeline_"]).Fit(ml.Data.Cache(outcome.Split.TrainSet));
        Assert.Equal(best.Metric, RSquared(ml, refit, outcome.Split.TestSet), 12);
    }

    private static double RSquared(MLContext ml, ITransformer model, IDataView data) =>
        ml.Regression.Evaluate(model.Transform(data), "Fare").RSquared;
}
