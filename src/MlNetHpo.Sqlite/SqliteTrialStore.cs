using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace MlNetHpo.Storage;

/// <summary>
/// A study file on disk (SQLite): each trial is written as it finishes, so a search killed at any moment
/// loses no completed trial, and reopening the study resumes it. Several processes may open the same file:
/// every operation runs in an IMMEDIATE transaction, so each trial is claimed by one worker at a time, and a trial
/// whose worker died is claimed again once its lease expires. Threads of one process share one connection. While
/// another process holds the file's write lock, operations wait (SQLite's busy timeout, then retries) up to
/// <see cref="StoreRetry.Deadline"/>.
/// </summary>
public sealed class SqliteTrialStore : SqlTrialStore
{
    /// <summary>Opens (or creates) the study file at <paramref name="path"/>; a version 1 file is migrated.</summary>
    /// <param name="path">The study file.</param>
    /// <param name="retry">How long operations wait for a file another process holds locked; default 2 minutes.</param>
    /// <exception cref="ArgumentException">The path is empty.</exception>
    /// <exception cref="InvalidOperationException">The file was written by a newer schema version.</exception>
    /// <exception cref="StoreUnavailableException">The file stayed locked by another process past the retry deadline.</exception>
    public SqliteTrialStore(string path, StoreRetry? retry = null)
        : base(new Dialect(path, retry ?? StoreRetry.Default), retry)
    {
        Path = System.IO.Path.GetFullPath(path);
    }

    /// <summary>The study file's full path.</summary>
    public string Path { get; }

    /// <summary>Names of the studies in the file.</summary>
    public IReadOnlyList<string> StudyNames() => Studies();

    private sealed class Dialect : SqlDialect
    {
        // SQLITE_BUSY and SQLITE_LOCKED: another connection holds the lock we need.
        private const int Busy = 5;
        private const int Locked = 6;

        private readonly SqliteConnection _connection;
        private readonly object _gate = new();

        public Dialect(string path, StoreRetry retry)
        {
            ArgumentException.ThrowIfNullOrEmpty(path);
            Display = System.IO.Path.GetFullPath(path);
            // A try waits for a lock at most a second (the driver's own retry loop counts whole seconds, SQLite's busy
            // timeout milliseconds); the store's retries go on up to the deadline.
            _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Display, Pooling = false, DefaultTimeout = 1 }.ToString());
            _connection.Open();
            var busyMilliseconds = (long)Math.Min(retry.Deadline.TotalMilliseconds, 1000);
            using var pragmas = _connection.CreateCommand();
            pragmas.CommandText = $"PRAGMA busy_timeout = {busyMilliseconds}; PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;";
            pragmas.ExecuteNonQuery();
        }

        public override string Display { get; }

        public override string TablePrefix => "";

        // SQLite's clock is this machine's, as it is every process's sharing the file.
        public override string Now => "CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)";

        public override string TimestampType => "TEXT";

        public override string? ClaimLock => null;

        public override string? SchemaLock => null;

        public override T Use<T>(Func<DbConnection, T> work)
        {
            lock (_gate)
            {
                return work(_connection);
            }
        }

        // IMMEDIATE: take the write lock at once, so two processes never both see a trial as free.
        public override DbTransaction Begin(DbConnection connection) => ((SqliteConnection)connection).BeginTransaction(deferred: false);

        public override bool IsTransient(Exception error) => error is SqliteException { SqliteErrorCode: Busy or Locked };

        public override void Dispose() => _connection.Dispose();
    }
}
