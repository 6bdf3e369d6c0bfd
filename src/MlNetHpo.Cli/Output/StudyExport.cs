using MlNetHpo.Cli.Running;
using MlNetHpo.Experiments;
using MlNetHpo.Storage;

namespace MlNetHpo.Cli.Output;

/// <summary>
/// <c>export</c>: results.json, cv_results.csv and report.html of a study on disk, from its recorded settings and the trials
/// finished so far, at any time (also while workers run it). No model: nothing is refitted.
/// </summary>
internal static class StudyExport
{
    /// <summary>Writes the files; returns the exit code.</summary>
    public static int Run(string path, string? name, string folder, TextWriter output)
    {
        var settings = StudyFile.Settings(path, name) with { Study = path, StudyName = name };
        using var store = StudyFile.Store(path);
        var study = name ?? StudyFile.DefaultStudyName;
        SearchResult result;
        try
        {
            result = SearchResult.FromStudy(store, study);
        }
        catch (KeyNotFoundException)
        {
            throw new CliException($"The study '{study}' in {TrialStores.Describe(path)} has no search recorded yet; nothing to export.");
        }

        var written = OutputFiles.WriteReports(Report.FromStudy(settings, result), folder);
        output.WriteLine($"{TrialStores.Describe(path)}: {result.Candidates.Count} trial(s) finished so far, {result.FailedCount} failed.");
        output.WriteLine($"Wrote {string.Join(", ", written.Select(Path.GetFileName))} to {folder}");
        return 0;
    }
}
