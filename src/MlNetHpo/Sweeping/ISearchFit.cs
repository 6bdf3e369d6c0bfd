using Microsoft.ML;

namespace MlNetHpo.Sweeping;

/// <summary>
/// A trainer that a search fits through another estimator than itself: the same solution, with a model that is cheaper to
/// build or carries what the search records (its <see cref="Trainers.ITrainingWarnings"/>). Every built-in sweepable
/// estimator puts <see cref="ForSearch"/> in its place, so searches, refits included, never see the difference.
/// </summary>
internal interface ISearchFit
{
    /// <summary>The estimator a search fits in place of this one.</summary>
    IEstimator<ITransformer> ForSearch();
}
