using Microsoft.ML;
using MlNetHpo.Sweeping;
using MlNetHpo.AutoML;
using MlNetHpo.Trainers;

namespace MlNetHpo.AutoML;

/// <summary>
/// An estimator whose hyperparameters come from a <see cref="Parameter"/> (AutoML's sweepable estimator):
/// built afresh for every trial. Made as AutoML makes one, from a factory over the parameter and a search space
/// (<see cref="SweepableEstimator(Func{MLContext, Parameter, IEstimator{ITransformer}}, SearchSpace)"/>, or a subclass
/// overriding <see cref="BuildFromOption"/>), or from a factory over an Options class whose members are bound by name
/// (<see cref="FromOptions{TOptions}(Func{MLContext, TOptions, IEstimator{ITransformer}}, string?)"/>).
/// </summary>
public class SweepableEstimator
{
    /// <summary>The hyperparameter naming the chosen estimator in a <see cref="Choice(SweepableEstimator[])"/>.</summary>
    public const string TrainerKey = "Trainer";

    private readonly Func<MLContext, Parameter, IEstimator<ITransformer>>? _factory;

    private SearchSpace? _searchSpace;

    /// <summary>
    /// An estimator that <paramref name="factory"/> makes from each trial's context and parameter, searched over
    /// <paramref name="ss"/> (AutoML's constructor; a <see cref="SearchSpace{T}"/> converts to <see cref="AutoML.SearchSpace"/>).
    /// </summary>
    /// <param name="factory">Makes the estimator from the trial's seeded context and its parameter, a point of <paramref name="ss"/>.</param>
    /// <param name="ss">The estimator's search space.</param>
    public SweepableEstimator(Func<MLContext, Parameter, IEstimator<ITransformer>> factory, SearchSpace ss)
        : this(factory)
    {
        ArgumentNullException.ThrowIfNull(ss);
        _searchSpace = ss;
    }

    /// <summary>For subclasses, which override <see cref="BuildFromOption"/> and set <see cref="SearchSpace"/> (as AutoML's protected constructor).</summary>
    protected SweepableEstimator()
    {
    }

    private SweepableEstimator(Func<MLContext, Parameter, IEstimator<ITransformer>> factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        _factory = factory;
    }

    private string _name = "estimator";

    /// <summary>A short name shown in results and used by <see cref="Choice(SweepableEstimator[])"/>; defaults to the trainer's type name.</summary>
    public string Name
    {
        get => _name;
        init => _name = value;
    }

    /// <summary>
    /// The estimator's own search space: set by the ready-made trainers and <see cref="WithSearchSpace"/>; otherwise the
    /// space declared by the Options class's search-space attributes (see <see cref="SearchSpace.FromAttributes(Type)"/>),
    /// or null.
    /// </summary>
    public SearchSpace? SearchSpace
    {
        get => _searchSpace ?? DeclaredSearchSpace;
        init => _searchSpace = value;
    }

    /// <summary>The space declared by attributes on the Options class, if any.</summary>
    protected virtual SearchSpace? DeclaredSearchSpace => null;

    /// <summary>The same estimator (building, model key and validation included) with <paramref name="space"/> as its search space.</summary>
    public SweepableEstimator WithSearchSpace(SearchSpace space)
    {
        ArgumentNullException.ThrowIfNull(space);
        var copy = (SweepableEstimator)MemberwiseClone();
        copy._searchSpace = space;
        return copy;
    }

    /// <summary>The same estimator (building, model key, validation and space included) under another <see cref="Name"/>.</summary>
    public SweepableEstimator WithName(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var copy = (SweepableEstimator)MemberwiseClone();
        copy._name = name;
        return copy;
    }

