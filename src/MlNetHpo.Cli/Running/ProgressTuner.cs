using System.Diagnostics;
using MlNetHpo.SearchSpaces;
using MlNetHpo.Tuners;

namespace MlNetHpo.Cli.Running;

/// <summary>One progress report: trials done and failed, the total when known, time, and the best score so far.</summary>
internal sealed record TrialProgress(int Completed, int Failed, long? Total, TimeSpan Elapsed, TimeSpan? Remaining, double BestScore, Parameter? BestParameters);

/// <summary>
/// Wraps a tuner to see each finished trial (the engine hands every result back to its tuner) and to stop at a time
/// budget (a tuner that proposes nothing more ends the search, which then ranks and refits what it has). A thin adapter
/// until the engine's own progress and budget options are used.
/// </summary>
internal sealed class ProgressTuner(ITuner inner, bool higherIsBetter, TimeSpan? budget, Action<TrialProgress> report) : ITuner
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private int _completed;
    private int _failed;
    private double _best = double.NaN;
    private Parameter? _bestParameters;

    /// <summary>True when the time budget ended the search early.</summary>
    public bool StoppedByBudget { get; private set; }

    /// <inheritdoc/>
    public long? Count => inner.Count;

    /// <inheritdoc/>
    public IReadOnlyList<string> Warnings => inner.Warnings;

    /// <inheritdoc/>
    public Parameter? Propose(TrialSettings settings)
    {
        if (budget is { } limit && _clock.Elapsed >= limit && _completed > 0)
        {
            StoppedByBudget = true;
            return null;
        }

        return inner.Propose(settings);
    }

    /// <inheritdoc/>
    public void Update(TrialResult result)
    {
        inner.Update(result);
        _completed++;
        if (double.IsNaN(result.Metric))
        {
            _failed++;
        }
        else if (double.IsNaN(_best) || (higherIsBetter ? result.Metric > _best : result.Metric < _best))
        {
            (_best, _bestParameters) = (result.Metric, result.TrialSettings.Parameter);
        }

        var elapsed = _clock.Elapsed;
        TimeSpan? remaining = Count is { } total && total > _completed ? elapsed / _completed * (total - _completed) : null;
        if (budget is { } limit && (remaining is null || remaining > limit - elapsed))
        {
            remaining = limit > elapsed ? limit - elapsed : TimeSpan.Zero;
        }

        report(new TrialProgress(_completed, _failed, Count, elapsed, remaining, _best, _bestParameters));
    }
}
