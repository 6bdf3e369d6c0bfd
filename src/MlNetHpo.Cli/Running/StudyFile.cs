using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Data.Sqlite;
using MlNetHpo.Storage;

namespace MlNetHpo.Cli.Running;

/// <summary>
/// A study file: the engine's SQLite trial store plus one table of ours holding the command's settings, so that
/// <c>resume</c> can run the same search again (the engine then skips every trial already recorded) and <c>show</c>
/// can describe it. Paths are stored absolute, so a study resumes from any folder.
/// </summary>
internal static class StudyFile
{
    /// <summary>The study's name inside the store.</summary>
    public const string StudyName = "mlnet-hpo";

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, Converters = { new JsonStringEnumConverter() } };

    /// <summary>Opens (or creates) the store of <paramref name="settings"/>' study and records the settings in it.</summary>
    public static SqliteTrialStore Open(SearchSettings settings)
    {
        var path = settings.Study!;
        var store = Store(path);
        using var connection = Connect(path);
        using var create = connection.CreateCommand();
        create.CommandText = "CREATE TABLE IF NOT EXISTS mlnet_hpo_cli (id INTEGER PRIMARY KEY CHECK (id = 1), settings TEXT NOT NULL)";
        create.ExecuteNonQuery();
        using var write = connection.CreateCommand();
        write.CommandText = "INSERT INTO mlnet_hpo_cli (id, settings) VALUES (1, $s) ON CONFLICT(id) DO UPDATE SET settings = excluded.settings";
        write.Parameters.AddWithValue("$s", JsonSerializer.Serialize(Absolute(settings) with { LiveProgress = false }, Json));
        write.ExecuteNonQuery();
        return store;
    }

    /// <summary>The settings recorded in the study file <paramref name="path"/>.</summary>
    /// <exception cref="CliException">No such file, or not a study written by mlnet-hpo.</exception>
    public static SearchSettings Settings(string path)
    {
        if (!File.Exists(path))
        {
            throw new CliException($"The study file '{path}' does not exist.");
        }

        try
        {
            using var connection = Connect(path);
            using var read = connection.CreateCommand();
            read.CommandText = "SELECT settings FROM mlnet_hpo_cli WHERE id = 1";
            var text = read.ExecuteScalar() as string ?? throw new CliException($"'{path}' holds no mlnet-hpo settings.");
            return JsonSerializer.Deserialize<SearchSettings>(text, Json) ?? throw new CliException($"'{path}' holds no mlnet-hpo settings.");
        }
        catch (SqliteException e)
        {
            throw new CliException($"'{path}' is not an mlnet-hpo study file: {e.Message}");
        }
        catch (JsonException e)
        {
            throw new CliException($"The settings recorded in '{path}' cannot be read: {e.Message}");
        }
    }

    /// <summary>Opens the engine's store in <paramref name="path"/>.</summary>
    public static SqliteTrialStore Store(string path)
    {
        try
        {
            return new SqliteTrialStore(path);
        }
        catch (Exception e) when (e is SqliteException or InvalidOperationException or IOException or UnauthorizedAccessException)
        {
            throw new CliException($"Cannot open the study file '{path}': {CliException.Clean(e.Message)}");
        }
    }

    private static SqliteConnection Connect(string path)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }

    private static SearchSettings Absolute(SearchSettings s) => s with
    {
        Dataset = Path.GetFullPath(s.Dataset),
        SpaceFile = s.SpaceFile is null ? null : Path.GetFullPath(s.SpaceFile),
        TestDataset = s.TestDataset is null ? null : Path.GetFullPath(s.TestDataset),
        Output = s.Output is null ? null : Path.GetFullPath(s.Output),
        Study = Path.GetFullPath(s.Study!),
    };
}