    /// <summary>
    /// Builds the estimator for one trial (AutoML's <c>BuildFromOption</c>). <paramref name="context"/> is a fresh context seeded
    /// by the search, so trainers that draw random numbers from it give the same model whatever the order of trials. The
    /// built-in sweepable estimators return a trainer's search form where it has one: our trainers stopped by
    /// <paramref name="context"/>'s cancellation whichever context made them, and for our
    /// <see cref="Trainers.LogisticRegressionTrainer"/>, an estimator of <see cref="Trainers.LogisticRegressionTrainer.FitModel"/>
    /// (same solution, its warnings recorded). The base calls the constructor's factory.
    /// </summary>
    /// <exception cref="InvalidOperationException">A subclass made without a factory does not override this method.</exception>
    public virtual IEstimator<ITransformer> BuildFromOption(MLContext context, Parameter parameter) =>
        _factory is null
            ? throw new InvalidOperationException($"{GetType().Name} was made without a factory and does not override BuildFromOption; override it, or construct a SweepableEstimator with a factory.")
            : ForSearch(_factory(context, parameter), context);

    /// <summary>
    /// A key equal for candidates that train the same model (see <see cref="IModelKey"/>), so a search fits it once per fold;
    /// null when unknown, which is the default.
    /// </summary>
    public virtual string? ModelKey(Parameter parameter) => null;

    /// <summary>Checks that <paramref name="parameter"/> binds, without building (names and value types).</summary>
    public virtual void Validate(Parameter parameter)
    {
    }

    /// <summary>
    /// What a search fits for <paramref name="estimator"/>: its <see cref="ISearchFit.ForSearch"/>, stopped by the trial's
    /// <paramref name="context"/>, when it has one.
    /// </summary>
    internal static IEstimator<ITransformer> ForSearch(IEstimator<ITransformer> estimator, MLContext context) =>
        estimator is ISearchFit searchFit ? searchFit.ForSearch(FitCancellation.Of(context.BinaryClassification.Trainers)) : estimator;

    /// <summary>The Options of type <paramref name="type"/> a candidate builds with (by the one options sequence), or null when this estimator has none of that type.</summary>
    internal virtual object? OptionsFor(Type type, Parameter parameter) => null;

    /// <summary>An estimator made by <paramref name="factory"/> from a new <typeparamref name="TOptions"/> with the trial's values bound.</summary>
    /// <param name="factory">Makes the estimator from the bound Options.</param>
    /// <param name="name">The name in results; default: the trainer's type name without "Trainer" (e.g. "FastTreeBinary").</param>
    public static SweepableEstimator FromOptions<TOptions>(Func<TOptions, IEstimator<ITransformer>> factory, string? name = null)
        where TOptions : class, new()
    {
        ArgumentNullException.ThrowIfNull(factory);
        return new OptionsSweepable<TOptions>((_, options) => factory(options)) { Name = name ?? OptionsName(typeof(TOptions)) };
    }

    /// <summary>As <see cref="FromOptions{TOptions}(Func{TOptions, IEstimator{ITransformer}}, string?)"/>, with the trial's seeded context.</summary>
    /// <param name="factory">Makes the estimator from the trial's context and the bound Options.</param>
    /// <param name="name">The name in results; default: the trainer's type name without "Trainer" (e.g. "FastTreeBinary").</param>
    public static SweepableEstimator FromOptions<TOptions>(Func<MLContext, TOptions, IEstimator<ITransformer>> factory, string? name = null)
        where TOptions : class, new()
    {
        ArgumentNullException.ThrowIfNull(factory);
        return new OptionsSweepable<TOptions>(factory) { Name = name ?? OptionsName(typeof(TOptions)) };
    }

    /// <summary>An estimator made by <paramref name="factory"/> directly from the trial's context and parameter.</summary>
    public static SweepableEstimator FromFactory(Func<MLContext, Parameter, IEstimator<ITransformer>> factory, string name = "estimator")
    {
        ArgumentNullException.ThrowIfNull(factory);
        return new SweepableEstimator(factory) { Name = name };
    }

