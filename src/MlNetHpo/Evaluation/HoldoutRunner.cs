using Microsoft.ML;
using MlNetHpo.Scoring;
using MlNetHpo.Sweeping;
using MlNetHpo.AutoML;

namespace MlNetHpo.Evaluation;

/// <summary>
/// Evaluates each candidate once: fitted on a training set, scored on a validation set (AutoML's train/validation
/// split). One unit per trial; the featurizer is fitted once on the training set.
/// </summary>
public sealed class HoldoutRunner : IUnitTrialRunner, ICoreBoundRunner
{
    private readonly CrossValidationRunner _split;

    /// <summary>Creates the runner.</summary>
    /// <param name="featurizer">The part of the pipeline no hyperparameter touches; null for none.</param>
    /// <param name="trainer">The estimator built from each candidate's parameters.</param>
    /// <param name="metric">What each candidate is scored by (its task is the search's).</param>
    /// <param name="train">What each candidate is trained on.</param>
    /// <param name="validation">What each candidate is scored on.</param>
    /// <param name="labelColumnName">The label column the metric reads.</param>
    /// <param name="seed">Seed of the fresh context each fit gets.</param>
    /// <param name="failuresAreFatal">Throw on a failed fit instead of scoring it NaN.</param>
    public HoldoutRunner(IEstimator<ITransformer>? featurizer, SweepableEstimator trainer, Metric metric, IDataView train, IDataView validation, string labelColumnName = "Label", int seed = 0, bool failuresAreFatal = false)
    {
        ArgumentNullException.ThrowIfNull(trainer);
        ArgumentNullException.ThrowIfNull(metric);
        ArgumentNullException.ThrowIfNull(labelColumnName);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(validation);
        var scorer = new Scorer(metric.Task, [metric], labelColumnName);
        var splits = CrossValidationRunner.Prepare(new MLContext(seed), featurizer, [(train, validation)]);
        _split = new CrossValidationRunner(seed, splits, trainer, scorer, failuresAreFatal, $"holdout label={scorer.LabelColumnName} trainer={trainer.Name}");
    }

    /// <inheritdoc/>
    public IReadOnlyList<Metric> Metrics => _split.Metrics;

    /// <inheritdoc/>
    public int UnitCount => 1;

    /// <inheritdoc/>
    public string Fingerprint => _split.Fingerprint;

    /// <inheritdoc/>
    public UnitResult Run(TrialSettings trial, int unit, CancellationToken cancellationToken) => _split.Run(trial, unit, cancellationToken);
}
