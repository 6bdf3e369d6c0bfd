namespace MlNetHpo.AutoML;

/// <summary>
/// AutoML's <c>EciCostFrugalTuner</c>: a choice of trainers (the sub-spaces of a space, as
/// <see cref="SweepableEstimator.Choice(SweepableEstimator[])"/> makes) searched by one FLOW2 local search each (see
/// <see cref="CostFrugalTuner"/>), the sub-space of each trial drawn by ECI, FLAML's estimated cost for improvement: the
/// first trial takes the first sub-space, later ones draw a sub-space with probability proportional to 1 / ECI, so a trainer
/// that improves cheaply is tried more often and one that fails is tried less.
/// </summary>
/// <remarks>
/// ECI follows AutoML's <c>PipelineProposer</c>. For each sub-space, k1 is the cost spent since its last improvement, k2 the
/// cost of the improvement before, e1 and e2 its two last best losses; after a trial of sub-space s,
/// ECI(s) = max(k1, k2, 2 (loss - best loss of all) / ((e2 - e1) / (k1 + k2))). The first successful trial sets every
/// sub-space's k1 = k2 = its cost, e1 = its loss and e2 = e1 + 0.05 |e1|; a failed trial sets ECI(s) to twice the largest ECI.
/// Every sub-space starts with the same initial cost (AutoML's cost table keys on its own trainer types; it gives 1 to
/// any other). A trainer whose space has several sub-spaces (logistic regression's solver/penalty pairs) has one local
/// search per sub-space. Each local search starts as <see cref="CostFrugalTuner"/>'s: at its sub-space's declared defaults
/// (a <see cref="SearchSpace{T}"/>'s values, as AutoML's starts) where it has them, else at the low-cost corner.
/// <para>
/// Cost and determinism: AutoML's cost is the trial's duration, which changes from run to run and so would change the
/// proposals. Here a trial costs 1 by default, so ECI counts trials and a seed gives the same proposals and the same table
/// whatever the timing and the number of workers. Pass <c>cost</c> to use another model: a deterministic function of the
/// trial's parameters (such as trees x leaves) keeps that guarantee; <c>r =&gt; r.DurationInMilliseconds</c> is AutoML's
/// behaviour, and then the proposals depend on the machine's timing.
/// </para>
/// <para>
/// Parallelism: as <see cref="CostFrugalTuner"/>, the search replays its events in id order: for trial i, the results of the
/// trials below floor(i / <c>batchSize</c>) * <c>batchSize</c> (see <see cref="ITuner.ProposalsDependOnTrialsBelow"/>), then
/// the sub-space is drawn from a random stream of the seed and i, and that sub-space's local search proposes.
/// </para>
/// </remarks>
public sealed class EciCostFrugalTuner : ITuner
{
    private const double InitialCost = 1;
    private readonly TrialHistory _history;
    private readonly long _seed;
    private readonly Func<TrialResult, double>? _cost;
    private readonly Dictionary<int, double> _costs = [];
    private readonly Dictionary<int, int> _armOf = [];
    private Flow2Search[] _arms = [];
    private readonly SequentialReplay _replay;
    private Eci _eci = null!;

    /// <summary>Creates an ECI tuner over the sub-spaces of <paramref name="space"/>.</summary>
    /// <param name="space">A union of sub-spaces (a choice of trainers), each of ranges, log ranges, integer ranges and choices; one mapping is searched as plain CFO.</param>
    /// <param name="trials">How many trials to propose in all.</param>
    /// <param name="seed">Same seed, same proposals (given the same results and costs).</param>
    /// <param name="batchSize">Proposals are decided in batches of this many trials (1: AutoML's sequential search).</param>
    /// <param name="cost">A finished trial's cost for ECI; null: 1 per trial, which keeps results independent of timing (see remarks).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="trials"/> or <paramref name="batchSize"/> is not positive.</exception>
    public EciCostFrugalTuner(SearchSpace space, int trials, int seed = 0, int batchSize = 1, Func<TrialResult, double>? cost = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(trials);
        _history = new TrialHistory(space, batchSize);
        _replay = new SequentialReplay(_history, "EciCostFrugalTuner");
        (_seed, _cost, Count) = (seed, cost, trials);
        Reset();
    }

    /// <summary>How many trials the tuner proposes.</summary>
    public long Count { get; }

    long? ITuner.Count => Count;

