using Microsoft.Extensions.DependencyInjection;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using MlNetHpo.Evaluation;
using MlNetHpo.Experiments;
using MlNetHpo.Scoring;
using MlNetHpo.Storage;
using MlNetHpo.Validation;

namespace MlNetHpo.AutoML;

/// <summary>
/// AutoML's <c>AutoMLExperiment</c>, with its fluent setters and defaults, run by this library's search (the same loop,
/// study and runners as <c>GridSearch</c> and <c>RandomSearch</c>): set a pipeline, a dataset and a metric, optionally a
/// tuner, budgets, a monitor, a trial runner and a checkpoint, then <see cref="Run"/> for the best trial.
/// </summary>
/// <remarks>
/// Defaults as AutoML's: the tuner is <see cref="EciCostFrugalTuner"/>, the time budget 86,400 s, the model budget
/// unlimited, cross-validation 10 folds, the binary and multiclass label column "label", the seed the context's.
/// Deliberate differences (see the README's "Coming from ML.NET AutoML"): folds of a trial run in parallel (trials too,
/// with a custom trial runner only when <see cref="AutoMLExperimentSettings.MaxDegreeOfParallelism"/> allows it); the
/// grid tuner ends when the grid is done (<c>SetGridSearchTuner(cycle: true)</c> starts over, as AutoML's); a failed trial
/// never aborts the experiment; after a cross-validation the best model is refitted on all the data (AutoML returns the
/// first fold's: <see cref="AutoMLExperimentSettings.Refit"/> = false); folds are stratified for classification.
/// </remarks>
public sealed class AutoMLExperiment
{
    // The tuners are unbounded and the trial budget is the search's, so a checkpoint resumes under a larger budget.
    private const int TunerTrials = int.MaxValue;
    private const string NoSuccess = "Training time finished without completing a successful trial. Either no trial completed or the metric for all completed trials are NaN or Infinity";
    private readonly MLContext _context;
    private readonly AutoMLExperimentSettings _settings;
    private SweepablePipeline? _pipeline;
    private object? _dataset;
    private (Metric Metric, string Label)? _metric;
    private Func<IServiceProvider, ITuner>? _tuner;
    private Func<IServiceProvider, IMonitor>? _monitor;
    private Func<IServiceProvider, ITrialRunner>? _runner;
    private Func<IServiceProvider, IPerformanceMonitor> _performanceMonitor = null!;
    private IChannel? _channel;
    private readonly List<(string Key, SearchSpace Space)> _added = [];
    private (SearchSpace? Basis, SearchSpace Merged)? _space;
    private (Func<ITrialStore> Open, bool Owned, string StudyName)? _checkpoint;

