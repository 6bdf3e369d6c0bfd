using Microsoft.Extensions.Logging;
using MlNetHpo.Scoring;
using MlNetHpo.Storage;
using MlNetHpo.AutoML;

namespace MlNetHpo.Experiments;

/// <summary>How a search runs, beyond its estimator, space, metric and folds.</summary>
public sealed class SearchOptions
{
    /// <summary>Stop at the first failing fit and rethrow its error (default false: record NaN and go on, as scikit-learn does).</summary>
    public bool FailuresAreFatal { get; set; }

    /// <summary>
    /// Also score each fit on its own training part (scikit-learn's <c>return_train_score</c>, default false): the table gets
    /// train split scores with their mean and std per metric, at the cost of one more scoring pass per fit.
    /// </summary>
    public bool ReturnTrainScore { get; set; }

    /// <summary>
    /// The score a failed fit gets in the table, for every metric, in the metric's own sign (scikit-learn's numeric
    /// <c>error_score</c>; default NaN, which ranks the candidate last). The store keeps NaN, so the value is applied when the
    /// table is built, and the failure is still counted in <see cref="CandidateResult.FailedFolds"/> and the failure summary.
    /// </summary>
    public double ErrorScore { get; set; } = double.NaN;

    /// <summary>Refit the best candidate on all the data (default true).</summary>
    public bool Refit { get; set; } = true;

    /// <summary>Seed of the fresh <see cref="Microsoft.ML.MLContext"/> each fit gets, so results never depend on the order of fits.</summary>
    public int Seed { get; set; }

    /// <summary>Metrics scored beside the ranking metric, each with its own mean, std and rank in the results (scikit-learn's multi-metric scoring).</summary>
    public IList<Metric> AdditionalMetrics { get; } = [];

    /// <summary>
    /// Workers: folds evaluated at once, of one candidate or several (default: the number of cores; with the built-in runners never more than the
    /// cores, since CPU-bound fits past them only thrash). Results never depend on it: every fit gets its own
    /// seeded context and trainers with a NumberOfThreads option run single-threaded unless the space sets it.
    /// </summary>
    /// <remarks>
    /// The rule for trainers that thread internally: the workers are the parallelism, one core each. Every trainer with a <c>NumberOfThreads</c>
    /// option (SDCA, L-BFGS, LightGBM, ...) gets <c>NumberOfThreads = 1</c> for each fit unless configure or the space sets
    /// it; setting it to T yourself multiplies, so keep this value times T at or below the cores. The FastTree family (FastTree, FastForest,
    /// GAM) is the exception: ML.NET trains it under one process-wide lock, so its fits run one at a time whatever this value, and its thread
    /// count is process-wide, fixed by the first such fit of the process; it keeps ML.NET's default (every core), and its results do not
    /// depend on the thread count.
    /// </remarks>
    public int? MaxDegreeOfParallelism { get; set; }

    /// <summary>Evaluate at most this many candidates: the first ones in the tuner's order (trial ids below it).</summary>
    public int? MaxTrials { get; set; }

    /// <summary>Stop after this long: no new trial starts, running ones are abandoned, and the search returns what it has.</summary>
    public TimeSpan? TimeBudget { get; set; }

    /// <summary>Monitors told about every trial (calls are serialized).</summary>
    public IList<IMonitor> Monitors { get; } = [];

    /// <summary>Receives a <see cref="SearchProgress"/> after every trial (e.g. a <see cref="ConsoleProgressMonitor"/>).</summary>
    public IProgress<SearchProgress>? Progress { get; set; }

    /// <summary>Logs trials (Information) and failures (Warning).</summary>
    public ILogger? Logger { get; set; }

    /// <summary>Where trials are recorded as they finish; default: in memory. A <c>SqliteTrialStore</c> (package MlNetHpo.Sqlite) makes the study resumable and shareable between processes.</summary>
    public ITrialStore? Store { get; set; }

    /// <summary>The study's name in the store (default "default"); reopening a study with the same search resumes it.</summary>
    public string StudyName { get; set; } = "default";

    /// <summary>Makes the performance monitor of each trial (AutoMLExperiment's <c>SetPerformanceMonitor</c>); null for none.</summary>
    internal Func<IPerformanceMonitor>? PerformanceMonitor { get; set; }

    /// <summary>How long a claimed trial stays reserved without a heartbeat (renewed every third of it while fitting); default 1 minute.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(1);
}
