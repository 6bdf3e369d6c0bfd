using MlNetHpo.Cli.Output;
using MlNetHpo.Experiments;
using MlNetHpo.Storage;

namespace MlNetHpo.Cli.Running;

/// <summary><c>resume</c>, <c>worker</c> and <c>show</c>: a search recorded in a study (a SQLite file or a PostgreSQL database).</summary>
internal static class StudyCommands
{
    /// <summary>Runs the study's search again with its recorded settings; trials already recorded are not run again.</summary>
    public static int Resume(string path, string? name, TextWriter output, bool live, CancellationToken cancellation)
    {
        var settings = StudyFile.Settings(path, name) with { Study = path, StudyName = name, LiveProgress = live };
        CheckData(settings, settings.Dataset);
        output.WriteLine($"Resuming the {settings.SearchName} search of {TrialStores.Describe(path)}.");
        return SearchRun.Execute(settings, output, cancellation);
    }

    /// <summary>
    /// Joins an existing study and evaluates its candidates until none is left (several workers, on one machine or
    /// many, share the work through the store). <paramref name="dataset"/> is this machine's copy of the data (default:
    /// the recorded path); it must have the recorded SHA-256.
    /// </summary>
    public static int Worker(string path, string? name, int? parallel, string? dataset, TextWriter output, CancellationToken cancellation)
    {
        var recorded = StudyFile.Settings(path, name);
        var settings = recorded with
        {
            Study = path,
            StudyName = name,
            Dataset = dataset ?? recorded.Dataset,
            Parallel = parallel ?? recorded.Parallel,
            TimeSeconds = null,
            LiveProgress = false,
        };
        CheckData(settings, settings.Dataset);
        return SearchRun.Execute(settings, output, cancellation, worker: true);
    }

    /// <summary>Prints what the study searches and its leaderboard so far.</summary>
    public static int Show(string path, string? name, TextWriter output)
    {
        var settings = StudyFile.Settings(path, name);
        using var store = StudyFile.Store(path);
        var shown = TrialStores.Describe(path);
        SearchResult result;
        try
        {
            result = SearchResult.FromStudy(store, name ?? StudyFile.DefaultStudyName);
        }
        catch (KeyNotFoundException)
        {
            output.WriteLine($"{shown}: {settings.SearchName} search of {settings.Dataset}, no trial recorded yet.");
            return 0;
        }

        output.WriteLine($"{shown}: {settings.SearchName} search of {settings.Dataset} (label {settings.LabelColumn}, trainer {settings.Trainer ?? "default"}), {result.Candidates.Count} trials recorded.");
        if (result.Candidates.Count > 0)
        {
            Leaderboard.Write(output, result, 10);
            HalvingRun.WriteRungs(output, result);
        }

        return 0;
    }

    /// <summary>Refuses data whose bytes differ from those the study was created on.</summary>
    /// <exception cref="CliException">The file is missing or its SHA-256 differs from the recorded one.</exception>
    private static void CheckData(SearchSettings settings, string dataset)
    {
        var here = StudyFile.Sha256(dataset);
        if (settings.DatasetSha256 is { } recorded && recorded != here)
        {
            throw new CliException(
                $"The dataset '{dataset}' differs from the study's: SHA-256 {here} here, {recorded} recorded when the study was created; refusing to run on other data.");
        }
    }
}
