using MlNetHpo.Storage;
using Npgsql;

namespace MlNetHpo.Tests.Storage;

/// <summary>The PostgreSQL store on its own: a database of schema version 1 or 2 is migrated and its study resumes, keeping warnings.</summary>
public sealed class PostgresStoreTests
{
    [SkippableTheory]
    [InlineData(true)]
    [InlineData(false)]
    public void WorkersCreatingOneStudyAtOnceAllOpenItOrAllNameTheDifference(bool sameDefinition)
    {
        // Worker A finds no study; before its insert, worker B creates it (four workers started together did this and one
        // failed with a duplicate key). A opens B's study, or refuses it naming the field, as when it finds it stored.
        var uri = PostgresServer.Uri;
        var study = PostgresServer.NewStudy("race");
        var definition = StudyDefinitionOf("Accuracy");
        using var a = new PostgresTrialStore(uri);
        using var b = new PostgresTrialStore(uri);
        a.Executing = sql =>
        {
            if (sql.StartsWith("INSERT INTO mlnethpo_studies", StringComparison.Ordinal))
            {
                a.Executing = null;
                b.OpenStudy(study, sameDefinition ? definition : StudyDefinitionOf("F1Score"));
            }
        };

        if (sameDefinition)
        {
            a.OpenStudy(study, definition);
            Assert.Equal(new TrialClaim(0, 0), a.ClaimNext(study, "a", null, TimeSpan.FromMinutes(5)));
        }
        else
        {
            var e = Assert.Throws<StudyMismatchException>(() => a.OpenStudy(study, definition));
            Assert.Contains("metrics", e.Message);
        }
    }

    private static string StudyDefinitionOf(string metric) =>
        new MlNetHpo.Storage.StudyDefinition([new("metrics", new System.Text.Json.Nodes.JsonArray(System.Text.Json.Nodes.JsonValue.Create(metric)))]).ToJson();

    [SkippableTheory]
    [InlineData(1)]
    [InlineData(2)]
    public void AnOlderDatabaseIsMigratedAndItsStudyResumesKeepingWarnings(int version)
    {
        // A database of its own, with the tables that version created: trials 0 and 2 completed, 1 abandoned after its
        // proposal. Version 2 added the trial counter and the running index; version 3 the warnings column.
        var server = PostgresServer.Uri;
        var database = $"v{version}_{Guid.NewGuid():N}";
        using (var admin = new NpgsqlConnection(PostgresTrialStore.ConnectionString(server)))
        {
            admin.Open();
            Execute(admin, $"CREATE DATABASE {database}");
        }

        var uri = server[..server.LastIndexOf('/')] + "/" + database;
        using (var old = new NpgsqlConnection(PostgresTrialStore.ConnectionString(uri)))
        {
            old.Open();
            Execute(old, $$"""
                CREATE TABLE mlnethpo_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
                CREATE TABLE mlnethpo_studies (name TEXT PRIMARY KEY, definition TEXT NOT NULL, created_utc TIMESTAMPTZ NOT NULL{{(version == 2 ? ", next_trial BIGINT" : "")}});
                CREATE TABLE mlnethpo_trials (
                    study TEXT NOT NULL, trial_id INTEGER NOT NULL, state TEXT NOT NULL, worker TEXT NOT NULL,
                    lease_expires BIGINT, parameters TEXT, scores TEXT, fit_times TEXT, score_times TEXT, error TEXT, finished_utc TEXT,
                    PRIMARY KEY (study, trial_id));
                CREATE TABLE mlnethpo_attributes (study TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (study, key));
                INSERT INTO mlnethpo_meta VALUES ('schema_version', '{{version}}');
                INSERT INTO mlnethpo_studies VALUES ('s', 'definition', now(){{(version == 2 ? ", 3" : "")}});
                INSERT INTO mlnethpo_trials VALUES ('s', 0, 'completed', 'a', NULL, '{"C":0}', '{"Accuracy":[0.5,null]}', '[0.1,0.2]', '[0.01,0.02]', NULL, '2026-01-01T00:00:01.0000000Z');
                INSERT INTO mlnethpo_trials VALUES ('s', 1, 'running', 'dead', 1000, '{"C":1}', NULL, NULL, NULL, NULL, NULL);
                INSERT INTO mlnethpo_trials VALUES ('s', 2, 'completed', 'b', NULL, '{"C":2}', '{"Accuracy":[0.75,1]}', '[0.1,0.2]', '[0.01,0.02]', 'boom', '2026-01-01T00:00:02.0000000Z');
                {{(version == 2 ? "CREATE INDEX mlnethpo_trials_running ON mlnethpo_trials (study, trial_id, lease_expires, worker) WHERE state = 'running';" : "")}}
                """);
        }

        using (var store = new PostgresTrialStore(uri))
        {
            store.OpenStudy("s", "definition");
            var completed = store.LoadCompleted("s");
            Assert.Equal([0, 2], completed.Select(r => r.TrialId));
            Assert.All(completed, r => Assert.Empty(r.Warnings)); // written before warnings were stored
            var lease = TimeSpan.FromMinutes(5);
            Assert.Equal(new TrialClaim(1, 0, "{\"C\":1}"), store.ClaimNext("s", "w", 5, lease));
            Assert.Equal(new TrialClaim(3, 1), store.ClaimNext("s", "v", 5, lease));
            Assert.Equal(new TrialClaim(4, 2), store.ClaimNext("s", "u", 5, lease));
            Assert.Equal(new TrialClaim(null, 3), store.ClaimNext("s", "t", 5, lease));

            // A trial completed after the migration keeps its warnings; one without any stores null.
            Assert.True(store.Complete("s", SqliteStoreTests.Record(1, "w") with { Warnings = ["ConvergenceWarning: a", "UserWarning: b"] }));
            Assert.True(store.Complete("s", SqliteStoreTests.Record(3, "v")));
            var resumed = store.LoadCompleted("s");
            Assert.Equal(["ConvergenceWarning: a", "UserWarning: b"], resumed.Single(r => r.TrialId == 1).Warnings);
            Assert.Empty(resumed.Single(r => r.TrialId == 3).Warnings);
        }

        using var migrated = new NpgsqlConnection(PostgresTrialStore.ConnectionString(uri));
        migrated.Open();
        using var check = new NpgsqlCommand(
            "SELECT (SELECT value FROM mlnethpo_meta WHERE key = 'schema_version') || ' ' || (SELECT next_trial FROM mlnethpo_studies WHERE name = 's') || ' ' || " +
            "(SELECT indexname FROM pg_indexes WHERE tablename = 'mlnethpo_trials' AND indexname LIKE '%running') || ' ' || " +
            "(SELECT warnings FROM mlnethpo_trials WHERE study = 's' AND trial_id = 1) || ' ' || " +
            "(SELECT COUNT(*) FROM mlnethpo_trials WHERE study = 's' AND trial_id = 3 AND warnings IS NULL)",
            migrated);
        Assert.Equal("3 5 mlnethpo_trials_running [\"ConvergenceWarning: a\",\"UserWarning: b\"] 1", check.ExecuteScalar());
        migrated.Close();
        using var cleanup = new NpgsqlConnection(PostgresTrialStore.ConnectionString(server));
        cleanup.Open();
        Execute(cleanup, $"DROP DATABASE {database} WITH (FORCE)");
    }

    private static void Execute(NpgsqlConnection connection, string sql)
    {
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }
}
