using Microsoft.ML.Runtime;

namespace MlNetHpo.AutoML;

/// <summary>
/// AutoML's <c>MLContextMonitor</c>: the monitor of an experiment with a pipeline and no monitor set, writing AutoML's trial
/// lines, word for word, to the experiment's channel, so they reach <see cref="Microsoft.ML.MLContext.Log"/> (Info; a failure's
/// error and stack trace as Trace).
/// </summary>
internal sealed class MLContextMonitor(IChannel logger, SweepablePipeline pipeline) : IMonitor
{
    public void ReportBestTrial(TrialResult result) =>
        logger.Info(MessageSensitivity.None, $"Update Best Trial - Id: {result.TrialSettings.TrialId} - Metric: {result.Metric} - Pipeline: {pipeline.ToString(result.TrialSettings.Parameter)}");

    // AutoML writes the pipeline itself here, not the trial's choice of it.
    public void ReportCompletedTrial(TrialResult result) =>
        logger.Info(MessageSensitivity.None, $"Update Completed Trial - Id: {result.TrialSettings.TrialId} - Metric: {result.Metric} - Pipeline: {pipeline} - Duration: {result.DurationInMilliseconds}");

    public void ReportFailTrial(TrialSettings settings, Exception? exception = null)
    {
        if (exception is not null)
        {
            logger.Trace(MessageSensitivity.None, exception.Message + exception.StackTrace);
        }

        logger.Info(MessageSensitivity.None, $"Update Failed Trial - Id: {settings.TrialId} - Pipeline: {pipeline.ToString(settings.Parameter)}");
    }

    public void ReportRunningTrial(TrialSettings settings) =>
        logger.Info(MessageSensitivity.None, $"Update Running Trial - Id: {settings.TrialId}");
}
