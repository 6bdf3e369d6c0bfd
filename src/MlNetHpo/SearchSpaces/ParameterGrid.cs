using System.Collections;

namespace MlNetHpo.AutoML;

/// <summary>
/// An exhaustive grid: a mapping from hyperparameter name to the list of its values, or a union of
/// such mappings (sub-grids). Enumeration follows scikit-learn's <c>ParameterGrid</c> exactly:
/// sub-grids in order, names sorted ordinally within each, the last name varying fastest.
/// Points are decoded from their index on demand, so a grid of 10^9 points costs nothing to hold.
/// </summary>
/// <example>
/// <code>
/// var grid = new ParameterGrid
/// {
///     ["C"] = [0.1, 1.0, 10.0],
///     ["Penalty"] = [Penalty.L1, Penalty.L2],
/// };
/// </code>
/// </example>
public sealed class ParameterGrid : IEnumerable<Parameter>
{
    private readonly List<SubGrid> _subGrids;

    /// <summary>Creates an empty single-mapping grid, to be filled with the indexer or <see cref="Add"/>.</summary>
    public ParameterGrid() => _subGrids = [new SubGrid()];

    private ParameterGrid(List<SubGrid> subGrids) => _subGrids = subGrids;

    /// <summary>Number of sub-grids.</summary>
    public int SubGridCount => _subGrids.Count;

    /// <summary>Total number of points (an empty mapping counts as one point, as in scikit-learn).</summary>
    /// <exception cref="InvalidOperationException">The grid has more than <see cref="long.MaxValue"/> points.</exception>
    public long Count
    {
        get
        {
            try
            {
                long total = 0;
                foreach (var subGrid in _subGrids)
                {
                    total = checked(total + subGrid.Count);
                }

                return total;
            }
            catch (OverflowException)
            {
                throw new InvalidOperationException(
                    $"The grid has more than {long.MaxValue} points ({string.Join(" + ", _subGrids.Select(s => s.Describe()))}): " +
                    "give fewer values, or search it at random with distributions.");
            }
        }
    }

    /// <summary>Names of all hyperparameters across sub-grids, sorted ordinally.</summary>
    public IReadOnlyList<string> Names => _subGrids.SelectMany(s => s.Names).Distinct().Order(StringComparer.Ordinal).ToArray();

    /// <summary>Sets the values of one hyperparameter in a single-mapping grid.</summary>
    /// <exception cref="InvalidOperationException">The grid is a union of several sub-grids.</exception>
    public IEnumerable<object?> this[string name]
    {
        get => Single.Values(name);
        set => Add(name, value);
    }

    /// <summary>Adds a hyperparameter with its candidate values to a single-mapping grid.</summary>
    /// <exception cref="ArgumentException">The name is empty or repeated, or the list is empty.</exception>
    public void Add(string name, IEnumerable<object?> values) => Single.Add(name, values);

    /// <summary>A grid made of the given sub-grids, enumerated one after the other.</summary>
    /// <exception cref="ArgumentException">No sub-grid was given.</exception>
    public static ParameterGrid Union(params ParameterGrid[] subGrids) => Union((IEnumerable<ParameterGrid>)subGrids);

    /// <inheritdoc cref="Union(ParameterGrid[])"/>
    public static ParameterGrid Union(IEnumerable<ParameterGrid> subGrids)
    {
        ArgumentNullException.ThrowIfNull(subGrids);
        var all = subGrids.SelectMany(g => g?._subGrids ?? throw new ArgumentException("A sub-grid is null.", nameof(subGrids))).ToList();
        return all.Count == 0 ? throw new ArgumentException("A grid needs at least one sub-grid.", nameof(subGrids)) : new ParameterGrid(all);
    }

    /// <summary>
    /// Builds a grid from loosely typed mappings (as read from JSON or a dictionary literal): each value
    /// must be a list; a scalar or an empty list is rejected with scikit-learn's wording.
    /// </summary>
    public static ParameterGrid FromDictionaries(params IReadOnlyDictionary<string, object?>[] mappings) =>
        FromDictionaries((IEnumerable<IReadOnlyDictionary<string, object?>>)mappings);

