using System.Diagnostics;
using Microsoft.Extensions.Logging;
using MlNetHpo.Evaluation;
using MlNetHpo.AutoML;
using MlNetHpo.Storage;

namespace MlNetHpo.Experiments;

/// <summary>How a <see cref="SearchLoop"/> runs.</summary>
internal sealed record LoopSettings
{
    /// <summary>Worker threads.</summary>
    public required int Workers { get; init; }

    /// <summary>Run only trial ids below this (the trial budget); null for no budget.</summary>
    public int? MaxTrials { get; init; }

    /// <summary>Stop starting units after this long, and abandon running ones.</summary>
    public TimeSpan? TimeBudget { get; init; }

    /// <summary>The lease of a claimed trial, renewed every third of it while the trial runs.</summary>
    public required TimeSpan Lease { get; init; }

    /// <summary>How often the store is asked again while only other processes hold trials (default: a quarter lease, at most 1 s).</summary>
    public TimeSpan? Poll { get; init; }

    /// <summary>Told about every trial, under one lock.</summary>
    public IReadOnlyList<IMonitor> Monitors { get; init; } = [];

    /// <summary>Told after every trial, and while the loop waits for trials leased elsewhere.</summary>
    public IProgress<SearchProgress>? Progress { get; init; }

    /// <summary>Where warnings (a failed heartbeat, a failed monitor) are logged as they happen.</summary>
    public ILogger? Logger { get; init; }

    /// <summary>
    /// Work for the first worker left without a unit while others finish theirs, so the last wave's idle core does it (the
    /// refit's featurized data, then starting the refit of the leader): run once, given the running best's parameters (read
    /// when called; null while none succeeded); null for none. It must not throw. The loop returns when it is done (a
    /// cancellation arriving meanwhile waits for it).
    /// </summary>
    public Action<Func<Parameter?>>? WhenIdle { get; init; }

    /// <summary>
    /// Work for the first worker whose next unit would wait for another worker's preparation of it (every pending unit's
    /// fold is being prepared: more workers than folds, at a search's start), done before that unit so the wait is not
    /// idle: the refit's featurized data, which the last wave would otherwise prepare. Run once; null for none. It must not
    /// throw.
    /// </summary>
    public Action? WhileWaiting { get; init; }

    /// <summary>Makes the performance monitor of each trial run here (AutoML's, one per trial); null for none.</summary>
    public Func<IPerformanceMonitor>? PerformanceMonitor { get; init; }
}

/// <summary>What a <see cref="SearchLoop"/> ended with.</summary>
/// <param name="Trials">Every finished trial of the study (this run's, earlier runs' and other processes'), by id.</param>
/// <param name="Reason">Why it stopped.</param>
/// <param name="Warnings">Monitors that failed, heartbeats that failed.</param>
/// <param name="Polls">How many times a worker waited on the poll timer for trials held by other processes.</param>
internal sealed record LoopOutcome(IReadOnlyList<FinishedTrial> Trials, StopReason Reason, IReadOnlyList<string> Warnings, int Polls);

/// <summary>
/// The search loop: workers claim a trial, the tuner proposes its parameters, the trial's units (folds) run on whichever
/// workers are free, the trial completes in the study when its last unit does, and the tuner learns the result. It knows
/// no ML.NET type: what a trial is evaluated on is the <see cref="IUnitTrialRunner"/>'s business.
/// <para>
/// Work held by this process is handed out from memory: a worker takes a pending unit first, claims a new trial from the
/// store only when no unit is pending, and leaves when there is nothing to claim and no other process holds a trial. Only
/// trials leased by other processes (which may die and free them) are waited for on a poll timer.
/// </para>
/// <para>
/// Threading: the tuner is only called under the loop's one lock (<c>Propose</c> in trial-id order at claim time,
/// <c>Update</c> at completion), so a tuner needs no locking of its own; monitors and progress are called under it too.
/// A heartbeat renews the leases of held trials every third of a lease; its failures never abort a fit: they are
/// warnings, and a store that stays away past its deadline (<see cref="StoreUnavailableException"/>) ends the search.
/// </para>
/// </summary>
internal sealed class SearchLoop
{
    private static readonly TimeSpan MaxPollInterval = TimeSpan.FromSeconds(1);
    private readonly object _gate = new();
    private readonly Study _study;
    private readonly ITuner _tuner;
    private readonly Halving.RungMap? _rungs;
    private readonly IUnitTrialRunner _runner;
    private readonly LoopSettings _settings;
    private readonly string[] _metricNames;
    private readonly bool _higherIsBetter;
    private readonly string _process = Guid.NewGuid().ToString("N")[..12];
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly List<Unit> _pending = [];
    private readonly Dictionary<int, HeldTrial> _held = [];

