using System.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetHpo.Evaluation;
using MlNetHpo.Halving;
using MlNetHpo.Scoring;
using MlNetHpo.AutoML;
using MlNetHpo.Storage;
using MlNetHpo.Sweeping;
using MlNetHpo.Validation;

namespace MlNetHpo.Experiments;

/// <summary>
/// A cross-validated hyperparameter search with scikit-learn's semantics, for any ML.NET estimator:
/// the tuner proposes candidates; each is trained and scored on every fold (its folds run on whichever
/// workers are free); failed fits score NaN and rank last; candidates are ranked (ties share the lowest rank) and
/// the first rank-1 candidate is refitted on all the data. The fixed part of the pipeline (the
/// featurizer) is fitted once per fold and its output cached, so candidates only train what changes; its leading stages
/// that learn nothing from the rows (Concatenate and the like) run once on all of them (<see cref="FeaturizerSplit"/>).
/// Trials run in parallel, are recorded in a store as they finish (so a study resumes where it stopped,
/// and several processes can share one), and stop at a trial or time budget or on cancellation.
/// A search is an estimator: <see cref="Fit(IDataView)"/> returns a <see cref="SearchResult"/>, itself a transformer.
/// This class is a facade: the folds are evaluated by the cross-validation <see cref="IUnitTrialRunner"/>, the trials are
/// scheduled by the search loop (fold by fold across workers) and recorded by the study (see <see cref="TrialRunnerSearch"/>).
/// </summary>
public sealed class CrossValidatedSearch : IEstimator<SearchResult>
{
    private readonly IEstimator<ITransformer>? _featurizer;
    private readonly SweepableEstimator _trainer;
    private readonly ITuner _tuner;
    private readonly Scorer _scorer;
    private readonly Folds _folds;
    private readonly SearchOptions _options;
    private readonly HalvingSetup? _halving;

    /// <summary>Creates a search.</summary>
    /// <param name="featurizer">The part of the pipeline no hyperparameter touches; null for none.</param>
    /// <param name="trainer">The estimator built from each candidate's parameters.</param>
    /// <param name="tuner">Where candidates come from (grid, random, or your own).</param>
    /// <param name="scorer">The task, its metrics (the first ranks) and the label column.</param>
    /// <param name="folds">How the data is split; an integer gives the task's default k-fold.</param>
    /// <param name="options">Failure policy, refit, seed, parallelism, budgets, monitors, store.</param>
    internal CrossValidatedSearch(
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
        TrialRunnerSearch.Validate(_options);
    }

    /// <summary>Creates a successive-halving search: <paramref name="halving"/> plans its iterations once the data is known.</summary>
    internal CrossValidatedSearch(IEstimator<ITransformer>? featurizer, SweepableEstimator trainer, HalvingSetup halving, Scorer scorer, Folds folds, SearchOptions? options = null)
        : this(featurizer, trainer, halving.Preview, scorer, folds, options)
    {
        _halving = halving;
    }

    /// <summary>
    /// What this search is, as stored with a study: task, metrics, label, folds, trainer and tuner. Reopening a study
    /// with another definition is refused, naming the field that differs.
    /// </summary>
    public string Definition => StudyDefinitionOf().ToJson();

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
    /// <exception cref="StoreUnavailableException">The store stayed away past its retry deadline.</exception>
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
        var split = FeaturizerSplit.Of(context, _featurizer, data);
        var everyCore = (_options.MaxDegreeOfParallelism ?? Environment.ProcessorCount) >= Environment.ProcessorCount;
        CrossValidationRunner RunnerOn(IEnumerable<Fold> parts) => new(
            _options.Seed,
            CrossValidationRunner.Prepare(
                context,
                split.PerFold,
                parts.Select(fold => ((IDataView)new RowSubsetDataView(split.Data, fold.TrainIndices, rows), (IDataView)new RowSubsetDataView(split.Data, fold.TestIndices, rows))),
                readRowsOnce: everyCore),
            _trainer,
            _scorer,
            _options.FailuresAreFatal,
            _folds.ToString() ?? string.Empty,
            _options.ReturnTrainScore);
        IUnitTrialRunner runner = RunnerOn(folds);
        var tuner = _tuner;
        if (_halving is { } halving)
        {
            int? classes = _scorer.IsClassification && halving.IsRows
                ? DataViewReader.Read(data, _scorer.LabelColumnName, "label").Distinct().Count()
                : null;
            var halvingTuner = halving.Bind(rows, folds.Count, classes, _scorer.Metrics[0].HigherIsBetter, _options.ErrorScore);
            tuner = halvingTuner;

            // A resource parameter the trainer does not have is refused before the first fit, naming it.
            _trainer.Validate(halvingTuner.Propose(new TrialSettings { TrialId = 0 })!);
            if (halving.IsRows)
            {
                var seed = (uint)halving.Seed;
                runner = new RowResourceRunner(runner, rows, r => RunnerOn(RowSubsample.Of(folds, r, rows, seed)), id => halvingTuner.RungOf(id)!.Value.Resources);
            }
        }

