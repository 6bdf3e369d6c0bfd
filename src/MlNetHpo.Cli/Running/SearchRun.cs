using System.Globalization;
using Microsoft.ML;
using MlNetHpo.Cli.Data;
using MlNetHpo.Cli.Output;
using MlNetHpo.Cli.Spaces;
using MlNetHpo.Cli.Trainers;
using MlNetHpo.Experiments;
using MlNetHpo.Scoring;
using MlNetHpo.AutoML;
using MlNetHpo.Storage;

namespace MlNetHpo.Cli.Running;

/// <summary>Grid, random or a tuner that learns.</summary>
internal enum SearchMode
{
    /// <summary>Every point of the grid (ranges cut into --points points).</summary>
    Grid,

    /// <summary>--iterations seeded draws.</summary>
    Random,

    /// <summary>--trials proposals of the --tuner (see <see cref="Tuning"/>).</summary>
    Tune,
}

/// <summary>Everything a search command was given.</summary>
internal sealed record SearchSettings
{
    public required SearchMode Mode { get; init; }

    public required string Dataset { get; init; }

    public required string LabelColumn { get; init; }

    public string? Task { get; init; }

    public string? Trainer { get; init; }

    public string? SpaceFile { get; init; }

    public int Points { get; init; } = 3;

    public int Folds { get; init; } = 5;

    public string? Metric { get; init; }

    public int Iterations { get; init; } = 20;

    /// <summary>The tuner of a tune command (--tuner: tpe, cfo, eci or random).</summary>
    public string? Tuner { get; init; }

    /// <summary>Trials of a tune command (--trials).</summary>
    public int Trials { get; init; } = 20;

    /// <summary>Proposals a tune command's tuner decides together (--batch-size); never the worker count.</summary>
    public int BatchSize { get; init; } = 1;

    /// <summary>The search's short name for people and files: grid, random, or the tune command's tuner.</summary>
    public string SearchName => Mode switch
    {
        SearchMode.Grid => "grid",
        SearchMode.Random => "random",
        _ => Tuner ?? "tune",
    };

    public int Seed { get; init; }

    public int? Parallel { get; init; }

    public double? TimeSeconds { get; init; }

    public string? TestDataset { get; init; }

    public IReadOnlyList<string> IgnoreColumns { get; init; } = [];

    /// <summary>The --separator given (one character, or "tab"); null to detect it.</summary>
    public string? Separator { get; init; }

    /// <summary>A SQLite study file or a PostgreSQL URI.</summary>
    public string? Study { get; init; }

    /// <summary>The study's name in its store (several studies may share a database); null for the default.</summary>
    public string? StudyName { get; init; }

    /// <summary>SHA-256 of the data set's bytes, as recorded in the study.</summary>
    public string? DatasetSha256 { get; init; }

    public string? Output { get; init; }

    /// <summary>True to redraw a live progress bar; false for plain lines (at most one every two seconds, and the last).</summary>
    public bool LiveProgress { get; init; }

    /// <summary>Leave the features of linear trainers as they are instead of standardizing them.</summary>
    public bool NoNormalize { get; init; }

    /// <summary>The example weight column (--weight-col), for the lr trainer.</summary>
    public string? WeightColumn { get; init; }

    /// <summary>The class weights (--class-weight: balanced), for the lr trainer.</summary>
    public string? ClassWeight { get; init; }

    /// <summary>cv_results.csv in scikit-learn's sign convention (error metrics negated, named neg_...).</summary>
    public bool SklearnSigns { get; init; }

    /// <summary>Successive halving (--halving) over the grid or the draws; the settings below are null (false) when not given.</summary>
    public bool Halving { get; init; }

    /// <summary>--factor.</summary>
    public double? Factor { get; init; }

    /// <summary>--resource: rows or a trainer option.</summary>
    public string? Resource { get; init; }

    /// <summary>--min-resources: exhaust, smallest or a number.</summary>
    public string? MinResources { get; init; }

    /// <summary>--max-resources.</summary>
    public long? MaxResources { get; init; }

    /// <summary>--aggressive-elimination.</summary>
    public bool AggressiveElimination { get; init; }
}

/// <summary>What a finished search produced, for the outputs.</summary>
internal sealed record SearchOutcome(SearchSettings Settings, Dataset Data, TrainerEntry Trainer, SearchResult Result, double? TestScore, bool StoppedByBudget);

