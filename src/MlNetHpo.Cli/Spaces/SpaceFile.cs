using System.Globalization;
using System.Text.Json;
using MlNetHpo.AutoML;
using MlNetHpo.Sweeping;

namespace MlNetHpo.Cli.Spaces;

/// <summary>
/// Reads a search-space file: <c>{"C": [0.01, 0.1, 1], "Penalty": ["l1", "l2"]}</c>, or a list of such objects
/// (sub-grids, as scikit-learn's list of dicts). Each value is a list (scalars are rejected with scikit-learn's
/// wording, as <see cref="ParameterGrid.FromDictionaries(IReadOnlyDictionary{string, object?}[])"/> does) or a distribution object:
/// <c>{"distribution": "loguniform" | "uniform" | "int" | "logint", "min": ..., "max": ...}</c>.
/// Values are bound by name onto the trainer's Options (strings to enums ignoring case, '-' and '_'; null to None).
/// </summary>
internal static class SpaceFile
{
    /// <summary>The distribution kinds a space file may name.</summary>
    public static readonly IReadOnlyList<string> Kinds = ["uniform", "loguniform", "int", "logint"];

    /// <summary>Reads <paramref name="path"/> into a space (lists as choices, distributions as they are).</summary>
    /// <exception cref="CliException">Missing file, bad JSON, or a value that is neither a list nor a distribution.</exception>
    public static SearchSpace Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new CliException($"The space file '{path}' does not exist.");
        }

        try
        {
            return Parse(File.ReadAllText(path));
        }
        catch (JsonException e)
        {
            throw new CliException($"The space file '{path}' is not valid JSON: {e.Message}");
        }
        catch (CliException e)
        {
            throw new CliException($"The space file '{path}': {e.Message}");
        }
    }

    /// <summary>Parses the JSON text of a space file.</summary>
    public static SearchSpace Parse(string json)
    {
        using var document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        var root = document.RootElement;
        var mappings = root.ValueKind switch
        {
            JsonValueKind.Object => [root],
            JsonValueKind.Array when root.GetArrayLength() > 0 && root.EnumerateArray().All(e => e.ValueKind == JsonValueKind.Object) => root.EnumerateArray().ToList(),
            _ => throw new CliException("expected an object mapping hyperparameter names to lists (or distributions), or a non-empty list of such objects."),
        };

        return SearchSpace.Union(mappings.Select(Mapping));
    }

    /// <summary>
    /// Checks every listed value (and each range's bounds) binds onto the trainer's Options, so a misspelt name or
    /// a value of the wrong type fails before any data is touched.
    /// </summary>
    public static void Validate(SearchSpace space, SweepableEstimator estimator)
    {
        foreach (var sub in space.SubSpaces)
        {
            // A choice of trainers' sub-space names its trainer: each value is probed on that trainer.
            KeyValuePair<string, object?>[] chosen = sub.TryGetValue(SweepableEstimator.TrainerKey, out var trainer) && trainer is ChoiceDistribution { Values.Count: 1 } one
                ? [new(SweepableEstimator.TrainerKey, one.Values[0])]
                : [];
            foreach (var (name, distribution) in sub)
            {
                IEnumerable<object?> probes = distribution switch
                {
                    ChoiceDistribution c => c.Values,
                    UniformDistribution u => [u.Min, u.Max],
                    UniformIntDistribution i => [i.Min, i.Max],
                    LogUniformIntDistribution l => [l.Min, l.Max],
                    _ => [],
                };
                foreach (var value in probes)
                {
                    try
                    {
                        estimator.Validate(new Parameter([.. chosen.Where(c => c.Key != name), new(name, value)]));
                    }
                    catch (Exception e) when (e is ArgumentException or InvalidCastException or FormatException or OverflowException or InvalidOperationException)
                    {
                        throw new CliException(CliException.Clean(e.Message));
                    }
                }
            }
        }
    }

    private static SearchSpace Mapping(JsonElement mapping)
    {
        var space = new SearchSpace();
        foreach (var property in mapping.EnumerateObject())
        {
            var value = property.Value;
            if (value.ValueKind == JsonValueKind.Array)
            {
                var values = value.EnumerateArray().Select(Scalar).ToArray();
                if (values.Length == 0)
                {
                    throw new CliException($"the list of '{property.Name}' is empty; give at least one value.");
                }

                space.Add(property.Name, Distribution.Choice(values));
            }
            else if (value.ValueKind == JsonValueKind.Object)
            {
                space.Add(property.Name, Range(property.Name, value));
            }
            else
            {
                // The library's wording for a scalar where a list belongs (scikit-learn's).
                try
                {
                    ParameterGrid.FromDictionaries([new Dictionary<string, object?> { [property.Name] = Scalar(value) }]);
                }
                catch (ArgumentException e)
                {
                    throw new CliException(CliException.Clean(e.Message));
                }

                throw new CliException($"'{property.Name}' needs a list of values.");
            }
        }

        return space;
    }

    private static Distribution Range(string name, JsonElement spec)
    {
        string? kind = null;
        double? min = null, max = null;
        foreach (var p in spec.EnumerateObject())
        {
            switch (p.Name.ToLowerInvariant())
            {
                case "distribution" or "type" when p.Value.ValueKind == JsonValueKind.String:
                    kind = p.Value.GetString()!.ToLowerInvariant().Replace("-", string.Empty).Replace("_", string.Empty);
                    break;
                case "min" or "low" when p.Value.ValueKind == JsonValueKind.Number:
                    min = p.Value.GetDouble();
                    break;
                case "max" or "high" when p.Value.ValueKind == JsonValueKind.Number:
                    max = p.Value.GetDouble();
                    break;
                default:
                    throw new CliException($"'{name}': unexpected field '{p.Name}'; a distribution is {{\"distribution\": {string.Join("|", Kinds)}, \"min\": number, \"max\": number}}.");
            }
        }

        if (kind is null || min is null || max is null)
        {
            throw new CliException($"'{name}' needs \"distribution\" ({string.Join(", ", Kinds)}), \"min\" and \"max\".");
        }

        try
        {
            return kind switch
            {
                "uniform" => Distribution.Uniform(min.Value, max.Value),
                "loguniform" or "log" => Distribution.LogUniform(min.Value, max.Value),
                "int" or "uniformint" or "randint" => Distribution.UniformInt(Integer(name, min.Value), Integer(name, max.Value)),
                "logint" or "loguniformint" => Distribution.LogUniformInt(Integer(name, min.Value), Integer(name, max.Value)),
                _ => throw new CliException($"'{name}': unknown distribution '{kind}'. Valid: {string.Join(", ", Kinds)}."),
            };
        }
        catch (ArgumentException e)
        {
            throw new CliException($"'{name}': {CliException.Clean(e.Message)}");
        }
    }

    private static long Integer(string name, double value) => value == Math.Round(value)
        ? (long)value
        : throw new CliException($"'{name}': an integer range needs integer bounds; got {value.ToString(CultureInfo.InvariantCulture)}.");

    private static object? Scalar(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Null => null,
        JsonValueKind.Number when value.TryGetInt64(out var l) && !value.GetRawText().Contains('.') && !value.GetRawText().Contains('e', StringComparison.OrdinalIgnoreCase) => l,
        JsonValueKind.Number => value.GetDouble(),
        _ => throw new CliException($"a list holds {value.GetRawText()}; list values are numbers, strings, true/false or null."),
    };
}
