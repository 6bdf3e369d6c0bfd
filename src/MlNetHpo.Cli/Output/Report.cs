using System.Reflection;
using System.Runtime.InteropServices;
using Microsoft.ML;
using MlNetHpo.Cli.Data;
using MlNetHpo.Cli.Running;
using MlNetHpo.Cli.Spaces;
using MlNetHpo.Cli.Trainers;
using MlNetHpo.Experiments;
using MlNetHpo.Scoring;

namespace MlNetHpo.Cli.Output;

/// <summary>
/// What results.json and report.html describe: a search's settings and results, with what is known of its data. A run
/// knows everything; an export from a study on disk (<see cref="FromStudy"/>) has not read the data, so it has no
/// column plan, row count or test score.
/// </summary>
internal sealed record Report(SearchSettings Settings, SearchResult Result)
{
    /// <summary>The task, from the study's metric.</summary>
    public SearchTask Task => Result.Metric.Task;

    /// <summary>The label column's name in the file.</summary>
    public required string Label { get; init; }

    /// <summary>Why the task is what it is (a run), or null.</summary>
    public string? TaskWhy { get; init; }

    /// <summary>Rows of the training file (a run), or null.</summary>
    public long? Rows { get; init; }

    /// <summary>The column plan (a run), or null.</summary>
    public IReadOnlyList<ColumnInfo>? Columns { get; init; }

    /// <summary>The trainer's short name.</summary>
    public required string Trainer { get; init; }

    /// <summary>The trainer's description.</summary>
    public required string TrainerDescription { get; init; }

    /// <summary>The search space as searched, or why it is not known.</summary>
    public required string Space { get; init; }

    /// <summary>The refitted best model's score on the test file, or null.</summary>
    public double? TestScore { get; init; }

    /// <summary>True when the time budget stopped the search.</summary>
    public bool StoppedByBudget { get; init; }

    /// <summary>True when made from a study on disk (the search may still be running).</summary>
    public bool FromStudyOnDisk { get; init; }

    /// <summary>The versions of this tool, the library, ML.NET and the runtime that made the report.</summary>
    public static string Versions =>
        $"mlnet-hpo {Version(typeof(Report).Assembly)}, MlNetHpo {Version(typeof(SearchResult).Assembly)}, Microsoft.ML {Version(typeof(MLContext).Assembly)}, {RuntimeInformation.FrameworkDescription}";

    /// <summary>The report of a finished run.</summary>
    public static Report From(SearchOutcome outcome) => new(outcome.Settings, outcome.Result)
    {
        Label = outcome.Data.Plan.LabelName,
        TaskWhy = outcome.Data.Plan.TaskWhy,
        Rows = outcome.Data.Rows,
        Columns = outcome.Data.Plan.Columns,
        Trainer = outcome.Trainer.Name,
        TrainerDescription = outcome.Trainer.Description,
        Space = DescribeSpace(outcome.Settings, outcome.Trainer),
        TestScore = outcome.TestScore,
        StoppedByBudget = outcome.StoppedByBudget,
    };

    /// <summary>The report of a study on disk, from its recorded settings and the trials finished so far.</summary>
    public static Report FromStudy(SearchSettings settings, SearchResult result)
    {
        var task = result.Metric.Task;
        var trainer = TrainerTable.Find(task, settings.Trainer ?? Tuning.DefaultTrainer(settings, task), "Label");
        return new Report(settings, result)
        {
            Label = settings.LabelColumn,
            Trainer = trainer.Name,
            TrainerDescription = trainer.Description,
            Space = DescribeSpace(settings, trainer),
            FromStudyOnDisk = true,
        };
    }

    private static string DescribeSpace(SearchSettings s, TrainerEntry trainer)
    {
        if (s.SpaceFile is not null && !File.Exists(s.SpaceFile))
        {
            return $"from {s.SpaceFile} (the file is no longer there)";
        }

        var space = s.SpaceFile is null ? trainer.DefaultSpace : SpaceFile.Load(s.SpaceFile);
        var source = s.SpaceFile is null ? "the trainer's ready space" : s.SpaceFile;
        var cut = s.Mode == SearchMode.Grid && !space.IsGrid ? $", ranges cut into {s.Points} points" : string.Empty;
        return $"{space} ({source}{cut})";
    }

    private static string Version(Assembly assembly) =>
        (assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? assembly.GetName().Version?.ToString() ?? "?").Split('+')[0];
}
