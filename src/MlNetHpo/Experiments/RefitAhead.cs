using Microsoft.ML;
using MlNetHpo.AutoML;

namespace MlNetHpo.Experiments;

/// <summary>
/// The refit started before the search ends: a worker left without units while the last ones run fits the leading
/// candidate on all the data, on a task the search loop does not wait for, so the core it leaves is not idle. When that
/// candidate is still the best at the end, the refit is that fit (the same parameters, seed and data make the same model);
/// otherwise it is cancelled and the best is fitted then, as without it. A fit that ignores its context's cancellation (a
/// custom trainer) holds the search's end for the rest of that one fit.
/// </summary>
internal sealed class RefitAhead : IDisposable
{
    private readonly object _gate = new();
    private Started? _started;
    private bool _closed;

    /// <summary>Starts fitting <paramref name="parameters"/> under a fresh context of <paramref name="seed"/>; only the first call starts one.</summary>
    public void Start(Parameter parameters, int seed, Func<MLContext, ITransformer> fit)
    {
        lock (_gate)
        {
            if (_started != null || _closed)
            {
                return;
            }

            var context = new MLContext(seed);
            var task = Task.Run(() => fit(context));
            _ = task.ContinueWith(t => t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default); // observed: the refit raises it again
            _started = new Started(parameters, context, task);
        }
    }

    /// <summary>
    /// The early fit when it was of <paramref name="best"/> and succeeded, waiting for it if need be; otherwise null (it is
    /// cancelled), and the caller fits the best, which raises any error the early fit met.
    /// </summary>
    public ITransformer? Take(Parameter best)
    {
        Started? started;
        lock (_gate)
        {
            (started, _closed) = (_started, true);
        }

        if (started is null || !started.Parameters.Equals(best))
        {
            Dispose();
            return null;
        }

        try
        {
            return started.Fit.GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return null;
        }
    }

    /// <summary>
    /// Stops a fit still running (ML.NET's trainers and ours stop through their context) and waits for it to end, so nothing
    /// of the search still runs once it returns; starts no other.
    /// </summary>
    public void Dispose()
    {
        Started? started;
        lock (_gate)
        {
            (started, _closed) = (_started, true);
        }

        if (started is { Fit.IsCompleted: false })
        {
            MlContextCancellation.Cancel(started.Context);
            ((IAsyncResult)started.Fit).AsyncWaitHandle.WaitOne(); // its error, cancellation included, is observed by the continuation
        }
    }

    private sealed record Started(Parameter Parameters, MLContext Context, Task<ITransformer> Fit);
}
