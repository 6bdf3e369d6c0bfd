using System.Collections.Concurrent;
using MlNetHpo.AutoML;
using MlNetHpo.Evaluation;
using MlNetHpo.Scoring;

namespace MlNetHpo.Halving;

/// <summary>
/// Runs each trial on the folds of its resources: the candidate's resources (from its trial id) pick a runner made on the
/// subsampled folds (<see cref="RowSubsample"/>), made once per resources value and shared by its trials, so the featurizer is
/// fitted once per (resources, fold). The full resources use the runner on the whole folds.
/// </summary>
internal sealed class RowResourceRunner : IUnitTrialRunner, Evaluation.ICoreBoundRunner
{
    private readonly IUnitTrialRunner _full;
    private readonly long _rows;
    private readonly Func<long, IUnitTrialRunner> _runnerFor;
    private readonly Func<int, long> _resourcesOf;
    private readonly ConcurrentDictionary<long, Lazy<IUnitTrialRunner>> _runners = new();

    /// <param name="full">The runner on every row of each fold.</param>
    /// <param name="rows">The rows of the data (the full resources).</param>
    /// <param name="runnerFor">Makes the runner for a resources value.</param>
    /// <param name="resourcesOf">A trial's resources, from its id.</param>
    public RowResourceRunner(IUnitTrialRunner full, long rows, Func<long, IUnitTrialRunner> runnerFor, Func<int, long> resourcesOf) =>
        (_full, _rows, _runnerFor, _resourcesOf) = (full, rows, runnerFor, resourcesOf);

    public IReadOnlyList<Metric> Metrics => _full.Metrics;

    public int UnitCount => _full.UnitCount;

    public string Fingerprint => _full.Fingerprint;

    public UnitResult Run(TrialSettings trial, int unit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(trial);
        var resources = _resourcesOf(trial.TrialId);
        var runner = resources >= _rows ? _full : _runners.GetOrAdd(resources, r => new Lazy<IUnitTrialRunner>(() => _runnerFor(r))).Value;
        return runner.Run(trial, unit, cancellationToken);
    }
}
