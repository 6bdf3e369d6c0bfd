using AutoMLStyle;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using MlNetHpo.AutoML;

namespace MlNetHpo.Tests.AutoML;

/// <summary>
/// AutoMLExperiment's performance monitor (AutoML's IPerformanceMonitor): one per trial, its peaks in the trial's result, and
/// AutoML's memory rule: a trial whose process memory passes SetMaximumMemoryUsageInMegaByte is cancelled and reported failed,
/// and the experiment goes on. Scripted monitors raise their samples, so nothing here waits on a timer.
/// </summary>
public sealed class PerformanceMonitorTests
{
    private static readonly MLContext Ml = new(0);
    private static readonly IDataView Train = Ml.Data.LoadFromTextFile<TitanicPassenger>(SharedData.TitanicTrain("tutorial-2023"), separatorChar: ',', hasHeader: true);

    [Fact]
    public void ATrialWhoseMemoryPassesTheLimitIsCancelledAndReportedFailedAndTheNextTrialRuns()
    {
        // Trial 0 samples 100 MB; trial 1 samples 900 MB at its start; trial 2 samples 300 MB at its start and 950 MB while
        // its runner waits on its token; trial 3 samples 200 MB. The limit is 500 MB.
        var monitors = new List<ScriptedMonitor>();
        using var runner = new ScriptedRunner(monitors);
        var events = new Events();
        var experiment = Ml.Auto().CreateExperiment()
            .SetPipeline(CustomSearchSpaceExperiment.CreatePipeline(Ml))
            .SetMaxModelToExplore(4)
            .SetMaximumMemoryUsageInMegaByte(500)
            .SetTrialRunner(runner)
            .SetMonitor(events)
            .SetPerformanceMonitor(services =>
            {
                var settings = services.GetService(typeof(AutoMLExperiment.AutoMLExperimentSettings)) as AutoMLExperiment.AutoMLExperimentSettings;
                var monitor = new ScriptedMonitor(new DefaultPerformanceMonitor(settings!, null, 1000), startMemory: monitors.Count switch { 0 => 100, 1 => 900, 2 => 300, _ => 200 });
                monitors.Add(monitor);
                return monitor;
            });

        var best = experiment.Run();

        Assert.Equal(["running 0", "completed 0", "best 0", "running 1", "failed 1", "running 2", "failed 2", "running 3", "completed 3"], events.Lines);
        Assert.IsType<OperationCanceledException>(events.Failures[1]);
        Assert.IsType<OperationCanceledException>(events.Failures[2]);
        Assert.Equal([0, 2, 3], runner.Ran); // trial 1 was cancelled before its runner was called; trial 2 while it ran
        Assert.True(runner.Cancelled[2]);

        // The scripted peaks reach the results (AutoML's TrialResult.PeakCpu and PeakMemoryInMegaByte).
        Assert.Equal(100, events.Completed[0].PeakMemoryInMegaByte);
        Assert.Equal(0.25, events.Completed[0].PeakCpu);
        Assert.Equal(200, events.Completed[3].PeakMemoryInMegaByte);
        Assert.Same(events.Completed[0], best);

        // Each trial had its own monitor, started once and disposed at its end.
        Assert.Equal(4, monitors.Count);
        Assert.All(monitors, m => Assert.Equal((1, true), (m.Starts, m.Disposed)));
    }

    [Fact]
    public void WithoutALimitAHighSampleCancelsNothing()
    {
        var monitors = new List<ScriptedMonitor>();
        using var runner = new ScriptedRunner(monitors, waitFor: -1);
        var events = new Events();
        Ml.Auto().CreateExperiment()
            .SetPipeline(CustomSearchSpaceExperiment.CreatePipeline(Ml))
            .SetMaxModelToExplore(2)
            .SetTrialRunner(runner)
            .SetMonitor(events)
            .SetPerformanceMonitor(services =>
            {
                var settings = (AutoMLExperiment.AutoMLExperimentSettings)services.GetService(typeof(AutoMLExperiment.AutoMLExperimentSettings))!;
                var monitor = new ScriptedMonitor(new DefaultPerformanceMonitor(settings, null, 1000), startMemory: 1e9);
                monitors.Add(monitor);
                return monitor;
            })
            .Run();

        Assert.Equal(["running 0", "completed 0", "best 0", "running 1", "completed 1"], events.Lines);
        Assert.Equal(1e9, events.Completed[1].PeakMemoryInMegaByte);
    }

