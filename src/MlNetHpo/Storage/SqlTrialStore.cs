using System.Data.Common;
using System.Diagnostics;
using System.Globalization;

namespace MlNetHpo.Storage;

/// <summary>
/// A study store on an SQL database (<c>SqliteTrialStore</c>, <c>PostgresTrialStore</c>): each trial is written as it
/// finishes, so a search killed at any moment loses no completed trial, and several processes share a study. A claim runs
/// in one transaction that excludes other claims of the study; a completion only upgrades a row still 'running', so the
/// first completion wins. New trial ids come from a per-study counter and taken-over trials from an index of running
/// trials, so a claim costs the same at trial 20,000 as at trial 10. Every operation that fails for a passing reason is
/// retried with growing waits up to <see cref="StoreRetry.Deadline"/>, then throws <see cref="StoreUnavailableException"/>.
/// </summary>
public abstract class SqlTrialStore : ITrialStore
{
    /// <summary>
    /// Version of the schema this code writes; stored in the database. Version 1 (no trial counter) and version 2 (no warnings
    /// column) are migrated on open.
    /// </summary>
    public const int SchemaVersion = 3;

    private static readonly TimeSpan FirstWait = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan LongestWait = TimeSpan.FromSeconds(5);

    private readonly SqlDialect _dialect;
    private readonly string _trials;
    private readonly string _studies;
    private readonly string _attributes;
    private readonly string _meta;

    internal SqlTrialStore(SqlDialect dialect, StoreRetry? retry)
    {
        _dialect = dialect;
        Retry = retry ?? StoreRetry.Default;
        var p = dialect.TablePrefix;
        (_trials, _studies, _attributes, _meta) = (p + "trials", p + "studies", p + "attributes", p + "meta");
        try
        {
            Run("opening the store", CreateSchema);
        }
        catch
        {
            dialect.Dispose();
            throw;
        }
    }

    /// <summary>How long failed operations are retried.</summary>
    public StoreRetry Retry { get; }

    /// <summary>Called before each retry with the operation and the error (tests wait on it instead of sleeping).</summary>
    internal Action<string, Exception>? Retrying { get; set; }

    /// <summary>Called with every statement's SQL before it runs (tests check the query plans of a claim).</summary>
    internal Action<string>? Executing { get; set; }

    /// <inheritdoc/>
    public void OpenStudy(string study, string definition) => Run($"opening study '{study}'", (c, t) =>
    {
        var stored = Scalar(c, t, $"SELECT definition FROM {_studies} WHERE name = @s", ("s", study)) as string;
        if (stored is null)
        {
            // Workers started together all find no study: the first insert wins, the others read what it stored.
            if (Execute(c, t, $"INSERT INTO {_studies} (name, definition, created_utc, next_trial) VALUES (@s, @d, @c, 0) ON CONFLICT (name) DO NOTHING",
                ("s", study), ("d", definition), ("c", DateTime.UtcNow)) == 1)
            {
                return 0;
            }

            stored = (string)Scalar(c, t, $"SELECT definition FROM {_studies} WHERE name = @s", ("s", study))!;
        }

        StudyDefinitions.Check(study, stored, definition);
        return 0;
    });

    /// <inheritdoc/>
    public string? GetDefinition(string study) =>
        Run($"reading study '{study}'", (c, t) => Scalar(c, t, $"SELECT definition FROM {_studies} WHERE name = @s", ("s", study)) as string);

