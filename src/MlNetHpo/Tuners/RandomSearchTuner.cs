using MlNetHpo.AutoML;

namespace MlNetHpo.AutoML;

/// <summary>
/// Seeded random search with scikit-learn's <c>ParameterSampler</c> rules: when every hyperparameter is a
/// list, points are drawn without replacement from the grid they span, and the count is capped at the
/// grid's size with a warning; otherwise each draw picks a sub-space uniformly and samples every
/// distribution, with replacement. Draw i depends only on the seed and i: same seed, same proposals.
/// </summary>
public sealed class RandomSearchTuner : ITuner
{
    private readonly SearchSpace _space;
    private readonly long _seed;
    private readonly ParameterGrid? _grid;
    private readonly long[]? _gridIndices;
    private readonly List<string> _warnings = [];

    /// <summary>Creates a tuner drawing <paramref name="iterations"/> points from <paramref name="space"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="iterations"/> is not positive.</exception>
    public RandomSearchTuner(SearchSpace space, int iterations, int seed = 0)
    {
        ArgumentNullException.ThrowIfNull(space);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(iterations);
        (_space, _seed) = (space, seed);
        Count = iterations;
        if (space.IsGrid)
        {
            _grid = space.ToGrid();
            var size = _grid.Count;
            if (size < iterations)
            {
                _warnings.Add($"The total space of parameters {size} is smaller than iterations={iterations}. " +
                    $"Running {size} iterations. For exhaustive searches, use grid search.");
                Count = size;
            }

            _gridIndices = SampleWithoutReplacement(size, (int)Count, new SplitMixRandom(seed));
        }
    }

    /// <summary>Number of points this tuner proposes.</summary>
    public long Count { get; }

    long? ITuner.Count => Count;

    /// <inheritdoc/>
    public string Fingerprint => $"random {_space} iterations={Count} seed={_seed}";

    /// <inheritdoc/>
    public IReadOnlyList<string> Warnings => _warnings;

    /// <inheritdoc/>
    public Parameter? Propose(TrialSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var id = settings.TrialId;
        if (id < 0 || id >= Count)
        {
            return null;
        }

        if (_grid != null)
        {
            return _grid[_gridIndices![id]];
        }

        var random = new SplitMixRandom(_seed, stream: id + 1);
        var subSpace = _space.SubSpaces[(int)random.NextInt64(_space.SubSpaces.Count)];
        return new Parameter(subSpace.Select(p => new KeyValuePair<string, object?>(p.Key, p.Value.Sample(random))));
    }

    /// <inheritdoc/>
    public void Update(TrialResult result)
    {
    }

    /// <summary>
    /// <paramref name="count"/> distinct indices below <paramref name="size"/>, in random order, in O(count)
    /// memory (Floyd's algorithm, then a shuffle), so huge grids are sampled without being listed.
    /// </summary>
    internal static long[] SampleWithoutReplacement(long size, int count, SplitMixRandom random)
    {
        var chosen = new HashSet<long>(count);
        var order = new long[count];
        var filled = 0;
        for (var j = size - count; j < size; j++)
        {
            var t = random.NextInt64(j + 1);
            var pick = chosen.Add(t) ? t : j;
            chosen.Add(pick);
            order[filled++] = pick;
        }

        for (var i = count - 1; i > 0; i--)
        {
            var k = (int)random.NextInt64(i + 1);
            (order[i], order[k]) = (order[k], order[i]);
        }

        return order;
    }
}