/// <summary>Runs one grid or random search from the command line's settings and writes its outputs.</summary>
internal static class SearchRun
{
    /// <summary>Leaderboard length on the console.</summary>
    private const int Top = 10;

    /// <summary>Runs the search; returns the exit code.</summary>
    /// <param name="s">The settings.</param>
    /// <param name="output">Where progress and results go.</param>
    /// <param name="cancellation">Stops the search; it returns what it has.</param>
    /// <param name="worker">
    /// True for a worker joining an existing study: its settings are left as recorded, nothing is refitted and no output
    /// file is written (the study is the output); the leaderboard of the whole study is printed.
    /// </param>
    public static int Execute(SearchSettings s, TextWriter output, CancellationToken cancellation = default, bool worker = false)
    {
        Check(s, worker);
        var ml = new MLContext(s.Seed);
        SearchTask? task = s.Task is null ? null : TaskNames.Parse(s.Task);
        var data = Dataset.LoadTraining(ml, s.Dataset, s.LabelColumn, task, s.IgnoreColumns, s.Separator is null ? null : CsvFile.ParseSeparator(s.Separator), s.WeightColumn);
        var plan = data.Plan;
        output.WriteLine($"Dataset {s.Dataset}: {data.Rows} rows, {plan.Columns.Count} columns, {data.Format.Describe()}.");
        output.WriteLine($"Task: {TaskNames.Describe(plan.Task)} ({plan.TaskWhy}){ClassesNote(plan)}.");
        output.WriteLine("Columns:");
        foreach (var line in plan.Describe())
        {
            output.WriteLine(line);
        }

        // Everything the end of the search needs is checked before its first trial.
        var test = s.TestDataset is not null && !worker ? data.LoadLike(ml, s.TestDataset) : null;
        var metric = ParseMetric(plan.Task, s.Metric);
        var trainer = TrainerTable.Find(plan.Task, s.Trainer ?? Tuning.DefaultTrainer(s, plan.Task), data.LabelColumn, s.WeightColumn, s.ClassWeight);
        var space = s.SpaceFile is null ? trainer.DefaultSpace : SpaceFile.Load(s.SpaceFile);
        SpaceFile.Validate(space, trainer.Estimator);
        var featurizer = Featurizer.Build(ml, plan, normalize: trainer.Linear && !s.NoNormalize);

        ITuner tuner;
        try
        {
            if (s.Mode == SearchMode.Grid)
            {
                var grid = space.IsGrid ? space.ToGrid() : space.ToGrid(s.Points);
                tuner = new GridSearchTuner(grid);
                output.WriteLine($"Grid search: {trainer.Name} ({trainer.Description}), {grid.Count} candidates x {s.Folds} folds, metric {metric.Name}.");
                output.WriteLine($"Space: {grid}");
            }
            else if (s.Mode == SearchMode.Tune)
            {
                space = Tuning.Searched(s, space);
                tuner = Tuning.Create(s, space, trainer);
                output.WriteLine(Tuning.Describe(s, trainer, metric));
                output.WriteLine($"Space: {space}");
            }
            else
            {
                tuner = new RandomSearchTuner(space, s.Iterations, s.Seed);
                output.WriteLine($"Random search: {trainer.Name} ({trainer.Description}), {tuner.Count ?? s.Iterations} draws (seed {s.Seed}) x {s.Folds} folds, metric {metric.Name}.");
                output.WriteLine($"Space: {space}");
            }
        }
        catch (InvalidOperationException e)
        {
            throw new CliException($"--space: {e.Message}");
        }

        var options = new SearchOptions
        {
            Seed = s.Seed,
            MaxDegreeOfParallelism = s.Parallel,
            TimeBudget = s.TimeSeconds is { } t ? TimeSpan.FromSeconds(t) : null, // in range: see Check
            Progress = new ConsoleProgressMonitor(output, live: s.LiveProgress),
            Refit = !worker,
        };
        using var store = s.Study is null ? null : worker ? StudyFile.Store(s.Study) : StudyFile.Open(s);
        if (store is not null)
        {
            options.Store = store;
            options.StudyName = s.StudyName ?? StudyFile.DefaultStudyName;
            var shown = TrialStores.Describe(s.Study!);
            var named = s.StudyName is null ? string.Empty : $" --study-name {s.StudyName}";
            output.WriteLine(worker
                ? $"Worker on study '{options.StudyName}' in {shown}: evaluating its candidates until none is left."
                : $"Study: {shown} (every finished trial is recorded; 'mlnet-hpo resume --study {shown}{named}' continues it, 'mlnet-hpo worker --study {shown}{named}' joins it from other machines).");
        }

        SearchResult result;
        try
        {
            // The search entry points exist only on the catalogs of the three tasks.
            var search = plan.Task switch
            {
                SearchTask.BinaryClassification => ml.BinaryClassification.Search(featurizer, trainer.Estimator, tuner, metric, s.Folds, data.LabelColumn, options),
                SearchTask.MulticlassClassification => ml.MulticlassClassification.Search(featurizer, trainer.Estimator, tuner, metric, s.Folds, data.LabelColumn, options),
                _ => ml.Regression.Search(featurizer, trainer.Estimator, tuner, metric, s.Folds, data.LabelColumn, options),
            };
            if (HalvingRun.Options(s) is { } halving)
            {
                search = HalvingRun.Search(ml, plan.Task, featurizer, trainer.Estimator, space, halving, s, metric, data.LabelColumn, options, output);
            }

            if (store is not null && !worker)
            {
                StudyFile.Record(store, s, search.Definition); // refused before anything is written
            }

            result = search.Fit(data.Data, cancellation);
        }
        catch (Exception e) when (e is SearchFailedException or ArgumentException or StudyMismatchException or StoreUnavailableException)
        {
            throw new CliException(CliException.Clean(e.Message));
        }

        var stoppedByBudget = result.StopReason == StopReason.TimeBudget;
        var cancelled = result.StopReason == StopReason.Cancelled;
        if (result.Best is null)
        {
            if (cancelled)
            {
                output.WriteLine("Cancelled before any trial finished.");
                return Cancelled;
            }

            throw new CliException(result.StopReason switch
            {
                StopReason.TimeBudget => $"The time budget of {s.TimeSeconds} s ended before any trial finished; give --time more seconds.",
                _ => "No candidate succeeded.",
            });
        }

        if (stoppedByBudget)
        {
            output.WriteLine($"Time budget of {s.TimeSeconds} s reached: stopped after {result.Candidates.Count} candidates.");
        }
        else if (cancelled)
        {
            output.WriteLine($"Cancelled after {result.Candidates.Count} candidates: the best so far is not refitted and no model is written.");
        }

        double? testScore = null;
        if (test is not null && result.Model is not null)
        {
            var predictions = result.Transform(test.Data);
            testScore = metric.Evaluate(predictions, data.LabelColumn);
        }

        var outcome = new SearchOutcome(s, data, trainer, result, testScore, stoppedByBudget);
        Leaderboard.Write(output, result, Top);
        HalvingRun.WriteRungs(output, result);
        foreach (var warning in result.Warnings)
        {
            output.WriteLine($"Warning: {warning}");
        }

        // Fit warnings (a solver stopped at its iteration limit...), once each with the candidates that raised them.
        foreach (var group in result.Candidates.SelectMany(c => c.Warnings.Select(w => (Warning: w, c.Index))).GroupBy(p => p.Warning))
        {
            output.WriteLine($"Warning ({group.Count()} candidate(s): {string.Join(", ", group.Select(p => p.Index).Take(10))}{(group.Count() > 10 ? ", ..." : string.Empty)}): {group.Key}");
        }

        if (result.FailureSummary is not null)
        {
            output.WriteLine($"{result.FailedCount} candidate(s) failed:");
            output.WriteLine(result.FailureSummary);
        }

        if (s.Mode == SearchMode.Tune)
        {
            output.WriteLine(Tuning.Curve(result));
        }

        output.WriteLine($"Best {metric.Name}: {Format(result.BestScore)} with {Leaderboard.Text(result.BestParameters)}  ({result.Elapsed.TotalSeconds:0.0} s)");
        if (testScore is { } score)
        {
            output.WriteLine($"Test {metric.Name} on {s.TestDataset}: {Format(score)}");
        }

        if (s.Output is not null && !worker)
        {
            var written = OutputFiles.Write(ml, outcome, s.Output);
            output.WriteLine($"Wrote {string.Join(", ", written.Select(Path.GetFileName))} to {s.Output}");
        }

        return cancelled ? Cancelled : 0;
    }