    /// <inheritdoc/>
    public TrialClaim ClaimNext(string study, string worker, long? limit, TimeSpan lease) => Run($"claiming a trial of study '{study}'", (c, t) =>
    {
        if (_dialect.ClaimLock is { } claimLock)
        {
            Execute(c, t, claimLock, ("s", study));
        }

        var bound = limit ?? long.MaxValue;
        var ms = (long)lease.TotalMilliseconds;
        var running = Convert.ToInt32(Scalar(c, t,
            $"SELECT COUNT(*) FROM {_trials} WHERE study = @s AND state = 'running' AND lease_expires > {_dialect.Now} AND worker <> @w AND trial_id < @limit",
            ("s", study), ("w", worker), ("limit", bound)), CultureInfo.InvariantCulture);
        while (true)
        {
            // First a trial given back, abandoned by a dead worker, or this worker's own (a retried claim): the running index.
            var taken = Scalar(c, t,
                $"SELECT MIN(trial_id) FROM {_trials} WHERE study = @s AND state = 'running' AND (lease_expires <= {_dialect.Now} OR worker = @w) AND trial_id < @limit",
                ("s", study), ("w", worker), ("limit", bound));
            if (taken is not (null or DBNull))
            {
                var id = Convert.ToInt32(taken, CultureInfo.InvariantCulture);
                if (Execute(c, t,
                        $"UPDATE {_trials} SET worker = @w, lease_expires = {_dialect.Now} + @ms WHERE study = @s AND trial_id = @id AND state = 'running'",
                        ("w", worker), ("ms", ms), ("s", study), ("id", id)) == 1)
                {
                    return new TrialClaim(id, running, Scalar(c, t, $"SELECT parameters FROM {_trials} WHERE study = @s AND trial_id = @id", ("s", study), ("id", id)) as string);
                }

                continue; // its late worker completed it since we looked
            }

            // Then a new id from the study's counter.
            var next = NextTrial(c, t, study);
            if (next >= bound)
            {
                return new TrialClaim(null, running);
            }

            var inserted = Execute(c, t,
                $"INSERT INTO {_trials} (study, trial_id, state, worker, lease_expires) VALUES (@s, @id, 'running', @w, {_dialect.Now} + @ms) ON CONFLICT (study, trial_id) DO NOTHING",
                ("s", study), ("id", (int)next), ("w", worker), ("ms", ms));
            Execute(c, t, $"UPDATE {_studies} SET next_trial = @n WHERE name = @s", ("n", next + 1), ("s", study));
            if (inserted == 1)
            {
                return new TrialClaim((int)next, running);
            }

            // A completion recorded without a claim already holds that id: the counter moved past it, look again.
        }
    });

    /// <inheritdoc/>
    public bool RenewLease(string study, int trialId, string worker, TimeSpan lease) => Run($"renewing the lease of trial {trialId} of study '{study}'", (c, t) =>
        Execute(c, t,
            $"UPDATE {_trials} SET lease_expires = {_dialect.Now} + @ms WHERE study = @s AND trial_id = @id AND worker = @w AND state = 'running'",
            ("ms", (long)lease.TotalMilliseconds), ("s", study), ("id", trialId), ("w", worker)) == 1);

    /// <inheritdoc/>
    public string RecordProposal(string study, int trialId, string worker, string parametersJson) => Run($"recording the parameters of trial {trialId} of study '{study}'", (c, t) =>
    {
        Execute(c, t, $"UPDATE {_trials} SET parameters = @p WHERE study = @s AND trial_id = @id AND parameters IS NULL", ("p", parametersJson), ("s", study), ("id", trialId));
        return Scalar(c, t, $"SELECT parameters FROM {_trials} WHERE study = @s AND trial_id = @id", ("s", study), ("id", trialId)) as string ?? parametersJson;
    });

    /// <inheritdoc/>
    public void Release(string study, int trialId, string worker) => Run($"releasing trial {trialId} of study '{study}'", (c, t) =>
        Execute(c, t, $"UPDATE {_trials} SET lease_expires = 0 WHERE study = @s AND trial_id = @id AND worker = @w AND state = 'running'", ("s", study), ("id", trialId), ("w", worker)));

    /// <inheritdoc/>
    public bool Complete(string study, TrialRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var finished = record.FinishedUtc.ToString("O", CultureInfo.InvariantCulture);
        return Run($"completing trial {record.TrialId} of study '{study}'", (c, t, retried) =>
        {
            var written = Execute(c, t,
                $"""
                INSERT INTO {_trials} (study, trial_id, state, worker, lease_expires, parameters, scores, fit_times, score_times, error, warnings, finished_utc)
                VALUES (@s, @id, 'completed', @w, NULL, @p, @scores, @fit, @score, @e, @warnings, @f)
                ON CONFLICT (study, trial_id) DO UPDATE SET state = 'completed', worker = excluded.worker, lease_expires = NULL,
                    parameters = excluded.parameters, scores = excluded.scores, fit_times = excluded.fit_times,
                    score_times = excluded.score_times, error = excluded.error, warnings = excluded.warnings, finished_utc = excluded.finished_utc
                WHERE {_trials}.state = 'running'
                """,
                ("s", study),
                ("id", record.TrialId),
                ("w", record.Worker),
                ("p", record.ParametersJson),
                ("scores", record.ScoresJson()),
                ("fit", TrialRecord.NumbersJson(record.FitTimes)),
                ("score", TrialRecord.NumbersJson(record.ScoreTimes)),
                ("e", record.Error),
                ("warnings", record.WarningsJson()),
                ("f", finished));
            if (written == 1 || !retried)
            {
                return written == 1;
            }

            // An earlier try whose commit reached the database before its connection broke: the row is this very record.
            using var command = Command(c, t, $"SELECT worker, finished_utc FROM {_trials} WHERE study = @s AND trial_id = @id", ("s", study), ("id", record.TrialId));
            using var reader = command.ExecuteReader();
            return reader.Read() && reader.GetString(0) == record.Worker && !reader.IsDBNull(1) && reader.GetString(1) == finished;
        });
    }

