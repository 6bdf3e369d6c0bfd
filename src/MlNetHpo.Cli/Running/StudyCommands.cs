using MlNetHpo.Cli.Output;
using MlNetHpo.Experiments;

namespace MlNetHpo.Cli.Running;

/// <summary><c>resume</c> and <c>show</c>: a search recorded in a study file.</summary>
internal static class StudyCommands
{
    /// <summary>Runs the study's search again with its recorded settings; trials already recorded are not run again.</summary>
    public static int Resume(string path, TextWriter output, bool live, CancellationToken cancellation)
    {
        var settings = StudyFile.Settings(path) with { Study = path, LiveProgress = live };
        output.WriteLine($"Resuming the {(settings.Mode == SearchMode.Grid ? "grid" : "random")} search of {path}.");
        return SearchRun.Execute(settings, output, cancellation);
    }

    /// <summary>Prints what the study searches and its leaderboard so far.</summary>
    public static int Show(string path, TextWriter output)
    {
        var settings = StudyFile.Settings(path);
        using var store = StudyFile.Store(path);
        SearchResult result;
        try
        {
            result = SearchResult.FromStudy(store, StudyFile.StudyName);
        }
        catch (KeyNotFoundException)
        {
            output.WriteLine($"{path}: {(settings.Mode == SearchMode.Grid ? "grid" : "random")} search of {settings.Dataset}, no trial recorded yet.");
            return 0;
        }

        output.WriteLine($"{path}: {(settings.Mode == SearchMode.Grid ? "grid" : "random")} search of {settings.Dataset} (label {settings.LabelColumn}, trainer {settings.Trainer ?? "default"}), {result.Candidates.Count} trials recorded.");
        if (result.Candidates.Count > 0)
        {
            Leaderboard.Write(output, result, 10);
        }

        return 0;
    }
}
