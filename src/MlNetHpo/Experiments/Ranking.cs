namespace MlNetHpo.Experiments;

/// <summary>
/// scikit-learn's ranking rule, in one place: rank by mean score ("min" method: ties share the lowest
/// rank), failed candidates (NaN mean) after every other one, sharing the rank that follows them.
/// </summary>
internal static class Ranking
{
    public static void Assign(IReadOnlyList<CandidateResult> candidates, bool higherIsBetter)
    {
        var valid = candidates.Where(c => !double.IsNaN(c.MeanScore)).Select(c => c.MeanScore).ToArray();
        foreach (var candidate in candidates)
        {
            candidate.Rank = double.IsNaN(candidate.MeanScore)
                ? valid.Length + 1
                : 1 + valid.Count(m => higherIsBetter ? m > candidate.MeanScore : m < candidate.MeanScore);
        }
    }
}
