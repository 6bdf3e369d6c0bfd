using MlNetHpo.AutoML;

namespace MlNetHpo.AutoML;

/// <summary>
/// Hears about trials as they run (AutoML's <c>IMonitor</c>). Calls are serialized by the search, so an
/// implementation need not be thread-safe even when trials run in parallel; keep them quick.
/// </summary>
public interface IMonitor
{
    /// <summary>A trial is about to be evaluated.</summary>
    void ReportRunningTrial(TrialSettings settings);

    /// <summary>A trial finished with every fold scored.</summary>
    void ReportCompletedTrial(TrialResult result);

    /// <summary>A trial finished with at least one failed fold (its error is in <see cref="TrialResult.Error"/>).</summary>
    void ReportFailTrial(TrialResult result);

    /// <summary>A trial became the best so far.</summary>
    void ReportBestTrial(TrialResult result);
}
