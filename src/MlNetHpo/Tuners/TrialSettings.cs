namespace MlNetHpo.AutoML;

/// <summary>What a trial is (AutoML's <c>TrialSettings</c>): its number, when it ran and, once proposed, its hyperparameters.</summary>
public sealed class TrialSettings
{
    /// <summary>Zero-based trial number, in proposal order.</summary>
    public int TrialId { get; set; }

    /// <summary>When the trial was claimed (UTC); the default value for trials replayed from a study.</summary>
    public DateTime StartedAtUtc { get; set; }

    /// <summary>When its last fold finished (UTC), or null while it runs and for trials replayed from a study.</summary>
    public DateTime? EndedAtUtc { get; set; }

    /// <summary>The proposed hyperparameters; empty until the tuner has proposed them (as AutoML's nested parameter starts empty).</summary>
    public Parameter Parameter { get; set; } = Parameter.Empty;
}
