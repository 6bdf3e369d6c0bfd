using Microsoft.ML;
using MlNetHpo.Trainers;

namespace MlNetHpo.Sweeping;

/// <summary>
/// One of our trainers, as a search fits it: stopped by the trial's context whichever context it was made from (an
/// <c>Options</c>-only factory makes it from the user's), and possibly through another estimator than itself (the same
/// solution, with a model that is cheaper to build or carries what the search records, its
/// <see cref="Trainers.ITrainingWarnings"/>). Every built-in sweepable estimator puts <see cref="ForSearch"/> in its place, so
/// searches, refits included, never see the difference.
/// </summary>
internal interface ISearchFit
{
    /// <summary>The estimator a search fits in place of this one; its solvers stop when <paramref name="cancellation"/> is requested.</summary>
    IEstimator<ITransformer> ForSearch(FitCancellation cancellation);
}
