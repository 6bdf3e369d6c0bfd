namespace MlNetHpo.Storage;

/// <summary>
/// Opens the store a path or URI names: a SQLite study file, or a study database on a PostgreSQL server. It lives where
/// both providers are referenced (the core package depends on neither).
/// </summary>
internal static class TrialStores
{
    /// <summary>
    /// A <see cref="PostgresTrialStore"/> for a <c>postgresql://user:password@host:port/database</c> (or <c>postgres://</c>) URI,
    /// a <see cref="SqliteTrialStore"/> for anything else (a file path).
    /// </summary>
    /// <param name="pathOrUri">A SQLite file path or a PostgreSQL URI.</param>
    /// <param name="retry">How long operations are retried while the store is unreachable or locked; default 2 minutes.</param>
    public static SqlTrialStore Open(string pathOrUri, StoreRetry? retry = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(pathOrUri);
        return PostgresTrialStore.IsUri(pathOrUri) ? new PostgresTrialStore(pathOrUri, retry) : new SqliteTrialStore(pathOrUri, retry);
    }

    /// <summary>How <paramref name="pathOrUri"/> may be shown: a URI's password hidden, a path as given.</summary>
    public static string Describe(string pathOrUri) =>
        PostgresTrialStore.IsUri(pathOrUri ?? throw new ArgumentNullException(nameof(pathOrUri))) ? PostgresTrialStore.Redact(pathOrUri) : pathOrUri;
}
