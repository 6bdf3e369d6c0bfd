using System.Data.Common;
using Microsoft.Data.Sqlite;
using MlNetHpo.Storage;

namespace MlNetHpo.Tests.Storage;

/// <summary>The SQLite store on its own: migration from schemas 1 and 2, claims that read no completed trial, and a file another process holds locked.</summary>
public sealed class SqliteStoreTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("mlnethpo-sqlite-").FullName;

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void AnOlderFileIsMigratedAndItsStudyResumesKeepingWarnings(int version)
    {
        // A study file as that version wrote it: trials 0 and 2 completed, trial 1 abandoned by a dead worker after its
        // proposal. Version 2 added the trial counter and the running index; version 3 the warnings column.
        var path = Path.Combine(_folder, $"v{version}.sqlite");
        using (var old = Connect(path))
        {
            Execute(old, $$"""
                CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
                CREATE TABLE studies (name TEXT PRIMARY KEY, definition TEXT NOT NULL, created_utc TEXT NOT NULL{{(version == 2 ? ", next_trial BIGINT" : "")}});
                CREATE TABLE trials (
                    study TEXT NOT NULL, trial_id INTEGER NOT NULL, state TEXT NOT NULL, worker TEXT NOT NULL,
                    lease_expires INTEGER, parameters TEXT, scores TEXT, fit_times TEXT, score_times TEXT, error TEXT, finished_utc TEXT,
                    PRIMARY KEY (study, trial_id));
                CREATE TABLE attributes (study TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (study, key));
                INSERT INTO meta VALUES ('schema_version', '{{version}}');
                INSERT INTO studies VALUES ('s', 'definition', '2026-01-01T00:00:00.0000000Z'{{(version == 2 ? ", 3" : "")}});
                INSERT INTO attributes VALUES ('s', 'k', 'v');
                INSERT INTO trials VALUES ('s', 0, 'completed', 'a', NULL, '{"C":0}', '{"Accuracy":[0.5,null]}', '[0.1,0.2]', '[0.01,0.02]', NULL, '2026-01-01T00:00:01.0000000Z');
                INSERT INTO trials VALUES ('s', 1, 'running', 'dead', 1000, '{"C":1}', NULL, NULL, NULL, NULL, NULL);
                INSERT INTO trials VALUES ('s', 2, 'completed', 'b', NULL, '{"C":2}', '{"Accuracy":[0.75,1]}', '[0.1,0.2]', '[0.01,0.02]', 'boom', '2026-01-01T00:00:02.0000000Z');
                {{(version == 2 ? "CREATE INDEX trials_running ON trials (study, trial_id, lease_expires, worker) WHERE state = 'running';" : "")}}
                """);
        }

        using (var store = new SqliteTrialStore(path))
        {
            store.OpenStudy("s", "definition");
            Assert.Equal("v", store.GetAttribute("s", "k"));
            var completed = store.LoadCompleted("s");
            Assert.Equal([0, 2], completed.Select(r => r.TrialId));
            Assert.Equal("boom", completed[1].Error);
            Assert.Equal([0.75, 1.0], completed[1].Scores[0].Value);
            Assert.All(completed, r => Assert.Empty(r.Warnings)); // written before warnings were stored

            var lease = TimeSpan.FromMinutes(5);
            Assert.Equal(new TrialClaim(1, 0, "{\"C\":1}"), store.ClaimNext("s", "w", 5, lease)); // the dead worker's trial, with its proposal
            Assert.Equal(new TrialClaim(3, 1), store.ClaimNext("s", "v", 5, lease));                // then new ids, after the highest
            Assert.Equal(new TrialClaim(4, 2), store.ClaimNext("s", "u", 5, lease));
            Assert.Equal(new TrialClaim(null, 3), store.ClaimNext("s", "t", 5, lease));

            // A trial completed after the migration keeps its warnings; one without any stores null.
            Assert.True(store.Complete("s", Record(1, "w") with { Warnings = ["ConvergenceWarning: a", "UserWarning: b"] }));
            Assert.True(store.Complete("s", Record(3, "v")));
            var resumed = store.LoadCompleted("s");
            Assert.Equal(["ConvergenceWarning: a", "UserWarning: b"], resumed.Single(r => r.TrialId == 1).Warnings);
            Assert.Empty(resumed.Single(r => r.TrialId == 3).Warnings);
        }

        using var migrated = Connect(path);
        Assert.Equal("3", Scalar(migrated, "SELECT value FROM meta WHERE key = 'schema_version'"));
        Assert.Equal(5L, Scalar(migrated, "SELECT next_trial FROM studies WHERE name = 's'"));
        Assert.Equal("trials_running", Scalar(migrated, "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'trials' AND sql IS NOT NULL"));
        Assert.Equal("[\"ConvergenceWarning: a\",\"UserWarning: b\"]", Scalar(migrated, "SELECT warnings FROM trials WHERE study = 's' AND trial_id = 1"));
        Assert.Equal(DBNull.Value, Scalar(migrated, "SELECT warnings FROM trials WHERE study = 's' AND trial_id = 3"));
    }

    [Fact]
    public void AFileOfANewerSchemaIsRefusedSayingWhichVersions()
    {
        var path = Path.Combine(_folder, "v9.sqlite");
        using (var newer = Connect(path))
        {
            Execute(newer, "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL); INSERT INTO meta VALUES ('schema_version', '9');");
        }

        var e = Assert.Throws<InvalidOperationException>(() => new SqliteTrialStore(path));
        Assert.Equal($"The trial store {path} has schema version 9; this version of MlNetHpo reads up to 3.", e.Message);
    }

    [Theory]
    [InlineData(100)]
    [InlineData(2000)]
    public void AClaimReadsNoCompletedTrial(int recorded)
    {
        using var store = new SqliteTrialStore(Path.Combine(_folder, $"plan{recorded}.sqlite"));
        store.OpenStudy("s", "definition");
        for (var id = 0; id < recorded; id++)
        {
            Assert.Equal(id, store.ClaimNext("s", "w", null, TimeSpan.FromMinutes(5)).TrialId);
            Assert.True(store.Complete("s", Record(id)));
        }

        // One abandoned trial, so the claim also takes one over from the running index.
        store.ClaimNext("s", "dead", null, TimeSpan.FromMilliseconds(-1));
        var statements = new List<string>();
        store.Executing = statements.Add;
        Assert.Equal(new TrialClaim(recorded, 0), store.ClaimNext("s", "w", null, TimeSpan.FromMinutes(5)));
        Assert.Equal(4, statements.Count);
        Assert.Equal(new TrialClaim(recorded + 1, 1), store.ClaimNext("s", "w2", null, TimeSpan.FromMinutes(5)));
        store.Executing = null;

        // The same statements whatever the study's size (4 to take a trial over, 5 for a new id), each a lookup by key
        // or in the index of running trials.
        Assert.Equal(9, statements.Count);
        using var connection = Connect(store.Path);
        var plans = new List<string>();
        foreach (var sql in statements)
        {
            using var explain = connection.CreateCommand();
            explain.CommandText = "EXPLAIN QUERY PLAN " + sql;
            foreach (var name in new[] { "s", "w", "limit", "ms", "id", "n" }.Where(n => sql.Contains('@' + n, StringComparison.Ordinal)))
            {
                explain.Parameters.AddWithValue('@' + name, name is "s" or "w" ? "x" : 1);
            }


            using var reader = explain.ExecuteReader();
            while (reader.Read())
            {
                var step = reader.GetString(3);
                plans.Add(step);
                Assert.True(
                    step.StartsWith("SEARCH ", StringComparison.Ordinal) && (step.Contains("INDEX trials_running (", StringComparison.Ordinal) ||
                        step.EndsWith("(study=? AND trial_id=?)", StringComparison.Ordinal) || step.EndsWith("(name=?)", StringComparison.Ordinal)),
                    $"'{sql}' reads more than one study row, one trial row or the running trials: {step}");
            }
        }

        Assert.Contains(plans, p => p.Contains("INDEX trials_running (study=? AND trial_id<?)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AnOperationWaitsForAnotherProcesssWriteLockAndThenSucceeds()
    {
        var path = Path.Combine(_folder, "locked.sqlite");
        using var store = new SqliteTrialStore(path);
        store.OpenStudy("s", "definition");
        using var waiting = new ManualResetEventSlim();
        store.Retrying = (_, e) => waiting.Set();

        using var holder = Connect(path);
        using (var transaction = holder.BeginTransaction(deferred: false))
        {
            Execute(holder, "INSERT INTO attributes (study, key, value) VALUES ('s', 'held', 'yes')", transaction);
            var claim = Task.Run(() => store.ClaimNext("s", "w", null, TimeSpan.FromMinutes(5)));
            Assert.True(waiting.Wait(TimeSpan.FromMinutes(1)), "the store never met the lock");
            Assert.False(claim.IsCompleted);
            transaction.Commit();
            Assert.Equal(new TrialClaim(0, 0), await claim);
        }

        Assert.Equal("yes", store.GetAttribute("s", "held")); // the other writer's work is kept too
    }

    [Fact]
    public void AnOperationStillLockedAtItsDeadlineFailsWithOneLineAndLosesNothing()
    {
        var path = Path.Combine(_folder, "stuck.sqlite");
        using var store = new SqliteTrialStore(path, new StoreRetry { Deadline = TimeSpan.FromMilliseconds(200) });
        store.OpenStudy("s", "definition");
        Assert.Equal(0, store.ClaimNext("s", "w", null, TimeSpan.FromMinutes(5)).TrialId);
        Assert.True(store.Complete("s", Record(0)));

        using var holder = Connect(path);
        using (var transaction = holder.BeginTransaction(deferred: false))
        {
            Execute(holder, "INSERT INTO attributes (study, key, value) VALUES ('s', 'held', 'yes')", transaction);
            var e = Assert.Throws<StoreUnavailableException>(() => store.ClaimNext("s", "w", null, TimeSpan.FromMinutes(5)));
            Assert.Equal(
                $"The trial store {path} stayed unavailable while claiming a trial of study 's', past its retry deadline of 0.2 s (StoreRetry.Deadline); " +
                "last error: SQLite Error 5: 'database is locked'. Completed trials are kept; run again once the store is back.",
                e.Message);
            transaction.Rollback();
        }

        Assert.Equal([0], store.LoadCompleted("s").Select(r => r.TrialId));
        Assert.Equal(new TrialClaim(1, 0), store.ClaimNext("s", "w", null, TimeSpan.FromMinutes(5)));
    }

    [Fact]
    public void ANegativeRetryDeadlineIsRefusedNamingTheOption()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new StoreRetry { Deadline = TimeSpan.FromSeconds(-1) });
        Assert.StartsWith("StoreRetry.Deadline must be zero or positive; got -00:00:01.", e.Message);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    internal static TrialRecord Record(int id, string worker = "w") => new()
    {
        TrialId = id,
        ParametersJson = $"{{\"C\":{id}}}",
        Scores = [new("Accuracy", [id / 10.0, double.NaN])],
        FitTimes = [0.1, 0.2],
        ScoreTimes = [0.01, 0.02],
        Worker = worker,
    };

    private static SqliteConnection Connect(string path)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }

    private static void Execute(SqliteConnection connection, string sql, DbTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = (SqliteTransaction?)transaction;
        command.ExecuteNonQuery();
    }

    private static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
