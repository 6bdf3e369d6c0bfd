using Microsoft.ML;
using Microsoft.ML.Data;

namespace MlNetHpo.AutoML;

/// <summary>
/// A chain of sweepable stages (AutoML's <c>SweepablePipeline</c>): fixed estimators, sweepable estimators, and stages
/// that choose one of several estimators. Stage <c>k</c> is keyed <c>e{k}</c> as in AutoML, and its hyperparameters are
/// named <c>e{k}.Name</c> in the pipeline's <see cref="SearchSpace"/>, so several stages (a featurizer's options as well
/// as the trainer's) are swept together. A stage made by appending several estimators at once chooses one of them: its
/// choice is named <c>e{k}.Trainer</c> (see <see cref="SweepableEstimator.Choice(SweepableEstimator[])"/>).
/// </summary>
/// <remarks>
/// Differences from AutoML: parameters are flat, dotted names (<c>e1.L2Regularization</c>), not a nested parameter under
/// <c>_pipeline_</c> with a <c>_SCHEMA_</c> entry; a choice is a stage of its own rather than an expression over
/// estimators. The leading fixed stages are fitted once per fold by <see cref="AutoMLExperiment"/>, not once per trial.
/// </remarks>
public sealed class SweepablePipeline
{
    private readonly SweepableEstimator[] _stages;

    /// <summary>An empty pipeline (append stages to it).</summary>
    internal SweepablePipeline()
        : this([])
    {
    }

    private SweepablePipeline(SweepableEstimator[] stages) => _stages = stages;

    /// <summary>The stages by key (<c>e0</c>, <c>e1</c>, ...), in order.</summary>
    public IReadOnlyDictionary<string, SweepableEstimator> Estimators =>
        _stages.Select((stage, k) => (Key: Key(k), stage)).ToDictionary(s => s.Key, s => s.stage);

    /// <summary>
    /// The space of the whole pipeline: each stage's hyperparameters with <c>e{k}.</c> added. Stages that are unions of
    /// sub-spaces (choices) make the pipeline a union of every combination of their sub-spaces.
    /// </summary>
    public SearchSpace SearchSpace => SearchSpace.Product(_stages.Select((stage, k) => (Key(k) + ".", stage.SearchSpace ?? new SearchSpace())));

    /// <summary>Builds the chain for one trial: stage <c>k</c> from the parameters named <c>e{k}.*</c>.</summary>
    /// <param name="context">The trial's context (the search seeds it).</param>
    /// <param name="parameter">The trial's parameters, as drawn from <see cref="SearchSpace"/>.</param>
    public EstimatorChain<ITransformer> BuildFromOption(MLContext context, Parameter parameter) => Build(context, parameter, 0);

    /// <summary>A new pipeline with <paramref name="estimators"/> appended: one stage, or a stage choosing one of them when there are several.</summary>
    /// <exception cref="ArgumentException">No estimator given.</exception>
    public SweepablePipeline Append(params SweepableEstimator[] estimators)
    {
        ArgumentNullException.ThrowIfNull(estimators);
        return estimators.Length switch
        {
            0 => throw new ArgumentException("Append needs at least one estimator.", nameof(estimators)),
            1 => new SweepablePipeline([.. _stages, estimators[0] ?? throw new ArgumentNullException(nameof(estimators))]),
            _ => new SweepablePipeline([.. _stages, SweepableEstimator.Choice(DistinctNames(estimators))]),
        };
    }

    /// <summary>A new pipeline with the stages of <paramref name="pipeline"/> appended.</summary>
    public SweepablePipeline Append(SweepablePipeline pipeline)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        return new SweepablePipeline([.. _stages, .. pipeline._stages]);
    }

    /// <summary>A new pipeline with a fixed (not swept) <paramref name="estimator"/> appended.</summary>
    public SweepablePipeline Append(IEstimator<ITransformer> estimator) => Append(Fixed(estimator));

    /// <summary>The estimators a trial with <paramref name="parameter"/> builds, as AutoML writes them: names joined by <c>=&gt;</c>.</summary>
    public string ToString(Parameter parameter)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        return string.Join("=>", _stages.Select((stage, k) =>
            parameter.TryGetValue($"{Key(k)}.{SweepableEstimator.TrainerKey}", out var chosen) && chosen is string name ? name : stage.Name));
    }

    /// <inheritdoc/>
    public override string ToString() => string.Join("=>", _stages.Select(s => s.Name));

    /// <summary>A stage that builds <paramref name="estimator"/> as is, whatever the trial.</summary>
    internal static SweepableEstimator Fixed(IEstimator<ITransformer> estimator)
    {
        ArgumentNullException.ThrowIfNull(estimator);
        return new FixedStage(estimator);
    }

    /// <summary>
    /// The leading fixed stages as one estimator (null when none), fitted once per fold by a search, and the rest as one
    /// sweepable estimator taking the pipeline's parameters.
    /// </summary>
    internal (IEstimator<ITransformer>? Featurizer, SweepableEstimator Trainer) Split()
    {
        var count = _stages.TakeWhile(s => s is FixedStage).Count();
        if (count == _stages.Length && count > 0)
        {
            count--; // keep one stage to build per trial
        }

        IEstimator<ITransformer>? featurizer = null;
        foreach (var stage in _stages.Take(count).Cast<FixedStage>())
        {
            featurizer = featurizer is null ? stage.Estimator : featurizer.Append(stage.Estimator);
        }

        var start = count;
        var trainer = SweepableEstimator.FromFactory((context, parameter) => Build(context, parameter, start), string.Join("=>", _stages.Skip(start).Select(s => s.Name)));
        return (featurizer, trainer.WithSearchSpace(SearchSpace));
    }

    private EstimatorChain<ITransformer> Build(MLContext context, Parameter parameter, int start)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(parameter);
        var chain = new EstimatorChain<ITransformer>();
        for (var k = start; k < _stages.Length; k++)
        {
            var prefix = Key(k) + ".";
            var own = new Parameter(parameter.Where(p => p.Key.StartsWith(prefix, StringComparison.Ordinal)).Select(p => KeyValuePair.Create(p.Key[prefix.Length..], p.Value)));
            chain = chain.Append(_stages[k].BuildFromParameter(context, own));
        }

        return chain;
    }

    private static string Key(int stage) => "e" + stage.ToString(System.Globalization.CultureInfo.InvariantCulture);

    // Choice needs distinct names; AutoML tells alternatives apart by key, so two of one kind are numbered here.
    private static SweepableEstimator[] DistinctNames(SweepableEstimator[] estimators)
    {
        var seen = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        return [.. estimators.Select(e =>
        {
            ArgumentNullException.ThrowIfNull(e, nameof(estimators));
            var n = seen[e.Name] = seen.GetValueOrDefault(e.Name) + 1;
            return n == 1 ? e : e.WithName($"{e.Name}{n}");
        })];
    }

    /// <summary>An estimator appended as is: no hyperparameter, the same estimator for every trial.</summary>
    private sealed class FixedStage : SweepableEstimator
    {
        public FixedStage(IEstimator<ITransformer> estimator)
        {
            Estimator = estimator;
            Name = estimator.GetType().Name.Split('`')[0];
            SearchSpace = new SearchSpace();
        }

        public IEstimator<ITransformer> Estimator { get; }

        public override IEstimator<ITransformer> BuildFromParameter(MLContext context, Parameter parameter) => Estimator;
    }
}
