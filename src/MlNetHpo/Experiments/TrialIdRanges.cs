using System.Collections;

namespace MlNetHpo.Experiments;

/// <summary>
/// A set of trial ids kept as ranges, so that the trials a budget left out of a huge grid take memory in proportion to
/// the trials that ran, not to the grid. Enumerating it lists every id (lazily).
/// </summary>
public sealed class TrialIdRanges : IEnumerable<int>
{
    private TrialIdRanges(IReadOnlyList<TrialIdRange> ranges) => (Ranges, Count) = (ranges, ranges.Sum(r => (long)r.Count));

    /// <summary>The empty set.</summary>
    public static TrialIdRanges Empty { get; } = new([]);

    /// <summary>The ranges, in increasing order, disjoint and not adjacent.</summary>
    public IReadOnlyList<TrialIdRange> Ranges { get; }

    /// <summary>How many ids the set holds.</summary>
    public long Count { get; }

    /// <summary>The ids below <paramref name="total"/> (below 2^31 at most) that are not in <paramref name="present"/>; empty when the total is unknown.</summary>
    internal static TrialIdRanges Missing(long? total, IEnumerable<int> present)
    {
        if (total is not { } t)
        {
            return Empty;
        }

        var end = (int)Math.Min(t, int.MaxValue);
        var ranges = new List<TrialIdRange>();
        var next = 0;
        foreach (var id in present.Where(i => i >= 0 && i < end).Distinct().Order())
        {
            if (id > next)
            {
                ranges.Add(new TrialIdRange(next, id - next));
            }

            next = id + 1;
        }

        if (end > next)
        {
            ranges.Add(new TrialIdRange(next, end - next));
        }

        return new TrialIdRanges(ranges);
    }

    /// <inheritdoc/>
    public IEnumerator<int> GetEnumerator()
    {
        foreach (var range in Ranges)
        {
            for (var i = 0; i < range.Count; i++)
            {
                yield return range.Start + i;
            }
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>The ranges as text, e.g. <c>25-139</c> or <c>2-3, 7</c>.</summary>
    public override string ToString() => string.Join(", ", Ranges);
}

/// <summary>Consecutive trial ids: <paramref name="Count"/> of them from <paramref name="Start"/>.</summary>
/// <param name="Start">The first id.</param>
/// <param name="Count">How many ids.</param>
public readonly record struct TrialIdRange(int Start, int Count)
{
    /// <summary>The last id of the range.</summary>
    public int Last => Start + Count - 1;

    /// <summary><c>first-last</c>, or the id alone.</summary>
    public override string ToString() => Count == 1 ? $"{Start}" : $"{Start}-{Last}";
}
