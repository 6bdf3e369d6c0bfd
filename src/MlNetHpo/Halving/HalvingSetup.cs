using MlNetHpo.AutoML;

namespace MlNetHpo.Halving;

/// <summary>
/// A halving search before it sees its data: the settings, the seed (scikit-learn's <c>random_state</c>) and where the first
/// iteration's candidates come from. <see cref="Bind"/> plans the iterations once the rows, folds and classes are known.
/// </summary>
internal sealed class HalvingSetup
{
    private readonly Func<long, ITuner> _source;
    private readonly string _sourceFingerprint;

    /// <param name="options">The halving settings.</param>
    /// <param name="seed">Seed of the row subsampling (and of the source's draws).</param>
    /// <param name="source">The first iteration's candidates, given scikit-learn's "exhaust" count (max // min) for a random source.</param>
    /// <param name="sourceFingerprint">The source as stable text (without a count that depends on the data).</param>
    /// <param name="preview">A source to read the first candidate from before the data is known (the output schema).</param>
    /// <exception cref="ArgumentException">A setting is invalid; the message names it.</exception>
    public HalvingSetup(HalvingOptions options, int seed, Func<long, ITuner> source, string sourceFingerprint, ITuner preview)
    {
        ArgumentNullException.ThrowIfNull(options);
        (Options, Seed, _source, _sourceFingerprint, Preview) = (options, seed, source, sourceFingerprint, preview);
        if (!(options.Factor > 1) || double.IsInfinity(options.Factor))
        {
            throw new ArgumentException($"HalvingOptions.Factor must be a finite number above 1; got {options.Factor}.", nameof(options));
        }

        if (string.IsNullOrWhiteSpace(options.Resource))
        {
            throw new ArgumentException($"HalvingOptions.Resource must be '{HalvingOptions.Rows}' or the name of a trainer's integer option.", nameof(options));
        }

        if (options.MaxResources is < 1)
        {
            throw new ArgumentException($"HalvingOptions.MaxResources must be at least 1; got {options.MaxResources}.", nameof(options));
        }

        if (!IsRows && options.MaxResources is null)
        {
            throw new ArgumentException($"HalvingOptions.MaxResources must be set when the resource is a parameter ({options.Resource}); only rows default to the row count.", nameof(options));
        }

        if (options.MinResources is null)
        {
            throw new ArgumentException("HalvingOptions.MinResources must not be null.", nameof(options));
        }

        if (IsRows && seed < 0)
        {
            throw new ArgumentException($"The seed of a halving search over rows must be 0 or more (numpy's RandomState); got {seed}.", nameof(seed));
        }
    }

    public HalvingOptions Options { get; }

    public int Seed { get; }

    public ITuner Preview { get; }

    public bool IsRows => Options.Resource == HalvingOptions.Rows;

    public string Fingerprint => $"halving {Options} seed={Seed} of {_sourceFingerprint}";

    /// <summary>The tuner for data of <paramref name="rows"/> rows split into <paramref name="splits"/> folds.</summary>
    /// <param name="rows">Rows of the data.</param>
    /// <param name="splits">Number of folds.</param>
    /// <param name="classes">Distinct labels for a classifier (the "smallest" rows are 2 per fold and class), else null.</param>
    /// <exception cref="ArgumentException">The settings do not fit the data or the candidates; the message names the setting.</exception>
    /// <param name="higherIsBetter">Whether the ranking metric is better higher.</param>
    /// <param name="errorScore">The score of a failed fold in the means that choose the kept candidates.</param>
    public HalvingTuner Bind(int rows, int splits, int? classes, bool higherIsBetter = true, double errorScore = double.NaN)
    {
        var max = Options.MaxResources ?? rows;
        if (IsRows && max > rows)
        {
            throw new ArgumentException($"HalvingOptions.MaxResources ({max}) is more than the {rows} rows of the data.", "options");
        }

        var rule = Options.MinResources.Rule;
        var min = rule == MinResourcesRule.Number ? Options.MinResources.Number : HalvingSchedule.Smallest(IsRows, splits, classes);
        if (min > max)
        {
            throw new ArgumentException($"HalvingOptions.MinResources ({min}) is greater than MaxResources ({max}).", "options");
        }

        var source = _source(max / min);
        var count = source.Count ?? throw new ArgumentException("Successive halving needs a candidate source that knows its count.", "options");
        // scikit-learn checks every candidate; a huge source is checked on its first 10,000 (the rest would fail at binding).
        if (!IsRows && Enumerable.Range(0, (int)Math.Min(count, 10_000)).Any(id => source.Propose(new TrialSettings { TrialId = id })?.ContainsKey(Options.Resource) == true))
        {
            throw new ArgumentException($"Cannot use parameter {Options.Resource} as the resource since it is part of the searched parameters.", "options");
        }

        var plan = HalvingSchedule.Plan(checked((int)count), Options.Factor, rule, min, max, Options.AggressiveElimination);
        return new HalvingTuner(source, plan, IsRows ? null : Options.Resource, Fingerprint) { HigherIsBetter = higherIsBetter, ErrorScore = errorScore };
    }
}
