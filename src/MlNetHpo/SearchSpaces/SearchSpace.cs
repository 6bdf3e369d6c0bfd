using System.Collections;
using System.Reflection;
using Microsoft.ML.SearchSpace;

namespace MlNetHpo.AutoML;

/// <summary>
/// What random search samples from: a mapping from hyperparameter name to a <see cref="Distribution"/>,
/// or a union of such mappings (one is picked uniformly per draw, as in scikit-learn's
/// <c>ParameterSampler</c>). A <see cref="ParameterGrid"/> converts to a space of choices.
/// </summary>
public sealed class SearchSpace : IEnumerable<KeyValuePair<string, Distribution>>
{
    private readonly List<SortedDictionary<string, Distribution>> _subSpaces;

    /// <summary>Creates an empty single-mapping space, to be filled with the indexer or <see cref="Add(string, Distribution)"/>.</summary>
    public SearchSpace() => _subSpaces = [new(StringComparer.Ordinal)];

    private SearchSpace(List<SortedDictionary<string, Distribution>> subSpaces) => _subSpaces = subSpaces;

    /// <summary>The distributions of each sub-space, names sorted ordinally.</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, Distribution>> SubSpaces => _subSpaces;

    /// <summary>True when every hyperparameter is a list: the space is then a finite grid.</summary>
    public bool IsGrid => _subSpaces.All(s => s.Values.All(d => d is ChoiceDistribution));

    /// <summary>The distribution of one hyperparameter of a single-mapping space.</summary>
    public Distribution this[string name]
    {
        get => Single[name];
        set => Add(name, value);
    }

    /// <summary>Adds a hyperparameter to a single-mapping space.</summary>
    public void Add(string name, Distribution distribution)
    {
        if (string.IsNullOrEmpty(name))
        {
            throw new ArgumentException("A hyperparameter name must not be empty.", nameof(name));
        }

        ArgumentNullException.ThrowIfNull(distribution);
        RefuseCaseTwins(name, Single.Keys);
        if (!Single.TryAdd(name, distribution))
        {
            throw new ArgumentException($"The hyperparameter '{name}' is already in this space.", nameof(name));
        }
    }

    /// <summary>
    /// Refuses <paramref name="name"/> when <paramref name="names"/> holds a name that differs from it only in case: options
    /// are bound by name ignoring case, so one would silently take the other's place.
    /// </summary>
    /// <exception cref="ArgumentException">Such a name exists; the message names both.</exception>
    internal static void RefuseCaseTwins(string name, IEnumerable<string> names)
    {
        if (names.FirstOrDefault(n => n != name && string.Equals(n, name, StringComparison.OrdinalIgnoreCase)) is { } twin)
        {
            throw new ArgumentException(
                $"The hyperparameters '{twin}' and '{name}' differ only in case; they would set the same option. Keep one of them.", nameof(name));
        }
    }

    /// <summary>Adds a hyperparameter whose values are chosen uniformly from a list.</summary>
    public void Add(string name, IEnumerable<object?> values) => Add(name, Distribution.Choice(values));

    /// <summary>A space made of the given sub-spaces; each draw first picks one uniformly.</summary>
    public static SearchSpace Union(params SearchSpace[] subSpaces) => Union((IEnumerable<SearchSpace>)subSpaces);

    /// <inheritdoc cref="Union(SearchSpace[])"/>
    public static SearchSpace Union(IEnumerable<SearchSpace> subSpaces)
    {
        ArgumentNullException.ThrowIfNull(subSpaces);
        var all = subSpaces.SelectMany(s => s?._subSpaces ?? throw new ArgumentException("A sub-space is null.", nameof(subSpaces))).ToList();
        return all.Count == 0 ? throw new ArgumentException("A search space needs at least one sub-space.", nameof(subSpaces)) : new SearchSpace(all);
    }

