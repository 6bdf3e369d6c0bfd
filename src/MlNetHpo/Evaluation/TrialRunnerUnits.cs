using System.Collections.Concurrent;
using System.Diagnostics;
using MlNetHpo.AutoML;
using MlNetHpo.Scoring;

namespace MlNetHpo.Evaluation;

/// <summary>
/// A plain <see cref="ITrialRunner"/> (a user's, written for AutoML) as the search loop runs it: one unit per trial, scored
/// by the runner's <see cref="TrialResult.Loss"/> (AutoML picks the lowest), with the runner's own result kept for the tuner,
/// monitors and the experiment's answer. A runner that throws fails its trial, as AutoML abandons it; cancellation stops it.
/// </summary>
internal sealed class TrialRunnerUnits(ITrialRunner runner, SearchTask task, string fingerprint) : IUnitTrialRunner
{
    private readonly ConcurrentDictionary<int, TrialResult> _results = new();

    public IReadOnlyList<Metric> Metrics { get; } = [Metric.Loss(task)];

    public int UnitCount => 1;

    public string Fingerprint => fingerprint;

    /// <summary>The result the runner returned for <paramref name="trialId"/> in this process, if it did.</summary>
    public TrialResult? ResultOf(int trialId) => _results.GetValueOrDefault(trialId);

    public UnitResult Run(TrialSettings trial, int unit, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            var result = runner.RunAsync(trial, cancellationToken).GetAwaiter().GetResult()
                ?? throw new InvalidOperationException($"The trial runner {runner.GetType().Name} returned no result for trial {trial.TrialId}.");
            result.TrialSettings = trial; // the loop's settings: id, parameters, start time
            result.TrialSettings.EndedAtUtc ??= DateTime.UtcNow;
            _results[trial.TrialId] = result;
            var seconds = result.DurationInMilliseconds > 0 ? result.DurationInMilliseconds / 1000 : clock.Elapsed.TotalSeconds;
            return new UnitResult { Scores = [result.Loss], FitSeconds = seconds, Outcome = result };
        }
        catch (Exception e) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException("The search was cancelled during a trial.", e, cancellationToken);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return new UnitResult { Scores = [double.NaN], FitSeconds = clock.Elapsed.TotalSeconds, Error = $"{e.GetType().Name}: {e.Message}", Exception = e };
        }
    }

    Task<TrialResult> ITrialRunner.RunAsync(TrialSettings settings, CancellationToken ct) => runner.RunAsync(settings, ct);

    void IDisposable.Dispose() => runner.Dispose();
}
