using System.Data.Common;
using System.Net.Sockets;
using Npgsql;

namespace MlNetHpo.Storage;

/// <summary>
/// A study store on a PostgreSQL server, so that workers on many machines share one study. Tables (prefixed
/// <c>mlnethpo_</c>, several studies per database) are created on first use under an advisory lock, with a schema
/// version row for migrations. A claim runs in one transaction holding a per-study advisory lock, so two workers
/// never take the same trial; leases are in unix milliseconds of the server's clock (the machines' clocks may
/// differ). Thread-safe: each call takes a pooled connection. A server restart or outage is waited out: every
/// operation is retried (on fresh connections) up to <see cref="StoreRetry.Deadline"/>.
/// </summary>
public sealed class PostgresTrialStore : SqlTrialStore
{
    /// <summary>Connects to the database of <paramref name="uri"/> (<c>postgresql://user:password@host:port/database</c>) and creates the tables if needed.</summary>
    /// <param name="uri">The database's URI.</param>
    /// <param name="retry">How long operations are retried while the server is unreachable; default 2 minutes.</param>
    /// <exception cref="ArgumentException">The URI is not a PostgreSQL URI.</exception>
    /// <exception cref="InvalidOperationException">The database was written by a newer schema version.</exception>
    /// <exception cref="NpgsqlException">The server refused the connection (e.g. a wrong password).</exception>
    /// <exception cref="StoreUnavailableException">The server stayed unreachable past the retry deadline.</exception>
    public PostgresTrialStore(string uri, StoreRetry? retry = null)
        : base(new Dialect(uri), retry)
    {
        DisplayName = Redact(uri);
    }

    /// <summary>The URI with its password hidden, for messages.</summary>
    public string DisplayName { get; }

    /// <summary>True when <paramref name="text"/> is a <c>postgresql://</c> or <c>postgres://</c> URI.</summary>
    public static bool IsUri(string text) =>
        text.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase) || text.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase);

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

    /// <summary><paramref name="uri"/> with its password replaced by <c>***</c>.</summary>
    internal static string Redact(string uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        var scheme = uri.IndexOf("://", StringComparison.Ordinal);
        var at = uri.LastIndexOf('@');
        var colon = scheme < 0 ? -1 : uri.IndexOf(':', scheme + 3);
        return scheme >= 0 && at > 0 && colon > 0 && colon < at ? uri[..(colon + 1)] + "***" + uri[at..] : uri;
    }

    /// <summary>
    /// The server errors that pass: the server shutting down or restarting (57P01, 57P02, 57P03), too many connections
    /// (53300), a serialization failure (40001), a deadlock (40P01), and any connection failure (class 08).
    /// </summary>
    internal static bool IsTransientState(string sqlState) =>
        sqlState is "57P01" or "57P02" or "57P03" or "53300" or "40001" or "40P01" || sqlState.StartsWith("08", StringComparison.Ordinal);

    private sealed class Dialect(string uri) : SqlDialect
    {
        // Arbitrary constant keys for the advisory locks (schema creation; claims of a study add its name's hash).
        private const long SchemaLockKey = 0x6d6c6e6574687031;

        private readonly NpgsqlDataSource _source = NpgsqlDataSource.Create(ConnectionString(uri));

        public override string Display { get; } = Redact(uri);

        public override string TablePrefix => "mlnethpo_";

        // The server's clock: the workers' machines may disagree.
        public override string Now => "(extract(epoch from clock_timestamp()) * 1000)::bigint";

        public override string TimestampType => "TIMESTAMPTZ";

        // One claim at a time per study, across every machine; completions and renewals are not blocked by it.
        public override string? ClaimLock => $"SELECT pg_advisory_xact_lock({(int)(SchemaLockKey & 0x7fffffff)}, hashtext(@s))";

        // Two processes creating the tables at once would race on the catalog: serialize them.
        public override string? SchemaLock => $"SELECT pg_advisory_xact_lock({SchemaLockKey})";

        public override T Use<T>(Func<DbConnection, T> work)
        {
            using var connection = _source.OpenConnection();
            return work(connection);
        }

        public override DbTransaction Begin(DbConnection connection) => connection.BeginTransaction();

        public override bool IsTransient(Exception error) => error switch
        {
            PostgresException e => IsTransientState(e.SqlState),
            NpgsqlException e => e.IsTransient || e.InnerException is IOException or SocketException or TimeoutException,
            _ => false,
        };

        // After a restart every pooled connection is dead: drop them all, so the next try opens fresh ones.
        public override void Recover(Exception error) => _source.Clear();

        public override void Dispose() => _source.Dispose();
    }
}
