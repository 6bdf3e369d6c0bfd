using MlNetHpo.SearchSpaces;

namespace MlNetHpo.Tuners;

/// <summary>
/// Proposes the hyperparameters of each trial and learns from results (AutoML's <c>ITuner</c> shape).
/// Unlike AutoML's, a tuner here says when it has nothing left: <see cref="Propose"/> returns null,
/// so an exhaustive search ends instead of cycling.
/// </summary>
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
