using Microsoft.ML;

namespace MlNetHpo.AutoML;

/// <summary>AutoML's <c>.Append</c> overloads: chaining fixed estimators, sweepable estimators and sweepable pipelines into a <see cref="SweepablePipeline"/>.</summary>
public static class SweepableExtension
{
    /// <summary>A pipeline: <paramref name="estimator"/> (fixed), then one of <paramref name="estimators"/> (a choice when several).</summary>
    public static SweepablePipeline Append(this IEstimator<ITransformer> estimator, params SweepableEstimator[] estimators) =>
        new SweepablePipeline().Append(estimator).Append(estimators);

    /// <summary>A pipeline: <paramref name="estimator"/> (fixed), then the stages of <paramref name="pipeline"/>.</summary>
    public static SweepablePipeline Append(this IEstimator<ITransformer> estimator, SweepablePipeline pipeline) =>
        new SweepablePipeline().Append(estimator).Append(pipeline);

    /// <summary>A pipeline: <paramref name="estimator"/>, then one of <paramref name="estimators"/> (a choice when several).</summary>
    public static SweepablePipeline Append(this SweepableEstimator estimator, params SweepableEstimator[] estimators) =>
        new SweepablePipeline().Append(estimator).Append(estimators);

    /// <summary>A pipeline: <paramref name="estimator"/>, then <paramref name="estimator1"/> (fixed).</summary>
    public static SweepablePipeline Append(this SweepableEstimator estimator, IEstimator<ITransformer> estimator1) =>
        new SweepablePipeline().Append(estimator).Append(estimator1);

    /// <summary>A pipeline: <paramref name="estimator"/>, then the stages of <paramref name="estimator1"/>.</summary>
    public static SweepablePipeline Append(this SweepableEstimator estimator, SweepablePipeline estimator1) =>
        new SweepablePipeline().Append(estimator).Append(estimator1);
}
