using System.Globalization;
using Npgsql;

namespace MlNetHpo.Storage;

/// <summary>
/// A study store on a PostgreSQL server, so that workers on many machines share one study. Tables (prefixed
/// <c>mlnethpo_</c>, several studies per database) are created on first use under an advisory lock, with a schema
/// version row for later migrations. A claim runs in one transaction holding a per-study advisory lock, so two workers
/// never take the same trial; leases are in unix milliseconds of the server's clock (the machines' clocks may
/// differ); a completion only upgrades a row still 'running', so the first completion wins and a worker presumed
/// dead that finishes late records nothing. Thread-safe: each call takes a pooled connection.
/// </summary>
public sealed class PostgresTrialStore : ITrialStore
{
    /// <summary>Version of the schema this code writes; stored in the database for later migrations.</summary>
    public const int SchemaVersion = 1;

    // Arbitrary constant keys for the advisory locks (schema creation; claims of a study add its name's hash).
    private const long SchemaLockKey = 0x6d6c6e6574687031;
    private const string Now = "(extract(epoch from clock_timestamp()) * 1000)::bigint";

    private readonly NpgsqlDataSource _source;

    /// <summary>Connects to the database of <paramref name="uri"/> (<c>postgresql://user:password@host:port/database</c>) and creates the tables if needed.</summary>
    /// <exception cref="ArgumentException">The URI is not a PostgreSQL URI.</exception>
    /// <exception cref="InvalidOperationException">The database was written by a newer schema version.</exception>
    /// <exception cref="NpgsqlException">The server cannot be reached or refused the connection.</exception>
    public PostgresTrialStore(string uri)
    {
        _source = NpgsqlDataSource.Create(ConnectionString(uri));
        DisplayName = Redact(uri);
        try
        {
            CreateSchema();
        }
        catch
        {
            _source.Dispose();
            throw;
        }
    }

    /// <summary>The URI with its password hidden, for messages.</summary>
    public string DisplayName { get; }

