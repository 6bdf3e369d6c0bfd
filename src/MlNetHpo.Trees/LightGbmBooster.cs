using Microsoft.ML.Trainers.LightGbm;
using MlNetHpo.AutoML;

namespace MlNetHpo.Sweeping;

/// <summary>
/// The binding of the ready LightGBM trainers: a candidate's gradient-booster members go onto <c>Options.Booster</c> (a new
/// <see cref="GradientBooster.Options"/> when configure left it unset), the rest onto the Options. The core's options sequence
/// takes it as its bind step, so the core needs no LightGBM type.
/// </summary>
internal static class LightGbmBooster
{
    /// <summary>Names routed onto the booster although the Options have a member of the same name (also any name only the booster has).</summary>
    private static readonly HashSet<string> BoosterMembers = new(StringComparer.OrdinalIgnoreCase)
    {
        "MinimumSplitGain", "MaximumTreeDepth", "MinimumChildWeight", "SubsampleFrequency", "SubsampleFraction", "FeatureFraction", "L2Regularization", "L1Regularization",
    };

    private static readonly HashSet<string> BoosterNames = OptionsBinder.BindableNames(typeof(GradientBooster.Options)).ToHashSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>Binds <paramref name="parameter"/> onto LightGBM <paramref name="options"/>, the booster's members onto its <c>Booster</c>.</summary>
    public static TOptions Bind<TOptions>(TOptions options, Parameter parameter)
        where TOptions : class => options switch
        {
            LightGbmBinaryTrainer.Options o => Route(options, parameter, () => o.Booster, b => o.Booster = b),
            LightGbmMulticlassTrainer.Options o => Route(options, parameter, () => o.Booster, b => o.Booster = b),
            LightGbmRegressionTrainer.Options o => Route(options, parameter, () => o.Booster, b => o.Booster = b),
            LightGbmRankingTrainer.Options o => Route(options, parameter, () => o.Booster, b => o.Booster = b),
            _ => OptionsBinder.Bind(options, parameter),
        };

    private static TOptions Route<TOptions>(TOptions options, Parameter parameter, Func<BoosterParameterBase.OptionsBase?> get, Action<BoosterParameterBase.OptionsBase> set)
        where TOptions : class
    {
        var own = OptionsBinder.BindableNames(typeof(TOptions)).ToHashSet(StringComparer.OrdinalIgnoreCase);
        bool OnBooster(string name) => BoosterMembers.Contains(name) || (!own.Contains(name) && BoosterNames.Contains(name));
        OptionsBinder.Bind(options, new Parameter(parameter.Where(p => !OnBooster(p.Key))));
        var booster = parameter.Where(p => OnBooster(p.Key)).ToList();
        if (booster.Count > 0)
        {
            var target = get() ?? new GradientBooster.Options();
            OptionsBinder.Bind(target, new Parameter(booster));
            set(target);
        }

        return options;
    }
}
