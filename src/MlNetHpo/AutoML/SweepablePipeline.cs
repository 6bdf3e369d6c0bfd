using Microsoft.ML;
using Microsoft.ML.Data;

namespace MlNetHpo.AutoML;

/// <summary>
/// A chain of sweepable stages (AutoML's <c>SweepablePipeline</c>): fixed estimators, sweepable estimators, and stages that
/// choose one of several estimators. As in AutoML, every estimator appended gets a key <c>e0</c>, <c>e1</c>, ... (each
/// alternative of a choosing stage its own), and a point of the pipeline's <see cref="SearchSpace"/> holds each estimator's
/// hyperparameters under its key (<c>e1.L2Regularization</c>, read as <c>parameter["e1"]</c>) and, under <c>_SCHEMA_</c>, the
/// estimators it chains (<c>"e0 * e3"</c>: one per stage). <see cref="AutoMLExperiment"/> puts the pipeline's point under
/// <c>_pipeline_</c>, so a monitor reads <c>settings.Parameter["_pipeline_"]["e1"]</c> as in AutoML.
/// </summary>
/// <remarks>
/// Differences from AutoML: a point holds only the estimators its <c>_SCHEMA_</c> chains (AutoML samples every estimator's
/// space in every trial), so the space is a union of one sub-space per schema; names are dotted in one flat
/// <see cref="Parameter"/> whose indexer reads them as nested; a stage without hyperparameters has no entry. The leading fixed
/// stages are fitted once per fold by <see cref="AutoMLExperiment"/>, not once per trial.
/// </remarks>
public sealed class SweepablePipeline
{
    /// <summary>The name an experiment's point holds the pipeline's under (AutoML's <c>AutoMLExperiment.PipelineSearchspaceName</c>).</summary>
    internal const string PipelineKey = "_pipeline_";

    /// <summary>The name of the schema: the estimators a point chains, as AutoML writes them (<c>"e0 * e3"</c>).</summary>
    internal const string SchemaKey = "_SCHEMA_";

    private readonly SweepableEstimator[] _estimators;

    // Each stage's alternatives, as indices into _estimators (one for a plain stage).
    private readonly int[][] _stages;

    /// <summary>An empty pipeline (append stages to it).</summary>
    internal SweepablePipeline()
        : this([], [])
    {
    }

    private SweepablePipeline(SweepableEstimator[] estimators, int[][] stages) => (_estimators, _stages) = (estimators, stages);

    /// <summary>The estimators by key (<c>e0</c>, <c>e1</c>, ...), in the order appended; a choosing stage's alternatives each have their own.</summary>
    public IReadOnlyDictionary<string, SweepableEstimator> Estimators =>
        _estimators.Select((estimator, i) => (Key: Key(i), estimator)).ToDictionary(s => s.Key, s => s.estimator);

    /// <summary>
    /// The space of the whole pipeline: one sub-space per way of chaining one estimator per stage, holding that chain's
    /// <c>_SCHEMA_</c> and each of its estimators' hyperparameters under the estimator's key (<c>e{i}.Name</c>).
    /// </summary>
    public SearchSpace SearchSpace =>
        SearchSpace.Union(Schemas().Select(schema => SearchSpace.Product(
        [
            // The cross product of the chained estimators' sub-spaces, each name under its estimator's key, and the chain itself.
            .. schema.Select(i => (Key(i) + ".", _estimators[i].SearchSpace ?? new SearchSpace())),
            (string.Empty, Space([KeyValuePair.Create(SchemaKey, Distribution.Choice(Schema(schema)))])),
        ])));

    /// <summary>The pipeline's space under <c>_pipeline_</c>: what <see cref="AutoMLExperiment"/> searches.</summary>
    internal SearchSpace ExperimentSearchSpace => SearchSpace.Product([(PipelineKey + ".", SearchSpace)]);

    /// <summary>
    /// Builds the chain for one trial: the estimators <c>_SCHEMA_</c> names, each from the values under its key (AutoML's
    /// <c>BuildFromOption</c>, given the pipeline's point: <c>settings.Parameter["_pipeline_"]</c> in an experiment).
    /// </summary>
    /// <param name="context">The trial's context (the search seeds it).</param>
    /// <param name="parameter">
    /// A point of <see cref="SearchSpace"/> (or an experiment's point, holding it under <c>_pipeline_</c>); <c>_SCHEMA_</c> may be
    /// left out when the pipeline chains one way only.
    /// </param>
    /// <exception cref="ArgumentException"><c>_SCHEMA_</c> is missing where several chains are possible, or is not one of this pipeline's.</exception>
    public EstimatorChain<ITransformer> BuildFromOption(MLContext context, Parameter parameter) => Build(context, parameter, 0);

    /// <summary>A new pipeline with <paramref name="estimators"/> appended: one stage, or a stage choosing one of them when there are several.</summary>
    /// <exception cref="ArgumentException">No estimator given.</exception>
    public SweepablePipeline Append(params SweepableEstimator[] estimators)
    {
        ArgumentNullException.ThrowIfNull(estimators);
        if (estimators.Length == 0)
        {
            throw new ArgumentException("Append needs at least one estimator.", nameof(estimators));
        }

        foreach (var estimator in estimators)
        {
            ArgumentNullException.ThrowIfNull(estimator, nameof(estimators));
        }

        return new SweepablePipeline([.. _estimators, .. estimators], [.. _stages, [.. Enumerable.Range(_estimators.Length, estimators.Length)]]);
    }