    /// <summary>
    /// The spaces of <paramref name="parts"/> side by side, each name prefixed with its part's prefix: a union of every
    /// combination of their sub-spaces (a pipeline's stages, an experiment's added spaces).
    /// </summary>
    /// <exception cref="ArgumentException">Two parts give the same name.</exception>
    internal static SearchSpace Product(IEnumerable<(string Prefix, SearchSpace Space)> parts)
    {
        IEnumerable<List<KeyValuePair<string, Distribution>>> combinations = [[]];
        foreach (var (prefix, space) in parts)
        {
            combinations = combinations.SelectMany(c => space._subSpaces.Select(sub => c.Concat(sub.Select(p => KeyValuePair.Create(prefix + p.Key, p.Value))).ToList())).ToList();
        }

        return Union(combinations.Select(c =>
        {
            var space = new SearchSpace();
            foreach (var (name, distribution) in c)
            {
                space.Add(name, distribution);
            }

            return space;
        }));
    }

    /// <summary>The grid's lists as uniform choices, sub-grid by sub-grid.</summary>
    public static implicit operator SearchSpace(ParameterGrid grid) => FromGrid(grid);

    /// <summary>The grid's lists as uniform choices, sub-grid by sub-grid.</summary>
    public static SearchSpace FromGrid(ParameterGrid grid)
    {
        ArgumentNullException.ThrowIfNull(grid);
        var subSpaces = new List<SortedDictionary<string, Distribution>>();
        for (var i = 0; i < grid.SubGridCount; i++)
        {
            subSpaces.Add(new(grid.SubGridLists(i).ToDictionary(e => e.Name, e => Distribution.Choice(e.Values)), StringComparer.Ordinal));
        }

        return new SearchSpace(subSpaces);
    }

    /// <summary>The equivalent grid when <see cref="IsGrid"/>; otherwise throws.</summary>
    public ParameterGrid ToGrid()
    {
        if (!IsGrid)
        {
            throw new InvalidOperationException("Only a space whose hyperparameters are all lists is a grid.");
        }

        return ParameterGrid.Union(_subSpaces.Select(s =>
        {
            var grid = new ParameterGrid();
            foreach (var (name, distribution) in s)
            {
                grid.Add(name, ((ChoiceDistribution)distribution).Values);
            }

            return grid;
        }));
    }

