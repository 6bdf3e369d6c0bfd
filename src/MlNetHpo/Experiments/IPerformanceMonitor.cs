namespace MlNetHpo.AutoML;

/// <summary>
/// Watches the process while a trial runs (AutoML's <c>IPerformanceMonitor</c>, same members): the search makes one per
/// trial, subscribes <see cref="PerformanceMetricsUpdated"/> to <see cref="OnPerformanceMetricsUpdatedHandler"/> with the
/// trial's own cancellation source, calls <see cref="Start"/> when the trial starts, reads the peaks into
/// <see cref="TrialResult.PeakCpu"/> and <see cref="TrialResult.PeakMemoryInMegaByte"/> when it ends, then
/// <see cref="Pause"/> and disposes it. Cancelling the source fails that trial (<see cref="IMonitor.ReportFailTrial"/>)
/// and the experiment goes on.
/// </summary>
/// <remarks>
/// Set with <see cref="AutoMLExperiment.SetPerformanceMonitor(int)"/> and its overloads. The event may fire on any thread
/// (a timer's); with trials in parallel several monitors watch the same process at once.
/// </remarks>
public interface IPerformanceMonitor : IDisposable
{
    /// <summary>Starts (or restarts) sampling; implementations usually sample once at once.</summary>
    void Start();

    /// <summary>Stops sampling, keeping the peaks.</summary>
    void Pause();

    /// <summary>Stops sampling and forgets the peaks.</summary>
    void Stop();

    /// <summary>The highest memory use sampled since <see cref="Start"/>, in MB; null when none was sampled.</summary>
    double? GetPeakMemoryUsageInMegaByte();

    /// <summary>The highest CPU use sampled since <see cref="Start"/> (a fraction of all cores); null when none was sampled.</summary>
    double? GetPeakCpuUsage();

    /// <summary>The handler every <see cref="PerformanceMetricsUpdated"/> of a trial calls; cancelling <paramref name="trialCancellationTokenSource"/> cancels the trial.</summary>
    /// <param name="trialSettings">The trial being watched.</param>
    /// <param name="metrics">What was sampled.</param>
    /// <param name="trialCancellationTokenSource">The trial's cancellation source.</param>
    void OnPerformanceMetricsUpdatedHandler(TrialSettings trialSettings, TrialPerformanceMetrics metrics, CancellationTokenSource trialCancellationTokenSource);

    /// <summary>Raised with every sample.</summary>
    event EventHandler<TrialPerformanceMetrics> PerformanceMetricsUpdated;
}

/// <summary>What an <see cref="IPerformanceMonitor"/> sampled during a trial (AutoML's <c>TrialPerformanceMetrics</c>).</summary>
public class TrialPerformanceMetrics
{
    /// <summary>Peak memory use during the trial, in MB.</summary>
    public double? PeakMemoryUsage { get; set; }

    /// <summary>Peak CPU use during the trial.</summary>
    public double? PeakCpuUsage { get; set; }

    /// <summary>CPU use of the process at this sample.</summary>
    public double CpuUsage { get; internal set; }

    /// <summary>Memory use of the process at this sample, in MB.</summary>
    public double MemoryUsage { get; internal set; }
}
