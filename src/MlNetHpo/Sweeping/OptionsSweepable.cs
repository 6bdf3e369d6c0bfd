using Microsoft.ML;
using MlNetHpo.AutoML;

namespace MlNetHpo.Sweeping;

/// <summary>
/// The one options-based sweepable. Every candidate's Options are made by one fixed sequence, the same for building the
/// estimator, its model key, validating a space and <see cref="Experiments.SearchResult.BestOptions{TOptions}"/>:
/// <list type="number">
/// <item>new Options;</item>
/// <item>configure: the caller's fixed settings;</item>
/// <item>single-thread: <c>NumberOfThreads = 1</c> when configure left it unset (a search runs folds in parallel instead,
/// and a result must not depend on how a trainer split its work), except for ML.NET's FastTree family, whose fits ML.NET
/// never overlaps (see <see cref="OptionsBinder.SingleThreadedUnlessSet"/>);</item>
/// <item>bind the candidate's values (by <c>bind</c> when given: MlNetHpo.Trees routes LightGBM's booster members onto
/// <c>Options.Booster</c> with it), so the space can still set
/// <c>NumberOfThreads</c>;</item>
/// <item>columns: label and features, last, so a candidate cannot move them.</item>
/// </list>
/// </summary>
internal sealed class OptionsSweepable<TOptions>(
    Func<MLContext, TOptions, IEstimator<ITransformer>> factory,
    Action<TOptions>? configure = null,
    Action<TOptions>? columns = null,
    Func<TOptions, Parameter, TOptions>? bind = null) : SweepableEstimator
    where TOptions : class, new()
{
    private readonly Lazy<SearchSpace?> _declared = new(() =>
    {
        try
        {
            return SearchSpace.FromAttributes<TOptions>();
        }
        catch (ArgumentException)
        {
            return null;
        }
    });

    protected override SearchSpace? DeclaredSearchSpace => _declared.Value;

    /// <summary>The Options of one candidate, by the fixed sequence.</summary>
    public TOptions Options(Parameter parameter) => OptionsSequence.Make(parameter, configure, columns, bind);

    public override IEstimator<ITransformer> BuildFromOption(MLContext context, Parameter parameter) => ForSearch(factory(context, Options(parameter)), context);

    public override void Validate(Parameter parameter) => Options(parameter);

    public override string? ModelKey(Parameter parameter)
    {
        if (!typeof(IModelKey).IsAssignableFrom(typeof(TOptions)))
        {
            return null;
        }

        try
        {
            return ((IModelKey)Options(parameter)).ModelKey() is { } key ? $"{typeof(TOptions).FullName}:{key}" : null;
        }
        catch (ArgumentException)
        {
            return null; // the candidate fails when built, as any other
        }
    }

    internal override object? OptionsFor(Type type, Parameter parameter) => type.IsAssignableFrom(typeof(TOptions)) ? Options(parameter) : null;
}

/// <summary>The fixed sequence that makes a candidate's Options (see <see cref="OptionsSweepable{TOptions}"/>).</summary>
internal static class OptionsSequence
{
    /// <summary>new, configure, single-thread, bind, columns.</summary>
    public static TOptions Make<TOptions>(Parameter parameter, Action<TOptions>? configure = null, Action<TOptions>? columns = null, Func<TOptions, Parameter, TOptions>? bind = null)
        where TOptions : class, new()
    {
        ArgumentNullException.ThrowIfNull(parameter);
        var options = new TOptions();
        configure?.Invoke(options);
        OptionsBinder.SingleThreadedUnlessSet(options);
        if (bind is null)
        {
            OptionsBinder.Bind(options, parameter);
        }
        else
        {
            bind(options, parameter);
        }

        columns?.Invoke(options);
        return options;
    }
}