    /// <summary>
    /// A grid that spans this space: lists as they are, and each range cut into <paramref name="pointsPerRange"/>
    /// points, bounds included: evenly for uniform ranges, evenly in log space for log-uniform ones; integer ranges
    /// rounded, without duplicates. Sub-spaces become sub-grids.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="pointsPerRange"/> is below 2.</exception>
    public ParameterGrid ToGrid(int pointsPerRange)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pointsPerRange, 2);
        return ParameterGrid.Union(_subSpaces.Select(s =>
        {
            var grid = new ParameterGrid();
            foreach (var (name, distribution) in s)
            {
                grid.Add(name, Points(distribution, pointsPerRange));
            }

            return grid;
        }));
    }

    private static IEnumerable<object?> Points(Distribution distribution, int n)
    {
        double[] Spaced(double min, double max, bool log) => [.. Enumerable.Range(0, n).Select(i =>
            i == 0 ? min : i == n - 1 ? max : log ? Math.Exp(Math.Log(min) + (i * (Math.Log(max) - Math.Log(min)) / (n - 1))) : min + (i * (max - min) / (n - 1)))];

        return distribution switch
        {
            ChoiceDistribution c => c.Values,
            UniformDistribution u => Spaced(u.Min, u.Max, u.IsLog).Cast<object?>(),
            UniformIntDistribution i => Spaced(i.Min, i.Max, log: false).Select(v => (long)Math.Round(v)).Distinct().Cast<object?>(),
            LogUniformIntDistribution l => Spaced(l.Min, l.Max, log: true).Select(v => (long)Math.Round(v)).Distinct().Cast<object?>(),
            _ => throw new NotSupportedException($"Cannot grid {distribution}."),
        };
    }

    /// <summary>
    /// The space declared on an Options class by Microsoft.ML.SearchSpace attributes, the ones AutoML reads:
    /// <c>[Range]</c> (uniform or log-uniform; integer bounds give integers), <c>[Choice]</c> and <c>[BooleanChoice]</c>,
    /// on public fields and properties, and <c>[NestOption]</c> members whose own declared members are named
    /// <c>Member.Inner</c> (binding sets them on the nested object). Members without an attribute are not searched.
    /// </summary>
    /// <exception cref="ArgumentException">The type declares no searchable member.</exception>
    public static SearchSpace FromAttributes(Type optionsType)
    {
        ArgumentNullException.ThrowIfNull(optionsType);
        var space = new SearchSpace();
        foreach (var declared in Declared(optionsType))
        {
            space.Add(declared.Name, declared.Distribution);
        }

        return space.Single.Count == 0
            ? throw new ArgumentException($"{optionsType.Name} declares no [Range], [Choice] or [BooleanChoice] member to search.", nameof(optionsType))
            : space;
    }

    /// <summary>The space declared on <typeparamref name="TOptions"/> by search-space attributes.</summary>
    public static SearchSpace FromAttributes<TOptions>() => FromAttributes(typeof(TOptions));

    /// <summary>One searched member: its (dotted) name, the member, its distribution and the attribute's init value (null when none).</summary>
    internal sealed record DeclaredMember(string Name, MemberInfo Member, Distribution Distribution, object? Init);

    /// <summary>The searched members of <paramref name="optionsType"/> in declaration order, nested ones after their path.</summary>
    internal static IEnumerable<DeclaredMember> Declared(Type optionsType, string prefix = "", HashSet<Type>? path = null)
    {
        path ??= [];
        if (!path.Add(optionsType))
        {
            throw new ArgumentException($"[NestOption] '{prefix.TrimEnd('.')}' nests {optionsType.Name} inside itself.", nameof(optionsType));
        }

        foreach (var member in optionsType.GetMembers(BindingFlags.Public | BindingFlags.Instance).Where(m => m is FieldInfo or PropertyInfo))
        {
            if (member.GetCustomAttribute<NestOptionAttribute>() != null)
            {
                var type = member is FieldInfo f ? f.FieldType : ((PropertyInfo)member).PropertyType;
                foreach (var inner in Declared(type, $"{prefix}{member.Name}.", path))
                {
                    yield return inner;
                }
            }
            else if (FromAttribute(member) is var (distribution, init))
            {
                yield return new DeclaredMember(prefix + member.Name, member, distribution, init);
            }
        }

        path.Remove(optionsType);
    }

    private static (Distribution Distribution, object? Init)? FromAttribute(MemberInfo member)
    {
        if (member.GetCustomAttribute<RangeAttribute>() is { } range)
        {
            if (range.Min is int or long && range.Max is int or long)
            {
                var (min, max) = (Convert.ToInt64(range.Min), Convert.ToInt64(range.Max));
                return (range.LogBase ? new LogUniformIntDistribution(min, max) : Distribution.UniformInt(min, max), range.Init is null ? null : Convert.ToInt64(range.Init));
            }

            var (low, high) = (Convert.ToDouble(range.Min), Convert.ToDouble(range.Max));
            return (range.LogBase ? Distribution.LogUniform(low, high) : Distribution.Uniform(low, high), range.Init is null ? null : Convert.ToDouble(range.Init));
        }

        if (member.GetCustomAttribute<ChoiceAttribute>() is { } choice)
        {
            return (Distribution.Choice(choice.Candidates), choice.DefaultValue);
        }

        return member.GetCustomAttribute<BooleanChoiceAttribute>() is { } boolean ? (Distribution.Choice(true, false), boolean.DefaultValue) : null;
    }

    /// <summary>
    /// The declared start of sub-space <paramref name="subSpace"/> (the values a <see cref="SearchSpace{T}"/> declares, kept
    /// through prefixes, choices and products), or null when it declares none.
    /// </summary>
    internal Parameter? DefaultsOf(int subSpace)
    {
        var declared = _subSpaces[subSpace].Where(p => p.Value.HasDefault).Select(p => KeyValuePair.Create(p.Key, p.Value.Default)).ToList();
        return declared.Count == 0 ? null : new Parameter(declared);
    }

    /// <inheritdoc/>
    public IEnumerator<KeyValuePair<string, Distribution>> GetEnumerator() => _subSpaces.SelectMany(s => s).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <inheritdoc/>
    public override string ToString() =>
        string.Join(" + ", _subSpaces.Select(s => "{" + string.Join(", ", s.Select(p => $"{p.Key}: {p.Value}")) + "}"));

    private SortedDictionary<string, Distribution> Single => _subSpaces.Count == 1
        ? _subSpaces[0]
        : throw new InvalidOperationException("This space is a union of sub-spaces; name distributions inside each sub-space instead.");
}
