using System.Collections.Concurrent;
using System.Reflection;
using Microsoft.ML.Runtime;

namespace MlNetHpo.Trainers;

/// <summary>
/// Whether a fit was asked to stop through its MLContext, checked by our solvers once per iteration, so a cancelled search
/// stops our trainers inside a fit as it stops ML.NET's. <c>MLContext.CancelExecution</c> (which the search calls) sets a flag
/// on the context's environment that ML.NET's trainers poll; the flag, and the catalog's link to the environment, are internal
/// in ML.NET 5 and read by reflection. Where a later ML.NET moves them, a fit is no longer stopped inside, only the search.
/// </summary>
internal sealed class FitCancellation(Func<bool> requested)
{
    private const BindingFlags Members = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic;

    // Per catalog type, the property that holds its context's environment; per environment type, its IsCanceled flag.
    private static readonly ConcurrentDictionary<Type, PropertyInfo?> EnvironmentOf = new();
    private static readonly ConcurrentDictionary<Type, PropertyInfo?> IsCanceledOf = new();

    /// <summary>A fit that cannot be cancelled (a trainer built without a catalog).</summary>
    public static readonly FitCancellation None = new(() => false);

    /// <summary>
    /// The cancellation of the context a trainers catalog (<c>ml.BinaryClassification.Trainers</c>, ...) belongs to;
    /// <see cref="None"/> when this ML.NET does not show it.
    /// </summary>
    public static FitCancellation Of(object catalog)
    {
        if (EnvironmentOf.GetOrAdd(catalog.GetType(), FindEnvironment)?.GetValue(catalog) is not { } environment
            || IsCanceledOf.GetOrAdd(environment.GetType(), FindFlag) is not { } isCanceled)
        {
            return None;
        }

        return new FitCancellation(() => isCanceled.GetValue(environment) is true);
    }

    /// <summary>Whether the fit's context was cancelled.</summary>
    public bool IsRequested => requested();

    /// <summary>Throws <see cref="OperationCanceledException"/> when the fit's context was cancelled.</summary>
    public void ThrowIfRequested()
    {
        if (IsRequested)
        {
            throw new OperationCanceledException("The fit was cancelled through its MLContext.");
        }
    }

    private static PropertyInfo? FindEnvironment(Type catalog)
    {
        for (var type = catalog; type is not null; type = type.BaseType)
        {
            if (type.GetProperties(Members | BindingFlags.DeclaredOnly).FirstOrDefault(p => p.PropertyType == typeof(IHostEnvironment)) is { } property)
            {
                return property;
            }
        }

        return null;
    }

    private static PropertyInfo? FindFlag(Type environment) =>
        environment.GetProperty("IsCanceled", Members) is { } flag && flag.PropertyType == typeof(bool) ? flag : null;
}
