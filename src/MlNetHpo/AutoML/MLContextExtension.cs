using Microsoft.ML;

namespace MlNetHpo.AutoML;

/// <summary>AutoML's entry point: <c>mlContext.Auto()</c>.</summary>
public static class MLContextExtension
{
    /// <summary>The AutoML catalog of <paramref name="mlContext"/>: experiments, sweepable estimators and pipelines.</summary>
    public static AutoCatalog Auto(this MLContext mlContext)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        return new AutoCatalog(mlContext);
    }
}
