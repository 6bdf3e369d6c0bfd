using MlNetHpo.AutoML;

namespace MlNetHpo.Experiments;

/// <summary>One metric's scores for one candidate: per fold, mean, population std and rank.</summary>
public sealed class MetricScores
{
    /// <summary>The metric's name.</summary>
    public required string Metric { get; init; }

    /// <summary>Score on each fold; NaN where the fit or the scoring failed.</summary>
    public required IReadOnlyList<double> SplitScores { get; init; }

    /// <summary>Mean over the folds; NaN if any fold failed.</summary>
    public double Mean => Statistics.Mean(SplitScores);

    /// <summary>Population standard deviation over the folds; NaN if any fold failed.</summary>
    public double Std => Statistics.PopulationStd(SplitScores);

    /// <summary>Score on each fold's training part (<see cref="SearchOptions.ReturnTrainScore"/>), or null when not computed.</summary>
    public IReadOnlyList<double>? TrainSplitScores { get; init; }

    /// <summary>Mean of <see cref="TrainSplitScores"/> (scikit-learn's <c>mean_train_score</c>); NaN when not computed or a fold failed.</summary>
    public double TrainMean => TrainSplitScores is null ? double.NaN : Statistics.Mean(TrainSplitScores);

    /// <summary>Population standard deviation of <see cref="TrainSplitScores"/> (<c>std_train_score</c>); NaN when not computed or a fold failed.</summary>
    public double TrainStd => TrainSplitScores is null ? double.NaN : Statistics.PopulationStd(TrainSplitScores);

    /// <summary>1 for the best by this metric; ties share the lowest rank; failed candidates rank after all others.</summary>
    public int Rank { get; internal set; }
}

/// <summary>One row of a search's results table (scikit-learn's <c>cv_results_</c>, one candidate).</summary>
public sealed class CandidateResult
{
    /// <summary>Position in evaluation order (0-based); equal to the trial id.</summary>
    public required int Index { get; init; }

    /// <summary>
    /// The successive-halving iteration (ASHA: rung) the candidate was evaluated in (scikit-learn's <c>iter</c>); null outside halving.
    /// A candidate kept for several iterations has a row in each.
    /// </summary>
    public int? Iteration { get; internal set; }

    /// <summary>The resources the candidate got in its iteration: rows, or the resource parameter's value (<c>n_resources</c>); null outside halving.</summary>
    public long? Resources { get; internal set; }

    /// <summary>The candidate's hyperparameters.</summary>
    public required Parameter Parameters { get; init; }

    /// <summary>Scores of every metric of the search; the first is the one candidates are ranked by.</summary>
    public required IReadOnlyList<MetricScores> Scores { get; init; }

    /// <summary>Score of the ranking metric on each fold; NaN where the fit or the scoring failed.</summary>
    public IReadOnlyList<double> SplitScores => Scores[0].SplitScores;

    /// <summary>Mean of <see cref="SplitScores"/>; NaN if any fold failed.</summary>
    public double MeanScore => Scores[0].Mean;

    /// <summary>Population standard deviation of <see cref="SplitScores"/>; NaN if any fold failed.</summary>
    public double StdScore => Scores[0].Std;

    /// <summary>Rank by the ranking metric: 1 for the best; ties share the lowest rank; failed candidates rank last.</summary>
    public int Rank => Scores[0].Rank;

    /// <summary>Time to fit each fold, in seconds.</summary>
    public required IReadOnlyList<double> FitTimes { get; init; }

    /// <summary>Time to score each fold, in seconds.</summary>
    public required IReadOnlyList<double> ScoreTimes { get; init; }

    /// <summary>Mean time to fit one fold, in seconds.</summary>
    public double MeanFitTime => Statistics.Mean(FitTimes);

    /// <summary>Standard deviation of the fit times, in seconds.</summary>
    public double StdFitTime => Statistics.PopulationStd(FitTimes);

    /// <summary>Mean time to score one fold, in seconds.</summary>
    public double MeanScoreTime => Statistics.Mean(ScoreTimes);

    /// <summary>Standard deviation of the scoring times, in seconds.</summary>
    public double StdScoreTime => Statistics.PopulationStd(ScoreTimes);

    /// <summary>The first error met ("Type: message"), or null when every fold succeeded.</summary>
    public string? Error { get; init; }

    /// <summary>
    /// The warnings of this candidate's fits, each once (scikit-learn's warnings, e.g. "ConvergenceWarning: ..." when a solver
    /// stopped at its iteration limit on some fold); read from models that implement <see cref="Trainers.ITrainingWarnings"/>.
    /// </summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>Number of folds whose fit failed (their score is NaN, or <see cref="SearchOptions.ErrorScore"/> when set).</summary>
    public int FailedFolds { get; init; }

    /// <summary>True when at least one fold failed, or the mean score is NaN.</summary>
    public bool Failed => Error != null || double.IsNaN(MeanScore);

    /// <summary>The scores of the metric called <paramref name="metric"/>.</summary>
    /// <exception cref="KeyNotFoundException">The search did not compute that metric.</exception>
    public MetricScores this[string metric] => Scores.FirstOrDefault(s => s.Metric == metric)
        ?? throw new KeyNotFoundException($"No metric '{metric}' in this search; it has: {string.Join(", ", Scores.Select(s => s.Metric))}.");
}
