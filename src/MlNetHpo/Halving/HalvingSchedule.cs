namespace MlNetHpo.Halving;

/// <summary>How the first iteration's resources are chosen (scikit-learn's <c>min_resources</c>).</summary>
internal enum MinResourcesRule
{
    /// <summary>The smallest sensible amount: 2 rows per split (times the classes for a classifier), or 1 of another resource.</summary>
    Smallest,

    /// <summary>The largest start that lets the last required iteration use as much of the maximum as possible.</summary>
    Exhaust,

    /// <summary>A number given by the user.</summary>
    Number,
}

/// <summary>The planned iterations of successive halving: candidates and resources of each, as scikit-learn reports them.</summary>
/// <param name="Candidates">Candidates evaluated at each iteration (<c>n_candidates_</c>).</param>
/// <param name="Resources">Resources each candidate gets at each iteration (<c>n_resources_</c>).</param>
/// <param name="RequiredIterations">Iterations needed to end with at most <c>factor</c> candidates (<c>n_required_iterations_</c>).</param>
/// <param name="PossibleIterations">Iterations the resources allow from the minimum without passing the maximum (<c>n_possible_iterations_</c>).</param>
/// <param name="MinResources">The resolved minimum (<c>min_resources_</c>).</param>
internal sealed record HalvingPlan(IReadOnlyList<int> Candidates, IReadOnlyList<long> Resources, int RequiredIterations, int PossibleIterations, long MinResources)
{
    /// <summary>Number of iterations (<c>n_iterations_</c>).</summary>
    public int Iterations => Candidates.Count;
}

/// <summary>scikit-learn 1.2's successive-halving schedule (<c>BaseSuccessiveHalving._run_search</c>) as a pure function.</summary>
internal static class HalvingSchedule
{
    /// <summary>scikit-learn's "smallest" minimum: 2 rows per split, times the number of classes for a classifier; 1 for another resource.</summary>
    public static long Smallest(bool resourceIsRows, int splits, int? classes) =>
        resourceIsRows ? 2L * splits * (classes ?? 1) : 1;

    /// <summary>Plans the iterations for <paramref name="candidates"/> candidates.</summary>
    /// <param name="candidates">Candidates of the first iteration.</param>
    /// <param name="factor">Each iteration keeps ceil(candidates / factor) and multiplies the resources by factor.</param>
    /// <param name="rule">How the minimum is chosen.</param>
    /// <param name="minResources">The user's number for <see cref="MinResourcesRule.Number"/>; the "smallest" value otherwise (see <see cref="Smallest"/>).</param>
    /// <param name="maxResources">The most any candidate gets (the row count for rows).</param>
    /// <param name="aggressiveElimination">Run the required iterations even past the possible ones, repeating the minimum first.</param>
    /// <exception cref="ArgumentException">A setting is out of range; the message names it.</exception>
    public static HalvingPlan Plan(int candidates, double factor, MinResourcesRule rule, long minResources, long maxResources, bool aggressiveElimination)
    {
        if (candidates < 1)
        {
            throw new ArgumentException($"Successive halving needs at least one candidate; got {candidates}.", nameof(candidates));
        }

        if (!(factor > 1) || double.IsInfinity(factor))
        {
            throw new ArgumentException($"Factor must be a finite number above 1; got {factor}.", nameof(factor));
        }

        if (minResources < 1)
        {
            throw new ArgumentException($"MinResources must be at least 1; got {minResources}.", nameof(minResources));
        }

        // Python's math.log(x, base) is log(x) / log(base), floating point included (log(1000, 10) < 3).
        int FloorLog(double x) => (int)Math.Floor(Math.Log(x) / Math.Log(factor));
        var required = 1 + FloorLog(candidates);
        var min = rule == MinResourcesRule.Exhaust
            ? Math.Max(minResources, (long)(maxResources / Math.Pow(factor, required - 1)))
            : minResources;
        if (min > maxResources)
        {
            throw new ArgumentException($"MinResources ({min}) is greater than MaxResources ({maxResources}).", nameof(minResources));
        }

        var possible = 1 + FloorLog(maxResources / min);
        var iterations = aggressiveElimination ? required : Math.Min(possible, required);
        var counts = new List<int>();
        var resources = new List<long>();
        var left = candidates;
        for (var i = 0; i < iterations; i++)
        {
            var power = aggressiveElimination ? Math.Max(0, i - required + possible) : i;
            resources.Add(Math.Min((long)(Math.Pow(factor, power) * min), maxResources));
            counts.Add(left);
            left = (int)Math.Ceiling(left / factor);
        }

        return new HalvingPlan(counts, resources, required, possible, min);
    }
}
