using System.CommandLine;
using MlNetHpo.Cli.Data;
using MlNetHpo.Cli.Output;
using MlNetHpo.Cli.Running;
using MlNetHpo.Cli.Trainers;
using MlNetHpo.Scoring;

namespace MlNetHpo.Cli;

/// <summary>
/// The <c>mlnet-hpo</c> command line: <c>grid</c>, <c>random</c>, <c>tune</c>, <c>resume</c>, <c>worker</c>, <c>show</c> and <c>export</c>. Callable in-process
/// (<see cref="Run(string[], TextWriter, TextWriter)"/> takes the arguments and the two writers and returns the exit code), so tests run it as a user would.
/// Exit codes: 0 success, 2 bad input (a command line that does not parse, a missing file or column, bad JSON, an unknown
/// trainer, metric or parameter...: one line on standard error, never a stack trace), 130 cancelled (Ctrl+C or SIGTERM:
/// running trials are given back to the study, the leaderboard so far is printed, no model is written).
/// </summary>
public static class Cli
{
    /// <summary>Runs the command line <paramref name="args"/>, writing to <paramref name="output"/> and <paramref name="error"/>.</summary>
    /// <param name="args">The arguments, without the program name.</param>
    /// <param name="output">Where results and progress go.</param>
    /// <param name="error">Where errors go, one line each.</param>
    /// <returns>The exit code.</returns>
    public static int Run(string[] args, TextWriter output, TextWriter error) => Run(args, output, error, CancellationToken.None);

