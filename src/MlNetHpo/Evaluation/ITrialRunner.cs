namespace MlNetHpo.AutoML;

/// <summary>
/// Evaluates one trial (AutoML's <c>ITrialRunner</c>, same members): trains the candidate its settings describe and
/// returns its <see cref="TrialResult.Metric"/> and <see cref="TrialResult.Loss"/> (lower is better; the best trial is the
/// lowest loss). A custom runner or metric plugs into <see cref="AutoMLExperiment.SetTrialRunner{TTrialRunner}(TTrialRunner)"/>.
/// This library's own runners (cross-validation, <see cref="Evaluation.HoldoutRunner"/>) are
/// <see cref="Evaluation.IUnitTrialRunner"/>s: they split a trial into folds the search runs in parallel.
/// </summary>
/// <remarks>
/// With several workers, <see cref="RunAsync"/> is called for different trials at once. An exception fails the trial
/// (reported to monitors through <see cref="IMonitor.ReportFailTrial"/>) and the search goes on; cancellation by
/// <c>ct</c> (time budget, caller) abandons it.
/// </remarks>
public interface ITrialRunner : IDisposable
{
    /// <summary>Trains and scores the trial <paramref name="settings"/> describes.</summary>
    /// <param name="settings">The trial id and its parameters.</param>
    /// <param name="ct">Fires when the search stops (time budget, cancellation).</param>
    Task<TrialResult> RunAsync(TrialSettings settings, CancellationToken ct);
}
