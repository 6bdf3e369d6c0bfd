using MlNetHpo.Experiments;

namespace MlNetHpo.AutoML;

/// <summary>
/// A tuner whose trials do not all compete for the best: successive halving's lower rungs ran on less of the resource.
/// The result's best is the best of <see cref="Eligible"/> (ranks stay over every trial, as scikit-learn's halving search).
/// </summary>
internal interface IBestCandidates
{
    /// <summary>The candidates the best is chosen among (a subset of <paramref name="candidates"/>, in their order).</summary>
    IReadOnlyList<CandidateResult> Eligible(IReadOnlyList<CandidateResult> candidates);
}
