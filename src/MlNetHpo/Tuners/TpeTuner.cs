using MlNetHpo.AutoML;

namespace MlNetHpo.AutoML;

/// <summary>
/// Tree-structured Parzen Estimator, with Optuna's <c>TPESampler</c> defaults (univariate): the first
/// <see cref="StartupTrials"/> successful trials are drawn at random; after that the finished trials are split by loss into
/// the best gamma(n) = min(ceil(0.1 n), 25) and the rest, a <see cref="ParzenEstimator"/> is fitted to each, and of 24
/// candidates drawn from the first the one with the highest log l(x) - log g(x) is proposed, one hyperparameter at a time.
/// A union of sub-spaces (a choice of trainers) is a tree: the sub-space is chosen first, as a categorical, then each of its
/// hyperparameters from the trials of that sub-space only. Failed trials are left out, as Optuna leaves out failed trials.
/// </summary>
/// <remarks>
/// Reproducible whatever the parallelism: the proposal for trial i depends on the seed, i, and the trials with an id below
/// floor(i / <see cref="BatchSize"/>) * <see cref="BatchSize"/> only, which the search waits for (see
/// <see cref="ITuner.ProposalsDependOnTrialsBelow"/>). BatchSize 1 is Optuna's sequential TPE; a larger batch keeps that
/// many workers busy at the price of proposals that learn from fewer trials.
/// </remarks>
public sealed class TpeTuner : ITuner
{
    private const int Candidates = 24;
    private readonly TrialHistory _history;
    private readonly long _seed;

    /// <summary>Creates a TPE tuner over <paramref name="space"/>.</summary>
    /// <param name="space">What to search: ranges, log ranges, integer ranges and choices, or a union of such sub-spaces.</param>
    /// <param name="trials">How many trials to propose in all.</param>
    /// <param name="seed">Same seed, same proposals (given the same results).</param>
    /// <param name="batchSize">Proposals are decided in batches of this many trials (1: each learns from all the earlier ones).</param>
    /// <param name="startupTrials">Successful trials drawn at random before the model is used (Optuna's n_startup_trials, 10).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="trials"/> or <paramref name="batchSize"/> is not positive, or <paramref name="startupTrials"/> is negative.</exception>
    public TpeTuner(SearchSpace space, int trials, int seed = 0, int batchSize = 1, int startupTrials = 10)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(trials);
        ArgumentOutOfRangeException.ThrowIfNegative(startupTrials);
        Count = trials;
        _history = new TrialHistory(space, batchSize);
        (_seed, StartupTrials) = (seed, startupTrials);
    }

    /// <summary>Trials proposed together: the proposal for trial i learns from the trials below floor(i / BatchSize) * BatchSize.</summary>
    public int BatchSize => _history.BatchSize;

    /// <summary>Successful trials drawn at random before the model is used.</summary>
    public int StartupTrials { get; }

    /// <summary>How many trials the tuner proposes.</summary>
    public long Count { get; }

    long? ITuner.Count => Count;

    /// <inheritdoc/>
    public string Fingerprint => $"tpe {_history.Space} trials={Count} seed={_seed} batch={BatchSize} startup={StartupTrials}";

    /// <inheritdoc/>
    public int ProposalsDependOnTrialsBelow(int trialId) => _history.DependsOnTrialsBelow(trialId);

    /// <summary>Optuna's default gamma: how many of <paramref name="n"/> trials count as good.</summary>
    internal static int Gamma(int n) => Math.Min((int)Math.Ceiling(0.1 * n), 25);

    /// <inheritdoc/>
    public Parameter? Propose(TrialSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.TrialId < 0 || settings.TrialId >= Count)
        {
            return null;
        }

        var random = new SplitMixRandom(_seed, stream: settings.TrialId + 1);
        var space = _history.Space.SubSpaces;
        var trials = _history.Before(settings.TrialId).Where(o => !double.IsNaN(o.Loss)).ToList();
        if (trials.Count < StartupTrials)
        {
            var sub = space[(int)random.NextInt64(space.Count)];
            return new Parameter(sub.Select(p => new KeyValuePair<string, object?>(p.Key, p.Value.Sample(random))));
        }

        // Stable sort by loss: ties go to the earlier trial, as Python's sorted does; each side is then kept in id order.
        var good = trials.OrderBy(o => o.Loss).Take(Gamma(trials.Count)).Select(o => o.Id).ToHashSet();
        var below = trials.Where(o => good.Contains(o.Id)).ToList();
        var above = trials.Where(o => !good.Contains(o.Id)).ToList();
        var branch = 0;
        if (space.Count > 1)
        {
            var branches = Distribution.Choice(Enumerable.Range(0, space.Count).Cast<object?>());
            branch = (int)Choose(random, branches, [.. below.Select(o => (double)o.Branch)], [.. above.Select(o => (double)o.Branch)]);
        }

        var chosen = new List<KeyValuePair<string, object?>>();
        foreach (var (name, distribution) in space[branch])
        {
            double[] Values(List<Observation> side) =>
                [.. side.Where(o => o.Branch == branch).Select(o => ParzenEstimator.ToInternal(distribution, o.Parameter.Value(name)))];
            var x = distribution is ChoiceDistribution { Values.Count: 1 } || IsPoint(distribution) ? 0 : Choose(random, distribution, Values(below), Values(above));
            chosen.Add(new(name, IsPoint(distribution) ? distribution.Sample(random) : ParzenEstimator.ToExternal(distribution, x)));
        }

        return new Parameter(chosen);
    }

    /// <inheritdoc/>
    public void Update(TrialResult result) => _history.Add(result);

    /// <summary>The candidate drawn from the good trials' estimator that maximizes log l(x) - log g(x) (the first, on ties).</summary>
    private static double Choose(SplitMixRandom random, Distribution distribution, double[] below, double[] above)
    {
        var good = new ParzenEstimator(below, distribution);
        var bad = new ParzenEstimator(above, distribution);
        var candidates = good.Sample(random, Candidates);
        var (best, bestScore) = (candidates[0], double.NegativeInfinity);
        foreach (var x in candidates)
        {
            var score = good.LogPdf(x) - bad.LogPdf(x);
            if (score > bestScore)
            {
                (best, bestScore) = (x, score);
            }
        }

        return best;
    }

    // A range of one value has nothing to model (and no width for a kernel).
    private static bool IsPoint(Distribution distribution) => distribution switch
    {
        UniformDistribution u => u.Min == u.Max,
        UniformIntDistribution i => i.Min == i.Max,
        LogUniformIntDistribution l => l.Min == l.Max,
        ChoiceDistribution c => c.Values.Count == 1,
        _ => false,
    };
}