    /// <summary>A new pipeline with the stages of <paramref name="pipeline"/> appended (its estimators keyed after this one's, as in AutoML).</summary>
    public SweepablePipeline Append(SweepablePipeline pipeline)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        var offset = _estimators.Length;
        return new SweepablePipeline([.. _estimators, .. pipeline._estimators], [.. _stages, .. pipeline._stages.Select(stage => stage.Select(i => i + offset).ToArray())]);
    }

    /// <summary>A new pipeline with a fixed (not swept) <paramref name="estimator"/> appended.</summary>
    public SweepablePipeline Append(IEstimator<ITransformer> estimator) => Append(Fixed(estimator));

    /// <summary>
    /// The estimators a trial with <paramref name="parameter"/> chains, as AutoML writes them: names joined by <c>=&gt;</c>.
    /// <paramref name="parameter"/> is an experiment's point (the pipeline's under <c>_pipeline_</c>, as AutoML takes it) or the pipeline's own.
    /// </summary>
    /// <exception cref="ArgumentException">The point's <c>_SCHEMA_</c> is missing where several chains are possible, or is not one of this pipeline's.</exception>
    public string ToString(Parameter parameter)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        return string.Join("=>", SchemaOf(Inner(parameter)).Select(i => _estimators[i].Name));
    }

    /// <inheritdoc/>
    public override string ToString() => string.Join("=>", _stages.Select(stage => string.Join("|", stage.Select(i => _estimators[i].Name))));

    /// <summary>A stage that builds <paramref name="estimator"/> as is, whatever the trial.</summary>
    internal static SweepableEstimator Fixed(IEstimator<ITransformer> estimator)
    {
        ArgumentNullException.ThrowIfNull(estimator);
        return new FixedStage(estimator);
    }

    /// <summary>
    /// The leading fixed stages as one estimator (null when none), fitted once per fold by a search, and the rest as one
    /// sweepable estimator taking an experiment's points (the pipeline's under <c>_pipeline_</c>), over <see cref="ExperimentSearchSpace"/>.
    /// </summary>
    internal (IEstimator<ITransformer>? Featurizer, SweepableEstimator Trainer) Split()
    {
        var count = _stages.TakeWhile(stage => stage.Length == 1 && _estimators[stage[0]] is FixedStage).Count();
        if (count == _stages.Length && count > 0)
        {
            count--; // keep one stage to build per trial
        }

        IEstimator<ITransformer>? featurizer = null;
        foreach (var stage in _stages.Take(count).Select(stage => (FixedStage)_estimators[stage[0]]))
        {
            featurizer = featurizer is null ? stage.Estimator : featurizer.Append(stage.Estimator);
        }

        var start = count;
        var name = string.Join("=>", _stages.Skip(start).Select(stage => string.Join("|", stage.Select(i => _estimators[i].Name))));
        var trainer = SweepableEstimator.FromFactory((context, parameter) => Build(context, parameter, start), name);
        return (featurizer, trainer.WithSearchSpace(ExperimentSearchSpace));
    }

    private EstimatorChain<ITransformer> Build(MLContext context, Parameter parameter, int start)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(parameter);
        parameter = Inner(parameter);
        var chain = new EstimatorChain<ITransformer>();
        foreach (var i in SchemaOf(parameter).Skip(start))
        {
            chain = chain.Append(_estimators[i].BuildFromOption(context, Own(parameter, Key(i))));
        }

        return chain;
    }

    // Every way to chain one estimator per stage, in AutoML's order (the first stage's alternatives vary slowest).
    private IEnumerable<int[]> Schemas() =>
        _stages.Aggregate((IEnumerable<int[]>)[[]], (chains, stage) => chains.SelectMany(chain => stage.Select(i => (int[])[.. chain, i])).ToList());

    private static string Schema(int[] chain) => string.Join(" * ", chain.Select(Key));

    // The estimators the point's _SCHEMA_ chains, one per stage.
    private int[] SchemaOf(Parameter parameter)
    {
        var schemas = Schemas().ToList();
        if (!parameter.TryGetValue(SchemaKey, out var value))
        {
            return schemas.Count == 1
                ? schemas[0]
                : throw new ArgumentException($"A point of this pipeline names the estimators it chains in '{SchemaKey}', one of: {string.Join(", ", schemas.Select(Schema))}; got {parameter}.", nameof(parameter));
        }

        return schemas.FirstOrDefault(s => Schema(s) == value as string)
            ?? throw new ArgumentException($"'{SchemaKey}' is '{Parameter.FormatValue(value)}'; this pipeline's are: {string.Join(", ", schemas.Select(Schema))}.", nameof(parameter));
    }

    // The pipeline's point: what an experiment's point holds under _pipeline_, or the point itself.
    private static Parameter Inner(Parameter parameter) => Own(parameter, PipelineKey) is { Count: > 0 } inner ? inner : parameter;

    // The values named key.*, without the head (empty when there are none: a stage without hyperparameters).
    private static Parameter Own(Parameter parameter, string key)
    {
        var head = key + ".";
        return new Parameter(parameter.Where(p => p.Key.StartsWith(head, StringComparison.Ordinal)).Select(p => KeyValuePair.Create(p.Key[head.Length..], p.Value)));
    }

    private static SearchSpace Space(IEnumerable<KeyValuePair<string, Distribution>> distributions)
    {
        var space = new SearchSpace();
        foreach (var (name, distribution) in distributions)
        {
            space.Add(name, distribution);
        }

        return space;
    }

    private static string Key(int estimator) => "e" + estimator.ToString(System.Globalization.CultureInfo.InvariantCulture);

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

        public override IEstimator<ITransformer> BuildFromOption(MLContext context, Parameter parameter) => Estimator;
    }
}
