using System.Globalization;
using System.Text.Json;
using MlNetHpo.AutoML;

namespace MlNetHpo.Halving;

/// <summary>
/// A tuner whose trials belong to rungs (successive halving's iterations, synchronous or ASHA's) with a resource each. The
/// results table shows both (<see cref="Experiments.CandidateResult.Iteration"/>, <see cref="Experiments.CandidateResult.Resources"/>),
/// and the best is taken from the highest rung only (<see cref="Experiments.Ranking.Best"/>): lower rungs ran on less of the
/// resource and do not compete. The study records <see cref="Rungs"/>, so a table read back from the store shows them too.
/// </summary>
internal interface IRungTuner
{
    /// <summary>How a trial's rung follows from its id or its parameters.</summary>
    RungMap Rungs { get; }
}

/// <summary>
/// The rungs of a halving search: synchronous halving's trial ids run through the iterations in order (iteration i starts at
/// trial <see cref="Starts"/>[i]); ASHA's rung is the one whose resource its <see cref="Parameter"/> holds.
/// </summary>
/// <param name="Resources">Each rung's resources, bottom first.</param>
/// <param name="Starts">The first trial id of each iteration, then the total; null when the parameter decides.</param>
/// <param name="Parameter">The resource parameter that tells a trial's rung (ASHA); null when ids decide.</param>
internal sealed record RungMap(IReadOnlyList<long> Resources, IReadOnlyList<int>? Starts, string? Parameter)
{
    /// <summary>The study attribute that records the map, for <see cref="Experiments.SearchResult.FromStudy"/>.</summary>
    public const string Attribute = "mlnethpo.rungs";

    /// <summary>The rung of trial <paramref name="trialId"/>, run with <paramref name="parameters"/>, and its resources; null outside the plan.</summary>
    public (int Iteration, long Resources)? Of(int trialId, AutoML.Parameter parameters)
    {
        if (Starts is { } starts)
        {
            if (trialId < 0 || trialId >= starts[^1])
            {
                return null;
            }

            var iteration = 0;
            while (starts[iteration + 1] <= trialId)
            {
                iteration++;
            }

            return (iteration, Resources[iteration]);
        }

        if (Parameter is null || !parameters.TryGetValue(Parameter, out var value) || value is null or string or bool)
        {
            return null;
        }

        var rung = Resources.ToList().IndexOf(Convert.ToInt64(value, CultureInfo.InvariantCulture));
        return rung < 0 ? null : (rung, Resources[rung]);
    }

    /// <summary>The map as stored in the study.</summary>
    public string ToJson() => JsonSerializer.Serialize(new Stored(Resources.ToArray(), Starts?.ToArray(), Parameter));

    /// <summary>A stored map; null when there is none or it does not read as one (a table without rung columns then).</summary>
    public static RungMap? FromJson(string? json)
    {
        try
        {
            return json is null ? null
                : JsonSerializer.Deserialize<Stored>(json) is { Resources.Length: > 0 } s && (s.Starts is { Length: > 1 } || s.Parameter is not null) ? new RungMap(s.Resources, s.Starts, s.Parameter) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private sealed record Stored(long[] Resources, int[]? Starts, string? Parameter);
}
