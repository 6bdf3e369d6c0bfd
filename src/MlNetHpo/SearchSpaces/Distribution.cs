namespace MlNetHpo.AutoML;

/// <summary>
/// Where random search draws one hyperparameter from: a list (uniform choice), a uniform or
/// log-uniform real range, or a uniform integer range with inclusive bounds.
/// </summary>
public abstract class Distribution
{
    private protected Distribution()
    {
    }

    /// <summary>Draws one value.</summary>
    internal abstract object? Sample(SplitMixRandom random);

    /// <summary>
    /// True when the space declares where a search starts on this hyperparameter (AutoML's option default: a
    /// <see cref="SearchSpace{T}"/>'s init or initializer values); the cost-frugal tuners start there.
    /// </summary>
    internal bool HasDefault { get; private set; }

    /// <summary>The declared start when <see cref="HasDefault"/>.</summary>
    internal object? Default { get; private set; }

    /// <summary>The same distribution with <paramref name="value"/> as its declared start (not part of its text, so spaces print and compare as before).</summary>
    internal Distribution WithDefault(object? value)
    {
        var copy = (Distribution)MemberwiseClone();
        (copy.HasDefault, copy.Default) = (true, value);
        return copy;
    }

    // Each params method takes an array (C# 12, the default of net8.0 projects, cannot call params IEnumerable) and has an IEnumerable overload.

    /// <summary>A uniform choice among <paramref name="values"/>.</summary>
    /// <exception cref="ArgumentException">The list is empty.</exception>
    public static Distribution Choice(params object?[] values) => new ChoiceDistribution(values);

    /// <inheritdoc cref="Choice(object?[])"/>
    public static Distribution Choice(IEnumerable<object?> values) => new ChoiceDistribution(values);

    /// <summary>Reals uniform on [<paramref name="min"/>, <paramref name="max"/>].</summary>
    /// <exception cref="ArgumentException"><paramref name="min"/> is above <paramref name="max"/> or a bound is not finite.</exception>
    public static Distribution Uniform(double min, double max) => new UniformDistribution(min, max, log: false);

    /// <summary>Reals whose logarithm is uniform: every decade of [<paramref name="min"/>, <paramref name="max"/>] equally likely.</summary>
    /// <exception cref="ArgumentException"><paramref name="min"/> is not positive, or is above <paramref name="max"/>.</exception>
    public static Distribution LogUniform(double min, double max) => new UniformDistribution(min, max, log: true);

    /// <summary>Integers uniform on [<paramref name="min"/>, <paramref name="max"/>], both included.</summary>
    /// <exception cref="ArgumentException"><paramref name="min"/> is above <paramref name="max"/>.</exception>
    public static Distribution UniformInt(long min, long max) => new UniformIntDistribution(min, max);

    /// <summary>Integers on [<paramref name="min"/>, <paramref name="max"/>] whose logarithm is uniform (AutoML's log-scaled integer range).</summary>
    /// <exception cref="ArgumentException"><paramref name="min"/> is not positive, or is above <paramref name="max"/>.</exception>
    public static Distribution LogUniformInt(long min, long max) => new LogUniformIntDistribution(min, max);

    private protected static void CheckRange(double min, double max, string what)
    {
        if (!double.IsFinite(min) || !double.IsFinite(max))
        {
            throw new ArgumentException($"A {what} range needs finite bounds; got [{min}, {max}].", nameof(min));
        }

        if (min > max)
        {
            throw new ArgumentException($"A {what} range needs min <= max; got min={min}, max={max}.", nameof(min));
        }
    }
}

/// <summary>A uniform choice among listed values.</summary>
public sealed class ChoiceDistribution : Distribution
{
    internal ChoiceDistribution(IEnumerable<object?> values)
    {
        if (values is null)
        {
            throw new ArgumentException("A choice needs a list of values; single values need to be wrapped in a list with one element.", nameof(values));
        }

        Values = values.ToArray();
        if (Values.Count == 0)
        {
            throw new ArgumentException("A choice needs a non-empty list of values, got: [].", nameof(values));
        }
    }

    /// <summary>The values to choose from.</summary>
    public IReadOnlyList<object?> Values { get; }

    internal override object? Sample(SplitMixRandom random) => Values[(int)random.NextInt64(Values.Count)];

    /// <inheritdoc/>
    public override string ToString() => $"choice[{string.Join(", ", Values.Select(Parameter.FormatValue))}]";
}

/// <summary>Reals uniform on a range, optionally on a log scale.</summary>
public sealed class UniformDistribution : Distribution
{
    internal UniformDistribution(double min, double max, bool log)
    {
        CheckRange(min, max, log ? "log-uniform" : "uniform");
        if (log && min <= 0)
        {
            throw new ArgumentException($"A log-uniform range needs min > 0; got min={min}.", nameof(min));
        }

        (Min, Max, IsLog) = (min, max, log);
    }

    /// <summary>Lower bound.</summary>
    public double Min { get; }

    /// <summary>Upper bound.</summary>
    public double Max { get; }

    /// <summary>True for log-uniform.</summary>
    public bool IsLog { get; }

    internal override object? Sample(SplitMixRandom random)
    {
        var u = random.NextDouble();
        return IsLog
            ? Math.Clamp(Math.Exp(Math.Log(Min) + (u * (Math.Log(Max) - Math.Log(Min)))), Min, Max)
            : Min + (u * (Max - Min));
    }

    /// <inheritdoc/>
    public override string ToString() => $"{(IsLog ? "loguniform" : "uniform")}[{Min}, {Max}]";
}

/// <summary>Integers uniform on an inclusive range.</summary>
public sealed class UniformIntDistribution : Distribution
{
    internal UniformIntDistribution(long min, long max)
    {
        if (min > max)
        {
            throw new ArgumentException($"An integer range needs min <= max; got min={min}, max={max}.", nameof(min));
        }

        (Min, Max) = (min, max);
    }

    /// <summary>Lower bound, included.</summary>
    public long Min { get; }

    /// <summary>Upper bound, included.</summary>
    public long Max { get; }

    internal override object? Sample(SplitMixRandom random) => Min + (long)random.NextInt64((ulong)(Max - Min) + 1);

    /// <inheritdoc/>
    public override string ToString() => $"int[{Min}, {Max}]";
}

/// <summary>Integers on an inclusive range, drawn log-uniformly and rounded (each decade about equally likely).</summary>
public sealed class LogUniformIntDistribution : Distribution
{
    internal LogUniformIntDistribution(long min, long max)
    {
        if (min <= 0 || min > max)
        {
            throw new ArgumentException($"A log-scaled integer range needs 0 < min <= max; got min={min}, max={max}.", nameof(min));
        }

        (Min, Max) = (min, max);
    }

    /// <summary>Lower bound, included.</summary>
    public long Min { get; }

    /// <summary>Upper bound, included.</summary>
    public long Max { get; }

    internal override object? Sample(SplitMixRandom random)
    {
        // Draw on [min - 0.5, max + 0.5) in log space so both end points get their share after rounding.
        var (low, high) = (Math.Log(Min - 0.5 + 1e-9), Math.Log(Max + 0.5));
        var value = (long)Math.Round(Math.Exp(low + (random.NextDouble() * (high - low))));
        return Math.Clamp(value, Min, Max);
    }

    /// <inheritdoc/>
    public override string ToString() => $"logint[{Min}, {Max}]";
}
