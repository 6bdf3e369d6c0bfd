using Microsoft.ML;
using Microsoft.ML.Trainers.LightGbm;
using MlNetHpo.SearchSpaces;

namespace MlNetHpo.Sweeping;

/// <summary>
/// The one options-based sweepable. Every candidate's Options are made by one fixed sequence, the same for building the
/// estimator, its model key, validating a space and <see cref="Experiments.SearchResult.BestOptions{TOptions}"/>:
/// <list type="number">
/// <item>new Options;</item>
/// <item>configure: the caller's fixed settings;</item>
/// <item>single-thread: <c>NumberOfThreads = 1</c> when configure left it unset (a search runs folds in parallel instead,
/// and a result must not depend on how a trainer split its work);</item>
/// <item>bind the candidate's values (LightGBM's booster members onto <c>Options.Booster</c>), so the space can still set
/// <c>NumberOfThreads</c>;</item>
/// <item>columns: label and features, last, so a candidate cannot move them.</item>
/// </list>
/// </summary>
internal sealed class OptionsSweepable<TOptions>(
    Func<MLContext, TOptions, IEstimator<ITransformer>> factory,
    Action<TOptions>? configure = null,
    Action<TOptions>? columns = null) : SweepableEstimator
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
    public TOptions Options(Parameter parameter) => OptionsSequence.Make(parameter, configure, columns);

    public override IEstimator<ITransformer> BuildFromParameter(MLContext context, Parameter parameter) => factory(context, Options(parameter));

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
    /// <summary>Names of the gradient booster routed onto a LightGBM <c>Options.Booster</c> (also any name only the booster has).</summary>
    private static readonly HashSet<string> BoosterMembers = new(StringComparer.OrdinalIgnoreCase)
    {
        "MinimumSplitGain", "MaximumTreeDepth", "MinimumChildWeight", "SubsampleFrequency", "SubsampleFraction", "FeatureFraction", "L2Regularization", "L1Regularization",
    };

    /// <summary>new, configure, single-thread, bind, columns.</summary>
    public static TOptions Make<TOptions>(Parameter parameter, Action<TOptions>? configure = null, Action<TOptions>? columns = null)
        where TOptions : class, new()
    {
        ArgumentNullException.ThrowIfNull(parameter);
        var options = new TOptions();
        configure?.Invoke(options);
        OptionsBinder.SingleThreadedUnlessSet(options);
        Bind(options, parameter);
        columns?.Invoke(options);
        return options;
    }

    /// <summary>
    /// Binds <paramref name="parameter"/> onto <paramref name="options"/>; when the Options have a LightGBM <c>Booster</c>, the
    /// booster's members go onto it (a new <see cref="GradientBooster.Options"/> when unset). The three LightGBM Options
    /// classes share no public base type exposing <c>Booster</c>, hence the property is found by name.
    /// </summary>
    public static TOptions Bind<TOptions>(TOptions options, Parameter parameter)
        where TOptions : class
    {
        var property = typeof(TOptions).GetProperty("Booster");
        var field = typeof(TOptions).GetField("Booster");
        var boosterType = property?.PropertyType ?? field?.FieldType;
        if (boosterType is null || !typeof(BoosterParameterBase.OptionsBase).IsAssignableFrom(boosterType))
        {
            return OptionsBinder.Bind(options, parameter);
        }

        var own = OptionsBinder.BindableNames(typeof(TOptions)).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var boosterNames = OptionsBinder.BindableNames(typeof(GradientBooster.Options)).ToHashSet(StringComparer.OrdinalIgnoreCase);
        bool OnBooster(string name) => BoosterMembers.Contains(name) || (!own.Contains(name) && boosterNames.Contains(name));
        OptionsBinder.Bind(options, new Parameter(parameter.Where(p => !OnBooster(p.Key))));
        var booster = parameter.Where(p => OnBooster(p.Key)).ToList();
        if (booster.Count > 0)
        {
            var target = (property?.GetValue(options) ?? field?.GetValue(options)) ?? new GradientBooster.Options();
            OptionsBinder.Bind(target, new Parameter(booster));
            property?.SetValue(options, target);
            field?.SetValue(options, target);
        }

        return options;
    }
}
