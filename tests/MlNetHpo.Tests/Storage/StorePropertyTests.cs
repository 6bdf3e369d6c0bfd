using Microsoft.Data.Sqlite;
using MlNetHpo.Storage;
using MlNetHpo.StudyWorker;

namespace MlNetHpo.Tests.Storage;

/// <summary>
/// Seeded random sequences of claim (with its proposal) / renew / complete / release / kill (a worker stops renewing) /
/// lease expiry / resume (the store reopened, its workers gone), checked step by step against a model of the store
/// contract, then run to the end: every trial is completed exactly once, with the parameters first proposed for it and
/// the scores an uninterrupted run records. Leases expire by being renewed for a negative time, never by waiting.
/// </summary>
public sealed class StorePropertyTests : IDisposable
{
    private const int Sequences = 200;
    private static readonly TimeSpan Live = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan Expired = TimeSpan.FromMilliseconds(-1);
    private readonly string _folder = Directory.CreateTempSubdirectory("mlnethpo-property-").FullName;

    [SkippableTheory]
    [InlineData("memory")]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public void RandomInterruptionsKeepEveryTrialExactlyOnceAndTheTableOfAnUninterruptedRun(string kind)
    {
        Func<ITrialStore> open = kind switch
        {
            "memory" => () => new InMemoryTrialStore(),
            "sqlite" => () => new SqliteTrialStore(Path.Combine(_folder, "property.sqlite")),
            _ => () => TrialStores.Open(PostgresServer.Uri),
        };
        var reopens = kind != "memory";
        var store = open();
        try
        {
            for (var seed = 0; seed < Sequences; seed++)
            {
                store = RunSequence(seed, kind == "postgres" ? PostgresServer.NewStudy($"property{seed}") : $"property{seed}", store, reopens ? open : null);
            }
        }
        finally
        {
            store.Dispose();
        }
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    private static ITrialStore RunSequence(int seed, string study, ITrialStore store, Func<ITrialStore>? reopen)
    {
        var random = new Random(seed);
        var trials = random.Next(3, 9);
        var model = new Model(trials);
        var generation = 0;
        var workers = new List<string> { "w0-0", "w1-0", "w2-0" };
        var holding = workers.ToDictionary(w => w, _ => new SortedSet<int>());
        var step = 0;
        store.OpenStudy(study, "definition");

        void Check<T>(T expected, T actual, string what) =>
            Assert.True(EqualityComparer<T>.Default.Equals(expected, actual), $"seed {seed}, step {step}, {what}: expected {expected}, got {actual}");

        void Claim(string worker, TimeSpan lease)
        {
            var claim = store.ClaimNext(study, worker, trials, lease);
            Check(model.Claim(worker, lease == Live), claim, $"{worker} claims");
            if (claim.TrialId is int id)
            {
                holding[worker].Add(id);
                var proposal = $"{{\"C\":{id},\"by\":\"{worker}\",\"seen\":{model.CompletedCount}}}";
                Check(model.Propose(id, proposal), store.RecordProposal(study, id, worker, proposal), $"{worker} proposes for {id}");
            }
        }

        void Complete(string worker, int id)
        {
            holding[worker].Remove(id);
            var record = new TrialRecord
            {
                TrialId = id,
                ParametersJson = model.Proposal(id),
                Scores = [new("Accuracy", Scores(id))],
                FitTimes = [0.1, 0.2],
                ScoreTimes = [0.01, 0.02],
                Worker = worker,
            };
            Check(model.Complete(id, worker), store.Complete(study, record), $"{worker} completes {id}");
        }

        void Kill(string worker)
        {
            var replacement = $"{worker[..worker.IndexOf('-', StringComparison.Ordinal)]}-{++generation}";
            workers[workers.IndexOf(worker)] = replacement;
            holding.Remove(worker);
            holding[replacement] = [];
        }

        for (var steps = random.Next(5, 40); step < steps; step++)
        {
            var worker = workers[random.Next(workers.Count)];
            var held = holding[worker].ToArray();
            switch (random.Next(8))
            {
                case 0 or 1:
                    Claim(worker, random.Next(4) == 0 ? Expired : Live);
                    break;
                case 2 when held.Length > 0:
                    var renewed = held[random.Next(held.Length)];
                    var live = random.Next(3) > 0;
                    Check(model.Renew(renewed, worker, live), store.RenewLease(study, renewed, worker, live ? Live : Expired), $"{worker} renews {renewed}");
                    break;
                case 3 or 4 when held.Length > 0:
                    Complete(worker, held[random.Next(held.Length)]);
                    break;
                case 5 when held.Length > 0:
                    var released = held[random.Next(held.Length)];
                    holding[worker].Remove(released);
                    store.Release(study, released, worker);
                    model.Release(released, worker);
                    break;
                case 6:
                    Kill(worker);
                    break;
                case 7:
                    // Time passes for the dead: their leases expire (renewed as theirs for a negative time).
                    foreach (var (id, owner) in model.HeldByOthersThan(workers))
                    {
                        Check(model.Renew(id, owner, live: false), store.RenewLease(study, id, owner, Expired), $"{owner}'s lease on {id} expires");
                    }

                    break;
                default:
                    if (reopen is not null && random.Next(2) == 0)
                    {
                        // Resume: the process dies with its workers and a new one opens the study again.
                        store.Dispose();
                        store = reopen();
                        store.OpenStudy(study, "definition");
                        foreach (var w in workers.ToArray())
                        {
                            Kill(w);
                        }
                    }

                    break;
            }
        }

        // Run to the end: the living finish what they hold, the dead's leases expire, and one worker takes the rest.
        foreach (var (worker, held) in holding.ToArray())
        {
            foreach (var id in held.ToArray())
            {
                Complete(worker, id);
            }
        }

        foreach (var (id, owner) in model.HeldByOthersThan([]))
        {
            Check(model.Renew(id, owner, live: false), store.RenewLease(study, id, owner, Expired), $"{owner}'s lease on {id} expires");
        }

        var last = workers[0];
        while (true)
        {
            var before = model.CompletedCount;
            Claim(last, Live);
            if (model.CompletedCount == before && holding[last].Count == 0)
            {
                break;
            }

            Complete(last, holding[last].Min);
            step++;
        }

        var table = store.LoadCompleted(study);
        Assert.Equal(Enumerable.Range(0, trials), table.Select(r => r.TrialId));
        foreach (var record in table)
        {
            Assert.Equal(model.Proposal(record.TrialId), record.ParametersJson);
            Assert.Equal(model.CompletedBy(record.TrialId), record.Worker);
            Assert.Equal("Accuracy", record.Scores.Single().Key);
            Assert.Equal(Scores(record.TrialId), record.Scores.Single().Value);
        }

        return store;
    }

    private static double[] Scores(int id) => [id / 8.0, double.NaN];

    /// <summary>The store contract, kept in dictionaries: what each call must return.</summary>
    private sealed class Model(int trials)
    {
        private readonly Dictionary<int, (string Worker, bool Live)> _running = [];
        private readonly Dictionary<int, string> _proposals = [];
        private readonly Dictionary<int, string> _completed = [];

        public int CompletedCount => _completed.Count;

        public TrialClaim Claim(string worker, bool live)
        {
            var running = _running.Count(r => r.Value.Live && r.Value.Worker != worker);
            for (var id = 0; id < trials; id++)
            {
                if (_completed.ContainsKey(id) || (_running.TryGetValue(id, out var held) && held.Live && held.Worker != worker))
                {
                    continue;
                }

                _running[id] = (worker, live);
                return new TrialClaim(id, running, _proposals.GetValueOrDefault(id));
            }

            return new TrialClaim(null, running);
        }

        public string Propose(int id, string proposal) => _proposals.TryAdd(id, proposal) ? proposal : _proposals[id];

        public string Proposal(int id) => _proposals[id];

        public bool Renew(int id, string worker, bool live)
        {
            if (!_running.TryGetValue(id, out var held) || held.Worker != worker)
            {
                return false;
            }

            _running[id] = (worker, live);
            return true;
        }

        public void Release(int id, string worker)
        {
            if (_running.TryGetValue(id, out var held) && held.Worker == worker)
            {
                _running[id] = (worker, false);
            }
        }

        public bool Complete(int id, string worker)
        {
            if (!_completed.TryAdd(id, worker))
            {
                return false;
            }

            _running.Remove(id);
            return true;
        }

        public string CompletedBy(int id) => _completed[id];

        /// <summary>Live leases of workers not in <paramref name="living"/>.</summary>
        public List<(int Id, string Worker)> HeldByOthersThan(IReadOnlyCollection<string> living) =>
            [.. _running.Where(r => r.Value.Live && !living.Contains(r.Value.Worker)).Select(r => (r.Key, r.Value.Worker))];
    }
}
