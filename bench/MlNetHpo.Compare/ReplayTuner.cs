using MlNetHpo.AutoML;

namespace MlNetHpo.Compare;

/// <summary>
/// Proposes a fixed list of candidates in order. W2 replays scikit-learn's own RandomizedSearchCV draws, so both sides
/// evaluate the same 100 candidates (our RandomSearchTuner draws from the same space with its own generator, not numpy's).
/// </summary>
internal sealed class ReplayTuner(IReadOnlyList<Parameter> candidates) : ITuner
{
    public long? Count => candidates.Count;

    public Parameter? Propose(TrialSettings settings) =>
        settings.TrialId >= 0 && settings.TrialId < candidates.Count ? candidates[settings.TrialId] : null;

    public void Update(TrialResult result)
    {
    }
}
