namespace MlNetHpo.AutoML;

/// <summary>
/// Drives a sequential search (FLOW2, ECI) up to a trial under the batch rule: before proposing trial i it feeds the results
/// of the trials below <see cref="TrialHistory.DependsOnTrialsBelow"/>(i), in id order, then proposes in id order. The
/// search's state after trial i depends on every earlier proposal and result, so asking for a trial already passed means
/// starting again from trial 0 (<see cref="Propose"/> then has the tuner rebuild its search, which calls <see cref="Restart"/>).
/// </summary>
internal sealed class SequentialReplay(TrialHistory history, string tunerName)
{
    private int _next;
    private int _completedBelow;

    /// <summary>True when trial <paramref name="trialId"/> was already proposed: the search must start again from trial 0.</summary>
    private bool IsBehind(int trialId) => trialId < _next;

    /// <summary>Back to trial 0 (the tuner has rebuilt its search).</summary>
    public void Restart() => (_next, _completedBelow) = (0, 0);

    /// <summary>
    /// A tuner's <see cref="ITuner.Propose"/>: null outside its <paramref name="count"/> trials; for a trial already passed,
    /// <paramref name="reset"/> rebuilds the search (and calls <see cref="Restart"/>) first; then <see cref="ProposeUpTo"/>.
    /// </summary>
    public Parameter? Propose(TrialSettings settings, long count, Action reset, Action<int, double> complete, Func<int, Parameter?> propose)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var id = settings.TrialId;
        if (id < 0 || id >= count)
        {
            return null;
        }

        if (IsBehind(id))
        {
            reset();
        }

        return ProposeUpTo(id, complete, propose);
    }

    /// <summary>Feeds results and proposes up to <paramref name="trialId"/>; returns that trial's proposal.</summary>
    /// <param name="trialId">The trial to propose.</param>
    /// <param name="complete">Tells the search trial k's loss.</param>
    /// <param name="propose">Asks the search for trial k's parameters.</param>
    public Parameter? ProposeUpTo(int trialId, Action<int, double> complete, Func<int, Parameter?> propose)
    {
        var results = history.Before(trialId).ToDictionary(o => o.Id);
        var proposal = default(Parameter);
        while (_next <= trialId)
        {
            for (; _completedBelow < history.DependsOnTrialsBelow(_next); _completedBelow++)
            {
                var loss = results.TryGetValue(_completedBelow, out var o) ? o.Loss
                    : throw new InvalidOperationException($"{tunerName} needs the result of trial {_completedBelow} before proposing trial {_next}.");
                complete(_completedBelow, loss);
            }

            proposal = propose(_next);
            _next++;
        }

        return proposal;
    }
}
