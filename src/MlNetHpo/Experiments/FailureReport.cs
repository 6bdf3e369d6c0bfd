using System.Text;

namespace MlNetHpo.Experiments;

/// <summary>Groups identical fit errors with their counts, as scikit-learn's search reports them.</summary>
internal static class FailureReport
{
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
            .AppendLine("The score on these train-test partitions for these parameters is NaN; those candidates rank last.")
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
