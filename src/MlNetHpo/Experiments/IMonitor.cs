namespace MlNetHpo.AutoML;

/// <summary>
/// Hears about trials as they run (AutoML's <c>IMonitor</c>, same members). Calls are serialized by the search, so an
/// implementation need not be thread-safe even when trials run in parallel; keep them quick. For each trial the order is
/// <see cref="ReportRunningTrial"/>, then <see cref="ReportCompletedTrial"/> or <see cref="ReportFailTrial"/>, then
/// <see cref="ReportBestTrial"/> when it became the best so far.
/// </summary>
public interface IMonitor
{
    /// <summary>A trial finished with every fold scored.</summary>
    void ReportCompletedTrial(TrialResult result);

    /// <summary>A trial became the best so far (after <see cref="ReportCompletedTrial"/> for it).</summary>
    void ReportBestTrial(TrialResult result);

    /// <summary>A trial failed (a fold's fit or scoring threw); the search goes on.</summary>
    /// <param name="settings">The trial.</param>
    /// <param name="exception">The first error; for a trial failed in another process or an earlier run, an exception carrying its recorded message.</param>
    void ReportFailTrial(TrialSettings settings, Exception? exception = null);

    /// <summary>A trial is about to be evaluated.</summary>
    void ReportRunningTrial(TrialSettings settings);
}
