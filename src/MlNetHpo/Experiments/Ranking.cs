namespace MlNetHpo.Experiments;

/// <summary>
/// scikit-learn's ranking rule, in one place: rank by mean score ("min" method: ties share the lowest
/// rank), failed candidates (NaN mean) after every other one, sharing the rank that follows them.
/// "Which candidate is better" is decided here only (<see cref="Beats(double, int, double, int, bool)"/>; with successive
/// halving's tiers, <see cref="Beats(int, double, int, int, double, int, bool)"/> and <see cref="HighestTier"/>): the search
/// loop's running best, the result's <c>Best</c> (the first of rank 1) and the ranks all follow it.
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

    /// <summary>
    /// <see cref="Beats(double, int, double, int, bool)"/> for a tuner with tiers (<see cref="AutoML.ITieredTuner"/>): a
    /// success of a higher tier beats any candidate of a lower one; within a tier, the better mean (then the earlier index).
    /// </summary>
    public static bool Beats(int tier, double mean, int index, int otherTier, double otherMean, int otherIndex, bool higherIsBetter) =>
        !double.IsNaN(mean) && (double.IsNaN(otherMean) || tier > otherTier || (tier == otherTier && Beats(mean, index, otherMean, otherIndex, higherIsBetter)));

    /// <summary>
    /// The candidates of the highest tier a candidate with a mean score reached: the result's best is chosen among them.
    /// All of them when none has a mean.
    /// </summary>
    public static IReadOnlyList<CandidateResult> HighestTier(IReadOnlyList<CandidateResult> candidates, Func<AutoML.Parameter, int> tier)
    {
        var scored = candidates.Where(c => !double.IsNaN(c.MeanScore)).ToList();
        if (scored.Count == 0)
        {
            return candidates;
        }

        var top = scored.Max(c => tier(c.Parameters));
        return [.. candidates.Where(c => tier(c.Parameters) == top)];
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
