using MlNetHpo.AutoML;

namespace MlNetHpo.Storage;

/// <summary>
/// A study: the only mapping between a search's trials and a store's records. What is stored, and when:
/// <list type="bullet">
/// <item>on open, the search's definition (refused, with nothing written, when the stored one differs);</item>
/// <item>at claim time, the typed parameters the tuner proposed for the trial (<see cref="Parameter.ToTypedJson"/>), so a
/// trial taken again after its worker died, or given back, runs with the parameters it was first given;</item>
/// <item>at completion, the finished trial (first completion wins).</item>
/// </list>
/// A search that reopens the study reads the finished trials back with their typed parameters and replays them into its
/// tuner through <c>Update</c> only, in trial-id order: the tuner is never asked to propose a stored id again, so a tuner
/// that learns from results resumes from what it learnt.
/// </summary>
internal sealed class Study
{
    private readonly ITrialStore _store;

    private Study(ITrialStore store, string name) => (_store, Name) = (store, name);

    /// <summary>The study's name in its store.</summary>
    public string Name { get; }

    /// <summary>Opens (or creates) study <paramref name="name"/>.</summary>
    /// <exception cref="StudyMismatchException">The study exists with another definition; the message names the field.</exception>
    public static Study Open(ITrialStore store, string name, StudyDefinition definition)
    {
        store.OpenStudy(name, definition.ToJson());
        return new Study(store, name);
    }

    /// <summary>Every finished trial, in trial-id order, with its typed parameters.</summary>
    public IReadOnlyList<FinishedTrial> LoadCompleted() =>
        [.. _store.LoadCompleted(Name).OrderBy(r => r.TrialId).Select(r => new FinishedTrial(r, Parameter.FromJson(r.ParametersJson)))];

    /// <summary>Claims the lowest free trial below <paramref name="limit"/> for <paramref name="holder"/>.</summary>
    /// <returns>The claimed id (null when none is free) with the parameters an earlier holder recorded, and the trials other holders lease.</returns>
    public (int? Id, Parameter? Recorded, int RunningElsewhere) Claim(string holder, long? limit, TimeSpan lease)
    {
        var claim = _store.ClaimNext(Name, holder, limit, lease);
        return (claim.TrialId, claim.ParametersJson is { } json ? Parameter.FromJson(json) : null, claim.RunningElsewhere);
    }

    /// <summary>Records <paramref name="proposed"/> for a claimed trial; returns the parameters that stand for it (the first recorded).</summary>
    public Parameter RecordProposal(int trialId, string holder, Parameter proposed)
    {
        var typed = proposed.ToTypedJson();
        var standing = _store.RecordProposal(Name, trialId, holder, typed);
        return standing == typed ? proposed : Parameter.FromJson(standing);
    }

    /// <summary>Extends a held lease; false when it is no longer held.</summary>
    public bool RenewLease(int trialId, string holder, TimeSpan lease) => _store.RenewLease(Name, trialId, holder, lease);

    /// <summary>Gives a claimed trial back unfinished (its parameters stay recorded).</summary>
    public void Release(int trialId, string holder) => _store.Release(Name, trialId, holder);

    /// <summary>Records a finished trial; false when it was already completed (a late duplicate, dropped).</summary>
    public bool Complete(FinishedTrial trial) => _store.Complete(Name, trial.Record);
}

/// <summary>A finished trial, immutable: the stored record and its typed parameters.</summary>
/// <param name="Record">What the store holds (parameters as typed JSON).</param>
/// <param name="Parameters">The typed parameters.</param>
internal sealed record FinishedTrial(TrialRecord Record, Parameter Parameters)
{
    /// <summary>The trial id.</summary>
    public int Id => Record.TrialId;

    /// <summary>A finished trial from the scores of its units, per metric in <paramref name="metricNames"/>' order.</summary>
    public static FinishedTrial FromUnits(int id, Parameter parameters, IReadOnlyList<string> metricNames, IReadOnlyList<Evaluation.UnitResult> units, string worker) =>
        new(
            new TrialRecord
            {
                TrialId = id,
                ParametersJson = parameters.ToTypedJson(),
                Scores = [
                    .. metricNames.Select((name, m) => new KeyValuePair<string, double[]>(name, [.. units.Select(u => u.Scores[m])])),
                    .. units.All(u => u.TrainScores != null)
                        ? metricNames.Select((name, m) => new KeyValuePair<string, double[]>(TrainKey(name), [.. units.Select(u => u.TrainScores![m])]))
                        : [],
                ],
                FitTimes = [.. units.Select(u => u.FitSeconds)],
                ScoreTimes = [.. units.Select(u => u.ScoreSeconds)],
                Error = units.Select(u => u.Error).FirstOrDefault(e => e != null),
                Warnings = [.. units.SelectMany(u => u.Warnings).Distinct()],
                Worker = worker,
            },
            parameters);

    /// <summary>
    /// The key the train scores of <paramref name="metric"/> are stored under, beside the test scores (':' is in no metric
    /// name, and readers that know nothing of train scores skip it).
    /// </summary>
    public static string TrainKey(string metric) => "train:" + metric;

    /// <summary>The trial as a table row (ranks are set once, when the table is built); failed folds score <paramref name="errorScore"/>.</summary>
    public Experiments.CandidateResult ToCandidate(IReadOnlyList<string> metricNames, double errorScore = double.NaN) =>
        Experiments.SearchResult.FromRecord(Record, Parameters, metricNames, errorScore);
}
