using MlNetHpo.AutoML;

namespace MlNetHpo.AutoML;

/// <summary>
/// Cost-frugal optimization (FLAML's CFO, under AutoML's name for it): FLOW2 local search from a low-cost starting
/// point. Every hyperparameter is mapped to [0, 1] (log ranges on a log scale, integers rounded back, a choice by its index);
/// each proposal moves the incumbent by <c>step</c> along a random direction on the unit sphere, then along the opposite
/// one; a better result becomes the incumbent. The step starts at 0.1 sqrt(d), grows while the rounded moves stay on the
/// incumbent in the initial phase, and shrinks by sqrt(K_old / K) after 2^min(9, d) proposals without improvement; below its
/// lower bound (the step one integer unit needs, else 1e-4) the search has converged and restarts from a random point.
/// </summary>
/// <remarks>
/// The start is <c>initial</c> where given, else the space's declared default where it has one (a
/// <see cref="SearchSpace{T}"/>'s init or initializer values: AutoML's CFO starts from its space's defaults), else FLAML's
/// low-cost corner of the space: the lower bound of integer ranges (fewest trees, leaves, iterations), the (log) midpoint of
/// real ranges and the first value of choices. FLOW2 uses a trial's cost (its duration) only to grow a resource such as the sample size, which
/// this tuner does not vary, so its proposals depend on losses only.
/// <para>
/// The search replays FLOW2's events in a fixed order: for each batch of <c>batchSize</c> ids, the results of the previous
/// batch in id order, then the proposals of this batch in id order; random directions are drawn from a stream of the seed
/// and the trial id. The same seed gives the same proposals whatever the number of workers or processes
/// (see <see cref="ITuner.ProposalsDependOnTrialsBelow"/>). Only a space without sub-spaces is supported here.
/// </para>
/// </remarks>
public sealed class CostFrugalTuner : ITuner
{
    private readonly TrialHistory _history;
    private readonly long _seed;
    private readonly Parameter? _initial;
    private readonly SequentialReplay _replay;
    private Flow2Search _search = null!;

    /// <summary>Creates a CFO tuner over <paramref name="space"/>.</summary>
    /// <param name="space">One mapping of ranges, log ranges, integer ranges and choices.</param>
    /// <param name="trials">How many trials to propose in all.</param>
    /// <param name="seed">Same seed, same proposals (given the same results).</param>
    /// <param name="batchSize">Proposals are decided in batches of this many trials (1: FLOW2's sequential search).</param>
    /// <param name="initial">The low-cost starting point, complete or partial, over the space's defaults; the rest as described above.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="trials"/> or <paramref name="batchSize"/> is not positive.</exception>
    /// <exception cref="ArgumentException">The space is a union of sub-spaces, or <paramref name="initial"/> names a value outside it.</exception>
    public CostFrugalTuner(SearchSpace space, int trials, int seed = 0, int batchSize = 1, Parameter? initial = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(trials);
        _history = new TrialHistory(space, batchSize);
        _replay = new SequentialReplay(_history, "CostFrugalTuner");
        if (space.SubSpaces.Count != 1)
        {
            throw new ArgumentException($"CostFrugalTuner searches one mapping; this space has {space.SubSpaces.Count} sub-spaces. Search each separately.", nameof(space));
        }

        (_seed, Count) = (seed, trials);
        var all = space.SubSpaces[0];
        foreach (var (name, value) in initial ?? Parameter.Empty)
        {
            var distribution = all.TryGetValue(name, out var d) ? d
                : throw new ArgumentException($"The initial point names '{name}', which is not in the space {space}.", nameof(initial));
            var probe = new Parameter(all.Select(p => new KeyValuePair<string, object?>(p.Key, p.Key == name ? value : Flow2Search.Start(p.Value))));
            if (_history.BranchOf(probe) < 0)
            {
                throw new ArgumentException($"The initial value {name}={Parameter.FormatValue(value)} is outside {distribution}.", nameof(initial));
            }
        }

        _initial = (initial ?? Parameter.Empty).Aggregate(space.DefaultsOf(0), (start, p) => (start ?? Parameter.Empty).With(p.Key, p.Value));

        Reset();
    }

    /// <summary>How many trials the tuner proposes.</summary>
    public long Count { get; }

    long? ITuner.Count => Count;

    /// <summary>Trials proposed together: the proposal for trial i learns from the trials below floor(i / BatchSize) * BatchSize.</summary>
    public int BatchSize => _history.BatchSize;

    /// <inheritdoc/>
    public string Fingerprint => $"cfo {_history.Space} trials={Count} seed={_seed} batch={BatchSize} initial={_initial}";

    /// <inheritdoc/>
    public int ProposalsDependOnTrialsBelow(int trialId) => _history.DependsOnTrialsBelow(trialId);

    /// <inheritdoc/>
    public Parameter? Propose(TrialSettings settings) =>
        _replay.Propose(settings, Count, Reset, (trial, loss) => _search.Complete(trial, loss), trial => _search.Propose(trial));

    /// <inheritdoc/>
    public void Update(TrialResult result) => _history.Add(result);

    // Proposals are replayed from trial 0: the search's state after trial i depends on every earlier proposal and result.
    private void Reset()
    {
        _search = new Flow2Search(_history.Space.SubSpaces[0], _seed, _initial);
        _replay.Restart();
    }
}
