using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetHpo.Scoring;
using MlNetHpo.SearchSpaces;
using MlNetHpo.Storage;
using MlNetHpo.Sweeping;
using MlNetHpo.Tuners;
using MlNetHpo.Validation;

namespace MlNetHpo.Experiments;

/// <summary>
/// A cross-validated hyperparameter search with scikit-learn's semantics, for any ML.NET estimator:
/// the tuner proposes candidates; each is trained and scored on every fold (candidate is the outer
/// loop); failed fits score NaN and rank last; candidates are ranked (ties share the lowest rank) and
/// the first rank-1 candidate is refitted on all the data. The fixed part of the pipeline (the
/// featurizer) is fitted once per fold and its output cached, so candidates only train what changes.
/// Trials run in parallel, are recorded in a store as they finish (so a study resumes where it stopped,
/// and several processes can share one), and stop at a trial or time budget or on cancellation.
/// A search is an estimator: <see cref="Fit(IDataView)"/> returns a <see cref="SearchResult"/>, itself a transformer.
/// </summary>
public sealed class CrossValidatedSearch : IEstimator<SearchResult>
{
    private static readonly TimeSpan MaxPollInterval = TimeSpan.FromSeconds(1);
    private readonly IEstimator<ITransformer>? _featurizer;
    private readonly SweepableEstimator _trainer;
    private readonly ITuner _tuner;
    private readonly Scorer _scorer;
    private readonly Folds _folds;
    private readonly SearchOptions _options;

