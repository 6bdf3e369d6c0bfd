namespace MlNetHpo.Storage;

/// <summary>
/// Where a study's trials live: the single source of truth shared by every worker of a study, in one
/// process or several. A worker claims a trial id (with a lease it renews while fitting), evaluates it and
/// completes it; the first completion of an id wins, so a trial is never recorded twice, even when a worker
/// presumed dead comes back late. A lease that expires frees its trial for another worker.
/// The engine only talks to this interface, so a server-backed store can replace the SQLite one.
/// </summary>
public interface ITrialStore : IDisposable
{
    /// <summary>
    /// Opens study <paramref name="study"/>, creating it with <paramref name="definition"/> (what is searched: space,
    /// tuner, folds, metrics) if new.
    /// </summary>
    /// <exception cref="StudyMismatchException">The study exists with another definition.</exception>
    void OpenStudy(string study, string definition);

    /// <summary>The definition a study was created with, or null when it does not exist.</summary>
    string? GetDefinition(string study);

    /// <summary>
    /// Atomically claims the lowest trial id below <paramref name="limit"/> (unbounded when null) that is neither
    /// completed nor leased by a live worker, leasing it to <paramref name="worker"/> for <paramref name="lease"/>.
    /// </summary>
    TrialClaim ClaimNext(string study, string worker, long? limit, TimeSpan lease);

    /// <summary>
    /// Records the parameters proposed for trial <paramref name="trialId"/>, claimed by <paramref name="worker"/>, as JSON
    /// (the study's typed form, which <c>Parameter.FromJson</c> reads back with the values' types; a store keeps it as
    /// opaque text), and returns the parameters that stand for it: the first recorded wins. A trial taken again
    /// after its worker died or gave it back keeps the parameters it was first given (see <see cref="TrialClaim.ParametersJson"/>),
    /// since an adaptive tuner's proposal depends on what it had learned when it proposed, not on the trial id alone.
    /// </summary>
    string RecordProposal(string study, int trialId, string worker, string parametersJson);

    /// <summary>Extends the lease of a trial still held by <paramref name="worker"/>; false when it is no longer held.</summary>
    bool RenewLease(string study, int trialId, string worker, TimeSpan lease);

    /// <summary>Gives a claimed trial back without a result (the search was cancelled while it ran); its recorded parameters stay with it.</summary>
    void Release(string study, int trialId, string worker);

    /// <summary>Records a finished trial; false (and nothing written) when that trial was already completed.</summary>
    bool Complete(string study, TrialRecord record);

    /// <summary>Every completed trial of the study, by trial id.</summary>
    IReadOnlyList<TrialRecord> LoadCompleted(string study);

    /// <summary>
    /// A value recorded for study <paramref name="study"/> under <paramref name="key"/> by <see cref="SetAttribute"/>, or null.
    /// Attributes carry what a worker needs beyond the search definition (a tool's settings, the data set's hash); the
    /// study need not be opened first.
    /// </summary>
    string? GetAttribute(string study, string key);

    /// <summary>Records (or replaces) the value of attribute <paramref name="key"/> of study <paramref name="study"/>.</summary>
    void SetAttribute(string study, string key, string value);
}

/// <summary>What <see cref="ITrialStore.ClaimNext"/> got.</summary>
/// <param name="TrialId">The claimed trial, or null when none is free now.</param>
/// <param name="RunningElsewhere">Trials below the limit leased by other live workers (they may still come free).</param>
/// <param name="ParametersJson">The parameters recorded for the claimed trial by an earlier holder, or null when none were.</param>
public readonly record struct TrialClaim(int? TrialId, int RunningElsewhere, string? ParametersJson = null);

/// <summary>Thrown when a study is opened with a definition other than the one it was created with.</summary>
public sealed class StudyMismatchException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    public StudyMismatchException(string message)
        : base(message)
    {
    }
}
