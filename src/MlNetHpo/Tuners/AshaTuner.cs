namespace MlNetHpo.AutoML;

/// <summary>
/// Asynchronous successive halving (ASHA, Li et al. 2018, "A System for Massively Parallel Hyperparameter Tuning"): every
/// trial is one rung entry, a configuration evaluated with one amount of a resource that is a trainer hyperparameter (an
/// iteration count: FastTree's <c>NumberOfTrees</c>, LightGBM's <c>NumberOfIterations</c>, LogisticRegression's
/// <c>MaximumIterations</c>). A trial's parameters are the configuration's plus the resource, so the study records every
/// rung entry as a trial and the results table shows its resource in the resource's column.
/// </summary>
/// <remarks>
/// <para>
/// Rungs: rung k gives <c>minResource * factor^k</c>, the last one <c>maxResource</c> (see <see cref="Resources"/>).
/// Proposing trial i (the paper's <c>get_job</c>): from the second-highest rung down to the bottom one, the finished
/// entries of the rung are sorted by loss (ties to the earlier trial, failures left out); the best of its top
/// <c>floor(n / factor)</c> whose configuration is not yet in the next rung is promoted there; when no rung has one, a new
/// configuration starts at the bottom rung. No rung is waited for to fill. Configuration c is random search's draw c
/// (<see cref="RandomSearchTuner"/> with the same seed: a space of lists is drawn without replacement; when its points run
/// out and nothing can be promoted, the search ends).
/// </para>
/// <para>
/// Results independent of parallelism: the proposal for trial i knows the results of the trials below
/// floor(i / <see cref="BatchSize"/>) * <see cref="BatchSize"/> only (<see cref="ITuner.ProposalsDependOnTrialsBelow"/>),
/// which the search waits for, and the proposals of the trials before i in its batch. So the rung entries, the table and
/// the best are the same with 1, 2 or 8 workers and across processes; a larger batch keeps more workers busy, at the price
/// of promotions decided on fewer results (with batch 1, each decision knows every earlier result, as ASHA on one worker;
/// with B workers, a batch of B keeps them all busy). The decisions are recomputed from the
/// results alone, in id order, so a resumed study (its results replayed through <see cref="Update"/>) proposes what an
/// uninterrupted one would, and a trial taken again runs its recorded (configuration, rung).
/// </para>
/// <para>
/// The best: the trial budget (<c>trials</c>) counts rung entries; the search's best is the best entry of the highest rung
/// with a successful entry (entries of lower rungs ran on less of the resource and do not compete), and it is refitted
/// with that rung's resource; the best-trial reports to monitors and the progress line follow the same rule. Ranks in the
/// table are over every entry.
/// </para>
/// </remarks>
public sealed class AshaTuner : ITuner, Halving.IRungTuner
{
    private readonly SearchSpace _space;
    private readonly RandomSearchTuner _configurations;
    private readonly long _seed;
    private readonly long[] _resources;
    private readonly SortedDictionary<int, (Parameter Parameter, double Loss)> _results = [];
    private readonly List<Entry> _entries = [];
    private readonly HashSet<(int Configuration, int Rung)> _taken = [];
    private readonly List<string> _warnings = [];
    private readonly List<(double Loss, int Id)>[] _rungs;
    private int _known;
    private int _started;
    private bool _exhausted;

    /// <summary>Creates an ASHA tuner over <paramref name="space"/> with <paramref name="resource"/> as the resource.</summary>
    /// <param name="space">The configurations: ranges, log ranges, integer ranges and choices, or a union of sub-spaces.</param>
    /// <param name="resource">The trainer hyperparameter that takes the rung's resource (an integer option such as <c>NumberOfTrees</c>); not in <paramref name="space"/>.</param>
    /// <param name="minResource">The bottom rung's resource.</param>
    /// <param name="maxResource">The top rung's resource.</param>
    /// <param name="trials">How many rung entries (trials) to propose in all.</param>
    /// <param name="factor">The reduction factor: rungs multiply the resource by it, and a rung promotes its top 1/factor (3, as the paper).</param>
    /// <param name="seed">Same seed, same configurations (and, given the same results, the same promotions).</param>
    /// <param name="batchSize">Proposals are decided in batches of this many trials (1: each knows every earlier result).</param>
    /// <exception cref="ArgumentException">A setting is out of range, or <paramref name="resource"/> is empty or a hyperparameter of the space; the message names it.</exception>
    public AshaTuner(SearchSpace space, string resource, int minResource, int maxResource, int trials, int factor = 3, int seed = 0, int batchSize = 1)
    {
        ArgumentNullException.ThrowIfNull(space);
        if (string.IsNullOrWhiteSpace(resource))
        {
            throw new ArgumentException("The resource must name the trainer hyperparameter that takes each rung's amount, such as NumberOfTrees.", nameof(resource));
        }

        // Options bind by name ignoring case: a twin in another case would set the same option.
        if (space.SubSpaces.SelectMany(s => s.Keys).FirstOrDefault(k => string.Equals(k, resource, StringComparison.OrdinalIgnoreCase)) is { } twin)
        {
            throw new ArgumentException($"The resource '{resource}' is also a hyperparameter of the space ('{twin}'); ASHA sets it for each rung, so leave it out of the space.", nameof(resource));
        }

        if (minResource < 1 || maxResource < minResource)
        {
            throw new ArgumentException($"The resources must satisfy 1 <= minResource <= maxResource; got minResource={minResource}, maxResource={maxResource}.", nameof(minResource));
        }

        if (factor < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(factor), factor, "The reduction factor must be at least 2.");
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(trials);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        (_space, Resource, Factor, _seed, BatchSize, Count) = (space, resource, factor, seed, batchSize, trials);
        _resources = RungResources(minResource, maxResource, factor);
        _rungs = [.. _resources.Select(_ => new List<(double Loss, int Id)>())];
        _configurations = new RandomSearchTuner(space, trials, seed);
        if (_configurations.Count < trials)
        {
            _warnings.Add($"The space has {_configurations.Count} configurations for {trials} trials: the search ends when none is left to start and none can be promoted.");
        }
    }

