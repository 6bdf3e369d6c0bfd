using MlNetHpo.Validation;

namespace MlNetHpo.Halving;

/// <summary>
/// scikit-learn 1.2's row resource (<c>_SubsampleMetaSplitter</c>): each fold keeps <c>int(fraction * n)</c> of its train rows
/// and <c>int(fraction * n)</c> of its test rows, <c>fraction = resources / rows</c>, each part drawn by
/// <c>resample(part, replace=False, random_state=seed)</c>: a fresh <c>RandomState(seed)</c> shuffles the part's positions
/// and the first ones are kept. The draw is uniform within the fold part, not stratified (scikit-learn passes no
/// <c>stratify</c>), and the same seed serves every fold and every iteration, as there.
/// </summary>
internal static class RowSubsample
{
    /// <summary>The folds of an iteration that gives each candidate <paramref name="resources"/> of the <paramref name="rows"/> rows.</summary>
    public static IReadOnlyList<Fold> Of(IReadOnlyList<Fold> folds, long resources, int rows, uint seed)
    {
        var fraction = (double)resources / rows;
        return [.. folds.Select(f => new Fold(f.Index, Take(f.TrainIndices, fraction, seed), Take(f.TestIndices, fraction, seed)))];
    }

    /// <summary><c>resample(part, replace=False, random_state=seed, n_samples=int(fraction * len(part)))</c>.</summary>
    public static int[] Take(IReadOnlyList<int> part, double fraction, uint seed)
    {
        var count = (int)(fraction * part.Count);
        var positions = Enumerable.Range(0, part.Count).ToArray();
        new NumpyRandomState(seed).Shuffle(positions);
        return [.. positions.Take(count).Select(p => part[p])];
    }
}
