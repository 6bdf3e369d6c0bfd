using System.Globalization;
using Microsoft.Data.Sqlite;

namespace MlNetHpo.Storage;

/// <summary>
/// A study file on disk (SQLite): each trial is written as it finishes, so a search killed at any moment
/// loses no completed trial, and reopening the study resumes it. Several processes may open the same file:
/// claims run in IMMEDIATE transactions, so each trial is claimed by one worker at a time, and a trial whose
/// worker died is claimed again once its lease expires. Threads of one process share one connection.
/// </summary>
public sealed class SqliteTrialStore : ITrialStore
{
    /// <summary>Version of the schema this code writes; stored in the file for later migrations.</summary>
    public const int SchemaVersion = 1;

    private readonly SqliteConnection _connection;
    private readonly Lock _lock = new();

    /// <summary>Opens (or creates) the study file at <paramref name="path"/>.</summary>
    /// <exception cref="ArgumentException">The path is empty.</exception>
    /// <exception cref="InvalidOperationException">The file was written by a newer schema version.</exception>
    public SqliteTrialStore(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        Path = System.IO.Path.GetFullPath(path);
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path, Pooling = false }.ToString());
        _connection.Open();
        Execute("PRAGMA busy_timeout = 30000;");
        Execute("PRAGMA journal_mode = WAL;");
        Execute("PRAGMA synchronous = NORMAL;");
        lock (_lock)
        {
            using var transaction = _connection.BeginTransaction(deferred: false);
            Execute(
                """
                CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
                CREATE TABLE IF NOT EXISTS studies (name TEXT PRIMARY KEY, definition TEXT NOT NULL, created_utc TEXT NOT NULL);
                CREATE TABLE IF NOT EXISTS trials (
                    study TEXT NOT NULL, trial_id INTEGER NOT NULL, state TEXT NOT NULL, worker TEXT NOT NULL,
                    lease_expires INTEGER, parameters TEXT, scores TEXT, fit_times TEXT, score_times TEXT, error TEXT, finished_utc TEXT,
                    PRIMARY KEY (study, trial_id));
                CREATE TABLE IF NOT EXISTS attributes (study TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (study, key));
                INSERT OR IGNORE INTO meta (key, value) VALUES ('schema_version', $version);
                """,
                transaction,
                ("$version", SchemaVersion.ToString(CultureInfo.InvariantCulture)));
            var stored = int.Parse((string)Scalar("SELECT value FROM meta WHERE key = 'schema_version'", transaction)!, CultureInfo.InvariantCulture);
            if (stored > SchemaVersion)
            {
                throw new InvalidOperationException($"The study file '{Path}' has schema version {stored}; this version of MlNetHpo reads up to {SchemaVersion}.");
            }

            transaction.Commit();
        }
    }

    /// <summary>The study file's full path.</summary>
    public string Path { get; }

    /// <inheritdoc/>
    public void OpenStudy(string study, string definition) => InTransaction(t =>
    {
        var stored = (string?)Scalar("SELECT definition FROM studies WHERE name = $s", t, ("$s", study));
        if (stored is null)
        {
            Execute("INSERT INTO studies (name, definition, created_utc) VALUES ($s, $d, $c)", t, ("$s", study), ("$d", definition), ("$c", DateTime.UtcNow.ToString("O")));
        }
        else
        {
            StudyDefinitions.Check(study, stored, definition);
        }

        return 0;
    });

    /// <inheritdoc/>
    public string? GetDefinition(string study) => InTransaction(t => (string?)Scalar("SELECT definition FROM studies WHERE name = $s", t, ("$s", study)));

    /// <inheritdoc/>
    public TrialClaim ClaimNext(string study, string worker, long? limit, TimeSpan lease) => InTransaction(t =>
    {
        var now = Now();
        var bound = limit ?? long.MaxValue;
        var running = Convert.ToInt32(Scalar(
            "SELECT COUNT(*) FROM trials WHERE study = $s AND state = 'running' AND lease_expires > $now AND worker <> $w AND trial_id < $limit",
            t, ("$s", study), ("$now", now), ("$w", worker), ("$limit", bound)), CultureInfo.InvariantCulture);

        // The lowest id that has no row, or whose lease has expired (or is this worker's own).
        var free = Scalar(
            """
            SELECT MIN(id) FROM (
                SELECT 0 AS id WHERE NOT EXISTS (SELECT 1 FROM trials WHERE study = $s AND trial_id = 0)
                UNION ALL
                SELECT trial_id + 1 FROM trials a WHERE study = $s
                    AND NOT EXISTS (SELECT 1 FROM trials b WHERE b.study = $s AND b.trial_id = a.trial_id + 1)
                UNION ALL
                SELECT trial_id FROM trials WHERE study = $s AND state = 'running' AND (lease_expires <= $now OR worker = $w))
            WHERE id < $limit
            """,
            t, ("$s", study), ("$now", now), ("$w", worker), ("$limit", bound));
        if (free is null or DBNull)
        {
            return new TrialClaim(null, running);
        }

        var id = Convert.ToInt32(free, CultureInfo.InvariantCulture);
        Execute(
            """
            INSERT INTO trials (study, trial_id, state, worker, lease_expires) VALUES ($s, $id, 'running', $w, $expires)
            ON CONFLICT (study, trial_id) DO UPDATE SET worker = $w, lease_expires = $expires WHERE state = 'running'
            """,
            t, ("$s", study), ("$id", id), ("$w", worker), ("$expires", now + (long)lease.TotalMilliseconds));
        var proposed = Scalar("SELECT parameters FROM trials WHERE study = $s AND trial_id = $id", t, ("$s", study), ("$id", id));
        return new TrialClaim(id, running, proposed as string);
    });

    /// <inheritdoc/>
    public bool RenewLease(string study, int trialId, string worker, TimeSpan lease) => InTransaction(t =>
        Execute(
            "UPDATE trials SET lease_expires = $expires WHERE study = $s AND trial_id = $id AND worker = $w AND state = 'running'",
            t, ("$expires", Now() + (long)lease.TotalMilliseconds), ("$s", study), ("$id", trialId), ("$w", worker)) == 1);

    /// <inheritdoc/>
    public string RecordProposal(string study, int trialId, string worker, string parametersJson) => InTransaction(t =>
    {
        Execute(
            "UPDATE trials SET parameters = $p WHERE study = $s AND trial_id = $id AND parameters IS NULL",
            t, ("$p", parametersJson), ("$s", study), ("$id", trialId));
        return (string?)Scalar("SELECT parameters FROM trials WHERE study = $s AND trial_id = $id", t, ("$s", study), ("$id", trialId)) ?? parametersJson;
    });

    /// <inheritdoc/>
    public void Release(string study, int trialId, string worker) => InTransaction(t =>
        Execute(
            "UPDATE trials SET lease_expires = 0 WHERE study = $s AND trial_id = $id AND worker = $w AND state = 'running'",
            t, ("$s", study), ("$id", trialId), ("$w", worker)));

    /// <inheritdoc/>
    public bool Complete(string study, TrialRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return InTransaction(t => Execute(
            """
            INSERT INTO trials (study, trial_id, state, worker, lease_expires, parameters, scores, fit_times, score_times, error, finished_utc)
            VALUES ($s, $id, 'completed', $w, NULL, $p, $scores, $fit, $score, $e, $f)
            ON CONFLICT (study, trial_id) DO UPDATE SET state = 'completed', worker = $w, lease_expires = NULL, parameters = $p,
                scores = $scores, fit_times = $fit, score_times = $score, error = $e, finished_utc = $f
            WHERE state = 'running'
            """,
            t,
            ("$s", study),
            ("$id", record.TrialId),
            ("$w", record.Worker),
            ("$p", record.ParametersJson),
            ("$scores", record.ScoresJson()),
            ("$fit", TrialRecord.NumbersJson(record.FitTimes)),
            ("$score", TrialRecord.NumbersJson(record.ScoreTimes)),
            ("$e", (object?)record.Error ?? DBNull.Value),
            ("$f", record.FinishedUtc.ToString("O"))) == 1);
    }

    /// <inheritdoc/>
    public IReadOnlyList<TrialRecord> LoadCompleted(string study) => InTransaction(t =>
    {
        using var command = Command(
            $"SELECT {TrialRecord.Columns} FROM trials WHERE study = $s AND state = 'completed' ORDER BY trial_id",
            t,
            ("$s", study));
        return TrialRecord.ReadAll(command);
    });

    /// <inheritdoc/>
    public string? GetAttribute(string study, string key) =>
        InTransaction(t => (string?)Scalar("SELECT value FROM attributes WHERE study = $s AND key = $k", t, ("$s", study), ("$k", key)));

    /// <inheritdoc/>
    public void SetAttribute(string study, string key, string value) => InTransaction(t => Execute(
        "INSERT INTO attributes (study, key, value) VALUES ($s, $k, $v) ON CONFLICT (study, key) DO UPDATE SET value = excluded.value",
        t, ("$s", study), ("$k", key), ("$v", value)));

    /// <summary>Names of the studies in the file.</summary>
    public IReadOnlyList<string> StudyNames() => InTransaction(t =>
    {
        using var command = Command("SELECT name FROM studies ORDER BY name", t);
        using var reader = command.ExecuteReader();
        var names = new List<string>();
        while (reader.Read())
        {
            names.Add(reader.GetString(0));
        }

        return (IReadOnlyList<string>)names;
    });

    /// <inheritdoc/>
    public void Dispose() => _connection.Dispose();

    private static long Now() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    private T InTransaction<T>(Func<SqliteTransaction, T> work)
    {
        lock (_lock)
        {
            // IMMEDIATE: take the write lock at once, so two processes never both see a trial as free.
            using var transaction = _connection.BeginTransaction(deferred: false);
            var result = work(transaction);
            transaction.Commit();
            return result;
        }
    }

    private SqliteCommand Command(string sql, SqliteTransaction? transaction, params (string Name, object? Value)[] parameters)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return command;
    }

    private int Execute(string sql, SqliteTransaction? transaction = null, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(sql, transaction, parameters);
        return command.ExecuteNonQuery();
    }

    private object? Scalar(string sql, SqliteTransaction? transaction, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(sql, transaction, parameters);
        return command.ExecuteScalar();
    }
}