    // The heartbeat's own view of the held leases: it never waits for the loop's lock, which a store call may hold long.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<int, string> _leases = new();
    private int _beating;
    private int _idleTaken;
    private int _waitingTaken;
    private readonly SortedDictionary<int, FinishedTrial> _done = [];
    private readonly List<string> _warnings = [];
    private readonly CancellationTokenSource _budget = new();
    private long? _limit;
    private bool _exhausted;
    private bool _claimsOver;
    private int _claims;
    private int _completedHere;
    private int _polls;
    private int _failed;
    private FinishedTrial? _best;
    private Exception? _fatal;
    private CancellationTokenSource _stop = new();

    /// <summary>Creates the loop and replays <paramref name="history"/> into the tuner through <c>Update</c>, in id order.</summary>
    public SearchLoop(Study study, ITuner tuner, IUnitTrialRunner runner, LoopSettings settings, IReadOnlyList<FinishedTrial> history)
    {
        (_study, _tuner, _runner, _settings) = (study, tuner, runner, settings);
        _rungs = (tuner as Halving.IRungTuner)?.Rungs;
        _metricNames = [.. runner.Metrics.Select(m => m.Name)];
        _higherIsBetter = runner.Metrics[0].HigherIsBetter;
        _limit = tuner.Count;
        if (settings.MaxTrials is { } max && (_limit is null || max < _limit))
        {
            _limit = max;
        }

        foreach (var trial in history.OrderBy(t => t.Id))
        {
            Learn(trial);
        }
    }

    /// <summary>Runs the workers until nothing is left, a budget ends, <paramref name="cancellationToken"/> fires or a worker fails.</summary>
    /// <exception cref="StoreUnavailableException">The store stayed away past its deadline.</exception>
    public LoopOutcome Run(CancellationToken cancellationToken)
    {
        _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _budget.Token);
        using var stop = _stop;
        if (_settings.TimeBudget is { } budget)
        {
            _budget.CancelAfter(budget);
        }

        // Wake workers waiting for work or a poll when the search stops.
        using var wake = _stop.Token.Register(() =>
        {
            lock (_gate)
            {
                Monitor.PulseAll(_gate);
            }
        });
        var renewEvery = _settings.Lease / 3;
        using (var heartbeat = new Timer(_ => Heartbeat(), null, renewEvery, renewEvery))
        {
            var workers = Enumerable.Range(0, _settings.Workers)
                .Select(_ => Task.Factory.StartNew(Work, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default))
                .ToArray();
            Task.WaitAll(workers);
        }

        ReleaseUnfinished();
        if (_fatal != null)
        {
            throw _fatal;
        }

        // Other processes may have completed trials while this one ran: the study is the source of truth.
        foreach (var trial in _study.LoadCompleted())
        {
            _done.TryAdd(trial.Id, trial);
        }

