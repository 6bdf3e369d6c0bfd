using MlNetHpo.AutoML;

namespace MlNetHpo.Halving;

/// <summary>
/// A trainer option used as the resource (FastTree's <c>NumberOfTrees</c>, LightGBM's <c>NumberOfIterations</c>...): bound into
/// a candidate's parameters like any hyperparameter, as scikit-learn sets <c>candidate[resource] = n_resources</c>.
/// </summary>
/// <param name="Name">The option's name.</param>
internal sealed record ResourceParameter(string Name)
{
    /// <summary>The candidate with the option set to <paramref name="resources"/> (an int when it fits, as scikit-learn's int).</summary>
    public Parameter With(Parameter candidate, long resources)
    {
        object value = resources <= int.MaxValue ? (int)resources : resources;
        return new Parameter([.. Without(candidate), new KeyValuePair<string, object?>(Name, value)]);
    }

    /// <summary>The candidate without the option: what is compared and promoted between iterations.</summary>
    public Parameter Without(Parameter candidate) =>
        candidate.ContainsKey(Name) ? new Parameter(candidate.Where(p => p.Key != Name)) : candidate;
}
