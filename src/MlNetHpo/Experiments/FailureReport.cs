using System.Text;

namespace MlNetHpo.Experiments;

/// <summary>Groups identical fit errors with their counts, as scikit-learn's search reports them.</summary>
internal static class FailureReport
{
    /// <summary>
    /// scikit-learn 1.2's warnings for a search that goes on despite failures (its <c>FitFailedWarning</c>, raised when some but
    /// not all fits fail, and the <c>UserWarning</c> on non-finite mean test scores); empty when there is nothing to warn about.
    /// </summary>
    public static IReadOnlyList<string> Warnings(IReadOnlyList<CandidateResult> candidates, double errorScore = double.NaN)
    {
        var warnings = new List<string>();
        var total = candidates.Sum(c => c.SplitScores.Count);
        var failedFits = candidates.Sum(c => c.FailedFolds);
        if (failedFits > 0 && failedFits < total)
        {
            warnings.Add($"{failedFits} fits failed out of a total of {total}. The score on these train-test partitions for these parameters will be set to {errorScore.ToString("R", System.Globalization.CultureInfo.InvariantCulture).ToLowerInvariant()} (see FailureSummary).");
        }

        var nonFinite = candidates.Where(c => !double.IsFinite(c.MeanScore)).Select(c => c.Index).ToArray();
        if (nonFinite.Length > 0 && failedFits < total)
        {
            warnings.Add(nonFinite.Length == candidates.Count
                ? "Every candidate's mean test score is non-finite: the best candidate is the first one, and its score is NaN."
                : $"One or more of the mean test scores are non-finite (candidates {string.Join(", ", nonFinite)}): they rank last.");
        }

        return warnings;
    }

    public static string? Summarize(IReadOnlyList<CandidateResult> candidates)
    {
        var failures = candidates.Where(c => c.Error != null).ToArray();
        if (failures.Length == 0)
        {
            return null;
        }

        var total = candidates.Sum(c => c.SplitScores.Count);
        var failedFits = failures.Sum(c => c.FailedFolds);
        var text = new StringBuilder()
            .AppendLine($"{failedFits} fits failed out of a total of {total} ({failures.Length} of {candidates.Count} candidates).")
            .AppendLine("The score on these train-test partitions for these parameters is SearchOptions.ErrorScore (NaN unless set; a candidate with a NaN mean ranks last).")
            .AppendLine("If these failures are not expected, set FailuresAreFatal = true in SearchOptions to stop at the first one.")
            .AppendLine()
            .AppendLine("Below are more details about the failures:");
        foreach (var group in failures.GroupBy(c => c.Error).OrderByDescending(g => g.Sum(c => c.FailedFolds)))
        {
            text.AppendLine(new string('-', 80))
                .AppendLine($"{group.Sum(c => c.FailedFolds)} fits failed with the following error:")
                .AppendLine(group.Key);
        }

        return text.ToString().TrimEnd();
    }
}
