using MlNetHpo.AutoML;

namespace MlNetHpo.AutoML;

/// <summary>What a trial is: its number and, once proposed, its hyperparameters (AutoML's <c>TrialSettings</c>).</summary>
public sealed class TrialSettings
{
    /// <summary>Zero-based trial number, in proposal order.</summary>
    public int TrialId { get; init; }

    /// <summary>The proposed hyperparameters; null until the tuner has proposed them.</summary>
    public Parameter? Parameter { get; init; }
}
