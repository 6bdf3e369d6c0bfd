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
/// The start is <c>initial</c> where given (AutoML starts from the trainer's defaults), else the low-cost corner of the
/// space: the lower bound of integer ranges (fewest trees, leaves, iterations), the (log) midpoint of real ranges and the
/// first value of choices. FLOW2 uses a trial's cost (its duration) only to grow a resource such as the sample size, which
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
    private const double InitialStep = 0.1;
    private const double StepFloor = 0.0001;
    private readonly TrialHistory _history;
    private readonly long _seed;
    private readonly Parameter? _initial;
    private readonly KeyValuePair<string, Distribution>[] _all;
    private readonly KeyValuePair<string, Distribution>[] _tunable;
    private readonly Dictionary<int, (Parameter Config, double Step)> _configs = [];
    private Flow2 _local = null!;
    private int _next;
    private int _completedBelow;

    /// <summary>Creates a CFO tuner over <paramref name="space"/>.</summary>
    /// <param name="space">One mapping of ranges, log ranges, integer ranges and choices.</param>
    /// <param name="trials">How many trials to propose in all.</param>
    /// <param name="seed">Same seed, same proposals (given the same results).</param>
    /// <param name="batchSize">Proposals are decided in batches of this many trials (1: FLOW2's sequential search).</param>
    /// <param name="initial">The low-cost starting point, complete or partial; the rest as described above.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="trials"/> or <paramref name="batchSize"/> is not positive.</exception>
    /// <exception cref="ArgumentException">The space is a union of sub-spaces, or <paramref name="initial"/> names a value outside it.</exception>
    public CostFrugalTuner(SearchSpace space, int trials, int seed = 0, int batchSize = 1, Parameter? initial = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(trials);
        _history = new TrialHistory(space, batchSize);
        if (space.SubSpaces.Count != 1)
        {
            throw new ArgumentException($"CostFrugalTuner searches one mapping; this space has {space.SubSpaces.Count} sub-spaces. Search each separately.", nameof(space));
        }

        (_seed, _initial, Count) = (seed, initial, trials);
        _all = [.. space.SubSpaces[0]];
        _tunable = [.. _all.Where(p => !IsFixed(p.Value))];
        foreach (var (name, value) in initial ?? Parameter.Empty)
        {
            var distribution = space.SubSpaces[0].TryGetValue(name, out var d) ? d
                : throw new ArgumentException($"The initial point names '{name}', which is not in the space {space}.", nameof(initial));
            var probe = new Parameter(_all.Select(p => new KeyValuePair<string, object?>(p.Key, p.Key == name ? value : Start(p.Value))));
            if (_history.BranchOf(probe) < 0)
            {
                throw new ArgumentException($"The initial value {name}={Parameter.FormatValue(value)} is outside {distribution}.", nameof(initial));
            }
        }

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
    public Parameter? Propose(TrialSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var id = settings.TrialId;
        if (id < 0 || id >= Count)
        {
            return null;
        }

        if (id < _next)
        {
            Reset();
        }

        var results = _history.Before(id).ToDictionary(o => o.Id);
        while (_next <= id)
        {
            for (; _completedBelow < _history.DependsOnTrialsBelow(_next); _completedBelow++)
            {
                var loss = results.TryGetValue(_completedBelow, out var o) ? o.Loss
                    : throw new InvalidOperationException($"CostFrugalTuner needs the result of trial {_completedBelow} before proposing trial {_next}.");
                _local.Complete(_completedBelow, loss);
            }

            // The first trial evaluates the starting point itself, as CFO's first suggestion is its initial config.
            _configs[_next] = _next == 0 ? (_local.Start, _local.Step) : _local.Suggest(_next, new SplitMixRandom(_seed, stream: _next + 1)) ?? Restart(_next);
            _next++;
        }

        return _configs[id].Config;
    }

    /// <inheritdoc/>
    public void Update(TrialResult result) => _history.Add(result);

    private void Reset()
    {
        var start = _all.ToDictionary(p => p.Key, p => _initial != null && _initial.TryGetValue(p.Key, out var v) ? v : Start(p.Value));
        _local = new Flow2(this, new Parameter(_all.Select(p => new KeyValuePair<string, object?>(p.Key, start[p.Key]))));
        (_next, _completedBelow) = (0, 0);
        _configs.Clear();
    }

    /// <summary>Converged: a new local search from a random point of the space, which is itself the proposal.</summary>
    private (Parameter, double) Restart(int id)
    {
        var random = new SplitMixRandom(_seed, stream: -(id + 1));
        var point = new Parameter(_all.Select(p => new KeyValuePair<string, object?>(p.Key, p.Value.Sample(random))));
        _local = new Flow2(this, point) { RestartedAt = id };
        return (point, _local.Step);
    }

    private static object? Start(Distribution distribution) => distribution switch
    {
        ChoiceDistribution c => c.Values[0],
        UniformDistribution u => u.IsLog ? Math.Exp(0.5 * (Math.Log(u.Min) + Math.Log(u.Max))) : 0.5 * (u.Min + u.Max),
        UniformIntDistribution i => i.Min,
        LogUniformIntDistribution l => l.Min,
        _ => throw new NotSupportedException($"CFO cannot search {distribution}."),
    };

    private static bool IsFixed(Distribution distribution) => distribution switch
    {
        ChoiceDistribution c => c.Values.Count == 1,
        UniformDistribution u => u.Min == u.Max,
        UniformIntDistribution i => i.Min == i.Max,
        LogUniformIntDistribution l => l.Min == l.Max,
        _ => false,
    };

    private static double Normalize(Distribution distribution, object? value)
    {
        double Number() => Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture);
        double Scale(double x, double min, double max) => min == max ? 0 : (x - min) / (max - min);
        return distribution switch
        {
            ChoiceDistribution c => (TrialHistory.IndexOf(c, value) + 0.5) / c.Values.Count,
            UniformDistribution { IsLog: true } u => Scale(Math.Log(Number()), Math.Log(u.Min), Math.Log(u.Max)),
            UniformDistribution u => Scale(Number(), u.Min, u.Max),
            UniformIntDistribution i => Scale(Number(), i.Min, i.Max),
            LogUniformIntDistribution l => Scale(Math.Log(Number()), Math.Log(l.Min), Math.Log(l.Max)),
            _ => throw new NotSupportedException($"CFO cannot search {distribution}."),
        };
    }

    /// <summary>The value at normalized <paramref name="x"/>; an unordered choice that moves off the incumbent's value takes another one at random.</summary>
    private static object? Denormalize(Distribution distribution, double x, object? incumbent, SplitMixRandom random)
    {
        double Lerp(double min, double max) => min + (x * (max - min));
        switch (distribution)
        {
            case ChoiceDistribution c:
                var n = c.Values.Count;
                var index = Math.Min((int)Math.Floor(x * n), n - 1);
                var current = TrialHistory.IndexOf(c, incumbent);
                if (index == current)
                {
                    return c.Values[current];
                }

                var other = (int)random.NextInt64(n - 1);
                return c.Values[other >= current ? other + 1 : other];
            case UniformDistribution u:
                return Math.Clamp(u.IsLog ? Math.Exp(Lerp(Math.Log(u.Min), Math.Log(u.Max))) : Lerp(u.Min, u.Max), u.Min, u.Max);
            case UniformIntDistribution i:
                return Math.Clamp((long)Math.Round(Lerp(i.Min, i.Max)), i.Min, i.Max);
            case LogUniformIntDistribution l:
                return Math.Clamp((long)Math.Round(Math.Exp(Lerp(Math.Log(l.Min), Math.Log(l.Max)))), l.Min, l.Max);
            default:
                throw new NotSupportedException($"CFO cannot search {distribution}.");
        }
    }

    /// <summary>One FLOW2 local search (FLAML's flow2.py without a resource dimension), minimizing the loss.</summary>
    private sealed class Flow2
    {
        private readonly CostFrugalTuner _owner;
        private readonly int _dim;
        private readonly double _stepUpper;
        private readonly int _dir;
        private readonly Dictionary<int, double[]> _proposedBy = [];
        private Parameter _best;
        private double[] _incumbent;
        private double _bestLoss = double.NaN;
        private double[]? _directionTried;
        private int _completeForIncumbent;
        private int _proposedByIncumbent;
        private int _k;
        private int _oldK;
        private int _iterBest = 1;
        private int _proposedCount = 1;
        private int _completeCount = 1;
        private bool _same;
        private bool _initPhase = true;

        public Flow2(CostFrugalTuner owner, Parameter start)
        {
            (_owner, _best, Start) = (owner, start, start);
            _incumbent = Normalized(start);
            _dim = owner._tunable.Length;
            _stepUpper = Math.Sqrt(_dim);
            Step = InitialStep * _stepUpper;
            var lower = StepLowerBound;
            if (lower > Step)
            {
                Step = lower * 2;
            }

            Step = Math.Min(Step, _stepUpper);
            _dir = 1 << Math.Min(9, _dim);
        }

        public double Step { get; private set; }

        public Parameter Start { get; }

        public int RestartedAt { get; init; } = -1;

        /// <summary>FLAML's step lower bound: the normalized step one integer unit needs (at the incumbent for log integers), times sqrt(d).</summary>
        private double StepLowerBound
        {
            get
            {
                var bound = double.PositiveInfinity;
                foreach (var (name, distribution) in _owner._tunable)
                {
                    if (distribution is UniformIntDistribution i)
                    {
                        bound = Math.Min(bound, 1.0 / (i.Max - i.Min));
                    }
                    else if (distribution is LogUniformIntDistribution l)
                    {
                        var value = Convert.ToDouble(_best[name], System.Globalization.CultureInfo.InvariantCulture);
                        bound = Math.Min(bound, Math.Log(1.0 + (1.0 / value)) / Math.Log(Math.Max(l.Max - 1.0, l.Min + 1.0) / l.Min));
                    }
                }

                return double.IsPositiveInfinity(bound) ? StepFloor : bound * _stepUpper;
            }
        }

        /// <summary>The next point, with the step it was proposed at; null when converged.</summary>
        public (Parameter Config, double Step)? Suggest(int id, SplitMixRandom random)
        {
            _proposedCount++;
            if (_dim == 0)
            {
                return (_best, Step);
            }

            var move = (double[])_incumbent.Clone();
            if (_directionTried is { } tried)
            {
                for (var j = 0; j < _dim; j++)
                {
                    move[j] -= tried[j];
                }

                _directionTried = null;
            }
            else
            {
                _directionTried = UnitSphere(random).Select(v => v * Step).ToArray();
                for (var j = 0; j < _dim; j++)
                {
                    move[j] += _directionTried[j];
                }
            }

            for (var j = 0; j < _dim; j++)
            {
                move[j] = Math.Clamp(move[j], 0, 1);
            }

            var config = Denormalized(move, random);
            _proposedBy[id] = _incumbent;
            var proposed = (config, Step);
            _proposedByIncumbent++;
            if (_initPhase)
            {
                if (_directionTried is null)
                {
                    if (_same && config.Equals(_best))
                    {
                        Step = Math.Min(Step + InitialStep, _stepUpper);
                    }
                }
                else
                {
                    _same = config.Equals(_best);
                }
            }

            if (_proposedByIncumbent == _dir)
            {
                _proposedByIncumbent -= 2;
                _initPhase = false;
                if (Step < StepLowerBound)
                {
                    return null;
                }

                _oldK = _k != 0 ? _k : _iterBest;
                _k = _proposedCount + 1;
                Step *= Math.Sqrt((double)_oldK / _k);
            }

            if (!_initPhase && config.Equals(_best))
            {
                // A move that rounds back onto the incumbent still moves it, so integer searches do not stall.
                _incumbent = move;
            }

            return proposed;
        }

        /// <summary>A finished trial: a lower loss moves the incumbent there (with the step it was proposed at).</summary>
        public void Complete(int id, double loss)
        {
            _completeCount++;
            if (!double.IsNaN(loss) && (double.IsNaN(_bestLoss) || loss < _bestLoss) && _owner._configs.TryGetValue(id, out var proposed) && id >= RestartedAt)
            {
                _bestLoss = loss;
                (_best, Step) = proposed;
                _incumbent = Normalized(_best);
                (_completeForIncumbent, _proposedByIncumbent) = (0, 0);
                _proposedBy.Clear();
                if (_k > 0)
                {
                    Step *= Math.Sqrt((double)_k / _oldK);
                }

                Step = Math.Min(Step, _stepUpper);
                _iterBest = _completeCount;
                return;
            }

            if (_proposedBy.TryGetValue(id, out var by) && ReferenceEquals(by, _incumbent))
            {
                _completeForIncumbent++;
                if (_completeForIncumbent == _dir)
                {
                    _completeForIncumbent -= 2;
                }
            }
        }

        private double[] Normalized(Parameter point) => [.. _owner._tunable.Select(p => Normalize(p.Value, point[p.Key]))];

        private Parameter Denormalized(double[] move, SplitMixRandom random)
        {
            var values = new Dictionary<string, object?>();
            for (var j = 0; j < _dim; j++)
            {
                var (name, distribution) = _owner._tunable[j];
                values[name] = Denormalize(distribution, move[j], _best[name], random);
            }

            return new Parameter(_owner._all.Select(p => new KeyValuePair<string, object?>(p.Key, values.TryGetValue(p.Key, out var v) ? v : _best[p.Key])));
        }

        /// <summary>A direction uniform on the unit sphere: normalized standard normals (Box-Muller).</summary>
        private double[] UnitSphere(SplitMixRandom random)
        {
            var v = new double[_dim];
            double norm;
            do
            {
                for (var j = 0; j < _dim; j++)
                {
                    var (u1, u2) = (1.0 - random.NextDouble(), random.NextDouble());
                    v[j] = Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
                }

                norm = Math.Sqrt(v.Sum(x => x * x));
            }
            while (norm == 0);
            return [.. v.Select(x => x / norm)];
        }
    }
}
