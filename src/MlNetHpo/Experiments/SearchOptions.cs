using MlNetHpo.Scoring;

namespace MlNetHpo.Experiments;

/// <summary>How a search runs, beyond its estimator, space, metric and folds.</summary>
public sealed class SearchOptions
{
    /// <summary>Stop at the first failing fit and rethrow its error (default false: record NaN and go on, as scikit-learn does).</summary>
    public bool FailuresAreFatal { get; set; }

    /// <summary>Refit the best candidate on all the data (default true).</summary>
    public bool Refit { get; set; } = true;

    /// <summary>Seed of the fresh <see cref="Microsoft.ML.MLContext"/> each fit gets, so results never depend on the order of fits.</summary>
    public int Seed { get; set; }

    /// <summary>Metrics scored beside the ranking metric, each with its own mean, std and rank in the results (scikit-learn's multi-metric scoring).</summary>
    public IList<Metric> AdditionalMetrics { get; } = [];
}
