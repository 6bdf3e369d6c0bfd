namespace MlNetHpo.Experiments;

/// <summary>
/// scikit-learn's ranking rule, in one place: rank by mean score ("min" method: ties share the lowest
/// rank), failed candidates (NaN mean) after every other one, sharing the rank that follows them.
/// "Which candidate is better" is decided here only (<see cref="Beats(double, int, double, int, bool)"/>; with successive
/// halving's rungs, <see cref="Beats(int, double, int, int, double, int, bool)"/>): the search loop's running best (reported
/// to monitors and progress), the result's <see cref="Best"/> and the ranks all follow it.
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
    /// <see cref="Beats(double, int, double, int, bool)"/> with successive halving's rungs (<see cref="Tier"/>): a success of
    /// a higher rung beats any candidate of a lower one (which ran on less of the resource); within a rung, the better mean
    /// (then the earlier index).
    /// </summary>
    public static bool Beats(int tier, double mean, int index, int otherTier, double otherMean, int otherIndex, bool higherIsBetter) =>
        !double.IsNaN(mean) && (double.IsNaN(otherMean) || tier > otherTier || (tier == otherTier && Beats(mean, index, otherMean, otherIndex, higherIsBetter)));

    /// <summary>The tier of a candidate of rung <paramref name="iteration"/> (<see cref="Halving.IRungTuner"/>); one tier for all without rungs.</summary>
    public static int Tier(int? iteration) => iteration ?? -1;

    /// <summary>
    /// The best candidate (scikit-learn's <c>best_index_</c>): the best finite mean, the earliest index among ties, of the
    /// highest rung with one (every candidate without rungs: the first of rank 1; successive halving: its last iteration, as
    /// scikit-learn's <c>_select_best_index</c>; ASHA: its highest rung reached); when no candidate has a finite mean but a fit
    /// succeeded, the first candidate (scikit-learn ranks every candidate 1 then, and refits candidate 0); null when every fit
    /// failed.
    /// </summary>
    public static CandidateResult? Best(IReadOnlyList<CandidateResult> candidates, bool higherIsBetter)
    {
        if (!candidates.Any(c => c.FailedFolds < c.SplitScores.Count))
        {
            return null; // every fit failed
        }

        CandidateResult? best = null;
        foreach (var c in candidates.Where(c => double.IsFinite(c.MeanScore)))
        {
            best = best is null || Beats(Tier(c.Iteration), c.MeanScore, c.Index, Tier(best.Iteration), best.MeanScore, best.Index, higherIsBetter) ? c : best;
        }

        return best ?? candidates.MinBy(c => c.Index);
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
