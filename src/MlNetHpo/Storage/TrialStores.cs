namespace MlNetHpo.Storage;

/// <summary>Opens the store a path or URI names: a SQLite study file, or a study database on a PostgreSQL server.</summary>
public static class TrialStores
{
    /// <summary>
    /// A <see cref="PostgresTrialStore"/> for a <c>postgresql://user:password@host:port/database</c> (or <c>postgres://</c>) URI,
    /// a <see cref="SqliteTrialStore"/> for anything else (a file path).
    /// </summary>
    /// <param name="pathOrUri">A SQLite file path or a PostgreSQL URI.</param>
    public static ITrialStore Open(string pathOrUri)
    {
        ArgumentException.ThrowIfNullOrEmpty(pathOrUri);
        return PostgresTrialStore.IsUri(pathOrUri) ? new PostgresTrialStore(pathOrUri) : new SqliteTrialStore(pathOrUri);
    }

    /// <summary>How <paramref name="pathOrUri"/> may be shown: a URI's password hidden, a path as given.</summary>
    public static string Describe(string pathOrUri) =>
        PostgresTrialStore.IsUri(pathOrUri ?? throw new ArgumentNullException(nameof(pathOrUri))) ? PostgresTrialStore.Redact(pathOrUri) : pathOrUri;
}
