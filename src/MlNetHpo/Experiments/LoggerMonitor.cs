using Microsoft.Extensions.Logging;
using MlNetHpo.AutoML;

namespace MlNetHpo.Experiments;

/// <summary>Writes trial events to a Microsoft.Extensions.Logging logger: completions and new bests as Information, failures as Warning.</summary>
internal sealed class LoggerMonitor(ILogger logger) : IMonitor
{
    public void ReportRunningTrial(TrialSettings settings) =>
        logger.LogDebug("Trial {TrialId} started: {Parameters}", settings.TrialId, settings.Parameter);

    public void ReportCompletedTrial(TrialResult result) =>
        logger.LogInformation("Trial {TrialId} scored {Score:F5} in {Seconds:F2} s: {Parameters}", result.TrialSettings.TrialId, result.Metric, result.DurationInMilliseconds / 1000, result.TrialSettings.Parameter);

    public void ReportFailTrial(TrialSettings settings, Exception? exception = null) =>
        logger.LogWarning("Trial {TrialId} failed: {Error} ({Parameters})", settings.TrialId, exception?.Message, settings.Parameter);

    public void ReportBestTrial(TrialResult result) =>
        logger.LogInformation("New best: trial {TrialId} with {Score:F5}: {Parameters}", result.TrialSettings.TrialId, result.Metric, result.TrialSettings.Parameter);
}