    /// <summary>The exit code of a cancelled search (128 + SIGINT, as shells report Ctrl+C).</summary>
    public const int Cancelled = 130;

    /// <summary>The longest --time: timers take at most 2^32 - 2 milliseconds (49.7 days).</summary>
    private const double MaxTimeSeconds = (uint.MaxValue - 1) / 1000.0;

    /// <summary>The metric named <paramref name="name"/> for <paramref name="task"/>, or the task's default.</summary>
    /// <exception cref="CliException">No such metric, or a metric of another task; the message lists the valid ones.</exception>
    public static Metric ParseMetric(SearchTask task, string? name)
    {
        if (name is null)
        {
            return Metric.DefaultFor(task);
        }

        var valid = string.Join(", ", Metric.All(task).Select(m => m.Name));
        var own = Metric.All(task).FirstOrDefault(m => string.Equals(m.Name, name, StringComparison.OrdinalIgnoreCase));
        if (own is not null)
        {
            return own;
        }

        bool Named(Metric m) => string.Equals(m.Name, name, StringComparison.OrdinalIgnoreCase);
        var other = Enum.GetValues<SearchTask>().Where(t => t != task && Metric.All(t).Any(Named)).Cast<SearchTask?>().FirstOrDefault();
        throw new CliException(other is { } o
            ? $"The metric '{name}' is a {TaskNames.Describe(o)} metric; this is a {TaskNames.Describe(task)} search. Valid metrics: {valid}."
            : $"Unknown metric '{name}' for {TaskNames.Describe(task)}. Valid metrics: {valid}.");
    }