    /// <summary>As <see cref="Run(string[], TextWriter, TextWriter)"/>, cancelled (like Ctrl+C) by <paramref name="cancel"/>.</summary>
    internal static int Run(string[] args, TextWriter output, TextWriter error, CancellationToken cancel)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        var live = ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected;
        // Ctrl+C on a console, or SIGTERM (a service manager, a container stop), cancels the search: it returns what it has
        // and gives its running trials back to the study, which keeps every finished trial.
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        using var sigterm = ReferenceEquals(output, Console.Out) ? OnSigterm(cancellation) : null;
        var parsed = Build(output, live, cancellation.Token).Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var e in parsed.Errors)
            {
                error.WriteLine($"mlnet-hpo: {e.Message}");
            }

            error.WriteLine("Run 'mlnet-hpo --help' for the commands and options.");
            return 2;
        }

        ConsoleCancelEventHandler? onCancel = null;
        if (ReferenceEquals(output, Console.Out))
        {
            onCancel = (_, e) =>
            {
                e.Cancel = true;
                cancellation.Cancel();
            };
            Console.CancelKeyPress += onCancel;
        }

        try
        {
            return parsed.Invoke(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false });
        }
        catch (CliException e)
        {
            error.WriteLine($"mlnet-hpo: {e.Message}");
            return 2;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or FormatException or IOException or UnauthorizedAccessException or NotSupportedException or KeyNotFoundException or MlNetHpo.Storage.StoreUnavailableException)
        {
            // Whatever escaped the specific checks still gets one line, not a stack trace.
            error.WriteLine($"mlnet-hpo: {CliException.Clean(e.Message)}");
            return 2;
        }
        finally
        {
            if (onCancel is not null)
            {
                Console.CancelKeyPress -= onCancel;
            }
        }
    }

    private static System.Runtime.InteropServices.PosixSignalRegistration? OnSigterm(CancellationTokenSource cancellation)
    {
        try
        {
            return System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, context =>
            {
                context.Cancel = true; // do not end the process now: the search stops and returns
                cancellation.Cancel();
            });
        }
        catch (PlatformNotSupportedException)
        {
            return null;
        }
    }

    private static RootCommand Build(TextWriter output, bool live, CancellationToken token)
    {
        var root = new RootCommand("mlnet-hpo: cross-validated hyperparameter search for ML.NET trainers on a CSV or TSV file (scikit-learn's GridSearchCV / RandomizedSearchCV and their halving variants, TPE, CFO, ECI and ASHA tuners).");
        root.Add(SearchCommand(SearchMode.Grid, output, live, token));
        root.Add(SearchCommand(SearchMode.Random, output, live, token));
        root.Add(SearchCommand(SearchMode.Tune, output, live, token));
        var study = new Option<string>("--study") { Description = "The study of an earlier search: a SQLite file or a postgresql://user:password@host:port/database URI.", Required = true };
        var name = StudyNameOption();
        var resume = new Command("resume", "Resume a search recorded in a study.") { study, name };
        resume.SetAction(p => StudyCommands.Resume(p.GetRequiredValue(study), p.GetValue(name), output, live, token));
        var show = new Command("show", "Show the leaderboard of a study.") { study, name };
        show.SetAction(p => StudyCommands.Show(p.GetRequiredValue(study), p.GetValue(name), output));
        var parallel = new Option<int?>("--parallel") { Description = "Trials this worker runs at once (default: as recorded, else one per core)." };
        var dataset = new Option<string?>("--dataset") { Description = "This machine's copy of the data set (default: the path recorded in the study); it must have the recorded SHA-256." };
        var worker = new Command("worker", "Join an existing study (usually on PostgreSQL) and evaluate its candidates until none is left; start the same command on every machine.") { study, name, parallel, dataset };
        worker.SetAction(p => StudyCommands.Worker(p.GetRequiredValue(study), p.GetValue(name), p.GetValue(parallel), p.GetValue(dataset), output, token));
        var exportFolder = new Option<string>("--output") { Description = "Folder for results.json, cv_results.csv and report.html.", Required = true };
        var export = new Command("export", "Write results.json, cv_results.csv and report.html of a study from the trials finished so far (any time, also while it runs).") { study, name, exportFolder };
        export.SetAction(p => StudyExport.Run(p.GetRequiredValue(study), p.GetValue(name), p.GetRequiredValue(exportFolder), output));
        root.Add(resume);
        root.Add(show);
        root.Add(worker);
        root.Add(export);
        return root;
    }

    private static Option<string?> StudyNameOption()
    {
        var option = new Option<string?>("--study-name") { Description = "The study's name in its store; one SQLite file or database holds several (default: mlnet-hpo)." };
        option.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<string?>() is { } value && string.IsNullOrWhiteSpace(value))
            {
                r.AddError("--study-name needs a name; leave the option out for the default name 'mlnet-hpo'.");
            }
        });
        return option;
    }

    /// <summary>
    /// What can be checked without the data, checked before reading it: the separator, and a trainer or metric that no
    /// task has (or that the --task given does not have). A name valid for another task is checked once the label tells the task.
    /// </summary>
    /// <exception cref="CliException">The first problem found.</exception>
    private static void CheckBeforeData(SearchSettings s)
    {
        if (s.Separator is not null)
        {
            CsvFile.ParseSeparator(s.Separator);
        }

        var tasks = s.Task is null ? Enum.GetValues<SearchTask>() : [TaskNames.Parse(s.Task)];
        if (s.Mode == SearchMode.Tune)
        {
            Tuning.Check(s.Tuner);
        }

        foreach (var trainer in (s.Trainer ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var known = tasks.ToDictionary(t => t, t => TrainerTable.For(t, "Label").Select(e => e.Name).ToList());
            if (!known.Values.Any(names => names.Contains(trainer, StringComparer.OrdinalIgnoreCase)))
            {
                throw new CliException(tasks.Length == 1
                    ? $"Unknown trainer '{trainer}' for {TaskNames.Describe(tasks[0])}. Valid trainers: {string.Join(", ", known[tasks[0]])}."
                    : $"Unknown trainer '{trainer}'. Valid trainers: {string.Join("; ", known.Select(k => $"{TaskNames.Short(k.Key)}: {string.Join(", ", k.Value)}"))}.");
            }
        }

        if (s.Metric is { } metric)
        {
            if (tasks.Length == 1)
            {
                SearchRun.ParseMetric(tasks[0], metric);
            }
            else if (!tasks.Any(t => Metric.All(t).Any(m => string.Equals(m.Name, metric, StringComparison.OrdinalIgnoreCase))))
            {
                throw new CliException($"Unknown metric '{metric}'. Valid metrics: {string.Join("; ", tasks.Select(t => $"{TaskNames.Short(t)}: {string.Join(", ", Metric.All(t).Select(m => m.Name))}"))}.");
            }
        }
    }

    private static Command SearchCommand(SearchMode mode, TextWriter output, bool live, CancellationToken token)
    {
        var dataset = new Option<string>("--dataset") { Description = "Training data: CSV or TSV with a header line.", Required = true };
        var label = new Option<string>("--label-col") { Description = "The label column.", Required = true };
        var task = new Option<string?>("--task") { Description = $"{string.Join(" | ", TaskNames.All)}; inferred from the label when left out." };
        var trainer = new Option<string?>("--trainer") { Description = "Trainer short name: lr (scikit-learn LogisticRegression), ridge, lasso, elasticnet, linear (scikit-learn regressions), lbfgs, sdca, fasttree, fastforest, lightgbm, ... (default: lr, lbfgs or sdca by task)." };
        var space = new Option<string?>("--space") { Description = "Search-space JSON file (default: the trainer's ready space)." };
        var cv = new Option<int>("--cv") { Description = "Number of cross-validation folds.", DefaultValueFactory = _ => 5 };
        var metric = new Option<string?>("--metric") { Description = "The metric that ranks candidates (default: Accuracy, MicroAccuracy or RSquared by task)." };
        var parallel = new Option<int?>("--parallel") { Description = "Trials run at once." };
        var time = new Option<double?>("--time") { Description = "Time budget in seconds: no new trial starts after it." };
        var test = new Option<string?>("--test-dataset") { Description = "A test file scored with the refitted best model." };
        var ignore = new Option<string?>("--ignore-cols") { Description = "Comma-separated columns not to use." };
        var separator = new Option<string?>("--separator") { Description = "The field separator: one character (',' ';' '|') or tab (default: detected from the header; with ';' or tab, decimal commas are read)." };
        var study = new Option<string?>("--study") { Description = "A study recording every trial, resumable and shareable by workers: a SQLite file or a postgresql://user:password@host:port/database URI." };
        var studyName = StudyNameOption();
        var outputDir = new Option<string?>("--output") { Description = "Folder for model.zip, results.json, cv_results.csv and report.html." };
        var points = new Option<int>("--points") { Description = "Grid points per range of the space (ranges are cut evenly, log ranges evenly in log).", DefaultValueFactory = _ => 3 };
        var iterations = new Option<int>("--iterations") { Description = "Number of random draws.", DefaultValueFactory = _ => 20 };
        var seed = new Option<int>("--seed") { Description = "Seed of the draws and of the trainers.", DefaultValueFactory = _ => 0 };
        var weightCol = new Option<string?>("--weight-col") { Description = "A numeric column of example weights (scikit-learn sample_weight), for the lr trainer." };
        var classWeight = new Option<string?>("--class-weight") { Description = "balanced: weigh classes by n_samples / (n_classes * count), for the lr trainer (scikit-learn class_weight)." };
        var noNormalize = new Option<bool>("--no-normalize") { Description = "Do not standardize the features of linear trainers (data already scaled, as in the scikit-learn tutorial)." };
        var sklearnSigns = new Option<bool>("--sklearn-signs") { Description = "Write error metrics in cv_results.csv as scikit-learn's scorers do: negated, named neg_mean_squared_error etc." };
        var halving = new Option<bool>("--halving") { Description = "Successive halving over the grid or the draws (scikit-learn's HalvingGridSearchCV / HalvingRandomSearchCV)." };
        var factor = new Option<double?>("--factor") { Description = "Halving and --tuner asha: keep 1/factor of the candidates and multiply the resources by factor per iteration (default 3)." };
        var resource = new Option<string?>("--resource") { Description = "Halving: rows (default) or a trainer option such as NumberOfTrees or NumberOfIterations; --tuner asha: the trainer option (required)." };
        var minResources = new Option<string?>("--min-resources") { Description = "Halving: the first iteration's resources: exhaust (grid default), smallest (random default) or a number; --tuner asha: the bottom rung's (a number, default 1)." };
        var maxResources = new Option<long?>("--max-resources") { Description = "Halving and --tuner asha: the most resources a candidate gets (default: every row; required for a trainer option)." };
        var aggressive = new Option<bool>("--aggressive-elimination") { Description = "Halving: repeat the first resources until few enough candidates are left." };
        var tuner = new Option<string>("--tuner") { Description = $"{string.Join(" | ", Tuning.Names)}: Optuna's TPE, cost-frugal search (CFO, one trainer), CFO with ECI over a choice of trainers (--trainer a,b), or random draws.", Required = true };
        var trials = new Option<int>("--trials") { Description = "Number of trials the tuner proposes.", DefaultValueFactory = _ => 20 };
        var batchSize = new Option<int>("--batch-size") { Description = "Proposals decided together (the table never depends on --parallel; set both alike to keep every worker busy).", DefaultValueFactory = _ => 1 };
        var command = mode switch
        {
            SearchMode.Grid => new Command("grid", "Grid search: every point of the space (scikit-learn's GridSearchCV)."),
            SearchMode.Random => new Command("random", "Random search: seeded draws from the space (scikit-learn's RandomizedSearchCV)."),
            _ => new Command("tune", "A tuner that learns from finished trials (TPE, CFO, ECI over a choice of trainers), seeded: the same table for any --parallel.") { tuner, trials, batchSize },
        };
        foreach (var option in new Option[] { dataset, label, task, trainer, space, cv, metric })
        {
            command.Add(option);
        }

        if (mode != SearchMode.Tune)
        {
            command.Add(mode == SearchMode.Grid ? points : iterations);
        }

        command.Add(seed);
        foreach (var option in new Option[] { parallel, time, test, ignore, separator, study, studyName, outputDir, noNormalize, weightCol, classWeight, sklearnSigns, factor, resource, minResources, maxResources })
        {
            command.Add(option);
        }

        if (mode != SearchMode.Tune)
        {
            command.Add(halving);
            command.Add(aggressive);
        }

        command.SetAction(p =>
        {
            var settings = new SearchSettings
            {
                Mode = mode,
                Dataset = p.GetRequiredValue(dataset),
                LabelColumn = p.GetRequiredValue(label),
                Task = p.GetValue(task),
                Trainer = p.GetValue(trainer),
                SpaceFile = p.GetValue(space),
                Folds = p.GetValue(cv),
                Metric = p.GetValue(metric),
                Points = mode == SearchMode.Grid ? p.GetValue(points) : 3,
                Iterations = mode == SearchMode.Random ? p.GetValue(iterations) : 20,
                Seed = p.GetValue(seed),
                Tuner = mode == SearchMode.Tune ? p.GetRequiredValue(tuner) : null,
                Trials = mode == SearchMode.Tune ? p.GetValue(trials) : 20,
                BatchSize = mode == SearchMode.Tune ? p.GetValue(batchSize) : 1,
                Parallel = p.GetValue(parallel),
                TimeSeconds = p.GetValue(time),
                TestDataset = p.GetValue(test),
                IgnoreColumns = (p.GetValue(ignore) ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
                Separator = p.GetValue(separator),
                Study = p.GetValue(study),
                StudyName = p.GetValue(studyName),
                Output = p.GetValue(outputDir),
                LiveProgress = live,
                NoNormalize = p.GetValue(noNormalize),
                WeightColumn = p.GetValue(weightCol),
                ClassWeight = p.GetValue(classWeight),
                SklearnSigns = p.GetValue(sklearnSigns),
                Halving = mode != SearchMode.Tune && p.GetValue(halving),
                Factor = p.GetValue(factor),
                Resource = p.GetValue(resource),
                MinResources = p.GetValue(minResources),
                MaxResources = p.GetValue(maxResources),
                AggressiveElimination = mode != SearchMode.Tune && p.GetValue(aggressive),
            };
            CheckBeforeData(settings);
            return SearchRun.Execute(settings, output, token);
        });
        return command;
    }
}
