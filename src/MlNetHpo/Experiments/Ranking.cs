namespace MlNetHpo.Experiments;

/// <summary>
/// scikit-learn's ranking rule, in one place: rank by mean score ("min" method: ties share the lowest
/// rank), failed candidates (NaN mean) after every other one, sharing the rank that follows them.
/// "Which candidate is better" is decided here only (<see cref="Beats"/>): the search loop's running best, the
/// result's <c>Best</c> (the first of rank 1) and the ranks all follow it.
/// </summary>
internal static class Ranking
{
    /// <summary>
    /// True when a candidate (<paramref name="mean"/>, <paramref name="index"/>) is better than another: a better mean, or
    /// the same mean and an earlier index. A failed candidate (NaN mean) never beats; any success beats a failure.
    /// </summary>
    public static bool Beats(double mean, int index, double otherMean, int otherIndex, bool higherIsBetter)
    {
        if (double.IsNaN(mean))
        {
            return false;
        }

        if (double.IsNaN(otherMean))
        {
            return true;
        }

        return (higherIsBetter ? mean > otherMean : mean < otherMean) || (mean == otherMean && index < otherIndex);
    }

    /// <summary>Ranks the candidates by each metric, in the order of <paramref name="metrics"/> (their scores' order).</summary>
    public static void AssignAll(IReadOnlyList<CandidateResult> candidates, IReadOnlyList<Scoring.Metric> metrics)
    {
        for (var m = 0; m < metrics.Count; m++)
        {
            Assign([.. candidates.Select(c => c.Scores[m])], metrics[m].HigherIsBetter);
        }
    }

    /// <summary>Ranks <paramref name="scores"/> (one metric, every candidate) in O(n log n).</summary>
    public static void Assign(IReadOnlyList<MetricScores> scores, bool higherIsBetter)
    {
        var means = scores.Select(s => s.Mean).ToArray();
        var valid = means.Where(m => !double.IsNaN(m)).Order().ToArray();
        for (var i = 0; i < scores.Count; i++)
        {
            var mean = means[i];
            scores[i].Rank = double.IsNaN(mean)
                ? valid.Length + 1
                : 1 + (higherIsBetter ? valid.Length - UpperBound(valid, mean) : LowerBound(valid, mean));
        }
    }

    // Index of the first element >= value.
    private static int LowerBound(double[] sorted, double value)
    {
        var (low, high) = (0, sorted.Length);
        while (low < high)
        {
            var mid = (low + high) >>> 1;
            (low, high) = sorted[mid] < value ? (mid + 1, high) : (low, mid);
        }

        return low;
    }

    // Index of the first element > value.
    private static int UpperBound(double[] sorted, double value)
    {
        var (low, high) = (0, sorted.Length);
        while (low < high)
        {
            var mid = (low + high) >>> 1;
            (low, high) = sorted[mid] <= value ? (mid + 1, high) : (low, mid);
        }

        return low;
    }
}
