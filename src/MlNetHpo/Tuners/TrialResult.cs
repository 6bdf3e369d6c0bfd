using Microsoft.ML;

namespace MlNetHpo.AutoML;

/// <summary>How a trial went (AutoML's <c>TrialResult</c>), as handed back to the tuner and to monitors, and returned by <see cref="AutoMLExperiment"/>.</summary>
public sealed class TrialResult
{
    /// <summary>The trial's number, times and hyperparameters.</summary>
    public TrialSettings TrialSettings { get; set; } = new();

    /// <summary>
    /// The trained model when the runner keeps one: a custom <see cref="ITrialRunner"/>'s, and the best trial returned by
    /// <see cref="AutoMLExperiment"/> (refitted on all the data after a cross-validation; the first fold's, as AutoML's, with
    /// <see cref="AutoMLExperiment.AutoMLExperimentSettings.Refit"/> = false).
    /// Null in the results monitors see from this library's cross-validation and holdout runners, which keep no fold model.
    /// </summary>
    public ITransformer? Model { get; set; }

    /// <summary>The metric oriented so that lower is better (what tuners minimize and the best is chosen by); NaN when failed.</summary>
    public double Loss { get; set; }

    /// <summary>Mean score over the folds; NaN when a fold failed.</summary>
    public double Metric { get; set; }

    /// <summary>Time spent fitting and scoring, all folds together, in milliseconds (the trial's cost, whatever the parallelism).</summary>
    public double DurationInMilliseconds { get; set; }

    /// <summary>
    /// Peak CPU use during the trial (a fraction of all cores), as <see cref="AutoMLExperiment"/>'s performance monitor sampled
    /// it (<see cref="AutoMLExperiment.SetPerformanceMonitor(int)"/>); null in other searches unless a custom runner sets it.
    /// </summary>
    public double? PeakCpu { get; set; }

    /// <summary>Peak memory of the process during the trial, in MB, sampled as <see cref="PeakCpu"/> is.</summary>
    public double? PeakMemoryInMegaByte { get; set; }

    /// <summary>Score of each fold, NaN where it failed (empty for a custom runner's result).</summary>
    public IReadOnlyList<double> SplitScores { get; init; } = [];

    /// <summary>The first error met, or null when every fold succeeded.</summary>
    public string? Error { get; init; }

    /// <summary>The trial's full row of the results table (every metric, fold times); null for a result made by a custom runner.</summary>
    public Experiments.CandidateResult? Candidate { get; init; }
}