    [Fact]
    public void TheDefaultMonitorFillsThePeaksOfAPipelinesTrials()
    {
        var events = new Events();
        var best = CustomSearchSpaceExperiment.CreateExperiment(Ml, CustomSearchSpaceExperiment.CreatePipeline(Ml), Train, events, maxModels: 2).Run();

        // The process's working set and CPU share, sampled when each trial started (the values depend on the machine).
        Assert.Equal(2, events.Completed.Count);
        Assert.All(events.Completed.Values, r => Assert.True(r.PeakMemoryInMegaByte > 0, $"trial {r.TrialSettings.TrialId}: {r.PeakMemoryInMegaByte}"));
        Assert.All(events.Completed.Values, r => Assert.True(r.PeakCpu >= 0, $"trial {r.TrialSettings.TrialId}: {r.PeakCpu}"));
        Assert.Equal(events.Completed[best.TrialSettings.TrialId].PeakMemoryInMegaByte, best.PeakMemoryInMegaByte);
    }

    [Fact]
    public void TheDefaultMonitorSamplesAtStartAndCancelsAboveTheLimitOnly()
    {
        var settings = new AutoMLExperiment.AutoMLExperimentSettings();
        using var monitor = new DefaultPerformanceMonitor(settings, null, 60_000);
        var samples = new List<TrialPerformanceMetrics>();
        monitor.PerformanceMetricsUpdated += (_, m) => samples.Add(m);

        monitor.Start();

        var sample = Assert.Single(samples);
        Assert.True(sample.MemoryUsage > 0);
        Assert.Equal(sample.MemoryUsage, monitor.GetPeakMemoryUsageInMegaByte());
        Assert.Equal(sample.PeakMemoryUsage, monitor.GetPeakMemoryUsageInMegaByte());
        using var trial = new CancellationTokenSource();
        var trialSettings = new TrialSettings { TrialId = 7 };
        monitor.OnPerformanceMetricsUpdatedHandler(trialSettings, new TrialPerformanceMetrics { PeakMemoryUsage = 1e6 }, trial);
        Assert.False(trial.IsCancellationRequested); // no limit set
        settings.MaximumMemoryUsageInMegaByte = 100;
        monitor.OnPerformanceMetricsUpdatedHandler(trialSettings, new TrialPerformanceMetrics { PeakMemoryUsage = 100 }, trial);
        Assert.False(trial.IsCancellationRequested); // at the limit, not above
        monitor.OnPerformanceMetricsUpdatedHandler(trialSettings, new TrialPerformanceMetrics { PeakMemoryUsage = 100.5 }, trial);
        Assert.True(trial.IsCancellationRequested);

        monitor.Stop();
        Assert.Null(monitor.GetPeakMemoryUsageInMegaByte());
        Assert.Null(monitor.GetPeakCpuUsage());
    }

