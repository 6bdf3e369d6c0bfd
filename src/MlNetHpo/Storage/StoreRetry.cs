namespace MlNetHpo.Storage;

/// <summary>
/// How long a trial store keeps retrying an operation that failed for a passing reason (connection lost, server
/// restarting, serialization failure, deadlock, database locked), waiting longer between tries, before it gives up
/// with a <see cref="StoreUnavailableException"/>.
/// </summary>
public sealed class StoreRetry
{
    private readonly TimeSpan _deadline = TimeSpan.FromMinutes(2);

    /// <summary>The default: retry for up to 2 minutes.</summary>
    public static StoreRetry Default { get; } = new();

    /// <summary>How long one operation is retried, counted from its first try; zero never retries. Default 2 minutes.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Negative.</exception>
    public TimeSpan Deadline
    {
        get => _deadline;
        init => _deadline = value >= TimeSpan.Zero
            ? value
            : throw new ArgumentOutOfRangeException(nameof(Deadline), value, $"StoreRetry.Deadline must be zero or positive; got {value}.");
    }
}
