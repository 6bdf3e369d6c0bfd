namespace MlNetHpo.AutoML;

/// <summary>How a trial went (AutoML's <c>TrialResult</c>), as handed back to the tuner and to monitors.</summary>
public sealed class TrialResult
{
    /// <summary>The trial's number and hyperparameters.</summary>
    public required TrialSettings TrialSettings { get; init; }

    /// <summary>Mean score over the folds; NaN when a fold failed.</summary>
    public required double Metric { get; init; }

    /// <summary>The metric oriented so that lower is better (for tuners that minimize); NaN when failed.</summary>
    public required double Loss { get; init; }

    /// <summary>Score of each fold, NaN where it failed.</summary>
    public required IReadOnlyList<double> SplitScores { get; init; }

    /// <summary>The first error met, or null when every fold succeeded.</summary>
    public string? Error { get; init; }

    /// <summary>Wall time spent on the trial, all folds.</summary>
    public TimeSpan Duration { get; init; }

    /// <summary>The trial's full row of the results table (every metric, fold times).</summary>
    public required Experiments.CandidateResult Candidate { get; init; }
}
