using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Data.Sqlite;
using MlNetHpo.Storage;
using Npgsql;

namespace MlNetHpo.Cli.Running;

/// <summary>
/// A study: the engine's trial store (a SQLite file, or a database on a PostgreSQL server named by a
/// <c>postgresql://</c> URI) plus the command's settings, recorded as a study attribute so that <c>resume</c> and
/// <c>worker</c> can run the same search again (the engine skips every trial already recorded) and <c>show</c> can
/// describe it. The settings hold the data set's absolute path and the SHA-256 of its bytes: a machine whose copy
/// differs is refused. Paths are stored absolute, so a study resumes from any folder.
/// </summary>
internal static class StudyFile
{
    /// <summary>The default study name inside a store.</summary>
    public const string DefaultStudyName = "mlnet-hpo";

    /// <summary>The attribute holding the command's settings (JSON).</summary>
    public const string SettingsAttribute = "mlnet-hpo.settings";

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, Converters = { new JsonStringEnumConverter() } };

    /// <summary>
    /// Opens the store of <paramref name="settings"/>' study, writing nothing: the settings are recorded by
    /// <see cref="Record"/> once the search's definition has been accepted.
    /// </summary>
    /// <exception cref="CliException">The study was created on another data set (its recorded hash differs).</exception>
    public static ITrialStore Open(SearchSettings settings)
    {
        var path = settings.Study!;
        var name = settings.StudyName ?? DefaultStudyName;
        var store = Store(path);
        try
        {
            var hash = Sha256(settings.Dataset);
            if (Read(store, path, name) is { DatasetSha256: { } before } earlier && before != hash)
            {
                throw new CliException(
                    $"The study '{name}' in {TrialStores.Describe(path)} was created on {earlier.Dataset} (SHA-256 {before}); " +
                    $"{settings.Dataset} differs (SHA-256 {hash}): use another --study-name or the same data.");
            }

            return store;
        }
        catch
        {
            store.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Opens the study with the search's <paramref name="definition"/> and, only when it is accepted, records the command's
    /// settings: a command refused because the study holds another search writes nothing, so <c>resume</c>, <c>worker</c>
    /// and <c>show</c> still see the search that created it.
    /// </summary>
    /// <exception cref="CliException">The study holds another search; the message names the field that differs.</exception>
    public static void Record(ITrialStore store, SearchSettings settings, string definition)
    {
        var name = settings.StudyName ?? DefaultStudyName;
        try
        {
            store.OpenStudy(name, definition);
        }
        catch (StudyMismatchException e)
        {
            throw new CliException(CliException.Clean(e.Message));
        }

        var recorded = Absolute(settings) with { LiveProgress = false, DatasetSha256 = Sha256(settings.Dataset) };
        store.SetAttribute(name, SettingsAttribute, JsonSerializer.Serialize(recorded, Json));
    }

    /// <summary>The settings recorded for study <paramref name="name"/> in <paramref name="path"/> (a file or a URI).</summary>
    /// <exception cref="CliException">No such file, or no study written by mlnet-hpo under that name.</exception>
    public static SearchSettings Settings(string path, string? name)
    {
        if (!PostgresTrialStore.IsUri(path) && !File.Exists(path))
        {
            throw new CliException($"The study file '{path}' does not exist.");
        }

        using var store = Store(path);
        return Read(store, path, name ?? DefaultStudyName)
            ?? throw new CliException($"{TrialStores.Describe(path)} holds no mlnet-hpo study named '{name ?? DefaultStudyName}'.");
    }

    /// <summary>Opens the engine's store at <paramref name="path"/> (a SQLite file or a PostgreSQL URI).</summary>
    public static ITrialStore Store(string path)
    {
        try
        {
            return TrialStores.Open(path);
        }
        catch (Exception e) when (e is SqliteException or NpgsqlException or InvalidOperationException or ArgumentException or IOException or UnauthorizedAccessException)
        {
            throw new CliException($"Cannot open the study {TrialStores.Describe(path)}: {CliException.Clean(e.Message)}");
        }
    }

    /// <summary>The SHA-256 of the bytes of <paramref name="path"/>, in lower-case hex.</summary>
    /// <exception cref="CliException">The file does not exist.</exception>
    public static string Sha256(string path)
    {
        if (!File.Exists(path))
        {
            throw new CliException($"The dataset '{path}' does not exist.");
        }

        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    private static SearchSettings? Read(ITrialStore store, string path, string name)
    {
        string? text;
        try
        {
            text = store.GetAttribute(name, SettingsAttribute) ?? (store is SqliteTrialStore && name == DefaultStudyName ? LegacySettings(path) : null);
        }
        catch (Exception e) when (e is SqliteException or NpgsqlException)
        {
            throw new CliException($"{TrialStores.Describe(path)} is not an mlnet-hpo study: {CliException.Clean(e.Message)}");
        }

        try
        {
            return text is null ? null : JsonSerializer.Deserialize<SearchSettings>(text, Json);
        }
        catch (JsonException e)
        {
            throw new CliException($"The settings recorded in {TrialStores.Describe(path)} cannot be read: {e.Message}");
        }
    }

    /// <summary>Study files written before settings became study attributes kept them in a table of their own.</summary>
    private static string? LegacySettings(string path)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        using var read = connection.CreateCommand();
        read.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'mlnet_hpo_cli'";
        if (read.ExecuteScalar() is null)
        {
            return null;
        }

        read.CommandText = "SELECT settings FROM mlnet_hpo_cli WHERE id = 1";
        return read.ExecuteScalar() as string;
    }

    private static SearchSettings Absolute(SearchSettings s) => s with
    {
        Dataset = Path.GetFullPath(s.Dataset),
        SpaceFile = s.SpaceFile is null ? null : Path.GetFullPath(s.SpaceFile),
        TestDataset = s.TestDataset is null ? null : Path.GetFullPath(s.TestDataset),
        Output = s.Output is null ? null : Path.GetFullPath(s.Output),
        Study = PostgresTrialStore.IsUri(s.Study!) ? null : Path.GetFullPath(s.Study!),
    };
}