    private static void Check(SearchSettings s, bool worker)
    {
        if (s.Folds < 2)
        {
            throw new CliException($"--cv needs at least 2 folds; got {s.Folds}.");
        }

        if (s.Points < 2)
        {
            throw new CliException($"--points needs at least 2 points per range; got {s.Points}.");
        }

        if (s.Iterations < 1)
        {
            throw new CliException($"--iterations needs at least 1; got {s.Iterations}.");
        }

        HalvingRun.Check(s);
        if (s.Trials < 1)
        {
            throw new CliException($"--trials needs at least 1; got {s.Trials}.");
        }

        if (s.BatchSize < 1)
        {
            throw new CliException($"--batch-size needs at least 1; got {s.BatchSize}.");
        }

        if (s.Parallel is < 1)
        {
            throw new CliException($"--parallel needs at least 1; got {s.Parallel}.");
        }

        if (s.TimeSeconds is { } time && !(time > 0 && time <= MaxTimeSeconds))
        {
            throw new CliException(string.Create(CultureInfo.InvariantCulture, $"--time needs a positive number of seconds, at most {MaxTimeSeconds} (49.7 days); got {time}."));
        }

        if (worker)
        {
            return; // a worker writes no output and scores no test set
        }

        if (s.TestDataset is not null && !File.Exists(s.TestDataset))
        {
            throw new CliException($"--test-dataset: the test dataset '{s.TestDataset}' does not exist.");
        }

        if (s.Output is { } folder)
        {
            CheckOutput(folder);
        }
    }

    /// <summary>Makes sure the --output folder can be written before the search starts, not after it.</summary>
    private static void CheckOutput(string folder)
    {
        if (File.Exists(folder))
        {
            throw new CliException($"--output '{folder}' is a file; give a folder (model.zip, results.json, cv_results.csv and report.html go in it).");
        }

        try
        {
            Directory.CreateDirectory(folder);
            var probe = Path.Combine(folder, $".mlnet-hpo-{Guid.NewGuid():N}");
            File.WriteAllBytes(probe, []);
            File.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"--output '{folder}' cannot be written: {CliException.Clean(e.Message)}");
        }
    }

    private static string ClassesNote(ColumnPlan plan) => plan.Task switch
    {
        SearchTask.BinaryClassification => $"; label {plan.LabelName}, positive class '{plan.Classes[1]}'",
        SearchTask.MulticlassClassification => $"; label {plan.LabelName}, {plan.Classes.Count} classes: {string.Join(", ", plan.Classes.Take(10))}{(plan.Classes.Count > 10 ? ", ..." : string.Empty)}",
        _ => $"; label {plan.LabelName}",
    };

    /// <summary>A score with four decimals, or NaN.</summary>
    public static string Format(double value) => double.IsNaN(value) ? "NaN" : value.ToString("0.0000", CultureInfo.InvariantCulture);
}
