#if !NET9_0_OR_GREATER
namespace System.Threading;

/// <summary>
/// net8.0 only: the members of .NET 9's <c>System.Threading.Lock</c> that a <c>lock</c> statement uses, over
/// <see cref="Monitor"/>, so that the files of Storage/ and Experiments/ that lock on a <c>Lock</c> compile for net8.0.
/// Temporary: once those lock on a private object instead, delete this file.
/// </summary>
internal sealed class Lock
{
    private readonly object _monitor = new();

    /// <summary>Enters the lock; the scope's Dispose exits it.</summary>
    public Scope EnterScope()
    {
        Monitor.Enter(_monitor);
        return new Scope(_monitor);
    }

    /// <summary>Held until disposed.</summary>
    public readonly ref struct Scope(object monitor)
    {
        /// <summary>Exits the lock.</summary>
        public void Dispose() => Monitor.Exit(monitor);
    }
}
#endif
