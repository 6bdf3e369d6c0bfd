using BenchmarkDotNet.Attributes;
using MlNetHpo.Storage;

namespace MlNetHpo.Benchmarks;

/// <summary>
/// The store's cost per trial (claim, record the proposal, complete) on a SQLite study that already holds 100 or 20,000
/// completed trials: equal costs show claims do not grow with the study (issue 11, defect 10: it was 1.9 ms vs 27 ms).
/// Each invocation adds a trial, so a run adds about 6,500 to the study it started with.
/// </summary>
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10, invocationCount: 500)]
public class StoreBenchmarks
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(1);
    private string _folder = "";
    private SqliteTrialStore? _store;

    /// <summary>Completed trials in the study before the first measured claim.</summary>
    [Params(100, 20_000)]
    public int RecordedTrials { get; set; }

    /// <summary>Creates the study and records its trials.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _folder = Directory.CreateTempSubdirectory("mlnethpo-bench-").FullName;
        _store = new SqliteTrialStore(Path.Combine(_folder, "study.sqlite"));
        _store.OpenStudy("s", "definition");
        for (var i = 0; i < RecordedTrials; i++)
        {
            Trial();
        }
    }

    /// <summary>Deletes the study.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        _store?.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    /// <summary>One trial's store work: claim, proposal, completion.</summary>
    [Benchmark]
    public int Trial()
    {
        var id = _store!.ClaimNext("s", "w", null, Lease).TrialId!.Value;
        var parameters = _store.RecordProposal("s", id, "w", "{\"C\":1}");
        _store.Complete("s", new TrialRecord
        {
            TrialId = id,
            ParametersJson = parameters,
            Scores = [new("Accuracy", [0.8, 0.81, 0.79, 0.8, 0.82])],
            FitTimes = [0.1, 0.1, 0.1, 0.1, 0.1],
            ScoreTimes = [0.01, 0.01, 0.01, 0.01, 0.01],
            Worker = "w",
        });
        return id;
    }
}
