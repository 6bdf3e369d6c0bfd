using System.Globalization;
using AutoMLStyle;
using Microsoft.ML;
using Microsoft.ML.Runtime;
using MlNetHpo.AutoML;

namespace MlNetHpo.Tests.AutoML;

/// <summary>
/// Without SetMonitor, a pipeline's experiment writes AutoML's MLContextMonitor lines to MLContext.Log, word for word, from
/// the channel "AutoMLExperiment": running, completed (with the pipeline and duration), best (with the trial's estimators),
/// failed (its error as Trace).
/// </summary>
public sealed class ContextLogTests
{
    [Fact]
    public void TheDefaultMonitorWritesAutoMLsTrialLinesToTheContextLog()
    {
        var ml = new MLContext(0);
        var lines = new List<(ChannelMessageKind Kind, string Message)>();
        ml.Log += (_, e) =>
        {
            if (e.Source == "AutoMLExperiment" && e.Kind != ChannelMessageKind.Trace || e.RawMessage.StartsWith("trial 1 failed", StringComparison.Ordinal))
            {
                lock (lines)
                {
                    lines.Add((e.Kind, e.RawMessage));
                }
            }
        };
        var pipeline = CustomSearchSpaceExperiment.CreatePipeline(ml);
        using var runner = new LossRunner();

        var culture = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        try
        {
            ml.Auto().CreateExperiment()
                .SetPipeline(pipeline)
                .SetMaxModelToExplore(4)
                .SetGridSearchTuner(step: 2)
                .SetTrialRunner(runner)
                .Run();
        }
        finally
        {
            CultureInfo.CurrentCulture = culture;
        }

        // The pipeline's own names (the stages here; ToString(parameter) names a multi-trainer stage's choice).
        var stages = pipeline.ToString();
        Assert.Equal<(ChannelMessageKind, string)>(
        [
            (ChannelMessageKind.Info, "Update Running Trial - Id: 0"),
            (ChannelMessageKind.Info, $"Update Completed Trial - Id: 0 - Metric: -0.5 - Pipeline: {stages} - Duration: 5"),
            (ChannelMessageKind.Info, $"Update Best Trial - Id: 0 - Metric: -0.5 - Pipeline: {stages}"),
            (ChannelMessageKind.Info, "Update Running Trial - Id: 1"),
            (ChannelMessageKind.Trace, "trial 1 failed" + runner.Failure.StackTrace),
            (ChannelMessageKind.Info, $"Update Failed Trial - Id: 1 - Pipeline: {stages}"),
            (ChannelMessageKind.Info, "Update Running Trial - Id: 2"),
            (ChannelMessageKind.Info, $"Update Completed Trial - Id: 2 - Metric: -0.25 - Pipeline: {stages} - Duration: 5"),
            (ChannelMessageKind.Info, $"Update Best Trial - Id: 2 - Metric: -0.25 - Pipeline: {stages}"),
            (ChannelMessageKind.Info, "Update Running Trial - Id: 3"),
            (ChannelMessageKind.Info, $"Update Completed Trial - Id: 3 - Metric: -1.5 - Pipeline: {stages} - Duration: 5"),
        ], lines);
    }

    [Fact]
    public void AMonitorSetAfterThePipelineReplacesTheContextLogLines()
    {
        var ml = new MLContext(0);
        var infos = new List<string>();
        ml.Log += (_, e) =>
        {
            if (e.Source == "AutoMLExperiment" && e.Kind == ChannelMessageKind.Info)
            {
                lock (infos)
                {
                    infos.Add(e.RawMessage);
                }
            }
        };
        using var runner = new LossRunner();

        ml.Auto().CreateExperiment()
            .SetPipeline(CustomSearchSpaceExperiment.CreatePipeline(ml))
            .SetMaxModelToExplore(1)
            .SetTrialRunner(runner)
            .SetMonitor(new SilentMonitor())
            .Run();

        Assert.Empty(infos);
    }

    /// <summary>Trial i scores metric -(i + 1) / 2 (loss its opposite) in 5 ms, except trial 3 (metric -1.5); trial 1 throws.</summary>
    private sealed class LossRunner : ITrialRunner
    {
        public Exception Failure { get; } = new InvalidOperationException("trial 1 failed");

        public Task<TrialResult> RunAsync(TrialSettings settings, CancellationToken ct)
        {
            if (settings.TrialId == 1)
            {
                try
                {
                    throw Failure;
                }
                catch (InvalidOperationException e)
                {
                    return Task.FromException<TrialResult>(e);
                }
            }

            var metric = settings.TrialId switch { 0 => -0.5, 2 => -0.25, _ => -1.5 };
            return Task.FromResult(new TrialResult { TrialSettings = settings, Metric = metric, Loss = -metric, DurationInMilliseconds = 5 });
        }

        public void Dispose()
        {
        }
    }

    private sealed class SilentMonitor : IMonitor
    {
        public void ReportBestTrial(TrialResult result)
        {
        }

        public void ReportCompletedTrial(TrialResult result)
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