    /// <summary>Creates a search.</summary>
    /// <param name="featurizer">The part of the pipeline no hyperparameter touches; null for none.</param>
    /// <param name="trainer">The estimator built from each candidate's parameters.</param>
    /// <param name="tuner">Where candidates come from (grid, random, or your own).</param>
    /// <param name="scorer">The task, its metrics (the first ranks) and the label column.</param>
    /// <param name="folds">How the data is split; an integer gives the task's default k-fold.</param>
    /// <param name="options">Failure policy, refit, seed, parallelism, budgets, monitors, store.</param>
    public CrossValidatedSearch(
        IEstimator<ITransformer>? featurizer,
        SweepableEstimator trainer,
        ITuner tuner,
        Scorer scorer,
        Folds folds,
        SearchOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(trainer);
        ArgumentNullException.ThrowIfNull(tuner);
        ArgumentNullException.ThrowIfNull(scorer);
        ArgumentNullException.ThrowIfNull(folds);
        (_featurizer, _trainer, _tuner, _scorer) = (featurizer, trainer, tuner, scorer);
        _folds = folds.ForTask(scorer.IsClassification);
        _options = options ?? new SearchOptions();
        if (_options.MaxDegreeOfParallelism is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), _options.MaxDegreeOfParallelism, "MaxDegreeOfParallelism must be at least 1.");
        }

        if (_options.MaxTrials is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), _options.MaxTrials, "MaxTrials must be at least 1.");
        }

        if (_options.TimeBudget is { } budget && budget <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(options), budget, "TimeBudget must be positive.");
        }

        ArgumentException.ThrowIfNullOrEmpty(_options.StudyName, nameof(options));
    }

    /// <summary>
    /// What this search is, as stored with a study: task, metrics, label, folds, trainer and tuner. Reopening a study
    /// with another definition is refused.
    /// </summary>
    public string Definition => new JsonObject
    {
        ["task"] = _scorer.Task.ToString(),
        ["metrics"] = new JsonArray([.. _scorer.Metrics.Select(m => JsonValue.Create(m.Name))]),
        ["label"] = _scorer.LabelColumnName,
        ["folds"] = _folds.ToString(),
        ["trainer"] = _trainer.Name,
        ["tuner"] = _tuner.Fingerprint,
    }.ToJsonString();

    /// <summary>Runs the search on <paramref name="input"/>.</summary>
    /// <exception cref="SearchFailedException">Every candidate failed (the message groups the errors), or a fit failed and failures are fatal.</exception>
    public SearchResult Fit(IDataView input) => Fit(input, CancellationToken.None);

    /// <summary>
    /// Runs the search on <paramref name="input"/> until the tuner is exhausted, a budget ends or
    /// <paramref name="cancellationToken"/> fires. On cancellation, running trials are abandoned (and given back to
    /// the store), ML.NET trainers are asked to stop, and the result holds the trials completed so far, not refitted.
    /// </summary>
    /// <exception cref="SearchFailedException">Every candidate failed, or a fit failed and failures are fatal.</exception>
    /// <exception cref="StudyMismatchException">The study exists with another definition.</exception>
    public SearchResult Fit(IDataView input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var clock = Stopwatch.StartNew();
        var context = new MLContext(_options.Seed);
        var data = context.Data.Cache(input);
        var rows = DataViewReader.CountRows(data);
        if (rows == 0)
        {
            throw new ArgumentException("The data has no rows.", nameof(input));
        }

        var folds = _folds.Split(data, _scorer.LabelColumnName);
        var prepared = folds.Select(fold => new Lazy<(IDataView Train, IDataView Test)>(() =>
        {
            var (_, train, test) = Prepare(context, new RowSubsetDataView(data, fold.TrainIndices, rows), new RowSubsetDataView(data, fold.TestIndices, rows));
            return (train, test!);
        })).ToArray();

        var ownsStore = _options.Store is null;
        var store = _options.Store ?? new InMemoryTrialStore();
        try
        {
            store.OpenStudy(_options.StudyName, Definition);
            var run = new Run(this, store, prepared, clock, cancellationToken);
            run.Execute();
            return Finish(context, data, run, clock);
        }
        finally
        {
            if (ownsStore)
            {
                store.Dispose();
            }
        }
    }

    /// <summary>The schema the refitted model will produce, from the first candidate's estimator.</summary>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        var parameter = _tuner.Propose(new TrialSettings { TrialId = 0 }) ?? Parameter.Empty;
        var shape = _featurizer?.GetOutputSchema(inputSchema) ?? inputSchema;
        return _trainer.BuildFromParameter(new MLContext(_options.Seed), parameter).GetOutputSchema(shape);
    }

    private SearchResult Finish(MLContext context, IDataView data, Run run, Stopwatch clock)
    {
        var candidates = run.Candidates();
        var warnings = new List<string>([.. _tuner.Warnings, .. run.Warnings]);
        var notRun = _tuner.Count is { } count
            ? Enumerable.Range(0, (int)Math.Min(count, int.MaxValue)).Except(candidates.Select(c => c.Index)).ToArray()
            : [];
        var reason = run.Reason;
        SearchResult Result(ITransformer? model) =>
            new(_scorer.Metrics, run.FoldCount, candidates, model, warnings, clock.Elapsed)
            {
                StopReason = reason,
                NotRun = notRun,
                StudyName = _options.StudyName,
            };

        var interim = Result(null);
        if (interim.Best is null)
        {
            if (candidates.Count == 0)
            {
                if (reason is StopReason.Cancelled or StopReason.TimeBudget)
                {
                    return interim;
                }

                throw new InvalidOperationException("The tuner proposed no candidate.");
            }

            if (reason is not (StopReason.Cancelled or StopReason.TimeBudget))
            {
                throw new SearchFailedException(
                    $"All the {candidates.Sum(c => c.SplitScores.Count)} fits failed. It is very likely that the estimator is misconfigured.\n{interim.FailureSummary}");
            }
        }

        if (!_options.Refit || interim.Best is null || reason == StopReason.Cancelled)
        {
            return interim;
        }

        var (featurizer, all, _) = Prepare(context, data, null);
        var fitted = _trainer.BuildFromParameter(new MLContext(_options.Seed), interim.BestParameters).Fit(all);
        return Result(featurizer is null ? fitted : new TransformerChain<ITransformer>(featurizer, fitted));
    }

    /// <summary>Fits the featurizer on the train part and caches its output for both parts.</summary>
    private (ITransformer? Featurizer, IDataView Train, IDataView? Test) Prepare(MLContext context, IDataView train, IDataView? test)
    {
        var featurizer = _featurizer?.Fit(train);
        IDataView Featurize(IDataView view) => context.Data.Cache(featurizer?.Transform(view) ?? view);
        return (featurizer, Featurize(train), test is null ? null : Featurize(test));
    }

    /// <summary>
    /// Evaluates a candidate, once per model: candidates whose <see cref="SweepableEstimator.ModelKey"/> is equal share the
    /// fold scores of the first (scikit-learn's lbfgs, newton-cg, sag and saga are one model here), each keeping its own row.
    /// </summary>
    private CandidateResult Evaluate(int id, Parameter parameter, Lazy<(IDataView Train, IDataView Test)>[] prepared, CancellationToken token, ConcurrentDictionary<string, Lazy<CandidateResult>> models)
    {
        if (_trainer.ModelKey(parameter) is not { } key)
        {
            return EvaluateFolds(id, parameter, prepared, token);
        }

        var shared = models.GetOrAdd(key, _ => new Lazy<CandidateResult>(() => EvaluateFolds(id, parameter, prepared, token)));
        CandidateResult first;
        try
        {
            first = shared.Value;
        }
        catch (OperationCanceledException)
        {
            models.TryRemove(new KeyValuePair<string, Lazy<CandidateResult>>(key, shared)); // not evaluated: the next one tries again
            throw;
        }

        return first.Index == id ? first : new CandidateResult
        {
            Index = id,
            Parameters = parameter,
            Scores = [.. first.Scores.Select(s => new MetricScores { Metric = s.Metric, SplitScores = s.SplitScores })],
            FitTimes = first.FitTimes,
            ScoreTimes = first.ScoreTimes,
            Error = first.Error,
        };
    }

    private CandidateResult EvaluateFolds(int id, Parameter parameter, Lazy<(IDataView Train, IDataView Test)>[] prepared, CancellationToken token)
    {
        var k = prepared.Length;
        var metrics = _scorer.Metrics.Count;
        var scores = new double[metrics][];
        for (var m = 0; m < metrics; m++)
        {
            scores[m] = new double[k];
        }

        var (fitTimes, scoreTimes) = (new double[k], new double[k]);
        string? error = null;
        for (var f = 0; f < k; f++)
        {
            token.ThrowIfCancellationRequested();
            var clock = Stopwatch.StartNew();
            try
            {
                // A fresh estimator and context per fit: any randomness depends on the seed, not on fit order,
                // and cancelling the search can stop ML.NET's trainers through their context.
                var trialContext = new MLContext(_options.Seed);
                using var stop = token.Register(() => MlContextCancellation.Cancel(trialContext));
                var estimator = _trainer.BuildFromParameter(trialContext, parameter);
                var (train, test) = prepared[f].Value;
                var model = estimator.Fit(train);
                fitTimes[f] = clock.Elapsed.TotalSeconds;
                clock.Restart();
                var values = _scorer.Score(model.Transform(test));
                scoreTimes[f] = clock.Elapsed.TotalSeconds;
                for (var m = 0; m < metrics; m++)
                {
                    scores[m][f] = values[m];
                }
            }
            catch (Exception e) when (token.IsCancellationRequested)
            {
                throw new OperationCanceledException("The search was cancelled during a fit.", e, token);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                if (_options.FailuresAreFatal)
                {
                    throw new SearchFailedException($"Candidate {id} {parameter} failed on fold {f}: {e.Message}", e);
                }

                for (var m = 0; m < metrics; m++)
                {
                    scores[m][f] = double.NaN;
                }

                fitTimes[f] = clock.Elapsed.TotalSeconds;
                error ??= Describe(e);
            }
        }

        return new CandidateResult
        {
            Index = id,
            Parameters = parameter,
            Scores = [.. _scorer.Metrics.Select((metric, m) => new MetricScores { Metric = metric.Name, SplitScores = scores[m] })],
            FitTimes = fitTimes,
            ScoreTimes = scoreTimes,
            Error = error,
        };
    }

    // ML.NET wraps errors raised inside its pipelines: report the innermost, which names the cause.
    private static string Describe(Exception e)
    {
        while (e.InnerException != null && e is System.Reflection.TargetInvocationException or AggregateException)
        {
            e = e.InnerException;
        }

        return $"{e.GetType().Name}: {e.Message}";
    }

    /// <summary>One execution of the search: workers claiming trials from the store until none is left.</summary>
    private sealed class Run
    {
        private readonly CrossValidatedSearch _search;
        private readonly ITrialStore _store;
        private readonly Lazy<(IDataView Train, IDataView Test)>[] _prepared;
        private readonly Stopwatch _clock;
        private readonly CancellationToken _caller;
        private readonly CancellationTokenSource _budget = new();
        private readonly CancellationTokenSource _stop;
        private readonly string _process = Guid.NewGuid().ToString("N")[..12];
        private readonly Lock _lock = new();
        private readonly SortedDictionary<int, CandidateResult> _done = [];
        private readonly List<IMonitor> _monitors;
        private readonly List<string> _warnings = [];
        private readonly ConcurrentDictionary<string, Lazy<CandidateResult>> _models = new();
        private long? _limit;
        private bool _exhausted;
        private int _runningHere;
        private int _completedHere;
        private CandidateResult? _best;
        private Exception? _fatal;

        public Run(CrossValidatedSearch search, ITrialStore store, Lazy<(IDataView Train, IDataView Test)>[] prepared, Stopwatch clock, CancellationToken caller)
        {
            (_search, _store, _prepared, _clock, _caller) = (search, store, prepared, clock, caller);
            var options = search._options;
            _stop = CancellationTokenSource.CreateLinkedTokenSource(caller, _budget.Token);
            if (options.TimeBudget is { } budget)
            {
                _budget.CancelAfter(budget);
            }

            _monitors = [.. options.Monitors];
            if (options.Logger != null)
            {
                _monitors.Add(new LoggerMonitor(options.Logger));
            }

            _limit = search._tuner.Count;
            if (options.MaxTrials is { } max && (_limit is null || max < _limit))
            {
                _limit = max;
            }

            // Trials completed earlier (a resumed study, or other processes): re-propose their parameters, in order,
            // so the table holds the tuner's typed values and an adaptive tuner learns them again.
            foreach (var record in store.LoadCompleted(options.StudyName))
            {
                var parameter = search._tuner.Propose(new TrialSettings { TrialId = record.TrialId });
                var candidate = FromRecord(record, parameter);
                _done[record.TrialId] = candidate;
                search._tuner.Update(ToTrialResult(candidate));
                _best = Better(candidate, _best);
            }
        }

        public int FoldCount => _prepared.Length;

        public StopReason Reason =>
            _caller.IsCancellationRequested ? StopReason.Cancelled
            : _budget.IsCancellationRequested ? StopReason.TimeBudget
            : !_exhausted && _search._options.MaxTrials is { } max && max < (_search._tuner.Count ?? long.MaxValue) ? StopReason.TrialBudget
            : StopReason.Exhausted;

        public void Execute()
        {
            var workers = _search._options.MaxDegreeOfParallelism ?? Environment.ProcessorCount;
            var tasks = Enumerable.Range(0, workers)
                .Select(w => Task.Factory.StartNew(() => Work($"{_process}/{w}"), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default))
                .ToArray();
            Task.WaitAll(tasks);
            if (_fatal != null)
            {
                throw _fatal;
            }
        }

        public IReadOnlyList<CandidateResult> Candidates()
        {
            // Other processes may have completed trials while this one ran: the store is the source of truth.
            foreach (var record in _store.LoadCompleted(_search._options.StudyName))
            {
                if (!_done.ContainsKey(record.TrialId))
                {
                    _done[record.TrialId] = FromRecord(record, _search._tuner.Propose(new TrialSettings { TrialId = record.TrialId }));
                }
            }

            var candidates = _done.Values.ToArray();
            Ranking.AssignAll(candidates, _search._scorer.Metrics);

            return candidates;
        }

        private void Work(string worker)
        {
            var options = _search._options;
            var token = _stop.Token;
            var poll = TimeSpan.FromTicks(Math.Min(options.LeaseDuration.Ticks / 4, MaxPollInterval.Ticks));
            try
            {
                while (!token.IsCancellationRequested)
                {
                    // The timer behind the budget may fire late on a busy machine: check the clock too.
                    if (options.TimeBudget is { } budget && _clock.Elapsed >= budget)
                    {
                        _budget.Cancel();
                        return;
                    }

                    long? limit;
                    lock (_lock)
                    {
                        limit = _limit;
                    }

                    var claim = _store.ClaimNext(options.StudyName, worker, limit, options.LeaseDuration);
                    if (claim.TrialId is not int id)
                    {
                        // Only trials of other processes are worth waiting for: their worker may die and free them.
                        if (claim.RunningElsewhere <= Volatile.Read(ref _runningHere))
                        {
                            return;
                        }

                        token.WaitHandle.WaitOne(poll);
                        continue;
                    }

                    if (!RunTrial(worker, id, token))
                    {
                        return;
                    }
                }
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                // Cancelled, out of time, or stopped by another worker's fatal error: the trial was given back.
            }
            catch (Exception e)
            {
                lock (_lock)
                {
                    _fatal ??= e;
                }

                _stop.Cancel();
            }
        }

        /// <summary>Proposes, evaluates and records one claimed trial; false when the tuner is exhausted.</summary>
        private bool RunTrial(string worker, int id, CancellationToken token)
        {
            var options = _search._options;
            Parameter? parameter;
            lock (_search._tuner)
            {
                parameter = _search._tuner.Propose(new TrialSettings { TrialId = id });
            }

            if (parameter is null)
            {
                _store.Release(options.StudyName, id, worker);
                lock (_lock)
                {
                    _exhausted = true;
                    _limit = Math.Min(_limit ?? long.MaxValue, id);
                }

                return false;
            }

            Notify(m => m.ReportRunningTrial(new TrialSettings { TrialId = id, Parameter = parameter }));
            Interlocked.Increment(ref _runningHere);
            CandidateResult candidate;
            try
            {
                var renewEvery = options.LeaseDuration / 3;
                using var heartbeat = new Timer(
                    _ =>
                    {
                        // A failed renewal (the store away past its retries) must not crash the process: the fit goes
                        // on, and the first completion of the trial decides whose result is kept.
                        try
                        {
                            _store.RenewLease(options.StudyName, id, worker, options.LeaseDuration);
                        }
                        catch (Exception)
                        {
                        }
                    },
                    null,
                    renewEvery,
                    renewEvery);
                candidate = _search.Evaluate(id, parameter, _prepared, token, _models);
            }
            catch (Exception)
            {
                _store.Release(options.StudyName, id, worker);
                throw;
            }
            finally
            {
                Interlocked.Decrement(ref _runningHere);
            }

            // The first completion of a trial wins; a late duplicate (its lease had expired) is dropped.
            if (_store.Complete(options.StudyName, ToRecord(candidate, worker)))
            {
                Accept(candidate);
            }

            return true;
        }

        private void Accept(CandidateResult candidate)
        {
            var result = ToTrialResult(candidate);
            lock (_lock)
            {
                _done[candidate.Index] = candidate;
                _completedHere++;
                lock (_search._tuner)
                {
                    _search._tuner.Update(result);
                }

                var previous = _best;
                _best = Better(candidate, _best);
                Notify(monitor =>
                {
                    if (candidate.Failed)
                    {
                        monitor.ReportFailTrial(result);
                    }
                    else
                    {
                        monitor.ReportCompletedTrial(result);
                    }

                    if (_best != previous)
                    {
                        monitor.ReportBestTrial(result);
                    }
                });
                var progress = Progress();
                Guard(() => _search._options.Progress?.Report(progress));
            }
        }

        private SearchProgress Progress()
        {
            var elapsed = _clock.Elapsed;
            var total = _limit;
            TimeSpan? remaining = total is { } t && _completedHere > 0
                ? elapsed / _completedHere * Math.Max(0, t - _done.Count)
                : null;
            return new SearchProgress(
                _done.Count,
                _done.Values.Count(c => c.Failed),
                total,
                elapsed,
                remaining,
                _best?.MeanScore ?? double.NaN,
                _best?.Parameters,
                _search._scorer.Primary.Name);
        }

        private CandidateResult? Better(CandidateResult candidate, CandidateResult? best)
        {
            if (candidate.Failed)
            {
                return best;
            }

            if (best is null)
            {
                return candidate;
            }

            var higher = _search._scorer.Primary.HigherIsBetter;
            var better = higher ? candidate.MeanScore > best.MeanScore : candidate.MeanScore < best.MeanScore;
            return better || (candidate.MeanScore == best.MeanScore && candidate.Index < best.Index) ? candidate : best;
        }

        private void Notify(Action<IMonitor> report)
        {
            lock (_lock)
            {
                foreach (var monitor in _monitors)
                {
                    Guard(() => report(monitor));
                }
            }
        }

        // A monitor or progress reporter that throws must not lose the search: its error becomes a warning.
        private void Guard(Action report)
        {
            try
            {
                report();
            }
            catch (Exception e)
            {
                lock (_warnings)
                {
                    if (_warnings.Count < 10)
                    {
                        _warnings.Add($"A monitor failed and was skipped: {e.GetType().Name}: {e.Message}");
                    }
                }
            }
        }

        public IReadOnlyList<string> Warnings => _warnings;

        private TrialResult ToTrialResult(CandidateResult candidate) => new()
        {
            TrialSettings = new TrialSettings { TrialId = candidate.Index, Parameter = candidate.Parameters },
            Metric = candidate.MeanScore,
            Loss = _search._scorer.Primary.HigherIsBetter ? -candidate.MeanScore : candidate.MeanScore,
            SplitScores = candidate.SplitScores,
            Error = candidate.Error,
            Duration = TimeSpan.FromSeconds(candidate.FitTimes.Sum() + candidate.ScoreTimes.Sum()),
            Candidate = candidate,
        };

        private static TrialRecord ToRecord(CandidateResult candidate, string worker) => new()
        {
            TrialId = candidate.Index,
            ParametersJson = candidate.Parameters.ToJson(),
            Scores = [.. candidate.Scores.Select(s => new KeyValuePair<string, double[]>(s.Metric, [.. s.SplitScores]))],
            FitTimes = [.. candidate.FitTimes],
            ScoreTimes = [.. candidate.ScoreTimes],
            Error = candidate.Error,
            Worker = worker,
        };

        private CandidateResult FromRecord(TrialRecord record, Parameter? proposed)
        {
            // The store keeps JSON; the tuner gives the typed values back, and must agree with what was stored.
            if (proposed is null || proposed.ToJson() != record.ParametersJson)
            {
                throw new StudyMismatchException(
                    $"Trial {record.TrialId} of study '{_search._options.StudyName}' was run with {record.ParametersJson}, " +
                    $"but this search proposes {proposed?.ToJson() ?? "nothing"} for it: the study belongs to another search.");
            }

            return SearchResult.FromRecord(record, proposed, _search._scorer.Metrics.Select(m => m.Name).ToArray());
        }
    }
}