    /// <summary>Trials proposed together: the proposal for trial i learns from the trials below floor(i / BatchSize) * BatchSize.</summary>
    public int BatchSize => _history.BatchSize;

    /// <inheritdoc/>
    public string Fingerprint => $"eci {_history.Space} trials={Count} seed={_seed} batch={BatchSize} cost={(_cost is null ? "trials" : "custom")}{Starts}";

    // The declared starts, when the space has some: a study made before the tuners started there is refused, not resumed elsewhere.
    private string Starts => string.Concat(_history.Space.SubSpaces.Select((_, i) => _history.Space.DefaultsOf(i) is { } start ? $" start{i}={start}" : string.Empty));

    /// <inheritdoc/>
    public int ProposalsDependOnTrialsBelow(int trialId) => _history.DependsOnTrialsBelow(trialId);

    /// <inheritdoc/>
    public Parameter? Propose(TrialSettings settings)
    {
        return _replay.Propose(settings, Count, Reset, Complete, Propose);

        void Complete(int trial, double loss)
        {
            var arm = _armOf[trial];
            _eci.Update(arm, loss, _costs[trial]);
            _arms[arm].Complete(trial, loss);
        }

        Parameter? Propose(int trial)
        {
            var chosen = trial == 0 ? _eci.Cheapest : _eci.Draw(new SplitMixRandom(_seed, stream: (1L << 40) + trial));
            _armOf[trial] = chosen;
            return _arms[chosen].Propose(trial);
        }
    }

    /// <inheritdoc/>
    public void Update(TrialResult result)
    {
        _history.Add(result);
        _costs[result.TrialSettings.TrialId] = _cost is null ? InitialCost : _cost(result);
    }

    // Proposals are replayed from trial 0: the state after trial i depends on every earlier proposal and result.
    private void Reset()
    {
        _arms = [.. _history.Space.SubSpaces.Select((sub, i) => new Flow2Search(sub, _seed, _history.Space.DefaultsOf(i)))];
        _eci = new Eci(_arms.Length);
        _armOf.Clear();
        _replay.Restart();
    }

    /// <summary>AutoML's PipelineProposer: the estimated cost for improvement of each sub-space.</summary>
    internal sealed class Eci(int arms)
    {
        private readonly double[] _eci = [.. Enumerable.Repeat(InitialCost, arms)];
        private double[]? _k1;
        private double[] _k2 = [];
        private double[] _e1 = [];
        private double[] _e2 = [];
        private double _bestLoss;

        public IReadOnlyList<double> Values => _eci;

        /// <summary>The sub-space with the lowest ECI (the first on ties): AutoML's first pick.</summary>
        public int Cheapest => Array.IndexOf(_eci, _eci.Min());

        /// <summary>A sub-space drawn with probability proportional to 1 / ECI (never zero, so one is always drawn).</summary>
        public int Draw(SplitMixRandom random)
        {
            var weights = _eci.Select(e => (1 / e) + double.Epsilon).ToArray();
            var u = random.NextDouble() * weights.Sum();
            var sum = 0.0;
            for (var i = 0; i < weights.Length - 1; i++)
            {
                sum += weights[i];
                if (sum > u)
                {
                    return i;
                }
            }

            return weights.Length - 1;
        }

        public void Update(int arm, double loss, double cost)
        {
            if (double.IsNaN(loss) || !double.IsFinite(cost) || cost <= 0)
            {
                _eci[arm] = _eci.Max() * 2;
                return;
            }

            if (_k1 is null)
            {
                _k1 = [.. Enumerable.Repeat(cost, _eci.Length)];
                _k2 = [.. _k1];
                _e1 = [.. Enumerable.Repeat(loss, _eci.Length)];
                _e2 = [.. Enumerable.Repeat(loss + (0.05 * Math.Abs(loss)), _eci.Length)];
                _bestLoss = loss;
            }
            else if (loss >= _e1[arm])
            {
                _k1[arm] += cost;
            }
            else
            {
                (_k2[arm], _k1[arm], _e2[arm], _e1[arm]) = (_k1[arm], cost, _e1[arm], loss);
                _bestLoss = Math.Min(_bestLoss, loss);
            }

            var forBreakThrough = ((2 * (loss - _bestLoss)) + double.Epsilon) / (((_e2[arm] - _e1[arm]) / (_k2[arm] + _k1[arm])) + double.Epsilon);
            _eci[arm] = Math.Max(Math.Max(_k1[arm], _k2[arm]), forBreakThrough);
        }
    }
}