    /// <summary>
    /// A choice between estimators in one search: each candidate names its estimator in <see cref="TrainerKey"/>
    /// ("Trainer") and the rest of its parameters go to that estimator. The combined space is the union of each
    /// estimator's sub-spaces with its name added, so grid and random search range over all of them. Random search
    /// picks a sub-space uniformly, so an estimator whose space has several sub-spaces is drawn more often.
    /// </summary>
    /// <exception cref="ArgumentException">No estimator, or two with the same name.</exception>
    public static SweepableEstimator Choice(params SweepableEstimator[] estimators) => Choice((IEnumerable<SweepableEstimator>)estimators);

    /// <inheritdoc cref="Choice(SweepableEstimator[])"/>
    public static SweepableEstimator Choice(IEnumerable<SweepableEstimator> estimators)
    {
        ArgumentNullException.ThrowIfNull(estimators);
        var byName = new Dictionary<string, SweepableEstimator>(StringComparer.OrdinalIgnoreCase);
        foreach (var estimator in estimators)
        {
            ArgumentNullException.ThrowIfNull(estimator, nameof(estimators));
            if (!byName.TryAdd(estimator.Name, estimator))
            {
                throw new ArgumentException($"Two estimators are named '{estimator.Name}'; give each a distinct Name.", nameof(estimators));
            }
        }

        if (byName.Count == 0)
        {
            throw new ArgumentException("A choice needs at least one estimator.", nameof(estimators));
        }

        // Each sub-space of each estimator (e.g. the compatible solver/penalty pairs of a logistic regression) stays a sub-space of its own.
        var space = SearchSpace.Union(byName.Values.SelectMany(e => (e.SearchSpace ?? new SearchSpace()).SubSpaces.Select(own =>
        {
            var sub = new SearchSpace { [TrainerKey] = Distribution.Choice(e.Name) };
            foreach (var (name, distribution) in own)
            {
                sub.Add(name, distribution);
            }

            return sub;
        })));

        return new ChoiceSweepable(byName) { Name = string.Join("|", byName.Keys), SearchSpace = space };
    }

    // ML.NET nests Options in the trainer (LbfgsLogisticRegressionBinaryTrainer.Options): name the trainer,
    // without the "Trainer"/"Options" suffixes, as AutoML names them ("LbfgsLogisticRegressionBinary").
    private static string OptionsName(Type options)
    {
        var name = options.DeclaringType?.Name ?? options.Name;
        foreach (var suffix in new[] { "Options", "Trainer" })
        {
            name = name.EndsWith(suffix, StringComparison.Ordinal) && name.Length > suffix.Length ? name[..^suffix.Length] : name;
        }

        return name;
    }

    /// <summary>A choice: the candidate's "Trainer" names the estimator that builds, keys, validates and gives Options.</summary>
    private sealed class ChoiceSweepable(Dictionary<string, SweepableEstimator> byName) : SweepableEstimator
    {
        public override IEstimator<ITransformer> BuildFromOption(MLContext context, Parameter parameter)
        {
            var (estimator, rest) = Pick(parameter);
            return estimator.BuildFromOption(context, rest);
        }

        public override string? ModelKey(Parameter parameter)
        {
            try
            {
                var (estimator, rest) = Pick(parameter);
                return estimator.ModelKey(rest) is { } key ? $"{estimator.Name}:{key}" : null;
            }
            catch (ArgumentException)
            {
                return null;
            }
        }

        public override void Validate(Parameter parameter)
        {
            var (estimator, rest) = Pick(parameter);
            estimator.Validate(rest);
        }

        internal override object? OptionsFor(Type type, Parameter parameter)
        {
            var (estimator, rest) = Pick(parameter);
            return estimator.OptionsFor(type, rest);
        }

        private (SweepableEstimator Estimator, Parameter Others) Pick(Parameter parameter)
        {
            if (!parameter.TryGetValue(TrainerKey, out var chosen) || chosen is not string name || !byName.TryGetValue(name, out var estimator))
            {
                throw new ArgumentException(
                    $"A candidate of a choice must name its estimator in '{TrainerKey}', one of: {string.Join(", ", byName.Keys)}; got {parameter}.", nameof(parameter));
            }

            return (estimator, new Parameter(parameter.Where(p => p.Key != TrainerKey)));
        }
    }
}
