using MlNetHpo.Storage;

namespace MlNetHpo.StudyWorker;

/// <summary>The store a test names by a SQLite path or a PostgreSQL URI (the CLI has its own; the core package references neither provider).</summary>
public static class TrialStores
{
    /// <summary>A <see cref="PostgresTrialStore"/> for a URI, a <see cref="SqliteTrialStore"/> for a path.</summary>
    public static SqlTrialStore Open(string pathOrUri, StoreRetry? retry = null) =>
        PostgresTrialStore.IsUri(pathOrUri) ? new PostgresTrialStore(pathOrUri, retry) : new SqliteTrialStore(pathOrUri, retry);
}
