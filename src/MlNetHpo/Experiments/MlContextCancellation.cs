using System.Reflection;
using Microsoft.ML;

namespace MlNetHpo.Experiments;

/// <summary>
/// Asks ML.NET to stop the trainers running under a context. <c>MLContext.CancelExecution</c> is not public in
/// ML.NET 5 (it implements an internal interface), so it is reached by reflection; if a later ML.NET moves it,
/// cancellation still stops the search, only after the running fit instead of inside it. ML.NET's trainers stop by polling
/// the flag it sets; ours read the same flag (<see cref="Trainers.FitCancellation"/>).
/// </summary>
internal static class MlContextCancellation
{
    private static readonly MethodInfo? CancelExecution = typeof(MLContext)
        .GetMethods(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)
        .FirstOrDefault(m => m.Name.EndsWith("CancelExecution", StringComparison.Ordinal) && m.GetParameters().Length == 0);

    /// <summary>True when this ML.NET exposes the hook.</summary>
    public static bool IsSupported => CancelExecution != null;

    public static void Cancel(MLContext context)
    {
        try
        {
            CancelExecution?.Invoke(context, null);
        }
        catch (TargetInvocationException)
        {
            // Cancelling is best effort: the search stops after this fit anyway.
        }
    }
}
