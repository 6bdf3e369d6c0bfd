using MlNetHpo.AutoML;
using MlNetHpo.Scoring;

namespace MlNetHpo.Evaluation;

/// <summary>
/// An <see cref="ITrialRunner"/> whose trials split into <see cref="UnitCount"/> independent units (the folds of a
/// cross-validation, the single split of a holdout), which the search loop schedules across its workers like
/// scikit-learn's (candidate, fold) pairs; the trial completes, and is recorded as one row, when its last unit does. The
/// cross-validation runner and <see cref="HoldoutRunner"/> are the two shipped; any other (nested CV, custom scoring)
/// plugs into <see cref="Experiments.TrialRunnerSearch"/>. Used as a plain <see cref="ITrialRunner"/>, it runs the units
/// one after the other.
/// </summary>
/// <remarks>
/// <see cref="Run"/> is called from several threads at once, for units of the same and of different trials: it must not
/// share mutable state between calls without locking. A failed fit should be reported in <see cref="UnitResult.Error"/>
/// with NaN scores (the search goes on); an exception stops the whole search.
/// </remarks>
public interface IUnitTrialRunner : ITrialRunner
{
    /// <summary>The metrics every unit scores, in order; the first ranks the candidates.</summary>
    IReadOnlyList<Metric> Metrics { get; }

    /// <summary>The number of units of every trial (at least 1).</summary>
    int UnitCount { get; }

    /// <summary>What the runner evaluates on (splits, label...), as stable text: a study refuses to resume with another.</summary>
    string Fingerprint { get; }

    /// <summary>Evaluates unit <paramref name="unit"/> (0-based) of <paramref name="trial"/>, whose parameters are set.</summary>
    /// <param name="trial">The trial id and its parameters.</param>
    /// <param name="unit">Which unit: a fold index.</param>
    /// <param name="cancellationToken">Fires when the search stops; the unit is then abandoned.</param>
    UnitResult Run(TrialSettings trial, int unit, CancellationToken cancellationToken);

    /// <summary>Runs every unit in turn and makes the trial's result (the mean of the first metric, its loss, the fold scores).</summary>
    Task<TrialResult> ITrialRunner.RunAsync(TrialSettings settings, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var units = Enumerable.Range(0, UnitCount).Select(u => Run(settings, u, ct)).ToArray();
        settings.EndedAtUtc = DateTime.UtcNow;
        return Task.FromResult(Units.ToTrialResult(settings, Metrics[0].HigherIsBetter, units));
    }

    /// <summary>Nothing to release by default.</summary>
    void IDisposable.Dispose()
    {
    }
}

/// <summary>
/// A unit runner whose units share a preparation per unit index (the cross-validation runner fits the featurizer once per
/// fold, on the first unit of that fold): the search loop asks it so a free worker takes a unit it can start rather than
/// one that would wait for another worker's preparation. Only the order in which units run depends on it, not any result.
/// </summary>
internal interface IUnitPreparation
{
    /// <summary>Whether unit index <paramref name="unit"/>'s preparation is under way on another worker (a hint; it may change at once).</summary>
    bool IsBeingPrepared(int unit);
}

/// <summary>What one unit of a trial gave: a score per metric, its times, and the error when it failed.</summary>
public sealed record UnitResult
{
    /// <summary>One score per metric of the runner, NaN when the fit or the scoring failed.</summary>
    public required IReadOnlyList<double> Scores { get; init; }

    /// <summary>One score per metric on the training part (when the runner returns train scores), else null.</summary>
    public IReadOnlyList<double>? TrainScores { get; init; }

    /// <summary>Warnings of the fit (<see cref="Trainers.ITrainingWarnings"/>, e.g. a solver stopped at its iteration limit); empty when none.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>Seconds spent training.</summary>
    public double FitSeconds { get; init; }

    /// <summary>Seconds spent scoring.</summary>
    public double ScoreSeconds { get; init; }

    /// <summary>"Type: message" of the error that failed the unit, or null.</summary>
    public string? Error { get; init; }

    /// <summary>The exception behind <see cref="Error"/>, handed to <see cref="IMonitor.ReportFailTrial"/> (in memory only, not stored).</summary>
    internal Exception? Exception { get; init; }

    /// <summary>The whole trial's result as a plain <see cref="ITrialRunner"/> made it (its model...), handed to monitors as is.</summary>
    internal TrialResult? Outcome { get; init; }
}

/// <summary>Turns the units of a trial into its <see cref="TrialResult"/>: one rule for the search loop and for a unit runner run alone.</summary>
internal static class Units
{
    public static TrialResult ToTrialResult(TrialSettings settings, bool higherIsBetter, IReadOnlyList<UnitResult> units, Experiments.CandidateResult? candidate = null)
    {
        var scores = candidate?.SplitScores ?? [.. units.Select(u => u.Scores[0])];
        var error = candidate is null ? units.Select(u => u.Error).FirstOrDefault(e => e != null) : candidate.Error;
        var metric = candidate?.MeanScore ?? (error is null ? scores.Average() : double.NaN);
        return new TrialResult
        {
            TrialSettings = settings,
            Metric = metric,
            Loss = higherIsBetter ? -metric : metric,
            SplitScores = scores,
            Error = error,
            DurationInMilliseconds = 1000 * (candidate is null ? units.Sum(u => u.FitSeconds + u.ScoreSeconds) : candidate.FitTimes.Sum() + candidate.ScoreTimes.Sum()),
            Candidate = candidate,
        };
    }
}

/// <summary>A runner whose units are CPU-bound fits in this process: the search runs at most one worker per core for it.</summary>
internal interface ICoreBoundRunner
{
}
