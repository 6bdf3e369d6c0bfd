using MlNetHpo.SearchSpaces;

namespace MlNetHpo.Tuners;

/// <summary>
/// Proposes the hyperparameters of each trial and learns from results (AutoML's <c>ITuner</c> shape).
/// Unlike AutoML's, a tuner here says when it has nothing left: <see cref="Propose"/> returns null,
/// so an exhaustive search ends instead of cycling.
/// </summary>
/// <remarks>
/// The contract the search keeps with a tuner:
/// <list type="bullet">
/// <item>Threading: <see cref="Propose"/> and <see cref="Update"/> are only called under the search's one lock, never at
/// the same time: a tuner needs no locking of its own (and must not be shared by two searches running at once).</item>
/// <item><see cref="Propose"/> is called once per trial id, in increasing id order, when a worker claims it; the study
/// records the proposal, and a trial taken again (its worker died, or gave it back) runs with the recorded one.</item>
/// <item>Resuming a study, every finished trial is replayed through <see cref="Update"/>, in id order, before the first
/// <see cref="Propose"/>; a stored id is never proposed again. A tuner that learns from results resumes from what it learnt.</item>
/// </list>
/// </remarks>
public interface ITuner
{
    /// <summary>
    /// The parameters for trial <see cref="TrialSettings.TrialId"/>, or null when the tuner is exhausted.
    /// Tuners in this library answer from the trial id alone, so a resumed or shared search sees the same sequence.
    /// </summary>
    Parameter? Propose(TrialSettings settings);

    /// <summary>Reports a finished trial (a model-based tuner learns from it; grid and random search do not need to).</summary>
    void Update(TrialResult result);

    /// <summary>How many trials the tuner will propose in all, when known.</summary>
    long? Count => null;

    /// <summary>What the tuner searches, as stable text: a study remembers it and refuses to resume with another.</summary>
    string Fingerprint => GetType().FullName ?? GetType().Name;

    /// <summary>Warnings about the tuner's set-up, such as a sample size capped at the size of the space.</summary>
    IReadOnlyList<string> Warnings => [];
}
