using Microsoft.ML;

namespace MlNetHpo.AutoML;

/// <summary>
/// AutoML's catalog, reached by <c>mlContext.Auto()</c>: creates experiments, sweepable estimators and sweepable pipelines
/// on this library's engine.
/// </summary>
public sealed partial class AutoCatalog
{
    internal AutoCatalog(MLContext context) => Context = context;

    /// <summary>The context the catalog was reached from.</summary>
    internal MLContext Context { get; }

    /// <summary>An <see cref="AutoMLExperiment"/> on this context, with AutoML's defaults unless <paramref name="settings"/> says otherwise.</summary>
    public AutoMLExperiment CreateExperiment(AutoMLExperiment.AutoMLExperimentSettings? settings = null) =>
        new(Context, settings ?? new AutoMLExperiment.AutoMLExperimentSettings());

    /// <summary>
    /// A sweepable estimator made by <paramref name="factory"/> from a <typeparamref name="T"/> holding each trial's values
    /// (AutoML's <c>CreateSweepableEstimator</c>).
    /// </summary>
    /// <typeparam name="T">The options class whose search-space attributes declare the space.</typeparam>
    /// <param name="factory">Makes the estimator from the trial's context and options.</param>
    /// <param name="ss">The space; null for the one <typeparamref name="T"/> declares.</param>
    public SweepableEstimator CreateSweepableEstimator<T>(Func<MLContext, T, IEstimator<ITransformer>> factory, SearchSpace<T>? ss = null)
        where T : class, new()
    {
        ArgumentNullException.ThrowIfNull(factory);
        ss ??= new SearchSpace<T>();
        return SweepableEstimator.FromFactory((context, parameter) => factory(context, parameter.AsType<T>()), typeof(T).Name).WithSearchSpace(ss);
    }
}