    /// <summary>Creates an experiment on <paramref name="context"/> (usually through <c>mlContext.Auto().CreateExperiment()</c>).</summary>
    public AutoMLExperiment(MLContext context, AutoMLExperimentSettings settings)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(settings);
        (_context, _settings) = (context, settings);
        SetPerformanceMonitor(2000); // AutoML's default: every trial's CPU and memory sampled every 2 s
    }

    /// <summary>Stops the experiment after this many seconds (AutoML's default: 86,400); running trials are abandoned then.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Zero seconds.</exception>
    public AutoMLExperiment SetTrainingTimeInSeconds(uint trainingTimeInSeconds)
    {
        ArgumentOutOfRangeException.ThrowIfZero(trainingTimeInSeconds);
        _settings.MaxExperimentTimeInSeconds = trainingTimeInSeconds;
        return this;
    }

    /// <summary>Stops the experiment after this many trials (counting a checkpoint's earlier trials: raise it to resume one).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxModel"/> is not positive.</exception>
    public AutoMLExperiment SetMaxModelToExplore(int maxModel)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxModel);
        _settings.MaxModels = maxModel;
        return this;
    }

    /// <summary>
    /// Cancels a trial when the process's memory, as its performance monitor samples it, passes <paramref name="value"/> MB:
    /// the trial is reported failed (<see cref="IMonitor.ReportFailTrial"/>) and the experiment goes on, as in AutoML.
    /// Read by <see cref="DefaultPerformanceMonitor"/> (the default); a custom <see cref="IPerformanceMonitor"/> decides for itself.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="value"/> is NaN or not positive.</exception>
    public AutoMLExperiment SetMaximumMemoryUsageInMegaByte(double value = double.MaxValue)
    {
        if (double.IsNaN(value) || value <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "The maximum memory usage must be a positive number of megabytes.");
        }

        _settings.MaximumMemoryUsageInMegaByte = value;
        return this;
    }

    /// <summary>
    /// Watches every trial with a <see cref="DefaultPerformanceMonitor"/> sampling every <paramref name="checkIntervalInMilliseconds"/>
    /// (the experiment's default, at 2,000 ms): its peaks fill <see cref="TrialResult.PeakCpu"/> and
    /// <see cref="TrialResult.PeakMemoryInMegaByte"/>, and it enforces <see cref="SetMaximumMemoryUsageInMegaByte"/>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="checkIntervalInMilliseconds"/> is not positive.</exception>
    public AutoMLExperiment SetPerformanceMonitor(int checkIntervalInMilliseconds = 1000)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(checkIntervalInMilliseconds);
        return SetPerformanceMonitor(services => new DefaultPerformanceMonitor(Settings(services), services.GetService<IChannel>(), checkIntervalInMilliseconds));
    }

    /// <summary>Watches every trial with a performance monitor <paramref name="factory"/> makes for it (one per trial, as AutoML's transient service).</summary>
    public AutoMLExperiment SetPerformanceMonitor<TPerformanceMonitor>(Func<IServiceProvider, TPerformanceMonitor> factory)
        where TPerformanceMonitor : class, IPerformanceMonitor
    {
        ArgumentNullException.ThrowIfNull(factory);
        _performanceMonitor = factory;
        return this;
    }

    /// <summary>Watches every trial with a new <typeparamref name="TPerformanceMonitor"/> (constructor parameters served as for tuners, and the experiment's <see cref="IChannel"/>).</summary>
    public AutoMLExperiment SetPerformanceMonitor<TPerformanceMonitor>()
        where TPerformanceMonitor : class, IPerformanceMonitor =>
        SetPerformanceMonitor<TPerformanceMonitor>(services => ActivatorUtilities.CreateInstance<TPerformanceMonitor>(services));

    /// <summary>
    /// Adds <paramref name="searchSpace"/> to the experiment's space under <paramref name="key"/> (replacing the space of a key
    /// added before), as AutoML does: the tuner searches it with the pipeline's, and each trial's
    /// <see cref="TrialSettings.Parameter"/> holds its values, named <c>key.Name</c> (AutoML nests them under <c>key</c>),
    /// for a custom <see cref="ITrialRunner"/> to read. An experiment with a trial runner needs no pipeline then.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="key"/> is empty or contains a dot.</exception>
    public AutoMLExperiment AddSearchSpace(string key, SearchSpace searchSpace)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentNullException.ThrowIfNull(searchSpace);
        if (key.Contains('.', StringComparison.Ordinal))
        {
            throw new ArgumentException($"The key '{key}' contains a dot; its hyperparameters are named key.Name, so a key has none.", nameof(key));
        }

        _added.RemoveAll(a => a.Key == key);
        _added.Add((key, searchSpace));
        return this;
    }

    /// <summary>
    /// The pipeline to sweep. As in AutoML, this also resets the tuner (to <see cref="EciCostFrugalTuner"/>), the monitor
    /// (to the one writing AutoML's trial lines to <see cref="MLContext.Log"/>) and the trial runner (the pipeline's): set those
    /// after the pipeline.
    /// </summary>
    public AutoMLExperiment SetPipeline(SweepablePipeline pipeline)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        (_pipeline, _tuner, _monitor, _runner) = (pipeline, null, null, null);
        return this;
    }

    /// <summary>Trains each trial on <paramref name="train"/> and scores it on <paramref name="validation"/>; the best model is the one trained on <paramref name="train"/>.</summary>
    public AutoMLExperiment SetDataset(IDataView train, IDataView validation)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(validation);
        _dataset = new Holdout(train, validation);
        return this;
    }

    /// <summary>Trains on the split's train set and scores on its test set.</summary>
    public AutoMLExperiment SetDataset(DataOperationsCatalog.TrainTestData trainValidationSplit) =>
        SetDataset(trainValidationSplit.TrainSet, trainValidationSplit.TestSet);

    /// <summary>
    /// Cross-validates each trial on <paramref name="fold"/> folds of <paramref name="dataset"/>: stratified by the label for
    /// classification, by groups of <paramref name="samplingKeyColumnName"/> when given (rows sharing a key stay in one fold).
    /// The best model is refitted on the whole <paramref name="dataset"/>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Fewer than 2 folds.</exception>
    public AutoMLExperiment SetDataset(IDataView dataset, int fold = 10, string? samplingKeyColumnName = null)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentOutOfRangeException.ThrowIfLessThan(fold, 2);
        _dataset = new CrossValidation(dataset, fold, samplingKeyColumnName);
        return this;
    }

    /// <summary>Scores trials by a binary classification metric of <paramref name="labelColumn"/> (AutoML's default name: "label").</summary>
    /// <param name="metric">The metric to optimize.</param>
    /// <param name="labelColumn">The label column.</param>
    /// <param name="predictedColumn">The predicted-label column; only ML.NET's "PredictedLabel" is read.</param>
    public AutoMLExperiment SetBinaryClassificationMetric(BinaryClassificationMetric metric, string labelColumn = "label", string predictedColumn = "PredictedLabel") =>
        SetMetric(metric, labelColumn, predictedColumn, "PredictedLabel", nameof(predictedColumn));

    /// <summary>Scores trials by a multiclass classification metric of <paramref name="labelColumn"/> (AutoML's default name: "label").</summary>
    /// <param name="metric">The metric to optimize.</param>
    /// <param name="labelColumn">The label column.</param>
    /// <param name="predictedColumn">The predicted-label column; only ML.NET's "PredictedLabel" is read.</param>
    public AutoMLExperiment SetMulticlassClassificationMetric(MulticlassClassificationMetric metric, string labelColumn = "label", string predictedColumn = "PredictedLabel") =>
        SetMetric(metric, labelColumn, predictedColumn, "PredictedLabel", nameof(predictedColumn));

    /// <summary>Scores trials by a regression metric of <paramref name="labelColumn"/>.</summary>
    /// <param name="metric">The metric to optimize.</param>
    /// <param name="labelColumn">The label column.</param>
    /// <param name="scoreColumn">The score column; only ML.NET's "Score" is read.</param>
    public AutoMLExperiment SetRegressionMetric(RegressionMetric metric, string labelColumn = "Label", string scoreColumn = "Score") =>
        SetMetric(metric, labelColumn, scoreColumn, "Score", nameof(scoreColumn));

    /// <summary>Proposes trials with <paramref name="proposer"/>.</summary>
    public AutoMLExperiment SetTuner<TTuner>(TTuner proposer)
        where TTuner : class, ITuner
    {
        ArgumentNullException.ThrowIfNull(proposer);
        return SetTuner(_ => proposer);
    }

    /// <summary>
    /// Proposes trials with the tuner <paramref name="factory"/> makes when the experiment runs; the provider serves
    /// <see cref="AutoMLExperimentSettings"/> (its <see cref="AutoMLExperimentSettings.SearchSpace"/> and seed set),
    /// <see cref="MLContext"/>, <see cref="SweepablePipeline"/> and <see cref="SearchSpace"/>.
    /// </summary>
    public AutoMLExperiment SetTuner<TTuner>(Func<IServiceProvider, TTuner> factory)
        where TTuner : class, ITuner
    {
        ArgumentNullException.ThrowIfNull(factory);
        _tuner = factory;
        return this;
    }

    /// <summary>Proposes trials with a <typeparamref name="TTuner"/> made when the experiment runs, its constructor's parameters served as in <see cref="SetTuner{TTuner}(Func{IServiceProvider, TTuner})"/>.</summary>
    public AutoMLExperiment SetTuner<TTuner>()
        where TTuner : class, ITuner => SetTuner<TTuner>(services => ActivatorUtilities.CreateInstance<TTuner>(services));

    /// <summary>Grid search over the space, <paramref name="step"/> points per range.</summary>
    /// <param name="step">Points per range, bounds included.</param>
    /// <param name="cycle">
    /// Not in AutoML's signature: false (default) ends the experiment when the grid is done; true starts over from the first
    /// point, as AutoML's grid tuner does, until a budget ends (set <see cref="SetMaxModelToExplore"/> or the time budget).
    /// </param>
    public AutoMLExperiment SetGridSearchTuner(int step = 10, bool cycle = false)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(step, 1);
        return SetTuner(services => new GridSearchTuner(Settings(services).SearchSpace!.ToGrid(step), cycle));
    }

    /// <summary>Random search over the space, seeded by <paramref name="seed"/> or else the experiment's seed.</summary>
    public AutoMLExperiment SetRandomSearchTuner(int? seed = null) =>
        SetTuner(services => new RandomSearchTuner(Settings(services).SearchSpace!, TunerTrials, seed ?? Settings(services).Seed ?? 0));

    /// <summary>The cost-frugal tuner (FLAML's CFO), seeded by the experiment's seed.</summary>
    public AutoMLExperiment SetCostFrugalTuner() =>
        SetTuner(services => new CostFrugalTuner(Settings(services).SearchSpace!, TunerTrials, Settings(services).Seed ?? 0));

    /// <summary>The ECI cost-frugal tuner (AutoML's default): CFO per trainer, the trainer of each trial drawn by its expected cost for improvement.</summary>
    public AutoMLExperiment SetEciCostFrugalTuner() => SetTuner<ITuner>(EciTuner);

    /// <summary>
    /// Tells <paramref name="monitor"/> about every trial (the last monitor set is the one told, as in AutoML). Without one, a
    /// pipeline's experiment writes AutoML's lines ("Update Running Trial - Id: 0", ...) to <see cref="MLContext.Log"/>.
    /// </summary>
    public AutoMLExperiment SetMonitor<TMonitor>(TMonitor monitor)
        where TMonitor : class, IMonitor
    {
        ArgumentNullException.ThrowIfNull(monitor);
        return SetMonitor(_ => monitor);
    }

    /// <summary>Tells the monitor <paramref name="factory"/> makes when the experiment runs.</summary>
    public AutoMLExperiment SetMonitor<TMonitor>(Func<IServiceProvider, TMonitor> factory)
        where TMonitor : class, IMonitor
    {
        ArgumentNullException.ThrowIfNull(factory);
        _monitor = factory;
        return this;
    }

    /// <summary>Tells a <typeparamref name="TMonitor"/> made when the experiment runs (constructor parameters served as for tuners).</summary>
    public AutoMLExperiment SetMonitor<TMonitor>()
        where TMonitor : class, IMonitor => SetMonitor<TMonitor>(services => ActivatorUtilities.CreateInstance<TMonitor>(services));

    /// <summary>
    /// Evaluates each trial with <paramref name="runner"/> instead of the pipeline's runner: its <see cref="TrialResult.Loss"/>
    /// ranks the trials (lowest best) and its result, model included, is what <see cref="Run"/> returns. It is disposed when
    /// the experiment ends. Trials then run one at a time unless <see cref="AutoMLExperimentSettings.MaxDegreeOfParallelism"/> says more.
    /// </summary>
    public AutoMLExperiment SetTrialRunner<TTrialRunner>(TTrialRunner runner)
        where TTrialRunner : class, ITrialRunner
    {
        ArgumentNullException.ThrowIfNull(runner);
        return SetTrialRunner(_ => runner);
    }

    /// <summary>Evaluates each trial with the runner <paramref name="factory"/> makes once when the experiment runs.</summary>
    public AutoMLExperiment SetTrialRunner<TTrialRunner>(Func<IServiceProvider, TTrialRunner> factory)
        where TTrialRunner : class, ITrialRunner
    {
        ArgumentNullException.ThrowIfNull(factory);
        _runner = factory;
        return this;
    }

    /// <summary>Evaluates each trial with a <typeparamref name="TTrialRunner"/> made once when the experiment runs (constructor parameters served as for tuners).</summary>
    public AutoMLExperiment SetTrialRunner<TTrialRunner>()
        where TTrialRunner : class, ITrialRunner => SetTrialRunner<TTrialRunner>(services => ActivatorUtilities.CreateInstance<TTrialRunner>(services));

    /// <summary>
    /// Records every trial in study <paramref name="studyName"/> of <paramref name="store"/> (AutoML's checkpoint): running the
    /// same experiment again resumes it, the tuner learning the recorded trials first; a study made by another experiment
    /// (other space, metric, data split or tuner) is refused, naming what differs. AutoML's form, <c>SetCheckpoint(folder)</c>,
    /// is in the MlNetHpo.Sqlite package (a study file in the folder).
    /// </summary>
    public AutoMLExperiment SetCheckpoint(ITrialStore store, string studyName = "automl")
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentException.ThrowIfNullOrEmpty(studyName);
        _checkpoint = (() => store, false, studyName);
        return this;
    }

    /// <summary>A checkpoint in a store the experiment opens when it runs and closes after (AutoML's folder form, in a provider package).</summary>
    internal AutoMLExperiment SetCheckpoint(Func<ITrialStore> openStore, string studyName)
    {
        _checkpoint = (openStore, true, studyName);
        return this;
    }

    /// <summary>Runs the experiment and returns the best trial (lowest loss), its model trained; see <see cref="RunAsync"/>.</summary>
    public TrialResult Run() => Execute(CancellationToken.None);

    /// <summary>
    /// Runs the experiment until the tuner is done, a budget ends or <paramref name="ct"/> fires, and returns the best trial
    /// (lowest loss) with its model: refitted on all the data after a cross-validation, trained on the train set after a
    /// train/validation split, the runner's own with a custom trial runner.
    /// </summary>
    /// <exception cref="InvalidOperationException">The pipeline, the dataset or the metric was not set; the message names the setter.</exception>
    /// <exception cref="TimeoutException">No trial succeeded before the budget ended or <paramref name="ct"/> fired (AutoML's message).</exception>
    /// <exception cref="SearchFailedException">Every trial failed (the message groups the errors).</exception>
    public Task<TrialResult> RunAsync(CancellationToken ct = default) => Task.Run(() => Execute(ct), CancellationToken.None);

    private AutoMLExperiment SetMetric(Metric metric, string labelColumn, string column, string readColumn, string columnParameter)
    {
        ArgumentException.ThrowIfNullOrEmpty(labelColumn);
        if (column != readColumn)
        {
            throw new ArgumentException($"Only the column ML.NET's trainers write, '{readColumn}', is read; got '{column}'.", columnParameter);
        }

        _metric = (metric, labelColumn);
        return this;
    }

    private TrialResult Execute(CancellationToken ct)
    {
        if (_runner is null)
        {
            _ = _pipeline ?? throw new InvalidOperationException("Call SetPipeline before running the experiment.");
            _ = _dataset ?? throw new InvalidOperationException("Call SetDataset before running the experiment.");
            _ = _metric ?? throw new InvalidOperationException("Call SetBinaryClassificationMetric, SetMulticlassClassificationMetric or SetRegressionMetric before running the experiment.");
        }

        _settings.Seed ??= ContextSeed(_context) ?? 0;
        _settings.SearchSpace = SearchSpaceOfRun();
        using var channel = _channel = ((IChannelProvider)_context).Start(nameof(AutoMLExperiment));
        var services = new Services(this);
        var tuner = (_tuner ?? EciTuner)(services);
        var recorder = new Recorder();
        var options = new SearchOptions
        {
            Seed = _settings.Seed.Value,
            MaxTrials = _settings.MaxModels == int.MaxValue ? null : _settings.MaxModels,
            TimeBudget = TimeSpan.FromSeconds(_settings.MaxExperimentTimeInSeconds),
            MaxDegreeOfParallelism = _settings.MaxDegreeOfParallelism ?? (_runner is null ? null : 1),
            Monitors = { recorder },
            PerformanceMonitor = () => _performanceMonitor(services),
        };
        if ((_monitor?.Invoke(services) ?? (_pipeline is null ? null : new MLContextMonitor(channel, _pipeline))) is { } monitor)
        {
            options.Monitors.Add(monitor);
        }

        if (_checkpoint is var (open, _, studyName))
        {
            (options.Store, options.StudyName) = (open(), studyName);
        }

        try
        {
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct, _settings.CancellationToken);
            return _runner is null ? RunPipeline(tuner, options, recorder, stop.Token) : RunCustom(_runner(services), tuner, options, recorder, stop.Token);
        }
        finally
        {
            if (_checkpoint is { Owned: true })
            {
                options.Store?.Dispose();
            }
        }
    }

    private TrialResult RunPipeline(ITuner tuner, SearchOptions options, Recorder recorder, CancellationToken ct)
    {
        var (metric, label) = _metric!.Value;
        var (featurizer, trainer) = _pipeline!.Split();
        SearchResult result;
        ITransformer? model = null;
        IDataView? modelData = null; // where the returned model is trained when the search does not refit it
        if (_dataset is CrossValidation cv)
        {
            var folds = cv.SamplingKey is { } key ? Folds.Group(key, cv.Fold) : (Folds)cv.Fold;
            var scorer = new Scorer(metric.Task, [metric], label);
            options.Refit = _settings.Refit;
            result = new CrossValidatedSearch(featurizer, trainer, tuner, scorer, folds, options).Fit(cv.Data, ct);
            model = result.Model;
            if (!_settings.Refit)
            {
                // AutoML's model of a cross-validated trial: the one trained on the first fold's training rows (the search's folds).
                var first = folds.ForTask(scorer.IsClassification).Split(cv.Data, label)[0];
                modelData = new RowSubsetDataView(cv.Data, first.TrainIndices, DataViewReader.CountRows(cv.Data));
            }
        }
        else
        {
            var (train, validation) = (Holdout)_dataset!;
            result = TrialRunnerSearch.Run(new HoldoutRunner(featurizer, trainer, metric, train, validation, label, options.Seed), tuner, options, ct);
            modelData = train; // AutoML's model of a train/validation trial: the pipeline trained on the train set
        }

        if (modelData is not null && result.Best is { } best && result.StopReason != StopReason.Cancelled)
        {
            // Prepared as the trial's runner prepared it (featurized, then cached: a trainer that shuffles, such as SDCA,
            // shuffles only a cached view, so an uncached fit would not reproduce the trial's score).
            var context = new MLContext(options.Seed);
            var fixedPart = featurizer?.Fit(modelData);
            var fitted = trainer.BuildFromOption(context, best.Parameters).Fit(context.Data.Cache(fixedPart?.Transform(modelData) ?? modelData));
            model = fixedPart is null ? fitted : new TransformerChain<ITransformer>(fixedPart, fitted);
        }

        var answer = Best(result, recorder, metric.HigherIsBetter);
        answer.Model = model;
        return answer;
    }

    private TrialResult RunCustom(ITrialRunner runner, ITuner tuner, SearchOptions options, Recorder recorder, CancellationToken ct)
    {
        using var units = new TrialRunnerUnits(runner, _metric?.Metric.Task ?? SearchTask.BinaryClassification, runner.GetType().FullName ?? runner.GetType().Name);
        var result = TrialRunnerSearch.Run(units, tuner, options, ct);
        return Best(result, recorder, higherIsBetter: false);
    }

    // The best trial as monitors saw it in this run, or as the study recorded it (a checkpointed trial of an earlier run).
    private static TrialResult Best(SearchResult result, Recorder recorder, bool higherIsBetter)
    {
        var best = result.Best ?? throw new TimeoutException(NoSuccess);
        return recorder.Results.GetValueOrDefault(best.Index)
            ?? Units.ToTrialResult(new TrialSettings { TrialId = best.Index, Parameter = best.Parameters }, higherIsBetter, [], best);
    }

    // The pipeline's space (or the settings' own) with the added spaces beside it, names prefixed by their keys. A space this
    // experiment merged before is merged again from its basis, so running twice adds nothing twice.
    private SearchSpace SearchSpaceOfRun()
    {
        var own = _space is var (basis, merged) && ReferenceEquals(_settings.SearchSpace, merged) ? basis : _settings.SearchSpace;
        var root = _pipeline?.ExperimentSearchSpace ?? own ?? (_added.Count > 0 ? new SearchSpace()
            : throw new InvalidOperationException("Call SetPipeline or AddSearchSpace (or set AutoMLExperimentSettings.SearchSpace) before running the experiment: the tuner needs a space."));
        if (_pipeline is not null && _added.Any(a => a.Key == SweepablePipeline.PipelineKey))
        {
            throw new InvalidOperationException($"AddSearchSpace's key '{SweepablePipeline.PipelineKey}' is where the pipeline's space is searched; use another key.");
        }

        var space = _added.Count == 0 ? root : SearchSpace.Product([(string.Empty, root), .. _added.Select(a => (a.Key + ".", a.Space))]);
        _space = (own, space);
        return space;
    }

    private ITuner EciTuner(IServiceProvider services) =>
        new EciCostFrugalTuner(Settings(services).SearchSpace!, TunerTrials, Settings(services).Seed ?? 0);

    private static AutoMLExperimentSettings Settings(IServiceProvider services) => services.GetRequiredService<AutoMLExperimentSettings>();

    // AutoML seeds the experiment with the context's seed; ML.NET keeps it behind an internal interface of MLContext.
    private static int? ContextSeed(MLContext context) =>
        typeof(MLContext).GetInterfaces().FirstOrDefault(i => i.Name == "IHostEnvironmentInternal")?.GetProperty("Seed")?.GetValue(context) as int?;

    /// <summary>The settings of an <see cref="AutoMLExperiment"/> (AutoML's <c>AutoMLExperimentSettings</c>), filled in by its setters and <c>Run</c>.</summary>
    public sealed class AutoMLExperimentSettings
    {
        /// <summary>The seed of the tuners and of every fit; null for the context's seed (0 when the context has none).</summary>
        public int? Seed { get; set; }

        /// <summary>The space the tuner searches: the pipeline's, set by <c>Run</c>.</summary>
        public SearchSpace? SearchSpace { get; set; }

        /// <summary>The time budget in seconds (default 86,400, AutoML's).</summary>
        public uint MaxExperimentTimeInSeconds { get; set; } = 24 * 60 * 60;

        /// <summary>The trial budget (default: no limit).</summary>
        public int MaxModels { get; set; } = int.MaxValue;

        /// <summary>The process memory, in MB, above which <see cref="DefaultPerformanceMonitor"/> cancels a trial; null for no limit.</summary>
        public double? MaximumMemoryUsageInMegaByte { get; set; }

        /// <summary>Stops the experiment as the token passed to <c>RunAsync</c> does.</summary>
        public CancellationToken CancellationToken { get; set; }

        /// <summary>
        /// Not in AutoML: after a cross-validation, refit the best trial's pipeline on all the data for the returned model
        /// (default true); false returns AutoML's model instead, the pipeline trained on the first fold's training rows.
        /// </summary>
        public bool Refit { get; set; } = true;

        /// <summary>
        /// Not in AutoML: how many folds or trials run at once. Default: every core for the pipeline's runners (results do not
        /// depend on it), 1 with a custom trial runner (AutoML runs trials one at a time, and a runner written for it may rely on that).
        /// </summary>
        public int? MaxDegreeOfParallelism { get; set; }
    }

    private sealed record Holdout(IDataView Train, IDataView Validation);

    private sealed record CrossValidation(IDataView Data, int Fold, string? SamplingKey);

    /// <summary>Keeps the results monitors are told, so the experiment returns the best one as its monitors saw it.</summary>
    private sealed class Recorder : IMonitor
    {
        public Dictionary<int, TrialResult> Results { get; } = [];

        public void ReportCompletedTrial(TrialResult result) => Results[result.TrialSettings.TrialId] = result;

        public void ReportBestTrial(TrialResult result)
        {
        }

        public void ReportFailTrial(TrialSettings settings, Exception? exception = null)
        {
        }

        public void ReportRunningTrial(TrialSettings settings)
        {
        }
    }

    /// <summary>What factories and constructors of tuners, monitors and runners are served (AutoML's service provider, reduced).</summary>
    private sealed class Services(AutoMLExperiment experiment) : IServiceProvider
    {
        public object? GetService(Type serviceType) =>
            serviceType == typeof(AutoMLExperimentSettings) ? experiment._settings
            : serviceType == typeof(MLContext) ? experiment._context
            : serviceType == typeof(SweepablePipeline) ? experiment._pipeline
            : serviceType == typeof(SearchSpace) ? experiment._settings.SearchSpace
            : serviceType == typeof(IChannel) ? experiment._channel
            : serviceType == typeof(IServiceProvider) ? this
            : null;
    }
}
