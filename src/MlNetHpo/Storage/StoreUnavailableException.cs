namespace MlNetHpo.Storage;

/// <summary>
/// Thrown when a trial store stayed unreachable (connection lost, server restarting, database locked) past its retry
/// deadline (<see cref="StoreRetry.Deadline"/>). The message is one line that names the store (without its password),
/// the operation and how long it was retried; nothing completed was lost.
/// </summary>
public sealed class StoreUnavailableException : Exception
{
    /// <summary>Creates the exception.</summary>
    public StoreUnavailableException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }
}