    [Fact]
    public void AMonitorTypeIsMadeForEveryTrialWithTheExperimentsSettingsAndChannel()
    {
        using var runner = new ScriptedRunner([], waitFor: -1);
        var events = new Events();
        var settings = new AutoMLExperiment.AutoMLExperimentSettings();
        Ml.Auto().CreateExperiment(settings)
            .SetPipeline(CustomSearchSpaceExperiment.CreatePipeline(Ml))
            .SetMaxModelToExplore(3)
            .SetTrialRunner(runner)
            .SetMonitor(events)
            .SetPerformanceMonitor<ConstructedMonitor>()
            .Run();

        // Each trial's peak memory is the number of its monitor: three monitors, each constructed with the experiment's services.
        Assert.Equal([1.0, 2.0, 3.0], events.Completed.Values.Select(r => r.PeakMemoryInMegaByte));
        Assert.All(ConstructedMonitor.Made, m => Assert.Same(settings, m.Settings));
        Assert.All(ConstructedMonitor.Made, m => Assert.NotNull(m.Channel));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(double.NaN)]
    public void AMemoryLimitThatIsNotAPositiveNumberIsRefused(double value)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Ml.Auto().CreateExperiment().SetMaximumMemoryUsageInMegaByte(value));

        Assert.Equal("value", e.ParamName);
        Assert.StartsWith("The maximum memory usage must be a positive number of megabytes.", e.Message);
    }

    /// <summary>
    /// A performance monitor whose samples are scripted: <see cref="Start"/> raises one with <c>startMemory</c> MB (CPU 0.25),
    /// <see cref="Raise"/> another; the memory rule is the default monitor's handler.
    /// </summary>
    private sealed class ScriptedMonitor(DefaultPerformanceMonitor rule, double startMemory) : IPerformanceMonitor
    {
        private double? _peakMemory;

        public event EventHandler<TrialPerformanceMetrics> PerformanceMetricsUpdated = delegate { };

        public int Starts { get; private set; }

        public bool Disposed { get; private set; }

        public void Start()
        {
            Starts++;
            Raise(startMemory);
        }

        public void Raise(double memory)
        {
            _peakMemory = Math.Max(memory, _peakMemory ?? 0);
            PerformanceMetricsUpdated(this, new TrialPerformanceMetrics { PeakMemoryUsage = _peakMemory, PeakCpuUsage = 0.25 });
        }

        public void Pause()
        {
        }

        public void Stop()
        {
        }

        public double? GetPeakMemoryUsageInMegaByte() => _peakMemory;

        public double? GetPeakCpuUsage() => 0.25;

        public void OnPerformanceMetricsUpdatedHandler(TrialSettings trialSettings, TrialPerformanceMetrics metrics, CancellationTokenSource trialCancellationTokenSource) =>
            rule.OnPerformanceMetricsUpdatedHandler(trialSettings, metrics, trialCancellationTokenSource);

        public void Dispose()
        {
            Disposed = true;
            rule.Dispose();
        }
    }

    /// <summary>A monitor AutoML-style code registers by type; its peak memory is its number among those made.</summary>
    private sealed class ConstructedMonitor : IPerformanceMonitor
    {
        public ConstructedMonitor(AutoMLExperiment.AutoMLExperimentSettings settings, IChannel channel)
        {
            (Settings, Channel) = (settings, channel);
            Made.Add(this);
            Number = Made.Count;
        }

        public static List<ConstructedMonitor> Made { get; } = [];

        public AutoMLExperiment.AutoMLExperimentSettings Settings { get; }

        public IChannel Channel { get; }

        public int Number { get; }

        public event EventHandler<TrialPerformanceMetrics> PerformanceMetricsUpdated = delegate { };

        public void Start() => PerformanceMetricsUpdated(this, new TrialPerformanceMetrics { PeakMemoryUsage = Number });

        public void Pause()
        {
        }

        public void Stop()
        {
        }

        public double? GetPeakMemoryUsageInMegaByte() => Number;

        public double? GetPeakCpuUsage() => null;

        public void OnPerformanceMetricsUpdatedHandler(TrialSettings trialSettings, TrialPerformanceMetrics metrics, CancellationTokenSource trialCancellationTokenSource)
        {
        }

        public void Dispose()
        {
        }
    }

    /// <summary>Trial i has loss i; trial <c>waitFor</c> raises a 950 MB sample on its monitor, then waits on its token.</summary>
    private sealed class ScriptedRunner(List<ScriptedMonitor> monitors, int waitFor = 2) : ITrialRunner
    {
        public List<int> Ran { get; } = [];

        public Dictionary<int, bool> Cancelled { get; } = [];

        public async Task<TrialResult> RunAsync(TrialSettings settings, CancellationToken ct)
        {
            Ran.Add(settings.TrialId);
            if (settings.TrialId == waitFor)
            {
                monitors[^1].Raise(950);
                try
                {
                    await Task.Delay(Timeout.Infinite, ct);
                }
                catch (OperationCanceledException)
                {
                    Cancelled[settings.TrialId] = true;
                    throw;
                }
            }

            return new TrialResult { TrialSettings = settings, Loss = settings.TrialId, Metric = -settings.TrialId, DurationInMilliseconds = 5 };
        }

        public void Dispose()
        {
        }
    }

    /// <summary>Every event as "kind id", with the results and failures by trial.</summary>
    private sealed class Events : IMonitor
    {
        public List<string> Lines { get; } = [];

        public Dictionary<int, TrialResult> Completed { get; } = [];

        public Dictionary<int, Exception?> Failures { get; } = [];

        public void ReportRunningTrial(TrialSettings settings) => Lines.Add($"running {settings.TrialId}");

        public void ReportCompletedTrial(TrialResult result)
        {
            Lines.Add($"completed {result.TrialSettings.TrialId}");
            Completed[result.TrialSettings.TrialId] = result;
        }

        public void ReportFailTrial(TrialSettings settings, Exception? exception = null)
        {
            Lines.Add($"failed {settings.TrialId}");
            Failures[settings.TrialId] = exception;
        }

        public void ReportBestTrial(TrialResult result) => Lines.Add($"best {result.TrialSettings.TrialId}");
    }
}
