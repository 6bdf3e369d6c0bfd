using MlNetHpo.SearchSpaces;

namespace MlNetHpo.Experiments;

/// <summary>One row of a search's results table (scikit-learn's <c>cv_results_</c>, one candidate).</summary>
public sealed class CandidateResult
{
    /// <summary>Position in evaluation order (0-based); equal to the trial id.</summary>
    public required int Index { get; init; }

    /// <summary>The candidate's hyperparameters.</summary>
    public required Parameter Parameters { get; init; }

    /// <summary>Score on each fold; NaN where the fit or the scoring failed.</summary>
    public required IReadOnlyList<double> SplitScores { get; init; }

    /// <summary>Mean of <see cref="SplitScores"/>; NaN if any fold failed.</summary>
    public required double MeanScore { get; init; }

    /// <summary>Population standard deviation of <see cref="SplitScores"/>; NaN if any fold failed.</summary>
    public required double StdScore { get; init; }

    /// <summary>1 for the best; ties share the lowest rank; failed candidates rank after all others.</summary>
    public int Rank { get; internal set; }

    /// <summary>Mean time to fit one fold, in seconds.</summary>
    public required double MeanFitTime { get; init; }

    /// <summary>Standard deviation of the fit times, in seconds.</summary>
    public required double StdFitTime { get; init; }

    /// <summary>Mean time to score one fold, in seconds.</summary>
    public required double MeanScoreTime { get; init; }

    /// <summary>Standard deviation of the scoring times, in seconds.</summary>
    public required double StdScoreTime { get; init; }

    /// <summary>The first error met ("Type: message"), or null when every fold succeeded.</summary>
    public string? Error { get; init; }

    /// <summary>Number of folds that failed.</summary>
    public int FailedFolds => SplitScores.Count(double.IsNaN);

    /// <summary>True when at least one fold failed.</summary>
    public bool Failed => Error != null || double.IsNaN(MeanScore);
}