    /// <inheritdoc cref="FromDictionaries(IReadOnlyDictionary{string, object?}[])"/>
    public static ParameterGrid FromDictionaries(IEnumerable<IReadOnlyDictionary<string, object?>> mappings)
    {
        ArgumentNullException.ThrowIfNull(mappings);
        var subGrids = new List<SubGrid>();
        foreach (var mapping in mappings)
        {
            if (mapping is null)
            {
                throw new ArgumentException("A parameter grid mapping is null; expected a mapping from name to a list of values.", nameof(mappings));
            }

            var subGrid = new SubGrid();
            foreach (var (name, value) in mapping)
            {
                if (value is string or null || value is not IEnumerable list)
                {
                    throw new ArgumentException(
                        $"Parameter grid for parameter '{name}' needs to be a list, but got {Parameter.FormatValue(value)} " +
                        $"(of type {value?.GetType().Name ?? "null"}) instead. Single values need to be wrapped in a list with one element.",
                        nameof(mappings));
                }

                subGrid.Add(name, list.Cast<object?>());
            }

            subGrids.Add(subGrid);
        }

        return subGrids.Count == 0 ? throw new ArgumentException("A grid needs at least one mapping.", nameof(mappings)) : new ParameterGrid(subGrids);
    }

    /// <summary>The point at <paramref name="index"/>, decoded without listing the grid (scikit-learn's <c>__getitem__</c>).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is negative or not below <see cref="Count"/>.</exception>
    public Parameter this[long index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(index);
            var remaining = index;
            foreach (var subGrid in _subGrids)
            {
                var count = subGrid.Count;
                if (remaining < count)
                {
                    return subGrid.Decode(remaining);
                }

                remaining -= count;
            }

            throw new ArgumentOutOfRangeException(nameof(index), index, $"The grid has {Count} points.");
        }
    }

    /// <summary>The (name, values) lists of sub-grid <paramref name="subGrid"/>, names sorted.</summary>
    internal IEnumerable<(string Name, IReadOnlyList<object?> Values)> SubGridLists(int subGrid) => _subGrids[subGrid].Entries;

    /// <inheritdoc/>
    public IEnumerator<Parameter> GetEnumerator()
    {
        var count = Count;
        for (long i = 0; i < count; i++)
        {
            yield return this[i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private SubGrid Single => _subGrids.Count == 1
        ? _subGrids[0]
        : throw new InvalidOperationException("This grid is a union of sub-grids; name values inside each sub-grid instead.");

    /// <inheritdoc/>
    public override string ToString() => string.Join(" + ", _subGrids);

    private sealed class SubGrid
    {
        private readonly SortedDictionary<string, IReadOnlyList<object?>> _values = new(StringComparer.Ordinal);

        public IEnumerable<string> Names => _values.Keys;

        public IEnumerable<(string Name, IReadOnlyList<object?> Values)> Entries => _values.Select(p => (p.Key, p.Value));

        public long Count
        {
            get
            {
                long count = 1;
                foreach (var values in _values.Values)
                {
                    count = checked(count * values.Count);
                }

                return count;
            }
        }

        public string Describe() => string.Join(" x ", _values.Values.Select(v => v.Count));

        public IEnumerable<object?> Values(string name) =>
            _values.TryGetValue(name, out var values) ? values : throw new KeyNotFoundException($"The grid has no hyperparameter '{name}'.");

        public void Add(string name, IEnumerable<object?> values)
        {
            if (string.IsNullOrEmpty(name))
            {
                throw new ArgumentException("A hyperparameter name must not be empty.", nameof(name));
            }

            if (values is null)
            {
                throw new ArgumentException(
                    $"Parameter grid for parameter '{name}' needs to be a list, but got {Parameter.FormatValue(values)} instead. " +
                    "Single values need to be wrapped in a list with one element.",
                    nameof(values));
            }

            var list = values.ToArray();
            if (list.Length == 0)
            {
                throw new ArgumentException($"Parameter grid for parameter '{name}' needs to be a non-empty list, got: [].", nameof(values));
            }

            SearchSpace.RefuseCaseTwins(name, _values.Keys);
            if (!_values.TryAdd(name, list))
            {
                throw new ArgumentException($"The hyperparameter '{name}' is already in this grid.", nameof(name));
            }
        }

        public Parameter Decode(long index)
        {
            // The last name varies fastest: peel digits off from the end, then emit in name order.
            var entries = _values.ToArray();
            var chosen = new KeyValuePair<string, object?>[entries.Length];
            for (var i = entries.Length - 1; i >= 0; i--)
            {
                var size = entries[i].Value.Count;
                chosen[i] = new(entries[i].Key, entries[i].Value[(int)(index % size)]);
                index /= size;
            }

            return new Parameter(chosen);
        }

        public override string ToString() =>
            "{" + string.Join(", ", _values.Select(p => $"{p.Key}: [{string.Join(", ", p.Value.Select(Parameter.FormatValue))}]")) + "}";
    }
}
