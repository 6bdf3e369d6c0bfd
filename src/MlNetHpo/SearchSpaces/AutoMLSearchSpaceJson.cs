using System.Text;
using System.Text.Json;

namespace MlNetHpo.AutoML;

/// <summary>
/// The JSON form Microsoft.ML.SearchSpace gives a space: an object of named options, where a numeric range is
/// <c>{"type": "int"|"float"|"double", "default": d, "min": a, "max": b, "log_base": bool}</c>, a choice is
/// <c>{"default": v, "choices": [...]}</c> and a nested space is an object of options. Nested spaces are our dotted
/// names. JSON has one number type: choices come back as long or double, and "float" ranges as double ranges.
/// </summary>
public static class AutoMLSearchSpaceJson
{
    /// <summary>
    /// Writes <paramref name="space"/> in AutoML's form, indented. Each option's default is its value in
    /// <paramref name="defaults"/>, else the lower bound or first choice.
    /// </summary>
    /// <exception cref="ArgumentException">The space is a union, or a distribution has no AutoML form; the message names it.</exception>
    public static string Write(SearchSpace space, Parameter? defaults = null)
    {
        ArgumentNullException.ThrowIfNull(space);
        if (space.SubSpaces.Count != 1)
        {
            throw new ArgumentException("AutoML's JSON holds one space; this one is a union of sub-spaces.", nameof(space));
        }

        // Rebuild the nesting from the dotted names, keeping declaration order where the default point gives one.
        var root = new Node();
        var names = space.SubSpaces[0].Keys.OrderBy(n => defaults is null ? 0 : IndexOf(defaults, n)).ToList();
        foreach (var name in names)
        {
            var node = root;
            var parts = name.Split('.');
            foreach (var part in parts[..^1])
            {
                node = node.Children.TryGetValue(part, out var child) ? child ?? throw Clash(name) : node.Children[part] = new Node();
            }

            if (!node.Children.TryAdd(parts[^1], null))
            {
                throw Clash(name);
            }

            node.Leaves[parts[^1]] = name;
        }

        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            WriteNode(writer, root, space.SubSpaces[0], defaults);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>Reads a space written in AutoML's form: the space (nested options as dotted names) and its default point.</summary>
    /// <exception cref="ArgumentException">The JSON is not such a space; the message names the option at fault.</exception>
    public static (SearchSpace Space, Parameter Default) Read(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        using var document = JsonDocument.Parse(json);
        var space = new SearchSpace();
        var defaults = new List<KeyValuePair<string, object?>>();
        ReadObject(document.RootElement, string.Empty, space, defaults);
        return (space, new Parameter(defaults));
    }

    private sealed class Node
    {
        public Dictionary<string, Node?> Children { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, string> Leaves { get; } = new(StringComparer.Ordinal);
    }

    private static int IndexOf(Parameter defaults, string name)
    {
        var index = defaults.Keys.TakeWhile(k => k != name).Count();
        return index < defaults.Count ? index : int.MaxValue;
    }

    private static ArgumentException Clash(string name) =>
        new($"'{name}' is both an option and a nested space; AutoML's JSON cannot hold both.", nameof(name));

    private static void WriteNode(Utf8JsonWriter writer, Node node, IReadOnlyDictionary<string, Distribution> space, Parameter? defaults)
    {
        writer.WriteStartObject();
        foreach (var (key, child) in node.Children)
        {
            writer.WritePropertyName(key);
            if (child is not null)
            {
                WriteNode(writer, child, space, defaults);
                continue;
            }

            var name = node.Leaves[key];
            var distribution = space[name];
            var value = defaults is not null && defaults.TryGetValue(name, out var given) ? given : DefaultValues.Origin(distribution);
            writer.WriteStartObject();
            switch (distribution)
            {
                case ChoiceDistribution choice:
                    writer.WritePropertyName("default");
                    Parameter.WriteJsonValue(writer, value);
                    writer.WriteStartArray("choices");
                    foreach (var candidate in choice.Values)
                    {
                        Parameter.WriteJsonValue(writer, candidate);
                    }

                    writer.WriteEndArray();
                    break;
                case UniformDistribution u:
                    WriteRange(writer, "double", value, u.Min, u.Max, u.IsLog);
                    break;
                case UniformIntDistribution i:
                    WriteRange(writer, "int", value, i.Min, i.Max, log: false);
                    break;
                case LogUniformIntDistribution l:
                    WriteRange(writer, "int", value, l.Min, l.Max, log: true);
                    break;
                default:
                    throw new ArgumentException($"'{name}' is {distribution}, which AutoML's JSON has no form for.", nameof(space));
            }

            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }

    private static void WriteRange(Utf8JsonWriter writer, string type, object? value, double min, double max, bool log)
    {
        writer.WriteString("type", type);
        writer.WriteNumber("default", Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture));
        writer.WriteNumber("min", min);
        writer.WriteNumber("max", max);
        writer.WriteBoolean("log_base", log);
    }

    private static void ReadObject(JsonElement element, string prefix, SearchSpace space, List<KeyValuePair<string, object?>> defaults)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new ArgumentException($"'{prefix.TrimEnd('.')}' is a JSON {element.ValueKind}; AutoML's search space holds objects (ranges, choices, nested spaces).", nameof(element));
        }

        foreach (var option in element.EnumerateObject())
        {
            var name = prefix + option.Name;
            var value = option.Value;
            if (value.ValueKind == JsonValueKind.Object && value.TryGetProperty("choices", out var choices))
            {
                var candidates = choices.ValueKind == JsonValueKind.Array && choices.GetArrayLength() > 0
                    ? choices.EnumerateArray().Select(c => Scalar(c, name)).ToList()
                    : throw new ArgumentException($"'{name}': \"choices\" must be a non-empty array.", nameof(element));
                space.Add(name, Distribution.Choice(candidates));
                defaults.Add(new(name, value.TryGetProperty("default", out var d) ? Scalar(d, name) : candidates[0]));
            }
            else if (value.ValueKind == JsonValueKind.Object && value.TryGetProperty("min", out var min) && value.TryGetProperty("max", out var max))
            {
                ReadRange(name, value, min, max, space, defaults);
            }
            else
            {
                ReadObject(value, name + ".", space, defaults);
            }
        }
    }

