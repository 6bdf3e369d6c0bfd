using System.Diagnostics;
using System.Text.Json.Nodes;
using MlNetHpo.Evaluation;
using MlNetHpo.Storage;
using MlNetHpo.AutoML;

namespace MlNetHpo.Experiments;

/// <summary>
/// A search over any <see cref="IUnitTrialRunner"/>: the tuner proposes, the runner evaluates, the study records, with the
/// options' budgets, parallelism, store and monitors. The result has the ranked table and no model (the runner decides
/// what a model is). <see cref="CrossValidatedSearch"/> is this search with the cross-validation runner, plus a refit.
/// </summary>
public static class TrialRunnerSearch
{
    /// <summary>Runs the search until the tuner is exhausted, a budget ends or <paramref name="cancellationToken"/> fires.</summary>
    /// <param name="runner">Evaluates each trial.</param>
    /// <param name="tuner">Proposes the candidates.</param>
    /// <param name="options">Parallelism, budgets, store, monitors (refit and the seed are the runner's business here).</param>
    /// <param name="cancellationToken">Stops the search; the result holds what was completed.</param>
    /// <exception cref="SearchFailedException">Every candidate failed.</exception>
    /// <exception cref="StudyMismatchException">The study exists with another definition.</exception>
    public static SearchResult Run(IUnitTrialRunner runner, ITuner tuner, SearchOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(runner);
        ArgumentNullException.ThrowIfNull(tuner);
        options ??= new SearchOptions();
        Validate(options);
        var clock = Stopwatch.StartNew();
        var definition = new StudyDefinition([
            new("task", JsonValue.Create(runner.Metrics[0].Task.ToString())),
            new("metrics", new JsonArray([.. runner.Metrics.Select(m => JsonValue.Create(m.Name))])),
            new("runner", JsonValue.Create(runner.Fingerprint)),
            new("tuner", JsonValue.Create(tuner.Fingerprint)),
        ]);
        var outcome = Execute(runner, tuner, options, definition, cancellationToken);
        return RequireSuccess(Table(runner, tuner, options, outcome, clock, [.. tuner.Warnings, .. outcome.Warnings]));
    }

    /// <summary>
    /// <paramref name="result"/> when it has a best candidate (some fit succeeded, as scikit-learn 1.2, which raises only when
    /// every fit failed), or when a budget or cancellation stopped it first; otherwise the error: no candidate proposed, or every
    /// fit failed (with the grouped errors).
    /// </summary>
    /// <exception cref="SearchFailedException">Every fit failed.</exception>
    /// <exception cref="InvalidOperationException">The tuner proposed nothing.</exception>
    internal static SearchResult RequireSuccess(SearchResult result)
    {
        if (result.Best is not null || result.StopReason is StopReason.Cancelled or StopReason.TimeBudget)
        {
            return result;
        }

        if (result.Candidates.Count == 0)
        {
            throw new InvalidOperationException("The tuner proposed no candidate.");
        }

        throw new SearchFailedException(
            $"All the {result.Candidates.Sum(c => c.SplitScores.Count)} fits failed. It is very likely that the estimator is misconfigured.\n{result.FailureSummary}");
    }

    /// <summary>Checks the options a search runs under, each error naming its option.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    internal static void Validate(SearchOptions options)
    {
        // Timers and CancelAfter take at most 2^32 - 2 milliseconds (49.7 days).
        var longest = TimeSpan.FromMilliseconds(uint.MaxValue - 1);
        if (options.MaxDegreeOfParallelism is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.MaxDegreeOfParallelism, "SearchOptions.MaxDegreeOfParallelism must be at least 1.");
        }