    /// <summary>The trainer hyperparameter that takes each rung's resource.</summary>
    public string Resource { get; }

    /// <summary>The resource of each rung, bottom first: minResource times factor^k, the last one maxResource.</summary>
    public IReadOnlyList<long> Resources => _resources;

    /// <summary>The reduction factor.</summary>
    public int Factor { get; }

    /// <summary>Trials proposed together: the proposal for trial i learns from the trials below floor(i / BatchSize) * BatchSize.</summary>
    public int BatchSize { get; }

    /// <summary>How many rung entries (trials) the tuner proposes at most.</summary>
    public long Count { get; }

    long? ITuner.Count => Count;

    /// <inheritdoc/>
    public string Fingerprint =>
        $"asha {_space} resource={Resource} rungs={string.Join("/", Resources)} factor={Factor} trials={Count} seed={_seed} batch={BatchSize}";

    /// <inheritdoc/>
    public IReadOnlyList<string> Warnings => _warnings;

    /// <inheritdoc/>
    public int ProposalsDependOnTrialsBelow(int trialId) => trialId / BatchSize * BatchSize;

    /// <inheritdoc/>
    public Parameter? Propose(TrialSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.TrialId < 0 || settings.TrialId >= Count)
        {
            return null;
        }

        while (_entries.Count <= settings.TrialId && !_exhausted)
        {
            Decide(_entries.Count);
        }

        return settings.TrialId < _entries.Count ? _entries[settings.TrialId].Parameter : null;
    }

    /// <inheritdoc/>
    public void Update(TrialResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        _results[result.TrialSettings.TrialId] = (result.TrialSettings.Parameter ?? Parameter.Empty, double.IsFinite(result.Loss) ? result.Loss : double.NaN);
    }

    /// <summary>The rung of a trial's parameters (the index of its resource in <see cref="Resources"/>); -1 when it has none.</summary>
    internal int RungOf(Parameter parameter) => ((Halving.IRungTuner)this).Rungs.Of(0, parameter)?.Iteration ?? -1;

    /// <summary>A trial's rung follows from its resource: the table shows it, and the best is the best entry of the highest rung reached.</summary>
    Halving.RungMap Halving.IRungTuner.Rungs => new(_resources, null, Resource);

    /// <summary>Configuration <paramref name="index"/>: random search's draw of that index.</summary>
    internal Parameter? Configuration(int index) => _configurations.Propose(new TrialSettings { TrialId = index });

    /// <summary>Rung resources: minResource * factor^k while below maxResource, then maxResource.</summary>
    private static long[] RungResources(long min, long max, int factor)
    {
        var resources = new List<long>();
        for (var r = min; r < max; r *= factor)
        {
            resources.Add(r);
        }

        resources.Add(max);
        return [.. resources];
    }

    /// <summary>Decides the rung entry of trial <paramref name="trialId"/> from the results below its batch and the entries before it.</summary>
    private void Decide(int trialId)
    {
        // The results a decision knows only grow with the trial id: each is filed into its rung once, in id order.
        var below = ProposalsDependOnTrialsBelow(trialId);
        for (; _known < below; _known++)
        {
            if (!_results.TryGetValue(_known, out var result))
            {
                throw new InvalidOperationException($"AshaTuner was asked for trial {trialId} before the result of trial {_known} (the search passes every result below {below} first).");
            }

            var entry = _entries[_known];
            Check(_known, entry, result.Parameter);
            if (!double.IsNaN(result.Loss))
            {
                var rung = _rungs[entry.Rung];
                var at = rung.BinarySearch((result.Loss, _known));
                rung.Insert(~at, (result.Loss, _known));
            }
        }

        // Sorted by loss, then id: the earlier trial wins a tie.
        for (var rung = Resources.Count - 2; rung >= 0; rung--)
        {
            foreach (var (_, id) in _rungs[rung].Take(_rungs[rung].Count / Factor))
            {
                var configuration = _entries[id].Configuration;
                if (!_taken.Contains((configuration, rung + 1)))
                {
                    Add(configuration, rung + 1);
                    return;
                }
            }
        }

        if (_started < _configurations.Count)
        {
            Add(_started++, 0);
        }
        else
        {
            _exhausted = true;
        }
    }

    private void Add(int configuration, int rung)
    {
        var parameter = Configuration(configuration)!.With(Resource, Resources[rung]);
        _entries.Add(new Entry(configuration, rung, parameter));
        _taken.Add((configuration, rung));
    }

    /// <summary>A stored trial must be the entry this tuner decides for it: another tuner's study would promote on wrong rungs.</summary>
    private static void Check(int id, Entry entry, Parameter stored)
    {
        if (stored.Count != entry.Parameter.Count || entry.Parameter.Any(p => !stored.TryGetValue(p.Key, out var v) || Parameter.FormatValue(v) != Parameter.FormatValue(p.Value)))
        {
            throw new InvalidOperationException($"Trial {id} was recorded with {stored}, but this AshaTuner decides {entry.Parameter} for it: the study was made by another tuner.");
        }
    }

    private sealed record Entry(int Configuration, int Rung, Parameter Parameter);
}