        // The refit's featurized data does not depend on which candidate wins: a worker left without units while the last
        // ones run (a core is idle then) fits the featurizer on all the data and pulls the data through it, then starts
        // fitting the leading candidate on it (RefitAhead), which is the refit when that candidate stays the best.
        var refitData = new Lazy<(ITransformer? Featurizer, IDataView Data)>(() => FeaturizeAll(context, data));
        ITransformer Refit(Parameter parameters, MLContext fitContext) => _trainer.BuildFromOption(fitContext, parameters).Fit(refitData.Value.Data);
        using var ahead = new RefitAhead();
        Action<Func<Parameter?>>? whenIdle = _options.Refit ? leader =>
        {
            Prefetch(refitData);
            if (leader() is { } parameters)
            {
                ahead.Start(parameters, _options.Seed, fitContext => Refit(parameters, fitContext));
            }
        }
        : null;
        // With more workers than folds, those that would wait for the folds' first preparation prepare the refit's data.
        Action? whileWaiting = _options.Refit && _featurizer is not null ? () => Prefetch(refitData) : null;
        var outcome = TrialRunnerSearch.Execute(runner, tuner, _options, StudyDefinitionOf(), cancellationToken, whenIdle, whileWaiting);
        var warnings = new List<string>([.. tuner.Warnings, .. outcome.Warnings]);
        var interim = TrialRunnerSearch.RequireSuccess(TrialRunnerSearch.Table(runner, tuner, _options, outcome, clock, warnings, _trainer));
        if (!_options.Refit || interim.Best is null || interim.StopReason == StopReason.Cancelled)
        {
            return interim;
        }

        var fitted = ahead.Take(interim.BestParameters) ?? Refit(interim.BestParameters, new MLContext(_options.Seed));
        var fittedFeaturizer = refitData.Value.Featurizer;
        ITransformer model = fittedFeaturizer is null ? fitted : new TransformerChain<ITransformer>(fittedFeaturizer, fitted);
        return interim.WithModel(model, clock.Elapsed);
    }

    /// <summary>
    /// The refit's data: the featurizer fitted on all of <paramref name="data"/>, and its output cached with the columns it
    /// adds already read once (the costly part of the first read; what else the trainer reads comes from the cache of the input).
    /// </summary>
    private (ITransformer? Featurizer, IDataView Data) FeaturizeAll(MLContext context, IDataView data)
    {
        var featurizer = _featurizer?.Fit(data);
        var all = context.Data.Cache(featurizer?.Transform(data) ?? data);
        var added = all.Schema.Where(c => !c.IsHidden && data.Schema.GetColumnOrNull(c.Name) is null).ToArray();
        if (added.Length > 0)
        {
            using var cursor = all.GetRowCursor(added);
            while (cursor.MoveNext())
            {
            }
        }

        return (featurizer, all);
    }

    /// <summary>Computes the refit's data ahead; an error is kept by the lazy value and raised by the refit, as it would be there.</summary>
    private static void Prefetch(Lazy<(ITransformer? Featurizer, IDataView Data)> refitData)
    {
        try
        {
            _ = refitData.Value;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Raised again when the refit reads the value.
        }
    }

    /// <summary>
    /// The schema the refitted model will produce. It never consumes a proposal: the grid's and random search's first
    /// point is read without side effects; any other tuner's estimator is built from empty parameters (its defaults).
    /// </summary>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        var parameter = _tuner is GridSearchTuner or RandomSearchTuner
            ? _tuner.Propose(new TrialSettings { TrialId = 0 }) ?? Parameter.Empty
            : Parameter.Empty;
        var shape = _featurizer?.GetOutputSchema(inputSchema) ?? inputSchema;
        return _trainer.BuildFromOption(new MLContext(_options.Seed), parameter).GetOutputSchema(shape);
    }

    private StudyDefinition StudyDefinitionOf() => new([
        new("task", JsonValue.Create(_scorer.Task.ToString())),
        new("metrics", new JsonArray([.. _scorer.Metrics.Select(m => JsonValue.Create(m.Name))])),
        new("label", JsonValue.Create(_scorer.LabelColumnName)),
        new("folds", JsonValue.Create(_folds.ToString() ?? string.Empty)),
        new("trainer", JsonValue.Create(_trainer.Name)),
        new("tuner", JsonValue.Create(_halving?.Fingerprint ?? _tuner.Fingerprint)),
    ]);
}