        if (options.MaxTrials is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.MaxTrials, "SearchOptions.MaxTrials must be at least 1.");
        }

        if (options.TimeBudget is { } budget && (budget <= TimeSpan.Zero || budget > longest))
        {
            throw new ArgumentOutOfRangeException(nameof(options), budget, $"SearchOptions.TimeBudget must be positive and at most {longest.TotalDays:0.#} days.");
        }

        if (options.LeaseDuration <= TimeSpan.Zero || options.LeaseDuration > longest)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.LeaseDuration, $"SearchOptions.LeaseDuration must be positive and at most {longest.TotalDays:0.#} days.");
        }

        if (string.IsNullOrEmpty(options.StudyName))
        {
            throw new ArgumentException("SearchOptions.StudyName must not be empty.", nameof(options));
        }
    }

    /// <summary>
    /// The workers: <see cref="SearchOptions.MaxDegreeOfParallelism"/>, else the cores; at most the cores for the runners that
    /// fit ML.NET models here (cross-validation, holdout, halving's rows), whose fits only thrash past them (measured on 2
    /// cores: W4 took 16.4 s with 2 workers and 23.9 s with 16). A custom runner may wait on other machines: it gets what is asked.
    /// </summary>
    internal static int Workers(SearchOptions options, IUnitTrialRunner runner)
    {
        var asked = options.MaxDegreeOfParallelism ?? Environment.ProcessorCount;
        return runner is Evaluation.ICoreBoundRunner ? Math.Min(asked, Environment.ProcessorCount) : asked;
    }

    /// <summary>
    /// Opens the study (its own in-memory store when the options name none) and runs the loop; <paramref name="whenIdle"/> is
    /// work a worker left without units does once (<see cref="LoopSettings.WhenIdle"/>), <paramref name="whileWaiting"/> work
    /// a worker that would wait for another's preparation does once (<see cref="LoopSettings.WhileWaiting"/>).
    /// </summary>
    internal static LoopOutcome Execute(IUnitTrialRunner runner, ITuner tuner, SearchOptions options, StudyDefinition definition, CancellationToken cancellationToken, Action<Func<Parameter?>>? whenIdle = null, Action? whileWaiting = null)
    {
        var ownsStore = options.Store is null;
        var store = options.Store ?? new InMemoryTrialStore();
        try
        {
            var study = Study.Open(store, options.StudyName, definition);
            if (tuner is Halving.IRungTuner rungs)
            {
                store.SetAttribute(options.StudyName, Halving.RungMap.Attribute, rungs.Rungs.ToJson()); // for SearchResult.FromStudy
            }

            var monitors = new List<IMonitor>(options.Monitors);
            if (options.Logger != null)
            {
                monitors.Add(new LoggerMonitor(options.Logger));
            }

            var settings = new LoopSettings
            {
                Workers = Workers(options, runner),
                MaxTrials = options.MaxTrials,
                TimeBudget = options.TimeBudget,
                Lease = options.LeaseDuration,
                Monitors = monitors,
                Progress = options.Progress,
                Logger = options.Logger,
                WhenIdle = whenIdle,
                WhileWaiting = whileWaiting,
                PerformanceMonitor = options.PerformanceMonitor,
            };
            return new SearchLoop(study, tuner, runner, settings, study.LoadCompleted()).Run(cancellationToken);
        }
        finally
        {
            if (ownsStore)
            {
                store.Dispose();
            }
        }
    }

    /// <summary>Each candidate's <see cref="CandidateResult.Iteration"/> and <see cref="CandidateResult.Resources"/> from <paramref name="rungs"/>; nothing without.</summary>
    internal static void SetRungs(IEnumerable<CandidateResult> candidates, Halving.RungMap? rungs)
    {
        foreach (var candidate in rungs is null ? [] : candidates)
        {
            (candidate.Iteration, candidate.Resources) = rungs!.Of(candidate.Index, candidate.Parameters) is { } rung ? (rung.Iteration, rung.Resources) : ((int?)null, (long?)null);
        }
    }

    /// <summary>The ranked table of <paramref name="outcome"/>: ranks are computed here, once per search.</summary>
    internal static SearchResult Table(IUnitTrialRunner runner, ITuner tuner, SearchOptions options, LoopOutcome outcome, Stopwatch clock, IReadOnlyList<string> warnings, SweepableEstimator? trainer = null)
    {
        var names = runner.Metrics.Select(m => m.Name).ToArray();
        var candidates = outcome.Trials.Select(t => t.ToCandidate(names, options.ErrorScore)).ToArray();
        SetRungs(candidates, (tuner as Halving.IRungTuner)?.Rungs);

        Ranking.AssignAll(candidates, runner.Metrics);
        return new SearchResult(runner.Metrics, runner.UnitCount, candidates, null, [.. warnings, .. FailureReport.Warnings(candidates, options.ErrorScore)], clock.Elapsed)
        {
            StopReason = outcome.Reason,
            NotRun = TrialIdRanges.Missing(tuner.Count, outcome.Trials.Select(t => t.Id)),
            StudyName = options.StudyName,
            StorePolls = outcome.Polls,
            Trainer = trainer,
        };
    }
}
