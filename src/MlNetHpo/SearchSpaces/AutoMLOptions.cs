namespace MlNetHpo.AutoML;

/// <summary>
/// AutoML's search-space option (<c>Microsoft.ML.SearchSpace.Option.OptionBase</c>): one hyperparameter's range or choice,
/// set on a <see cref="SearchSpace{T}"/> by name (<c>space["L1Regularization"] = new UniformSingleOption(...)</c>, as AutoML's
/// docs do). It is a <see cref="Distribution"/> with an optional default, under AutoML's names.
/// </summary>
public abstract class OptionBase
{
    private protected OptionBase(Distribution distribution, object? defaultValue)
    {
        Distribution = defaultValue is null ? distribution : distribution.WithDefault(DefaultValues.Normalize(distribution, defaultValue));
        if (defaultValue is not null && !DefaultValues.Contains(distribution, defaultValue))
        {
            throw new ArgumentException($"The default value {Parameter.FormatValue(defaultValue)} is outside {distribution}.", nameof(defaultValue));
        }
    }

    /// <summary>The range or choice, its default (when given) the search's start on it.</summary>
    internal Distribution Distribution { get; }
}

/// <summary>AutoML's numeric range option: <see cref="Min"/> to <see cref="Max"/>, on a log scale when <see cref="LogBase"/>.</summary>
public abstract class UniformNumericOption : OptionBase
{
    private protected UniformNumericOption(double min, double max, bool logBase, Distribution distribution, object? defaultValue)
        : base(distribution, defaultValue) => (Min, Max, LogBase) = (min, max, logBase);

    /// <summary>The lower bound.</summary>
    public double Min { get; }

    /// <summary>The upper bound.</summary>
    public double Max { get; }

    /// <summary>Whether values are drawn on a log scale.</summary>
    public bool LogBase { get; }

    private protected static Distribution Range(double min, double max, bool logBase) =>
        logBase ? Distribution.LogUniform(min, max) : Distribution.Uniform(min, max);
}

/// <summary>AutoML's <c>UniformDoubleOption</c>: a real range.</summary>
/// <param name="min">The lower bound.</param>
/// <param name="max">The upper bound.</param>
/// <param name="logBase">Draw on a log scale (both bounds positive).</param>
/// <param name="defaultValue">Where the cost-frugal tuners start (default: <paramref name="min"/>).</param>
/// <exception cref="ArgumentException">A bound is not finite, min is not below max, a log range is not positive, or the default is outside.</exception>
public sealed class UniformDoubleOption(double min, double max, bool logBase = false, double? defaultValue = null)
    : UniformNumericOption(min, max, logBase, Range(min, max, logBase), defaultValue);

/// <summary>AutoML's <c>UniformSingleOption</c>: a real range for a float option.</summary>
/// <param name="min">The lower bound.</param>
/// <param name="max">The upper bound.</param>
/// <param name="logBase">Draw on a log scale (both bounds positive).</param>
/// <param name="defaultValue">Where the cost-frugal tuners start (default: <paramref name="min"/>).</param>
/// <exception cref="ArgumentException">A bound is not finite, min is not below max, a log range is not positive, or the default is outside.</exception>
public sealed class UniformSingleOption(float min, float max, bool logBase = false, float? defaultValue = null)
    : UniformNumericOption(min, max, logBase, Range(min, max, logBase), defaultValue is { } d ? (double)d : null);

/// <summary>AutoML's <c>UniformIntOption</c>: an integer range, bounds included.</summary>
/// <param name="min">The lower bound.</param>
/// <param name="max">The upper bound.</param>
/// <param name="logBase">Draw on a log scale (both bounds positive).</param>
/// <param name="defaultValue">Where the cost-frugal tuners start (default: <paramref name="min"/>).</param>
/// <exception cref="ArgumentException">min is not below max, a log range is not positive, or the default is outside.</exception>
public sealed class UniformIntOption(int min, int max, bool logBase = false, int? defaultValue = null)
    : UniformNumericOption(min, max, logBase, logBase ? Distribution.LogUniformInt(min, max) : Distribution.UniformInt(min, max), defaultValue);

/// <summary>AutoML's <c>ChoiceOption</c>: one of a list of values.</summary>
public sealed class ChoiceOption : OptionBase
{
    /// <summary>A choice among <paramref name="choices"/>, starting at the first.</summary>
    /// <param name="choices">The values.</param>
    /// <exception cref="ArgumentException">The list is empty.</exception>
    public ChoiceOption(params object[] choices)
        : base(Distribution.Choice(choices), null)
    {
    }

    /// <summary>A choice among <paramref name="choices"/>, starting at <paramref name="defaultChoice"/>.</summary>
    /// <param name="choices">The values.</param>
    /// <param name="defaultChoice">Where the cost-frugal tuners start; one of <paramref name="choices"/>.</param>
    /// <exception cref="ArgumentException">The list is empty or does not hold the default.</exception>
    public ChoiceOption(object[] choices, object? defaultChoice)
        : base(Distribution.Choice(choices), defaultChoice)
    {
    }
}
