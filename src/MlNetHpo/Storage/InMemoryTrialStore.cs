namespace MlNetHpo.Storage;

/// <summary>The default store: trials kept in memory for the life of the object (threads of one process share it).</summary>
public sealed class InMemoryTrialStore : ITrialStore
{
    private readonly object _lock = new(); // not System.Threading.Lock: the library also targets net8.0
    private readonly Dictionary<string, Study> _studies = [];
    private readonly Dictionary<(string Study, string Key), string> _attributes = [];

    /// <inheritdoc/>
    public void OpenStudy(string study, string definition)
    {
        lock (_lock)
        {
            if (_studies.TryGetValue(study, out var existing))
            {
                StudyDefinitions.Check(study, existing.Definition, definition);
                return;
            }

            _studies[study] = new Study(definition);
        }
    }

    /// <inheritdoc/>
    public string? GetDefinition(string study)
    {
        lock (_lock)
        {
            return _studies.TryGetValue(study, out var s) ? s.Definition : null;
        }
    }

    /// <inheritdoc/>
    public TrialClaim ClaimNext(string study, string worker, long? limit, TimeSpan lease)
    {
        lock (_lock)
        {
            var s = Get(study);
            var now = DateTime.UtcNow;
            // Every live lease of another worker below the limit, as the SQL stores count them (not only those below the id claimed).
            var running = s.Leases.Count(l => (limit is null || l.Key < limit) && l.Value.Expires > now && l.Value.Worker != worker);
            // Ids below FirstOpen are all completed: a claim costs the trials running, not the trials recorded.
            for (var id = s.FirstOpen; limit is null || id < limit; id++)
            {
                if (s.Completed.ContainsKey(id) || (s.Leases.TryGetValue(id, out var held) && held.Expires > now && held.Worker != worker))
                {
                    continue;
                }

                s.Leases[id] = (worker, now + lease);
                return new TrialClaim(id, running, s.Proposals.GetValueOrDefault(id));
            }

            return new TrialClaim(null, running);
        }
    }

    /// <inheritdoc/>
    public string RecordProposal(string study, int trialId, string worker, string parametersJson)
    {
        ArgumentNullException.ThrowIfNull(parametersJson);
        lock (_lock)
        {
            var proposals = Get(study).Proposals;
            return proposals.TryAdd(trialId, parametersJson) ? parametersJson : proposals[trialId];
        }
    }

    /// <inheritdoc/>
    public bool RenewLease(string study, int trialId, string worker, TimeSpan lease)
    {
        lock (_lock)
        {
            var s = Get(study);
            if (!s.Leases.TryGetValue(trialId, out var held) || held.Worker != worker)
            {
                return false;
            }

            s.Leases[trialId] = (worker, DateTime.UtcNow + lease);
            return true;
        }
    }

    /// <inheritdoc/>
    public void Release(string study, int trialId, string worker)
    {
        lock (_lock)
        {
            var s = Get(study);
            if (s.Leases.TryGetValue(trialId, out var held) && held.Worker == worker)
            {
                s.Leases.Remove(trialId);
            }
        }
    }

    /// <inheritdoc/>
    public bool Complete(string study, TrialRecord record)
    {
        lock (_lock)
        {
            var s = Get(study);
            s.Leases.Remove(record.TrialId);
            if (!s.Completed.TryAdd(record.TrialId, record))
            {
                return false;
            }

            while (s.Completed.ContainsKey(s.FirstOpen))
            {
                s.FirstOpen++;
            }

            return true;
        }
    }

    /// <inheritdoc/>
    public IReadOnlyList<TrialRecord> LoadCompleted(string study)
    {
        lock (_lock)
        {
            return [.. Get(study).Completed.Values.OrderBy(r => r.TrialId)];
        }
    }

    /// <inheritdoc/>
    public string? GetAttribute(string study, string key)
    {
        lock (_lock)
        {
            return _attributes.GetValueOrDefault((study, key));
        }
    }

    /// <inheritdoc/>
    public void SetAttribute(string study, string key, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        lock (_lock)
        {
            _attributes[(study, key)] = value;
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
    }

    private Study Get(string study) =>
        _studies.TryGetValue(study, out var s) ? s : throw new KeyNotFoundException($"No study named '{study}' in this store.");

    private sealed class Study(string definition)
    {
        public string Definition { get; } = definition;

        public Dictionary<int, TrialRecord> Completed { get; } = [];

        public Dictionary<int, (string Worker, DateTime Expires)> Leases { get; } = [];

        public Dictionary<int, string> Proposals { get; } = [];

        /// <summary>The lowest trial id not completed.</summary>
        public int FirstOpen { get; set; }
    }
}