    /// <summary>True when <paramref name="text"/> is a <c>postgresql://</c> or <c>postgres://</c> URI.</summary>
    public static bool IsUri(string text) =>
        text.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase) || text.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase);

    /// <summary><paramref name="uri"/> with its password replaced by <c>***</c>.</summary>
    public static string Redact(string uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        var scheme = uri.IndexOf("://", StringComparison.Ordinal);
        var at = uri.LastIndexOf('@');
        var colon = scheme < 0 ? -1 : uri.IndexOf(':', scheme + 3);
        return scheme >= 0 && at > 0 && colon > 0 && colon < at ? uri[..(colon + 1)] + "***" + uri[at..] : uri;
    }

    /// <summary>
    /// The Npgsql connection string of <paramref name="uri"/>: user, password, host, port (default 5432), database, and
    /// query parameters as connection-string keywords (<c>?sslmode=require</c>).
    /// </summary>
    /// <exception cref="ArgumentException">Not a PostgreSQL URI, or an unknown query parameter.</exception>
    public static string ConnectionString(string uri)
    {
        ArgumentException.ThrowIfNullOrEmpty(uri);
        if (!IsUri(uri) || !Uri.TryCreate(uri, UriKind.Absolute, out var parsed) || string.IsNullOrEmpty(parsed.Host))
        {
            throw new ArgumentException($"'{Redact(uri)}' is not a PostgreSQL URI; expected postgresql://user:password@host:port/database.", nameof(uri));
        }

        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = parsed.Host,
            Port = parsed.IsDefaultPort || parsed.Port < 0 ? 5432 : parsed.Port,
            Database = Uri.UnescapeDataString(parsed.AbsolutePath.TrimStart('/')) is { Length: > 0 } db ? db : null,
        };
        if (parsed.UserInfo.Length > 0)
        {
            var parts = parsed.UserInfo.Split(':', 2);
            builder.Username = Uri.UnescapeDataString(parts[0]);
            if (parts.Length == 2)
            {
                builder.Password = Uri.UnescapeDataString(parts[1]);
            }
        }

        foreach (var pair in parsed.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var kv = pair.Split('=', 2);
            try
            {
                builder[Uri.UnescapeDataString(kv[0])] = kv.Length == 2 ? Uri.UnescapeDataString(kv[1]) : "true";
            }
            catch (ArgumentException)
            {
                throw new ArgumentException($"Unknown connection parameter '{kv[0]}' in '{Redact(uri)}'.", nameof(uri));
            }
        }

        return builder.ConnectionString;
    }

    /// <inheritdoc/>
    public void OpenStudy(string study, string definition) => InTransaction((c, t) =>
    {
        Execute(c, t, "INSERT INTO mlnethpo_studies (name, definition, created_utc) VALUES (@s, @d, now()) ON CONFLICT (name) DO NOTHING", ("s", study), ("d", definition));
        StudyDefinitions.Check(study, (string)Scalar(c, t, "SELECT definition FROM mlnethpo_studies WHERE name = @s", ("s", study))!, definition);
        return 0;
    });

    /// <inheritdoc/>
    public string? GetDefinition(string study) =>
        InTransaction((c, t) => Scalar(c, t, "SELECT definition FROM mlnethpo_studies WHERE name = @s", ("s", study)) as string);

    /// <inheritdoc/>
    public TrialClaim ClaimNext(string study, string worker, long? limit, TimeSpan lease) => InTransaction((c, t) =>
    {
        // One claim at a time per study, across every machine; completions and renewals are not blocked by it.
        Execute(c, t, "SELECT pg_advisory_xact_lock(@k, hashtext(@s))", ("k", (int)(SchemaLockKey & 0x7fffffff)), ("s", study));
        var bound = limit ?? long.MaxValue;
        var running = Convert.ToInt32(Scalar(c, t,
            $"SELECT COUNT(*) FROM mlnethpo_trials WHERE study = @s AND state = 'running' AND lease_expires > {Now} AND worker <> @w AND trial_id < @limit",
            ("s", study), ("w", worker), ("limit", bound)), CultureInfo.InvariantCulture);
        while (true)
        {
            // The lowest id that has no row, or whose lease has expired (or is this worker's own).
            var free = Scalar(c, t,
                $"""
                SELECT MIN(id) FROM (
                    SELECT 0 AS id WHERE NOT EXISTS (SELECT 1 FROM mlnethpo_trials WHERE study = @s AND trial_id = 0)
                    UNION ALL
                    SELECT a.trial_id + 1 FROM mlnethpo_trials a WHERE a.study = @s
                        AND NOT EXISTS (SELECT 1 FROM mlnethpo_trials b WHERE b.study = @s AND b.trial_id = a.trial_id + 1)
                    UNION ALL
                    SELECT trial_id FROM mlnethpo_trials WHERE study = @s AND state = 'running' AND (lease_expires <= {Now} OR worker = @w)) AS free
                WHERE id < @limit
                """,
                ("s", study), ("w", worker), ("limit", bound));
            if (free is null or DBNull)
            {
                return new TrialClaim(null, running);
            }

            var id = Convert.ToInt32(free, CultureInfo.InvariantCulture);
            var taken = Execute(c, t,
                $"""
                INSERT INTO mlnethpo_trials (study, trial_id, state, worker, lease_expires) VALUES (@s, @id, 'running', @w, {Now} + @ms)
                ON CONFLICT (study, trial_id) DO UPDATE SET worker = excluded.worker, lease_expires = excluded.lease_expires
                WHERE mlnethpo_trials.state = 'running'
                """,
                ("s", study), ("id", id), ("w", worker), ("ms", (long)lease.TotalMilliseconds));
            if (taken == 1)
            {
                var proposed = Scalar(c, t, "SELECT parameters FROM mlnethpo_trials WHERE study = @s AND trial_id = @id", ("s", study), ("id", id));
                return new TrialClaim(id, running, proposed as string);
            }

            // Its late worker completed it between our look and our claim: look again.
        }
    });

    /// <inheritdoc/>
    public bool RenewLease(string study, int trialId, string worker, TimeSpan lease) => InTransaction((c, t) =>
        Execute(c, t,
            $"UPDATE mlnethpo_trials SET lease_expires = {Now} + @ms WHERE study = @s AND trial_id = @id AND worker = @w AND state = 'running'",
            ("ms", (long)lease.TotalMilliseconds), ("s", study), ("id", trialId), ("w", worker)) == 1);

    /// <inheritdoc/>
    public void Release(string study, int trialId, string worker) => InTransaction((c, t) =>
        Execute(c, t, "UPDATE mlnethpo_trials SET lease_expires = 0 WHERE study = @s AND trial_id = @id AND worker = @w AND state = 'running'", ("s", study), ("id", trialId), ("w", worker)));

    /// <inheritdoc/>
    public string RecordProposal(string study, int trialId, string worker, string parametersJson) => InTransaction((c, t) =>
    {
        Execute(c, t, "UPDATE mlnethpo_trials SET parameters = @p WHERE study = @s AND trial_id = @id AND parameters IS NULL", ("p", parametersJson), ("s", study), ("id", trialId));
        return Scalar(c, t, "SELECT parameters FROM mlnethpo_trials WHERE study = @s AND trial_id = @id", ("s", study), ("id", trialId)) as string ?? parametersJson;
    });

    /// <inheritdoc/>
    public bool Complete(string study, TrialRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return InTransaction((c, t) => Execute(c, t,
            """
            INSERT INTO mlnethpo_trials (study, trial_id, state, worker, lease_expires, parameters, scores, fit_times, score_times, error, finished_utc)
            VALUES (@s, @id, 'completed', @w, NULL, @p, @scores, @fit, @score, @e, @f)
            ON CONFLICT (study, trial_id) DO UPDATE SET state = 'completed', worker = excluded.worker, lease_expires = NULL,
                parameters = excluded.parameters, scores = excluded.scores, fit_times = excluded.fit_times,
                score_times = excluded.score_times, error = excluded.error, finished_utc = excluded.finished_utc
            WHERE mlnethpo_trials.state = 'running'
            """,
            ("s", study),
            ("id", record.TrialId),
            ("w", record.Worker),
            ("p", record.ParametersJson),
            ("scores", record.ScoresJson()),
            ("fit", TrialRecord.NumbersJson(record.FitTimes)),
            ("score", TrialRecord.NumbersJson(record.ScoreTimes)),
            ("e", record.Error),
            ("f", record.FinishedUtc.ToString("O"))) == 1);
    }

    /// <inheritdoc/>
    public IReadOnlyList<TrialRecord> LoadCompleted(string study) => InTransaction((c, t) =>
    {
        using var command = Command(c, t,
            $"SELECT {TrialRecord.Columns} FROM mlnethpo_trials WHERE study = @s AND state = 'completed' ORDER BY trial_id",
            ("s", study));
        return TrialRecord.ReadAll(command);
    });

    /// <inheritdoc/>
    public string? GetAttribute(string study, string key) =>
        InTransaction((c, t) => Scalar(c, t, "SELECT value FROM mlnethpo_attributes WHERE study = @s AND key = @k", ("s", study), ("k", key)) as string);

    /// <inheritdoc/>
    public void SetAttribute(string study, string key, string value) => InTransaction((c, t) => Execute(c, t,
        "INSERT INTO mlnethpo_attributes (study, key, value) VALUES (@s, @k, @v) ON CONFLICT (study, key) DO UPDATE SET value = excluded.value",
        ("s", study), ("k", key), ("v", value)));

    /// <inheritdoc/>
    public void Dispose() => _source.Dispose();

    private static NpgsqlCommand Command(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = new NpgsqlCommand(sql, connection, transaction);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return command;
    }

    private static int Execute(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(connection, transaction, sql, parameters);
        return command.ExecuteNonQuery();
    }

    private static object? Scalar(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(connection, transaction, sql, parameters);
        return command.ExecuteScalar();
    }

    private void CreateSchema() => InTransaction((c, t) =>
    {
        // Two processes creating the tables at once would race on the catalog: serialize them.
        Execute(c, t, "SELECT pg_advisory_xact_lock(@k)", ("k", SchemaLockKey));
        Execute(c, t,
            """
            CREATE TABLE IF NOT EXISTS mlnethpo_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS mlnethpo_studies (name TEXT PRIMARY KEY, definition TEXT NOT NULL, created_utc TIMESTAMPTZ NOT NULL);
            CREATE TABLE IF NOT EXISTS mlnethpo_trials (
                study TEXT NOT NULL, trial_id INTEGER NOT NULL, state TEXT NOT NULL, worker TEXT NOT NULL,
                lease_expires BIGINT, parameters TEXT, scores TEXT, fit_times TEXT, score_times TEXT, error TEXT, finished_utc TEXT,
                PRIMARY KEY (study, trial_id));
            CREATE TABLE IF NOT EXISTS mlnethpo_attributes (study TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (study, key));
            INSERT INTO mlnethpo_meta (key, value) VALUES ('schema_version', @v) ON CONFLICT (key) DO NOTHING;
            """,
            ("v", SchemaVersion.ToString(CultureInfo.InvariantCulture)));
        var stored = int.Parse((string)Scalar(c, t, "SELECT value FROM mlnethpo_meta WHERE key = 'schema_version'")!, CultureInfo.InvariantCulture);
        if (stored > SchemaVersion)
        {
            throw new InvalidOperationException($"The database of '{DisplayName}' has MlNetHpo schema version {stored}; this version of MlNetHpo reads up to {SchemaVersion}.");
        }

        return 0;
    });

    private T InTransaction<T>(Func<NpgsqlConnection, NpgsqlTransaction, T> work)
    {
        using var connection = _source.OpenConnection();
        using var transaction = connection.BeginTransaction();
        var result = work(connection, transaction);
        transaction.Commit();
        return result;
    }
}
