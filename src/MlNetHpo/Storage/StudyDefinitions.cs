using System.Text.Json;
using System.Text.Json.Nodes;

namespace MlNetHpo.Storage;

/// <summary>
/// What a search is, as a study records it: named fields (task, metrics, label, folds, trainer, tuner...) written as a
/// flat JSON object. Reopening a study compares the fields one by one, so a refusal names the field that differs.
/// </summary>
/// <param name="Fields">The fields, in order; values are text (a list is written as a JSON array of text).</param>
internal sealed record StudyDefinition(IReadOnlyList<KeyValuePair<string, JsonNode>> Fields)
{
    /// <summary>The definition as stored.</summary>
    public string ToJson() => new JsonObject(Fields.Select(f => new KeyValuePair<string, JsonNode?>(f.Key, f.Value.DeepClone()))).ToJsonString();

    /// <summary>The fields of a stored definition; a definition that is not a JSON object is one field, "definition".</summary>
    public static StudyDefinition Parse(string json)
    {
        try
        {
            if (JsonNode.Parse(json) is JsonObject fields)
            {
                return new([.. fields.Select(f => new KeyValuePair<string, JsonNode>(f.Key, f.Value?.DeepClone() ?? JsonValue.Create("null")))]);
            }
        }
        catch (JsonException)
        {
        }

        return new([new("definition", JsonValue.Create(json))]);
    }

    /// <summary>The first field whose value differs (one missing on either side counts), or null when they agree.</summary>
    public (string Field, string Stored, string Given)? FirstDifference(StudyDefinition given)
    {
        var mine = Fields.ToDictionary(f => f.Key, f => f.Value);
        var theirs = given.Fields.ToDictionary(f => f.Key, f => f.Value);
        foreach (var name in Fields.Select(f => f.Key).Concat(given.Fields.Select(f => f.Key)).Distinct())
        {
            var stored = mine.TryGetValue(name, out var a) ? Text(a) : "(absent)";
            var offered = theirs.TryGetValue(name, out var b) ? Text(b) : "(absent)";
            if (stored != offered)
            {
                return (name, stored, offered);
            }
        }

        return null;
    }

    private static string Text(JsonNode node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : node.ToJsonString();
}

/// <summary>The rule every store applies when a study is reopened: same definition, or a clear error (and nothing written).</summary>
internal static class StudyDefinitions
{
    /// <summary>Throws when <paramref name="given"/> differs from <paramref name="stored"/>, naming the first field that differs and both values.</summary>
    /// <exception cref="StudyMismatchException">The definitions differ.</exception>
    public static void Check(string study, string stored, string given)
    {
        if (stored == given || StudyDefinition.Parse(stored).FirstDifference(StudyDefinition.Parse(given)) is not { } difference)
        {
            return;
        }

        throw new StudyMismatchException(
            $"The study '{study}' was created with a different search: its {difference.Field} differs; open it with the same " +
            $"search or use another study name.\n  stored {difference.Field}: {difference.Stored}\n  given {difference.Field}:  {difference.Given}");
    }
}