        var reason = cancellationToken.IsCancellationRequested ? StopReason.Cancelled
            : _budget.IsCancellationRequested ? StopReason.TimeBudget
            : !_exhausted && _settings.MaxTrials is { } max && max < (_tuner.Count ?? long.MaxValue) ? StopReason.TrialBudget
            : StopReason.Exhausted;
        return new LoopOutcome([.. _done.Values], reason, [.. _warnings], _polls);
    }

    private void Work()
    {
        try
        {
            while (Take(out var waits) is { } unit)
            {
                if (waits && _settings.WhileWaiting is { } work && !_stop.IsCancellationRequested && Interlocked.Exchange(ref _waitingTaken, 1) == 0)
                {
                    work();
                }

                Finish(unit, RunUnit(unit));
            }

            if (_settings.WhenIdle is { } idle && !_stop.IsCancellationRequested && Interlocked.Exchange(ref _idleTaken, 1) == 0)
            {
                idle(() =>
                {
                    lock (_gate)
                    {
                        return _best?.Parameters;
                    }
                });
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // Cancelled, out of time, or stopped by another worker's error: the trial is given back at the end.
        }
        catch (Exception e)
        {
            Interlocked.CompareExchange(ref _fatal, e, null);
            _stop.Cancel();
        }
    }

    /// <summary>
    /// Runs a unit under its trial's token, which the search's stop and the trial's performance monitor cancel. A unit of a
    /// trial its monitor cancelled fails (the trial is reported failed and the search goes on); the search's stop abandons it.
    /// </summary>
    private UnitResult RunUnit(Unit unit)
    {
        var trial = unit.Trial;
        try
        {
            trial.Token.ThrowIfCancellationRequested();
            return _runner.Run(trial.Settings, unit.Index, trial.Token);
        }
        catch (OperationCanceledException e) when (!_stop.IsCancellationRequested && trial.Token.IsCancellationRequested)
        {
            var error = new OperationCanceledException($"Trial {trial.Settings.TrialId} was cancelled by its performance monitor.", e, trial.Token);
            return new UnitResult { Scores = [.. _metricNames.Select(_ => double.NaN)], Error = $"{nameof(OperationCanceledException)}: {error.Message}", Exception = error };
        }
    }

    /// <summary>
    /// The next unit for this worker: a pending one of this process, else the first unit of a newly claimed trial; null when
    /// done. <paramref name="waits"/>: the unit's preparation is another worker's, still running.
    /// </summary>
    private Unit? Take(out bool waits)
    {
        var claimedAhead = false;
        waits = false;
        lock (_gate)
        {
            while (true)
            {
                // The timer behind the budget may fire late on a busy machine: check the clock too.
                if (_settings.TimeBudget is { } budget && _clock.Elapsed >= budget)
                {
                    _budget.Cancel();
                }

                if (_stop.IsCancellationRequested)
                {
                    return null;
                }

                // A unit whose shared preparation (its fold's featurizer) another worker is doing would only wait for it:
                // take a later one, claiming one more trial if need be, and wait only when nothing else is left.
                var ready = _pending.FindIndex(u => !(_runner is IUnitPreparation preparation && preparation.IsBeingPrepared(u.Index)));
                if (ready < 0 && _pending.Count > 0 && !claimedAhead && !_claimsOver)
                {
                    claimedAhead = true;
                    if (Claim().Claimed)
                    {
                        continue;
                    }
                }

                if (_pending.Count > 0)
                {
                    waits = ready < 0;
                    var unit = _pending[Math.Max(ready, 0)];
                    _pending.RemoveAt(Math.Max(ready, 0));
                    return unit;
                }

                if (_claimsOver)
                {
                    return null;
                }

                var (claimed, elsewhere, earlier) = Claim();
                if (claimed)
                {
                    continue;
                }

                if (earlier != Earlier.None)
                {
                    // The tuner's next proposal needs earlier trials: those run here pulse the gate when they complete;
                    // those held by other processes reach this one through the store, asked again after a poll.
                    if (earlier == Earlier.Elsewhere)
                    {
                        _polls++;
                        Report(waitingFor: Math.Max(1, elsewhere - _held.Count));
                        Monitor.Wait(_gate, PollInterval);
                    }
                    else
                    {
                        Monitor.Wait(_gate);
                    }

                    continue;
                }

                // Leases the store counts as held by others include this process's own trials, run from memory.
                var otherProcesses = elsewhere - _held.Count;
                if (otherProcesses <= 0)
                {
                    _claimsOver = true; // every unfinished trial below the limit is running here
                    return null;
                }

                _polls++;
                Report(waitingFor: otherProcesses);
                Monitor.Wait(_gate, PollInterval);
            }
        }
    }

    private TimeSpan PollInterval => _settings.Poll ?? TimeSpan.FromTicks(Math.Min(_settings.Lease.Ticks / 4, MaxPollInterval.Ticks));

    /// <summary>
    /// Claims a trial and queues its units (under the lock). When none is free: false, with the store's count of trials
    /// leased elsewhere. When the tuner's proposal for the claimed trial needs trials not finished yet
    /// (<see cref="ITuner.ProposalsDependOnTrialsBelow"/>): the trial is given back, and where those trials run is returned.
    /// </summary>
    private (bool Claimed, int Elsewhere, Earlier Earlier) Claim()
    {
        while (true)
        {
            var holder = $"{_process}/{_claims++}";
            var (id, recorded, elsewhere) = _study.Claim(holder, _limit, _settings.Lease);
            if (id is not int trialId)
            {
                return (false, elsewhere, Earlier.None);
            }

            if (recorded is null && Unfinished(_tuner.ProposalsDependOnTrialsBelow(trialId)) is var earlier and not Earlier.None)
            {
                _study.Release(trialId, holder);
                return (false, elsewhere, earlier);
            }

            // A trial taken again (its worker died, or gave it back) keeps the parameters it was first given.
            var parameter = recorded ?? _tuner.Propose(new TrialSettings { TrialId = trialId });
            if (parameter is null)
            {
                _study.Release(trialId, holder);
                _exhausted = true;
                _limit = Math.Min(_limit ?? long.MaxValue, trialId);
                continue;
            }

            if (recorded is null)
            {
                parameter = _study.RecordProposal(trialId, holder, parameter);
            }

            var trial = new HeldTrial(new TrialSettings { TrialId = trialId, Parameter = parameter, StartedAtUtc = DateTime.UtcNow }, holder, _runner.UnitCount, _stop.Token);
            _held[trialId] = trial;
            _leases[trialId] = holder;
            for (var u = 0; u < trial.Results.Length; u++)
            {
                _pending.Add(new Unit(trial, u));
            }

            Notify(m => m.ReportRunningTrial(trial.Settings));
            if (_settings.PerformanceMonitor is { } performance)
            {
                Guard(() => trial.Watch(performance()));
            }

            Monitor.PulseAll(_gate);
            return (true, elsewhere, Earlier.None);
        }
    }

    /// <summary>
    /// Whether every trial below <paramref name="below"/> is finished (<see cref="Earlier.None"/>), else where the unfinished
    /// ones run. Trials finished by other processes are read from the store and taught to the tuner first.
    /// </summary>
    private Earlier Unfinished(int below)
    {
        bool Missing(int id) => !_done.ContainsKey(id);
        if (!Enumerable.Range(0, below).Any(Missing))
        {
            return Earlier.None;
        }

        if (Enumerable.Range(0, below).Where(Missing).All(_held.ContainsKey))
        {
            return Earlier.Here;
        }

        foreach (var trial in _study.LoadCompleted().Where(t => Missing(t.Id)))
        {
            Learn(trial);
        }

        return !Enumerable.Range(0, below).Any(Missing) ? Earlier.None
            : Enumerable.Range(0, below).Where(Missing).All(_held.ContainsKey) ? Earlier.Here : Earlier.Elsewhere;
    }

    /// <summary>Records a unit's result; the trial completes in the study when its last unit is in.</summary>
    private void Finish(Unit unit, UnitResult result)
    {
        lock (_gate)
        {
            var trial = unit.Trial;
            if (result.Scores.Count != _metricNames.Length)
            {
                throw new InvalidOperationException($"The trial runner returned {result.Scores.Count} scores for {_metricNames.Length} metrics.");
            }

            trial.Results[unit.Index] = result;
            if (--trial.Remaining == 0)
            {
                _held.Remove(trial.Settings.TrialId);
                _leases.TryRemove(trial.Settings.TrialId, out _);
                trial.Unwatch();
                var finished = FinishedTrial.FromUnits(trial.Settings.TrialId, trial.Settings.Parameter, _metricNames, trial.Results!, trial.Holder);

                // The first completion of a trial wins; a late duplicate (its lease had expired) is dropped.
                if (_study.Complete(finished))
                {
                    trial.Settings.EndedAtUtc = DateTime.UtcNow;
                    Accept(finished, trial);
                }

                Monitor.PulseAll(_gate);
            }
        }
    }

    /// <summary>Takes in a trial finished before this run or by another process: the tuner learns it, no monitor is told.</summary>
    private void Learn(FinishedTrial trial)
    {
        _done[trial.Id] = trial;
        _failed += Failed(trial) ? 1 : 0;
        _tuner.Update(ToTrialResult(trial, new TrialSettings { TrialId = trial.Id, Parameter = trial.Parameters }, []));
        _best = Better(trial, _best);
    }

    private void Accept(FinishedTrial trial, HeldTrial held)
    {
        _done[trial.Id] = trial;
        _completedHere++;
        var failed = Failed(trial);
        _failed += failed ? 1 : 0;
        var units = held.Results.Select(u => u!).ToArray(); // every unit is in when a trial completes

        // A plain ITrialRunner's own result (its model...) reaches the tuner and monitors as it made it.
        var result = units.Length == 1 && units[0].Outcome is { } outcome ? outcome : ToTrialResult(trial, held.Settings, units);
        if (held.Peaks is var (cpu, memory))
        {
            (result.PeakCpu, result.PeakMemoryInMegaByte) = (cpu, memory);
        }

        _tuner.Update(result);
        var previous = _best;
        _best = Better(trial, _best);
        Notify(monitor =>
        {
            if (failed)
            {
                var error = units.Select(u => u.Exception).FirstOrDefault(e => e != null);
                monitor.ReportFailTrial(held.Settings, error ?? new InvalidOperationException(trial.Record.Error ?? "The trial scored NaN."));
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
        Report(waitingFor: 0);
    }

    /// <summary>Renews the leases of held trials; a store error is a warning, a store gone past its deadline ends the search.</summary>
    private void Heartbeat()
    {
        // A beat still running (a slow or retrying store) is not joined by the next one.
        if (Interlocked.Exchange(ref _beating, 1) == 1)
        {
            return;
        }

        try
        {
            Renew();
        }
        finally
        {
            Volatile.Write(ref _beating, 0);
        }
    }

    private void Renew()
    {
        foreach (var (id, holder) in _leases.ToArray())
        {
            try
            {
                _study.RenewLease(id, holder, _settings.Lease);
            }
            catch (StoreUnavailableException e)
            {
                Interlocked.CompareExchange(ref _fatal, e, null);
                _stop.Cancel();
                return;
            }
            catch (Exception e)
            {
                Warn($"Renewing the lease of trial {id} failed; the fit goes on: {e.GetType().Name}: {e.Message}");
            }
        }
    }

    /// <summary>Gives back the trials this process claimed and did not finish (cancelled, out of time, failed).</summary>
    private void ReleaseUnfinished()
    {
        foreach (var trial in _held.Values)
        {
            trial.Unwatch();
            try
            {
                _study.Release(trial.Settings.TrialId, trial.Holder);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // The lease expires anyway; another worker takes the trial then.
                Warn($"Giving back trial {trial.Settings.TrialId} failed; it is free again when its lease expires: {e.Message}");
            }
        }

        _held.Clear();
        _leases.Clear();
    }

    private void Report(int waitingFor)
    {
        if (_settings.Progress is not { } progress)
        {
            return;
        }

        var elapsed = _clock.Elapsed;
        TimeSpan? remaining = _limit is { } total && _completedHere > 0
            ? elapsed / _completedHere * Math.Max(0, total - _done.Count)
            : null;
        var value = new SearchProgress(
            _done.Count,
            _failed,
            _limit,
            elapsed,
            remaining,
            _best is null ? double.NaN : Mean(_best),
            _best?.Parameters,
            _metricNames[0])
        {
            WaitingForLeases = waitingFor,
            Lease = _settings.Lease,
        };
        Guard(() => progress.Report(value));
    }

    private FinishedTrial? Better(FinishedTrial trial, FinishedTrial? best) =>
        best is null ? (double.IsNaN(Mean(trial)) ? null : trial)
        : Ranking.Beats(Tier(trial), Mean(trial), trial.Id, Tier(best), Mean(best), best.Id, _higherIsBetter) ? trial : best;

    // Successive halving's rungs: the running best is the result's best (see IRungTuner).
    private int Tier(FinishedTrial trial) => Ranking.Tier(_rungs?.Of(trial.Id, trial.Parameters)?.Iteration);

    private static bool Failed(FinishedTrial trial) => trial.Record.Error != null || double.IsNaN(Mean(trial));

    private static double Mean(FinishedTrial trial) => Statistics.Mean(trial.Record.Scores[0].Value);

    private void Notify(Action<IMonitor> report)
    {
        foreach (var monitor in _settings.Monitors)
        {
            Guard(() => report(monitor));
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
            Warn($"A monitor failed and was skipped: {e.GetType().Name}: {e.Message}");
        }
    }

    private void Warn(string warning)
    {
        try
        {
            _settings.Logger?.LogWarning("{Warning}", warning);
        }
        catch (Exception)
        {
            // A logger that throws must not lose the search; the warning is still in the result.
        }

        lock (_warnings)
        {
            if (_warnings.Count < 10)
            {
                _warnings.Add(warning);
            }
        }
    }

    private TrialResult ToTrialResult(FinishedTrial trial, TrialSettings settings, IReadOnlyList<UnitResult> units) =>
        Units.ToTrialResult(settings, _higherIsBetter, units, trial.ToCandidate(_metricNames));

    /// <summary>
    /// A trial this process claimed: its settings, lease holder, the results of its units so far, and, while a performance
    /// monitor watches it, its own cancellation source (linked to the search's stop) and the peaks read when it ends.
    /// </summary>
    private sealed class HeldTrial(TrialSettings settings, string holder, int units, CancellationToken stop)
    {
        private readonly object _watchGate = new();
        private IPerformanceMonitor? _performance;
        private CancellationTokenSource? _cancel;

        public TrialSettings Settings { get; } = settings;

        public string Holder { get; } = holder;

        public UnitResult?[] Results { get; } = new UnitResult?[units];

        public int Remaining { get; set; } = units;

        /// <summary>What the units run under: the trial's own source when watched, else the search's stop.</summary>
        public CancellationToken Token { get; private set; } = stop;

        /// <summary>The peak CPU and memory the monitor read when the trial ended; null when none watched it.</summary>
        public (double? Cpu, double? Memory)? Peaks { get; private set; }

        /// <summary>Starts <paramref name="performance"/> on this trial (AutoML's wiring: its event calls its handler with the trial's source).</summary>
        public void Watch(IPerformanceMonitor performance)
        {
            _cancel = CancellationTokenSource.CreateLinkedTokenSource(Token);
            _performance = performance;
            var cancel = _cancel;
            performance.PerformanceMetricsUpdated += (_, metrics) =>
            {
                // A sample racing the trial's end (a timer's) finds it closed and does nothing.
                lock (_watchGate)
                {
                    if (_performance != null)
                    {
                        performance.OnPerformanceMetricsUpdatedHandler(Settings, metrics, cancel);
                    }
                }
            };
            Token = cancel.Token;
            performance.Start();
        }

        /// <summary>Reads the peaks, pauses and disposes the monitor, and frees the trial's source; nothing when not watched.</summary>
        public void Unwatch()
        {
            IPerformanceMonitor? performance;
            lock (_watchGate)
            {
                (performance, _performance) = (_performance, null);
            }

            if (performance is null)
            {
                return;
            }

            try
            {
                Peaks = (performance.GetPeakCpuUsage(), performance.GetPeakMemoryUsageInMegaByte());
                performance.Pause();
            }
            finally
            {
                performance.Dispose();
                _cancel?.Dispose();
            }
        }
    }

    private sealed record Unit(HeldTrial Trial, int Index);

    /// <summary>Where the earlier trials a proposal waits for run: none missing, all in this process, some elsewhere.</summary>
    private enum Earlier
    {
        None,
        Here,
        Elsewhere,
    }
}
