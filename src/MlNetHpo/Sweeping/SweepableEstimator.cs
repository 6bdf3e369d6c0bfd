using Microsoft.ML;
using MlNetHpo.SearchSpaces;

namespace MlNetHpo.Sweeping;

/// <summary>
/// An estimator whose hyperparameters come from a <see cref="Parameter"/> (AutoML's sweepable estimator):
/// built afresh for every trial. Made from a factory over an Options class, whose members are bound by
/// name, or from a factory over the parameter itself for estimators without an Options class.
/// </summary>
public abstract class SweepableEstimator
{
    /// <summary>A short name shown in results; defaults to the Options type or "estimator".</summary>
    public string Name { get; init; } = "estimator";

    /// <summary>
    /// The search space declared by the Options class's search-space attributes, when there are any
    /// (see <see cref="SearchSpace.FromAttributes(Type)"/>); null otherwise.
    /// </summary>
    public virtual SearchSpace? DeclaredSearchSpace => null;

    /// <summary>
    /// Builds the estimator for one trial. <paramref name="context"/> is a fresh context seeded by the search,
    /// so trainers that draw random numbers from it give the same model whatever the order of trials.
    /// </summary>
    public abstract IEstimator<ITransformer> BuildFromParameter(MLContext context, Parameter parameter);

    /// <summary>Checks that <paramref name="parameter"/> binds, without building (names and value types).</summary>
    public virtual void Validate(Parameter parameter)
    {
    }

    /// <summary>An estimator made by <paramref name="factory"/> from a new <typeparamref name="TOptions"/> with the trial's values bound.</summary>
    public static SweepableEstimator FromOptions<TOptions>(Func<TOptions, IEstimator<ITransformer>> factory)
        where TOptions : class, new()
    {
        ArgumentNullException.ThrowIfNull(factory);
        return new OptionsSweepable<TOptions>((_, options) => factory(options)) { Name = OptionsName(typeof(TOptions)) };
    }

    /// <summary>As <see cref="FromOptions{TOptions}(Func{TOptions, IEstimator{ITransformer}})"/>, with the trial's seeded context.</summary>
    public static SweepableEstimator FromOptions<TOptions>(Func<MLContext, TOptions, IEstimator<ITransformer>> factory)
        where TOptions : class, new()
    {
        ArgumentNullException.ThrowIfNull(factory);
        return new OptionsSweepable<TOptions>(factory) { Name = OptionsName(typeof(TOptions)) };
    }

    /// <summary>An estimator made by <paramref name="factory"/> directly from the trial's context and parameter.</summary>
    public static SweepableEstimator FromFactory(Func<MLContext, Parameter, IEstimator<ITransformer>> factory, string name = "estimator")
    {
        ArgumentNullException.ThrowIfNull(factory);
        return new FactorySweepable(factory) { Name = name };
    }

    // ML.NET nests Options in the trainer (LbfgsLogisticRegressionBinaryTrainer.Options): name the trainer.
    private static string OptionsName(Type options) => options.DeclaringType?.Name ?? options.Name;

    private sealed class OptionsSweepable<TOptions>(Func<MLContext, TOptions, IEstimator<ITransformer>> factory) : SweepableEstimator
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

        public override SearchSpace? DeclaredSearchSpace => _declared.Value;

        public override IEstimator<ITransformer> BuildFromParameter(MLContext context, Parameter parameter) =>
            factory(context, OptionsBinder.Bind(new TOptions(), parameter));

        public override void Validate(Parameter parameter) => OptionsBinder.Bind(new TOptions(), parameter);
    }

    private sealed class FactorySweepable(Func<MLContext, Parameter, IEstimator<ITransformer>> factory) : SweepableEstimator
    {
        public override IEstimator<ITransformer> BuildFromParameter(MLContext context, Parameter parameter) => factory(context, parameter);
    }
}
