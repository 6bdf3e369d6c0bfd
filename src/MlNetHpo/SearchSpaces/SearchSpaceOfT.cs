using System.Reflection;

namespace MlNetHpo.AutoML;

/// <summary>
/// AutoML's <c>SearchSpace&lt;T&gt;</c>: the space an options class declares with <c>[Range]</c>, <c>[Choice]</c>,
/// <c>[BooleanChoice]</c> and <c>[NestOption]</c> (see <see cref="SearchSpace.FromAttributes(Type)"/>), with a default
/// point. It converts to <see cref="SearchSpace"/>, so every search and tuner takes it, and a point maps back to a
/// <typeparamref name="T"/> with <see cref="Parameter.AsType{T}"/>.
/// </summary>
/// <typeparam name="T">The options class; nested options are named <c>Member.Inner</c>.</typeparam>
public sealed class SearchSpace<T>
    where T : class, new()
{
    /// <summary>
    /// The space declared on <typeparamref name="T"/>. The cost-frugal tuners start from <see cref="Default"/>, as AutoML's do.
    /// Each default is the attribute's init value when given, else the
    /// value a new <typeparamref name="T"/> holds (its initializer) when the space contains it, else the lower bound or
    /// the first choice, as AutoML's options start from the origin of their feature space.
    /// </summary>
    /// <exception cref="ArgumentException"><typeparamref name="T"/> declares no searchable member.</exception>
    public SearchSpace()
        : this(null)
    {
    }

    /// <summary>The space declared on <typeparamref name="T"/>, with the values <paramref name="defaultOption"/> holds as defaults.</summary>
    /// <exception cref="ArgumentException">A value of <paramref name="defaultOption"/> lies outside the space; the message names it.</exception>
    public SearchSpace(T? defaultOption)
    {
        var declaredSpace = SearchSpace.FromAttributes<T>(); // refuses a T with nothing to search
        var declared = SearchSpace.Declared(typeof(T)).ToList();
        var initialized = defaultOption ?? new T();
        Default = new Parameter(declared.Select(d =>
        {
            var held = ValueAt(initialized, d.Name);
            var value = defaultOption is not null ? Contained(d, held, nameof(defaultOption)) : d.Init ?? (DefaultValues.Contains(d.Distribution, held) ? DefaultValues.Normalize(d.Distribution, held) : DefaultValues.Origin(d.Distribution));
            return new KeyValuePair<string, object?>(d.Name, value);
        }));
        Space = new SearchSpace();
        foreach (var (name, value) in Default)
        {
            Space.Add(name, declaredSpace[name].WithDefault(value));
        }
    }

    /// <summary>The same space as our <see cref="SearchSpace"/>, nested names dotted, its hyperparameters starting at <see cref="Default"/>.</summary>
    public SearchSpace Space { get; private set; }

    /// <summary>The default point: one value per searched member, in declaration order.</summary>
    public Parameter Default { get; private set; }

    /// <summary>
    /// Replaces the range or choice of one searched member, as AutoML's docs do
    /// (<c>space["L1Regularization"] = new UniformSingleOption(min: 0.01f, max: 2f, logBase: false, defaultValue: 0.01f)</c>);
    /// its default becomes the option's (else its lower bound or first choice). Reading gives the member's current option.
    /// </summary>
    /// <param name="key">A member <typeparamref name="T"/> searches (nested ones dotted).</param>
    /// <exception cref="ArgumentException"><paramref name="key"/> is not a member this space searches; the message lists them.</exception>
    public OptionBase this[string key]
    {
        get => new DeclaredOption(Space[Searched(key)]);
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            key = Searched(key);
            var distribution = value.Distribution;
            var start = distribution.HasDefault ? distribution.Default : DefaultValues.Origin(distribution);
            var space = new SearchSpace();
            foreach (var (name, _) in Default)
            {
                space.Add(name, name == key ? distribution.WithDefault(start) : Space[name]);
            }

            Default = new Parameter(Default.Select(p => p.Key == key ? new KeyValuePair<string, object?>(key, start) : p));
            Space = space;
        }
    }

    private string Searched(string key) => Default.Keys.Contains(key)
        ? key
        : throw new ArgumentException($"'{key}' is not a member {typeof(T).Name}'s space searches; it searches {string.Join(", ", Default.Keys.Order(StringComparer.Ordinal))}.", nameof(key));

    /// <summary>An option read back from the space: its distribution and start as they are.</summary>
    private sealed class DeclaredOption(Distribution distribution) : OptionBase(distribution, null);

    /// <summary>The space as our <see cref="SearchSpace"/>.</summary>
    public static implicit operator SearchSpace(SearchSpace<T> space) => (space ?? throw new ArgumentNullException(nameof(space))).Space;

    private static object? ValueAt(object? options, string dottedName)
    {
        foreach (var part in dottedName.Split('.'))
        {
            if (options is null)
            {
                return null;
            }

            var member = options.GetType().GetMember(part, BindingFlags.Public | BindingFlags.Instance).First();
            options = member is FieldInfo f ? f.GetValue(options) : ((PropertyInfo)member).GetValue(options);
        }

        return options;
    }

    private static object? Contained(SearchSpace.DeclaredMember declared, object? value, string parameterName) =>
        DefaultValues.Contains(declared.Distribution, value)
            ? DefaultValues.Normalize(declared.Distribution, value)
            : throw new ArgumentException($"The default of '{declared.Name}' is {Parameter.FormatValue(value)}, outside its space {declared.Distribution}.", parameterName);
}

/// <summary>What a default may be: a point of its distribution, or the distribution's origin.</summary>
internal static class DefaultValues
{
    /// <summary>True when <paramref name="value"/> is a point of <paramref name="distribution"/>.</summary>
    internal static bool Contains(Distribution distribution, object? value) => distribution switch
    {
        ChoiceDistribution c => c.Values.Any(v => Equals(v, value)),
        _ when value is null or bool or string or Enum => false,
        UniformDistribution u => Convert.ToDouble(value) is var d && d >= u.Min && d <= u.Max,
        UniformIntDistribution i => Convert.ToDouble(value) is var d && d == Math.Round(d) && d >= i.Min && d <= i.Max,
        LogUniformIntDistribution l => Convert.ToDouble(value) is var d && d == Math.Round(d) && d >= l.Min && d <= l.Max,
        _ => false,
    };

    // The type the space samples (double for continuous ranges, long for integer ones), so defaults compare with draws.
    internal static object? Normalize(Distribution distribution, object? value) => distribution switch
    {
        UniformDistribution => Convert.ToDouble(value),
        UniformIntDistribution or LogUniformIntDistribution => Convert.ToInt64(value),
        _ => value,
    };

    /// <summary>The lower bound of a range or the first choice: AutoML's default when none is declared.</summary>
    internal static object? Origin(Distribution distribution) => distribution switch
    {
        ChoiceDistribution c => c.Values[0],
        UniformDistribution u => u.Min,
        UniformIntDistribution i => i.Min,
        LogUniformIntDistribution l => l.Min,
        _ => throw new NotSupportedException($"{distribution} has no origin."),
    };
}
