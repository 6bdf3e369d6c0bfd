namespace MlNetHpo.AutoML;

/// <summary>
/// A tuner whose trials do not all compete for the best: successive halving's lower rungs ran on less of the resource. A
/// successful trial of a higher tier beats any trial of a lower one; within a tier, the better mean wins
/// (<see cref="Experiments.Ranking.Beats(int, double, int, int, double, int, bool)"/>). Ranks stay over every trial, as in
/// scikit-learn's halving search, whose best also comes from the last iteration.
/// </summary>
internal interface ITieredTuner
{
    /// <summary>The tier of a trial with <paramref name="parameters"/> (ASHA: its rung).</summary>
    int Tier(Parameter parameters);
}