    /// <inheritdoc/>
    public IReadOnlyList<TrialRecord> LoadCompleted(string study) => Run($"loading the trials of study '{study}'", (c, t) =>
    {
        using var command = Command(c, t, $"SELECT {TrialRecord.Columns} FROM {_trials} WHERE study = @s AND state = 'completed' ORDER BY trial_id", ("s", study));
        return TrialRecord.ReadAll(command);
    });

    /// <inheritdoc/>
    public string? GetAttribute(string study, string key) => Run($"reading attribute '{key}' of study '{study}'", (c, t) =>
        Scalar(c, t, $"SELECT value FROM {_attributes} WHERE study = @s AND key = @k", ("s", study), ("k", key)) as string);

    /// <inheritdoc/>
    public void SetAttribute(string study, string key, string value) => Run($"writing attribute '{key}' of study '{study}'", (c, t) => Execute(c, t,
        $"INSERT INTO {_attributes} (study, key, value) VALUES (@s, @k, @v) ON CONFLICT (study, key) DO UPDATE SET value = excluded.value",
        ("s", study), ("k", key), ("v", value)));

    /// <inheritdoc/>
    public void Dispose()
    {
        _dialect.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>Names of the studies in the store, in order.</summary>
    internal IReadOnlyList<string> Studies() => Run("listing the studies", (c, t) =>
    {
        using var command = Command(c, t, $"SELECT name FROM {_studies} ORDER BY name");
        using var reader = command.ExecuteReader();
        var names = new List<string>();
        while (reader.Read())
        {
            names.Add(reader.GetString(0));
        }

        return (IReadOnlyList<string>)names;
    });

    /// <summary>
    /// Runs <paramref name="work"/> in a transaction, again after each transient failure (waiting 20 ms, 40 ms, ... up to
    /// 5 s between tries) until it succeeds or <see cref="StoreRetry.Deadline"/> has passed since the first try.
    /// </summary>
    private T Run<T>(string operation, Func<DbConnection, DbTransaction, T> work) => Run(operation, (c, t, _) => work(c, t));

    /// <summary>As above; <paramref name="work"/> is told whether an earlier try failed (its commit may have reached the database).</summary>
    private T Run<T>(string operation, Func<DbConnection, DbTransaction, bool, T> work)
    {
        var clock = Stopwatch.StartNew();
        var wait = FirstWait;
        for (var retried = false; ; retried = true)
        {
            try
            {
                return _dialect.Use(connection =>
                {
                    using var transaction = _dialect.Begin(connection);
                    var result = work(connection, transaction, retried);
                    transaction.Commit();
                    return result;
                });
            }
            catch (Exception e) when (_dialect.IsTransient(e))
            {
                _dialect.Recover(e);
                var left = Retry.Deadline - clock.Elapsed;
                if (left <= TimeSpan.Zero)
                {
                    throw new StoreUnavailableException(
                        $"The trial store {_dialect.Display} stayed unavailable while {operation}, past its retry deadline of " +
                        $"{Retry.Deadline.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s (StoreRetry.Deadline); last error: " +
                        $"{OneLine(e.Message)}. Completed trials are kept; run again once the store is back.",
                        e);
                }

                Retrying?.Invoke(operation, e);
                Thread.Sleep(wait < left ? wait : left);
                wait = wait * 2 < LongestWait ? wait * 2 : LongestWait;
            }
        }
    }

    private static string OneLine(string message) => string.Join(' ', message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).TrimEnd('.');

    /// <summary>
    /// Creates the tables, or migrates a version 1 schema (no trial counter, no running index) or a version 2 one (no warnings
    /// column: trials completed before it read back without warnings) to this one.
    /// </summary>
    private int CreateSchema(DbConnection c, DbTransaction t)
    {
        if (_dialect.SchemaLock is { } schemaLock)
        {
            Execute(c, t, schemaLock);
        }

        Execute(c, t, $"CREATE TABLE IF NOT EXISTS {_meta} (key TEXT PRIMARY KEY, value TEXT NOT NULL)");
        var stored = Scalar(c, t, $"SELECT value FROM {_meta} WHERE key = 'schema_version'") is string text ? int.Parse(text, CultureInfo.InvariantCulture) : (int?)null;
        if (stored > SchemaVersion)
        {
            throw new InvalidOperationException($"The trial store {_dialect.Display} has schema version {stored}; this version of MlNetHpo reads up to {SchemaVersion}.");
        }

        if (stored == SchemaVersion)
        {
            return 0;
        }

        if (stored == 1)
        {
            Execute(c, t, $"ALTER TABLE {_studies} ADD COLUMN next_trial BIGINT");
        }

        if (stored is 1 or 2)
        {
            Execute(c, t, $"ALTER TABLE {_trials} ADD COLUMN warnings TEXT");
        }

        Execute(c, t,
            $"""
            CREATE TABLE IF NOT EXISTS {_studies} (name TEXT PRIMARY KEY, definition TEXT NOT NULL, created_utc {_dialect.TimestampType} NOT NULL, next_trial BIGINT);
            CREATE TABLE IF NOT EXISTS {_trials} (
                study TEXT NOT NULL, trial_id INTEGER NOT NULL, state TEXT NOT NULL, worker TEXT NOT NULL,
                lease_expires BIGINT, parameters TEXT, scores TEXT, fit_times TEXT, score_times TEXT, error TEXT, finished_utc TEXT,
                warnings TEXT, PRIMARY KEY (study, trial_id));
            CREATE TABLE IF NOT EXISTS {_attributes} (study TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (study, key));
            CREATE INDEX IF NOT EXISTS {_trials}_running ON {_trials} (study, trial_id, lease_expires, worker) WHERE state = 'running';
            """);
        if (stored == 1)
        {
            using var command = Command(c, t, $"SELECT name FROM {_studies}");
            foreach (var study in ReadStrings(command))
            {
                Execute(c, t, $"UPDATE {_studies} SET next_trial = @n WHERE name = @s", ("n", FirstFreeId(c, t, study)), ("s", study));
            }
        }

        Execute(c, t,
            stored is null
                ? $"INSERT INTO {_meta} (key, value) VALUES ('schema_version', @v)"
                : $"UPDATE {_meta} SET value = @v WHERE key = 'schema_version'",
            ("v", SchemaVersion.ToString(CultureInfo.InvariantCulture)));
        return 0;
    }

    private static List<string> ReadStrings(DbCommand command)
    {
        using var reader = command.ExecuteReader();
        var values = new List<string>();
        while (reader.Read())
        {
            values.Add(reader.GetString(0));
        }

        return values;
    }

    /// <summary>The study's next new trial id: its counter, or (a study a version 1 process created after the migration) the lowest id without a row.</summary>
    private long NextTrial(DbConnection c, DbTransaction t, string study) =>
        Scalar(c, t, $"SELECT COALESCE(next_trial, -1) FROM {_studies} WHERE name = @s", ("s", study)) switch
        {
            null or DBNull => throw new KeyNotFoundException($"No study named '{study}' in {_dialect.Display}; open it first."),
            var n when Convert.ToInt64(n, CultureInfo.InvariantCulture) < 0 => FirstFreeId(c, t, study),
            var n => Convert.ToInt64(n, CultureInfo.InvariantCulture),
        };

    /// <summary>The lowest trial id without a row: how version 1 found new ids (it reads the whole study, so only migrations use it).</summary>
    private long FirstFreeId(DbConnection c, DbTransaction t, string study) => Convert.ToInt64(Scalar(c, t,
        $"""
        SELECT MIN(id) FROM (
            SELECT 0 AS id WHERE NOT EXISTS (SELECT 1 FROM {_trials} WHERE study = @s AND trial_id = 0)
            UNION ALL
            SELECT a.trial_id + 1 FROM {_trials} a WHERE a.study = @s
                AND NOT EXISTS (SELECT 1 FROM {_trials} b WHERE b.study = @s AND b.trial_id = a.trial_id + 1)) AS free
        """,
        ("s", study)), CultureInfo.InvariantCulture);

    private DbCommand Command(DbConnection connection, DbTransaction transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        Executing?.Invoke(sql);
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }

        return command;
    }

    private int Execute(DbConnection connection, DbTransaction transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(connection, transaction, sql, parameters);
        return command.ExecuteNonQuery();
    }

    private object? Scalar(DbConnection connection, DbTransaction transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(connection, transaction, sql, parameters);
        return command.ExecuteScalar();
    }
}