    private static void ReadRange(string name, JsonElement value, JsonElement min, JsonElement max, SearchSpace space, List<KeyValuePair<string, object?>> defaults)
    {
        double Number(JsonElement e, string field) => e.ValueKind == JsonValueKind.Number
            ? e.GetDouble()
            : throw new ArgumentException($"'{name}': \"{field}\" must be a number, got {e.ValueKind}.", nameof(value));
        var (low, high) = (Number(min, "min"), Number(max, "max"));
        var hasDefault = value.TryGetProperty("default", out var d);
        var log = value.TryGetProperty("log_base", out var l) && l.ValueKind == JsonValueKind.True;

        // AutoML writes "type" on reading only; a file without it is an integer range when every bound is whole.
        var type = value.TryGetProperty("type", out var t) ? t.GetString()
            : new[] { min, max }.Concat(hasDefault ? [d] : []).All(e => e.TryGetInt64(out _) && !e.GetRawText().Any(c => c is '.' or 'e' or 'E')) ? "int" : "double";
        switch (type)
        {
            case "int":
                space.Add(name, log ? Distribution.LogUniformInt((long)low, (long)high) : Distribution.UniformInt((long)low, (long)high));
                defaults.Add(new(name, hasDefault ? (long)Math.Round(Number(d, "default")) : (long)low));
                break;
            case "float" or "double":
                space.Add(name, log ? Distribution.LogUniform(low, high) : Distribution.Uniform(low, high));
                defaults.Add(new(name, hasDefault ? Number(d, "default") : low));
                break;
            default:
                throw new ArgumentException($"'{name}': \"type\" must be int, float or double, got '{t}'.", nameof(value));
        }
    }

    private static object? Scalar(JsonElement e, string name) => e.ValueKind switch
    {
        JsonValueKind.Null => null,
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.String => e.GetString(),
        JsonValueKind.Number when e.TryGetInt64(out var whole) && !e.GetRawText().Any(c => c is '.' or 'e' or 'E') => whole,
        JsonValueKind.Number => e.GetDouble(),
        _ => throw new ArgumentException($"'{name}': a choice is a scalar, got a JSON {e.ValueKind}.", nameof(e)),
    };
}
