using System.Diagnostics;
using Microsoft.ML.Runtime;
using Timer = System.Timers.Timer;

namespace MlNetHpo.AutoML;

/// <summary>
/// AutoML's <c>DefaultPerformanceMonitor</c>: samples the process's CPU and working set when started and every
/// <c>checkIntervalInMilliseconds</c> after, keeps the peaks, and cancels the trial when its peak memory passes
/// <see cref="AutoMLExperiment.AutoMLExperimentSettings.MaximumMemoryUsageInMegaByte"/>. The experiment's default (every 2 s).
/// </summary>
/// <remarks>
/// CPU use is AutoML's: the process's processor time since the previous sample over (cores x interval). Memory is the whole
/// process's, so with trials in parallel each running trial sees the others' memory too.
/// </remarks>
public class DefaultPerformanceMonitor : IPerformanceMonitor
{
    private readonly object _gate = new();
    private readonly IChannel? _logger;
    private readonly AutoMLExperiment.AutoMLExperimentSettings _settings;
    private readonly int _checkIntervalInMilliseconds;
    private Timer? _timer;
    private double? _peakCpuUsage;
    private double? _peakMemoryUsage;
    private TimeSpan _totalCpuProcessorTime;

    /// <summary>Creates a monitor that samples every <paramref name="checkIntervalInMilliseconds"/> once started.</summary>
    /// <param name="settings">The experiment's settings (the memory limit is read at each sample).</param>
    /// <param name="logger">Where samples and cancellations are traced; null for nowhere.</param>
    /// <param name="checkIntervalInMilliseconds">The sampling interval.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="checkIntervalInMilliseconds"/> is not positive.</exception>
    public DefaultPerformanceMonitor(AutoMLExperiment.AutoMLExperimentSettings settings, IChannel? logger, int checkIntervalInMilliseconds)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(checkIntervalInMilliseconds);
        (_settings, _logger, _checkIntervalInMilliseconds) = (settings, logger, checkIntervalInMilliseconds);
    }

    /// <inheritdoc/>
    public event EventHandler<TrialPerformanceMetrics>? PerformanceMetricsUpdated;

    /// <inheritdoc/>
    public double? GetPeakCpuUsage()
    {
        lock (_gate)
        {
            return _peakCpuUsage;
        }
    }

    /// <inheritdoc/>
    public double? GetPeakMemoryUsageInMegaByte()
    {
        lock (_gate)
        {
            return _peakMemoryUsage;
        }
    }

    /// <inheritdoc/>
    public void Start()
    {
        lock (_gate)
        {
            if (_timer is null)
            {
                _timer = new Timer(_checkIntervalInMilliseconds) { AutoReset = true };
                using var process = Process.GetCurrentProcess();
                _totalCpuProcessorTime = process.TotalProcessorTime;
                _timer.Elapsed += (_, _) => Sample();
                _logger?.Trace(MessageSensitivity.None, $"{typeof(DefaultPerformanceMonitor)} has been started");
            }

            _timer.Enabled = false;
        }

        // A first sample now, so even a trial shorter than the interval has its peaks.
        Sample();
        lock (_gate)
        {
            if (_timer is not null)
            {
                _timer.Enabled = true;
            }
        }
    }

    /// <inheritdoc/>
    public void Pause()
    {
        lock (_gate)
        {
            if (_timer is not null)
            {
                _timer.Enabled = false;
            }
        }
    }

    /// <inheritdoc/>
    public void Stop()
    {
        lock (_gate)
        {
            _timer?.Stop();
            _timer?.Dispose();
            _timer = null;
            _peakCpuUsage = null;
            _peakMemoryUsage = null;
        }
    }

    /// <summary>Stops sampling.</summary>
    public void Dispose()
    {
        Stop();
        GC.SuppressFinalize(this);
    }

    /// <summary>Cancels the trial when the peak memory sampled is above the experiment's limit (AutoML's rule).</summary>
    public virtual void OnPerformanceMetricsUpdatedHandler(TrialSettings trialSettings, TrialPerformanceMetrics metrics, CancellationTokenSource trialCancellationTokenSource)
    {
        ArgumentNullException.ThrowIfNull(trialSettings);
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentNullException.ThrowIfNull(trialCancellationTokenSource);
        _logger?.Trace(MessageSensitivity.None, $"maximum memory usage: {_settings.MaximumMemoryUsageInMegaByte}, PeakMemoryUsage: {metrics.PeakMemoryUsage} trialIsCancelled: {trialCancellationTokenSource.IsCancellationRequested}");
        if (_settings.MaximumMemoryUsageInMegaByte is double limit && metrics.PeakMemoryUsage > limit && !trialCancellationTokenSource.IsCancellationRequested)
        {
            _logger?.Trace(MessageSensitivity.None, $"cancel current trial {trialSettings.TrialId} because it uses {metrics.PeakMemoryUsage} mb memory and the maximum memory usage is {limit}");
            trialCancellationTokenSource.Cancel();

            // AutoML also adds the peak as memory pressure, never removed; only the collection is kept here.
            GC.Collect();
        }
    }

    private void Sample()
    {
        TrialPerformanceMetrics metrics;
        lock (_gate)
        {
            using var process = Process.GetCurrentProcess();
            var current = process.TotalProcessorTime;
            var cpuUsage = (current - _totalCpuProcessorTime).TotalMilliseconds / (Environment.ProcessorCount * _checkIntervalInMilliseconds);
            _totalCpuProcessorTime = current;
            _peakCpuUsage = Math.Max(cpuUsage, _peakCpuUsage ?? 0);
            var memoryUsage = process.WorkingSet64 * 1.0 / (1024 * 1024);
            _peakMemoryUsage = Math.Max(memoryUsage, _peakMemoryUsage ?? 0);
            metrics = new TrialPerformanceMetrics { CpuUsage = cpuUsage, MemoryUsage = memoryUsage, PeakCpuUsage = _peakCpuUsage, PeakMemoryUsage = _peakMemoryUsage };
            _logger?.Trace(MessageSensitivity.None, $"current CPU: {cpuUsage}, current Memory(mb): {memoryUsage}");
        }

        PerformanceMetricsUpdated?.Invoke(this, metrics);
    }
}
