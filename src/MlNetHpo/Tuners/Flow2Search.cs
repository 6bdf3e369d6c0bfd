namespace MlNetHpo.AutoML;

/// <summary>
/// One FLOW2 local search over one mapping, restarted from a random point when it converges: the whole of a
/// <see cref="CostFrugalTuner"/>, and the search of each sub-space of an <see cref="EciCostFrugalTuner"/>. Trials keep
/// their id in the study, so a search fed only some of the study's trials (one sub-space's) draws its random directions
/// from the seed and those ids; the caller passes results in id order and decides, by the batch rule, which ones it has.
/// </summary>
internal sealed class Flow2Search
{
    private const double InitialStep = 0.1;
    private const double StepFloor = 0.0001;
    private readonly long _seed;
    private readonly KeyValuePair<string, Distribution>[] _all;
    private readonly KeyValuePair<string, Distribution>[] _tunable;
    private readonly Dictionary<int, (Parameter Config, double Step)> _configs = [];
    private Flow2 _local;

    /// <param name="space">One mapping.</param>
    /// <param name="seed">Seeds the random directions and restarts, with the trial id as the stream.</param>
    /// <param name="initial">The low-cost start, complete or partial; the rest from <see cref="Start"/>.</param>
    public Flow2Search(IReadOnlyDictionary<string, Distribution> space, long seed, Parameter? initial)
    {
        _seed = seed;
        _all = [.. space];
        _tunable = [.. _all.Where(p => !IsFixed(p.Value))];
        _local = new Flow2(this, new Parameter(_all.Select(p =>
            new KeyValuePair<string, object?>(p.Key, initial != null && initial.TryGetValue(p.Key, out var v) ? v : Start(p.Value)))));
    }

    /// <summary>The proposal for trial <paramref name="id"/>: the start point first (CFO's first suggestion is its initial config), then FLOW2's moves.</summary>
    public Parameter Propose(int id)
    {
        (Parameter Config, double Step) proposed = _configs.Count == 0 ? (_local.Start, _local.Step) : _local.Suggest(id, new SplitMixRandom(_seed, stream: id + 1)) ?? Restart(id);
        _configs[id] = proposed;
        return proposed.Config;
    }

    /// <summary>A finished trial this search proposed (NaN loss: failed).</summary>
    public void Complete(int id, double loss) => _local.Complete(id, loss);

    /// <summary>Converged: a new local search from a random point of the space, which is itself the proposal.</summary>
    private (Parameter, double) Restart(int id)
    {
        var random = new SplitMixRandom(_seed, stream: -(id + 1));
        var point = new Parameter(_all.Select(p => new KeyValuePair<string, object?>(p.Key, p.Value.Sample(random))));
        _local = new Flow2(this, point) { RestartedAt = id };
        return (point, _local.Step);
    }

    /// <summary>The low-cost corner: the lower bound of integer ranges, the (log) midpoint of real ranges, a choice's first value.</summary>
    internal static object? Start(Distribution distribution) => distribution switch
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
        private readonly Flow2Search _owner;
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

        public Flow2(Flow2Search owner, Parameter start)
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
                        var value = Convert.ToDouble(_best.Value(name), System.Globalization.CultureInfo.InvariantCulture);
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

        private double[] Normalized(Parameter point) => [.. _owner._tunable.Select(p => Normalize(p.Value, point.Value(p.Key)))];

        private Parameter Denormalized(double[] move, SplitMixRandom random)
        {
            var values = new Dictionary<string, object?>();
            for (var j = 0; j < _dim; j++)
            {
                var (name, distribution) = _owner._tunable[j];
                values[name] = Denormalize(distribution, move[j], _best.Value(name), random);
            }

            return new Parameter(_owner._all.Select(p => new KeyValuePair<string, object?>(p.Key, values.TryGetValue(p.Key, out var v) ? v : _best.Value(p.Key))));
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
