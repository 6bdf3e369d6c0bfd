using MlNetHpo.AutoML;

namespace MlNetHpo.Halving;

/// <summary>
/// A tuner whose trials belong to rungs (successive halving's iterations, synchronous or ASHA's) with a resource each. The
/// results table shows both (<see cref="Experiments.CandidateResult.Iteration"/>, <see cref="Experiments.CandidateResult.Resources"/>),
/// and the best is taken from the highest rung only (<see cref="Experiments.Ranking.Best"/>): lower rungs ran on less of the
/// resource and do not compete.
/// </summary>
internal interface IRungTuner
{
    /// <summary>The rung of trial <paramref name="trialId"/>, run with <paramref name="parameters"/>, and its resources; null outside the plan.</summary>
    (int Iteration, long Resources)? RungOf(int trialId, Parameter parameters);
}
