namespace MlNetHpo.Halving;

/// <summary>
/// Successive halving's settings (scikit-learn's <c>HalvingGridSearchCV</c> / <c>HalvingRandomSearchCV</c> arguments): each
/// iteration evaluates the candidates left with <see cref="Factor"/> times the resources of the one before and keeps the best
/// <c>ceil(candidates / Factor)</c>.
/// </summary>
public sealed class HalvingOptions
{
    /// <summary>The <see cref="Resource"/> that subsamples rows (scikit-learn's <c>"n_samples"</c>).</summary>
    public const string Rows = "rows";

    /// <summary>Kept fraction's inverse and growth of the resources per iteration (<c>factor</c>, default 3); above 1.</summary>
    public double Factor { get; init; } = 3;

    /// <summary>
    /// What grows (<c>resource</c>): <see cref="Rows"/> (default; each fold's train and test rows are subsampled), or the name of
    /// a trainer's integer option such as FastTree's <c>NumberOfTrees</c> or LightGBM's <c>NumberOfIterations</c>, bound like any
    /// hyperparameter (it must not be searched, and <see cref="MaxResources"/> must be set).
    /// </summary>
    public string Resource { get; init; } = Rows;

    /// <summary>The first iteration's resources (<c>min_resources</c>, default <see cref="Halving.MinResources.Exhaust"/>).</summary>
    public MinResources MinResources { get; init; } = MinResources.Exhaust;

    /// <summary>The most resources a candidate gets (<c>max_resources</c>); null for rows means every row.</summary>
    public long? MaxResources { get; init; }

    /// <summary>Repeat the first resources until few enough candidates are left to end with at most <see cref="Factor"/> (<c>aggressive_elimination</c>).</summary>
    public bool AggressiveElimination { get; init; }

    /// <summary>The settings as stable text (a study remembers them).</summary>
    public override string ToString() =>
        FormattableString.Invariant($"factor={Factor:R} resource={Resource} min={MinResources} max={(MaxResources is { } max ? max.ToString(System.Globalization.CultureInfo.InvariantCulture) : "auto")} aggressive={AggressiveElimination}");
}

/// <summary>How the first iteration's resources are chosen (scikit-learn's <c>min_resources</c>).</summary>
public sealed class MinResources
{
    private MinResources(MinResourcesRule rule, long number) => (Rule, Number) = (rule, number);

    /// <summary>
    /// The largest start that lets the last required iteration use as much of the maximum as possible (<c>"exhaust"</c>),
    /// at least <see cref="Smallest"/>.
    /// </summary>
    public static MinResources Exhaust { get; } = new(MinResourcesRule.Exhaust, 0);

    /// <summary>2 rows per fold (times the classes for a classifier) for rows, 1 for a trainer's parameter (<c>"smallest"</c>).</summary>
    public static MinResources Smallest { get; } = new(MinResourcesRule.Smallest, 0);

    internal MinResourcesRule Rule { get; }

    internal long Number { get; }

    /// <summary>A given number of resources (at least 1, at most the maximum).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="resources"/> is below 1.</exception>
    public static MinResources Of(long resources) =>
        resources >= 1 ? new(MinResourcesRule.Number, resources)
            : throw new ArgumentOutOfRangeException(nameof(resources), resources, $"MinResources must be at least 1; got {resources}.");

    /// <summary>"exhaust", "smallest" or the number.</summary>
    public override string ToString() => Rule switch
    {
        MinResourcesRule.Exhaust => "exhaust",
        MinResourcesRule.Smallest => "smallest",
        _ => Number.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
