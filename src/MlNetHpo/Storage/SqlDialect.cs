using System.Data.Common;

namespace MlNetHpo.Storage;

/// <summary>
/// What differs between the SQL databases a <see cref="SqlTrialStore"/> runs on; the store's SQL is written once over it.
/// The SQL uses <c>@name</c> placeholders (both drivers read them), <c>INSERT ... ON CONFLICT</c> upserts and partial
/// indexes, which SQLite (3.24+) and PostgreSQL (9.5+) share.
/// </summary>
internal abstract class SqlDialect : IDisposable
{
    /// <summary>The store as messages name it: a path, or a URI without its password.</summary>
    public abstract string Display { get; }

    /// <summary>Prefix of the table names (a server database is shared with other applications).</summary>
    public abstract string TablePrefix { get; }

    /// <summary>An SQL expression for the current time in unix milliseconds, on the clock every worker shares.</summary>
    public abstract string Now { get; }

    /// <summary>The column type of creation times.</summary>
    public abstract string TimestampType { get; }

    /// <summary>
    /// SQL run first in a claim's transaction to serialize claims of study <c>@s</c>, or null when the transaction
    /// itself already excludes every other writer.
    /// </summary>
    public abstract string? ClaimLock { get; }

    /// <summary>SQL run first in the transaction that creates or migrates the schema, or null (as for <see cref="ClaimLock"/>).</summary>
    public abstract string? SchemaLock { get; }

    /// <summary>Runs <paramref name="work"/> on a connection (opened, or shared under a lock) for one transaction.</summary>
    public abstract T Use<T>(Func<DbConnection, T> work);

    /// <summary>Begins a transaction that, once its first statement ran, no other claim can interleave with.</summary>
    public abstract DbTransaction Begin(DbConnection connection);

    /// <summary>True when <paramref name="error"/> may pass if the operation is tried again (connection loss, locks).</summary>
    public abstract bool IsTransient(Exception error);

    /// <summary>Called after a transient failure, before the next try (e.g. to drop pooled connections a restart broke).</summary>
    public virtual void Recover(Exception error)
    {
    }

    /// <inheritdoc/>
    public abstract void Dispose();
}
