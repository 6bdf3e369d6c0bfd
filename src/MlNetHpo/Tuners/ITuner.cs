using MlNetHpo.AutoML;

namespace MlNetHpo.AutoML;

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
/// <item>Results independent of parallelism: before <see cref="Propose"/> for trial i, the search has passed to
/// <see cref="Update"/> every finished trial with an id below <see cref="ProposalsDependOnTrialsBelow"/>(i) (this process's
/// and other processes'), waiting for them when they still run. Completions arrive in any order, so a tuner whose proposal
/// for i uses only those trials, taken in id order, proposes the same candidates with 1 or 8 workers, on one machine or many.</item>
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

    /// <summary>
    /// The trials the proposal for <paramref name="trialId"/> may learn from: those with an id below the value returned. Grid
    /// and random search learn nothing (0: never wait). Model-based tuners answer <c>floor(i / BatchSize) * BatchSize</c>:
    /// proposals come in fixed-size batches set by the tuner, not by the worker count, so parallelism cannot change them.
    /// </summary>
    int ProposalsDependOnTrialsBelow(int trialId) => 0;

    /// <summary>How many trials the tuner will propose in all, when known.</summary>
    long? Count => null;

    /// <summary>What the tuner searches, as stable text: a study remembers it and refuses to resume with another.</summary>
    string Fingerprint => GetType().FullName ?? GetType().Name;

    /// <summary>Warnings about the tuner's set-up, such as a sample size capped at the size of the space.</summary>
    IReadOnlyList<string> Warnings => [];
}
