using MlNetHpo.AutoML;

namespace MlNetHpo.Experiments;

/// <summary>Where a search stands, reported after every trial through <see cref="IProgress{T}"/>.</summary>
/// <param name="Completed">Trials completed in the study, including those of earlier runs and other workers.</param>
/// <param name="Failed">Of those, trials with a failed fold.</param>
/// <param name="Total">Trials the search will run in all, when known.</param>
/// <param name="Elapsed">Time since this run started.</param>
/// <param name="EstimatedRemaining">Remaining time at this run's pace, when <paramref name="Total"/> is known.</param>
/// <param name="BestScore">Best mean score so far (NaN before the first success).</param>
/// <param name="BestParameters">The best candidate's parameters so far.</param>
/// <param name="MetricName">The ranking metric.</param>
public sealed record SearchProgress(
    int Completed,
    int Failed,
    long? Total,
    TimeSpan Elapsed,
    TimeSpan? EstimatedRemaining,
    double BestScore,
    Parameter? BestParameters,
    string MetricName)
{
    /// <summary>
    /// Trials leased by other workers (or by workers that died, until their lease expires) that this run is waiting
    /// for; 0 when it is not waiting.
    /// </summary>
    public int WaitingForLeases { get; init; }

    /// <summary>The lease of a claimed trial: how long a dead worker's trial can keep this run waiting.</summary>
    public TimeSpan Lease { get; init; }
}

/// <summary>Why a search stopped.</summary>
public enum StopReason
{
    /// <summary>The tuner had nothing left: every candidate was evaluated.</summary>
    Exhausted,

    /// <summary><see cref="SearchOptions.MaxTrials"/> was reached.</summary>
    TrialBudget,

    /// <summary><see cref="SearchOptions.TimeBudget"/> ran out; trials running then were abandoned, not recorded.</summary>
    TimeBudget,

    /// <summary>The caller's cancellation token fired; trials running then were abandoned, not recorded.</summary>
    Cancelled,
}
