namespace MlNetHpo.Experiments;

/// <summary>Mean and population standard deviation as numpy computes them (NaN in, NaN out).</summary>
internal static class Statistics
{
    public static double Mean(IReadOnlyList<double> values)
    {
        var sum = 0.0;
        foreach (var v in values)
        {
            sum += v;
        }

        return values.Count == 0 ? double.NaN : sum / values.Count;
    }

    public static double PopulationStd(IReadOnlyList<double> values)
    {
        var mean = Mean(values);
        var sum = 0.0;
        foreach (var v in values)
        {
            sum += (v - mean) * (v - mean);
        }

        return values.Count == 0 ? double.NaN : Math.Sqrt(sum / values.Count);
    }
}
