using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MlNetHpo.Storage;

/// <summary>A completed trial as stored: its id, parameters (JSON), per-metric fold scores, times and error.</summary>
public sealed record TrialRecord
{
    /// <summary>The trial id (the candidate's index in evaluation order).</summary>
    public required int TrialId { get; init; }

    /// <summary>The candidate's parameters as a JSON object.</summary>
    public required string ParametersJson { get; init; }

    /// <summary>Fold scores per metric, in the search's metric order; NaN where a fold failed.</summary>
    public required IReadOnlyList<KeyValuePair<string, double[]>> Scores { get; init; }

    /// <summary>Fit time of each fold, in seconds.</summary>
    public required double[] FitTimes { get; init; }

    /// <summary>Scoring time of each fold, in seconds.</summary>
    public required double[] ScoreTimes { get; init; }

    /// <summary>The first error, or null.</summary>
    public string? Error { get; init; }

    /// <summary>
    /// The fits' warnings (<see cref="Trainers.ITrainingWarnings"/>), each once, in fold order. Every store keeps them (the SQL
    /// stores since schema version 3; trials completed under an older schema read back without warnings).
    /// </summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>The worker that completed the trial.</summary>
    public required string Worker { get; init; }

    /// <summary>When the trial was completed (UTC).</summary>
    public DateTime FinishedUtc { get; init; } = DateTime.UtcNow;

    /// <summary>The scores as JSON (NaN as null, which JSON lacks).</summary>
    internal string ScoresJson() =>
        new JsonObject(Scores.Select(s => new KeyValuePair<string, JsonNode?>(s.Key, Numbers(s.Value)))).ToJsonString();

    /// <summary>The warnings as a JSON array of strings, or null when there are none.</summary>
    internal string? WarningsJson() => Warnings.Count == 0 ? null : JsonSerializer.Serialize(Warnings);

    /// <summary>A JSON array of numbers, NaN as null.</summary>
    internal static string NumbersJson(double[] values) => Numbers(values).ToJsonString();

    /// <summary>The columns every SQL store selects, in the order <see cref="ReadAll"/> reads them.</summary>
    internal const string Columns = "trial_id, parameters, scores, fit_times, score_times, error, worker, finished_utc, warnings";

    /// <summary>Runs <paramref name="query"/> (which selects <see cref="Columns"/>) and reads every record it returns.</summary>
    internal static IReadOnlyList<TrialRecord> ReadAll(DbCommand query)
    {
        using var reader = query.ExecuteReader();
        var records = new List<TrialRecord>();
        while (reader.Read())
        {
            records.Add(Read(reader));
        }

        return records;
    }

    private static TrialRecord Read(DbDataReader reader) => new()
    {
        TrialId = reader.GetInt32(0),
        ParametersJson = reader.GetString(1),
        Scores = ParseScores(reader.GetString(2)),
        FitTimes = ParseNumbers(reader.GetString(3)),
        ScoreTimes = ParseNumbers(reader.GetString(4)),
        Error = reader.IsDBNull(5) ? null : reader.GetString(5),
        Worker = reader.GetString(6),
        FinishedUtc = DateTime.Parse(reader.GetString(7), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind),
        Warnings = reader.IsDBNull(8) ? [] : JsonSerializer.Deserialize<string[]>(reader.GetString(8))!,
    };

    internal static KeyValuePair<string, double[]>[] ParseScores(string json) =>
        [.. JsonNode.Parse(json)!.AsObject().Select(p => new KeyValuePair<string, double[]>(p.Key, ParseNumbers(p.Value!.ToJsonString())))];

    internal static double[] ParseNumbers(string json) =>
        [.. JsonSerializer.Deserialize<double?[]>(json)!.Select(v => v ?? double.NaN)];

    private static JsonArray Numbers(double[] values) =>
        new([.. values.Select(v => double.IsFinite(v) ? JsonValue.Create(v) : null)]);
}
