using MlNetHpo.Experiments;
using MlNetHpo.Halving;
using MlNetHpo.Scoring;
using MlNetHpo.AutoML;
using MlNetHpo.Sweeping;
using MlNetHpo.Validation;

namespace Microsoft.ML;

/// <summary>
/// The MLContext entry points of MlNetHpo: cross-validated grid, random and tuner-driven searches on the
/// binary classification, multiclass classification and regression catalogs, in ML.NET's style
/// (<c>mlContext.BinaryClassification.GridSearch(...)</c>). They exist only on those three catalogs: the catalog sets the
/// task, its evaluator, its metrics (default Accuracy, MicroAccuracy, RSquared) and its default folds (stratified for
/// classification). Each returns a <see cref="CrossValidatedSearch"/>, an estimator whose <c>Fit</c> returns a <see cref="SearchResult"/>.
/// </summary>
public static class SearchCatalogExtensions
{
    /// <summary>Exhaustive search over every point of <paramref name="grid"/> (scikit-learn's GridSearchCV).</summary>
    /// <param name="catalog">The task catalog: <c>mlContext.BinaryClassification</c>, <c>.MulticlassClassification</c> or <c>.Regression</c>.</param>
    /// <param name="featurizer">The part of the pipeline no hyperparameter touches (fitted once per fold); null for none.</param>
    /// <param name="trainer">The estimator built from each candidate.</param>
    /// <param name="grid">The candidates.</param>
    /// <param name="metric">The metric that ranks candidates and chooses the refit (default: the task's); more in <see cref="SearchOptions.AdditionalMetrics"/>.</param>
    /// <param name="folds">How to split the data: default 5 folds (stratified for classification), an integer, or a <see cref="Folds"/> splitter.</param>
    /// <param name="labelColumnName">The label column, for scoring and stratification.</param>
    /// <param name="options">Failure policy, refit, seed, extra metrics, store, budgets.</param>
    public static CrossValidatedSearch GridSearch(this BinaryClassificationCatalog catalog, IEstimator<ITransformer>? featurizer, SweepableEstimator trainer, ParameterGrid grid, Metric? metric = null, Folds? folds = null, string labelColumnName = "Label", SearchOptions? options = null) =>
        Make(SearchTask.BinaryClassification, featurizer, trainer, new GridSearchTuner(grid), metric, folds, labelColumnName, options);

    /// <summary>Exhaustive search; each candidate is bound by name onto a new <typeparamref name="TOptions"/> handed to <paramref name="trainer"/>.</summary>
    /// <param name="catalog">The task catalog: <c>mlContext.BinaryClassification</c>, <c>.MulticlassClassification</c> or <c>.Regression</c>.</param>
    /// <param name="featurizer">The part of the pipeline no hyperparameter touches (fitted once per fold); null for none.</param>
    /// <typeparam name="TOptions">The trainer's Options class.</typeparam>
    /// <param name="trainer">Makes the estimator from Options with the candidate's values bound.</param>
    /// <param name="grid">The candidates.</param>
    /// <param name="metric">The metric that ranks candidates and chooses the refit (default: the task's); more in <see cref="SearchOptions.AdditionalMetrics"/>.</param>
    /// <param name="folds">How to split the data: default 5 folds (stratified for classification), an integer, or a <see cref="Folds"/> splitter.</param>
    /// <param name="labelColumnName">The label column, for scoring and stratification.</param>
    /// <param name="options">Failure policy, refit, seed, extra metrics, store, budgets.</param>
    public static CrossValidatedSearch GridSearch<TOptions>(this BinaryClassificationCatalog catalog, IEstimator<ITransformer>? featurizer, Func<TOptions, IEstimator<ITransformer>> trainer, ParameterGrid grid, Metric? metric = null, Folds? folds = null, string labelColumnName = "Label", SearchOptions? options = null)
        where TOptions : class, new() =>
        Make(SearchTask.BinaryClassification, featurizer, SweepableEstimator.FromOptions(trainer), new GridSearchTuner(grid), metric, folds, labelColumnName, options);

    /// <summary>Exhaustive search; each candidate is bound by name onto a new <typeparamref name="TOptions"/> handed to <paramref name="trainer"/>
    /// with the trial's own seeded context, so trainers that draw random numbers give the same model in any order of trials.</summary>
    /// <param name="catalog">The task catalog: <c>mlContext.BinaryClassification</c>, <c>.MulticlassClassification</c> or <c>.Regression</c>.</param>
    /// <param name="featurizer">The part of the pipeline no hyperparameter touches (fitted once per fold); null for none.</param>
    /// <typeparam name="TOptions">The trainer's Options class.</typeparam>
    /// <param name="trainer">Makes the estimator from the trial's context and Options with the candidate's values bound.</param>
    /// <param name="grid">The candidates.</param>
    /// <param name="metric">The metric that ranks candidates and chooses the refit (default: the task's); more in <see cref="SearchOptions.AdditionalMetrics"/>.</param>
    /// <param name="folds">How to split the data: default 5 folds (stratified for classification), an integer, or a <see cref="Folds"/> splitter.</param>
    /// <param name="labelColumnName">The label column, for scoring and stratification.</param>
    /// <param name="options">Failure policy, refit, seed, extra metrics, store, budgets.</param>
    public static CrossValidatedSearch GridSearch<TOptions>(this BinaryClassificationCatalog catalog, IEstimator<ITransformer>? featurizer, Func<MLContext, TOptions, IEstimator<ITransformer>> trainer, ParameterGrid grid, Metric? metric = null, Folds? folds = null, string labelColumnName = "Label", SearchOptions? options = null)
        where TOptions : class, new() =>
        Make(SearchTask.BinaryClassification, featurizer, SweepableEstimator.FromOptions(trainer), new GridSearchTuner(grid), metric, folds, labelColumnName, options);

    /// <summary>Seeded random search of <paramref name="iterations"/> draws from <paramref name="space"/> (scikit-learn's RandomizedSearchCV).</summary>
    /// <param name="catalog">The task catalog: <c>mlContext.BinaryClassification</c>, <c>.MulticlassClassification</c> or <c>.Regression</c>.</param>
    /// <param name="featurizer">The part of the pipeline no hyperparameter touches (fitted once per fold); null for none.</param>
    /// <param name="trainer">The estimator built from each candidate.</param>
    /// <param name="space">Distributions (or a grid) to draw from.</param>
    /// <param name="iterations">Number of draws (capped at the size of an all-list space).</param>
    /// <param name="seed">Seed of the draws.</param>
    /// <param name="metric">The metric that ranks candidates and chooses the refit (default: the task's); more in <see cref="SearchOptions.AdditionalMetrics"/>.</param>
    /// <param name="folds">How to split the data: default 5 folds (stratified for classification), an integer, or a <see cref="Folds"/> splitter.</param>
    /// <param name="labelColumnName">The label column, for scoring and stratification.</param>
    /// <param name="options">Failure policy, refit, seed, extra metrics, store, budgets.</param>
    public static CrossValidatedSearch RandomSearch(this BinaryClassificationCatalog catalog, IEstimator<ITransformer>? featurizer, SweepableEstimator trainer, MlNetHpo.AutoML.SearchSpace space, int iterations = 10, int seed = 0, Metric? metric = null, Folds? folds = null, string labelColumnName = "Label", SearchOptions? options = null) =>
        Make(SearchTask.BinaryClassification, featurizer, trainer, new RandomSearchTuner(space, iterations, seed), metric, folds, labelColumnName, options);

    /// <summary>Seeded random search; each candidate is bound by name onto a new <typeparamref name="TOptions"/> handed to <paramref name="trainer"/>.</summary>
    /// <param name="catalog">The task catalog: <c>mlContext.BinaryClassification</c>, <c>.MulticlassClassification</c> or <c>.Regression</c>.</param>
    /// <param name="featurizer">The part of the pipeline no hyperparameter touches (fitted once per fold); null for none.</param>
    /// <typeparam name="TOptions">The trainer's Options class.</typeparam>
    /// <param name="trainer">Makes the estimator from Options with the candidate's values bound.</param>
    /// <param name="space">Distributions (or a grid) to draw from.</param>
    /// <param name="iterations">Number of draws (capped at the size of an all-list space).</param>
    /// <param name="seed">Seed of the draws.</param>
    /// <param name="metric">The metric that ranks candidates and chooses the refit (default: the task's); more in <see cref="SearchOptions.AdditionalMetrics"/>.</param>
    /// <param name="folds">How to split the data: default 5 folds (stratified for classification), an integer, or a <see cref="Folds"/> splitter.</param>
    /// <param name="labelColumnName">The label column, for scoring and stratification.</param>
    /// <param name="options">Failure policy, refit, seed, extra metrics, store, budgets.</param>
    public static CrossValidatedSearch RandomSearch<TOptions>(this BinaryClassificationCatalog catalog, IEstimator<ITransformer>? featurizer, Func<TOptions, IEstimator<ITransformer>> trainer, MlNetHpo.AutoML.SearchSpace space, int iterations = 10, int seed = 0, Metric? metric = null, Folds? folds = null, string labelColumnName = "Label", SearchOptions? options = null)
        where TOptions : class, new() =>
        Make(SearchTask.BinaryClassification, featurizer, SweepableEstimator.FromOptions(trainer), new RandomSearchTuner(space, iterations, seed), metric, folds, labelColumnName, options);

    /// <summary>Seeded random search; each candidate is bound onto a new <typeparamref name="TOptions"/> handed, with the trial's seeded context, to <paramref name="trainer"/>.</summary>
    /// <param name="catalog">The task catalog: <c>mlContext.BinaryClassification</c>, <c>.MulticlassClassification</c> or <c>.Regression</c>.</param>
    /// <param name="featurizer">The part of the pipeline no hyperparameter touches (fitted once per fold); null for none.</param>
    /// <typeparam name="TOptions">The trainer's Options class.</typeparam>
    /// <param name="trainer">Makes the estimator from the trial's context and Options with the candidate's values bound.</param>
    /// <param name="space">Distributions (or a grid) to draw from.</param>
    /// <param name="iterations">Number of draws (capped at the size of an all-list space).</param>
    /// <param name="seed">Seed of the draws.</param>
    /// <param name="metric">The metric that ranks candidates and chooses the refit (default: the task's); more in <see cref="SearchOptions.AdditionalMetrics"/>.</param>
    /// <param name="folds">How to split the data: default 5 folds (stratified for classification), an integer, or a <see cref="Folds"/> splitter.</param>
    /// <param name="labelColumnName">The label column, for scoring and stratification.</param>
    /// <param name="options">Failure policy, refit, seed, extra metrics, store, budgets.</param>
    public static CrossValidatedSearch RandomSearch<TOptions>(this BinaryClassificationCatalog catalog, IEstimator<ITransformer>? featurizer, Func<MLContext, TOptions, IEstimator<ITransformer>> trainer, MlNetHpo.AutoML.SearchSpace space, int iterations = 10, int seed = 0, Metric? metric = null, Folds? folds = null, string labelColumnName = "Label", SearchOptions? options = null)
        where TOptions : class, new() =>
        Make(SearchTask.BinaryClassification, featurizer, SweepableEstimator.FromOptions(trainer), new RandomSearchTuner(space, iterations, seed), metric, folds, labelColumnName, options);

    /// <summary>Cross-validated search driven by any <see cref="ITuner"/>.</summary>
    /// <param name="catalog">The task catalog: <c>mlContext.BinaryClassification</c>, <c>.MulticlassClassification</c> or <c>.Regression</c>.</param>
    /// <param name="featurizer">The part of the pipeline no hyperparameter touches (fitted once per fold); null for none.</param>
    /// <param name="trainer">The estimator built from each candidate.</param>
    /// <param name="tuner">Proposes the candidates.</param>
    /// <param name="metric">The metric that ranks candidates and chooses the refit (default: the task's); more in <see cref="SearchOptions.AdditionalMetrics"/>.</param>
    /// <param name="folds">How to split the data: default 5 folds (stratified for classification), an integer, or a <see cref="Folds"/> splitter.</param>
    /// <param name="labelColumnName">The label column, for scoring and stratification.</param>
    /// <param name="options">Failure policy, refit, seed, extra metrics, store, budgets.</param>
    public static CrossValidatedSearch Search(this BinaryClassificationCatalog catalog, IEstimator<ITransformer>? featurizer, SweepableEstimator trainer, ITuner tuner, Metric? metric = null, Folds? folds = null, string labelColumnName = "Label", SearchOptions? options = null) =>
        Make(SearchTask.BinaryClassification, featurizer, trainer, tuner, metric, folds, labelColumnName, options);

    /// <inheritdoc cref="GridSearch(BinaryClassificationCatalog, IEstimator{ITransformer}, SweepableEstimator, ParameterGrid, Metric, Folds, string, SearchOptions)"/>
    public static CrossValidatedSearch GridSearch(this MulticlassClassificationCatalog catalog, IEstimator<ITransformer>? featurizer, SweepableEstimator trainer, ParameterGrid grid, Metric? metric = null, Folds? folds = null, string labelColumnName = "Label", SearchOptions? options = null) =>
        Make(SearchTask.MulticlassClassification, featurizer, trainer, new GridSearchTuner(grid), metric, folds, labelColumnName, options);

    /// <inheritdoc cref="GridSearch{TOptions}(BinaryClassificationCatalog, IEstimator{ITransformer}, Func{TOptions, IEstimator{ITransformer}}, ParameterGrid, Metric, Folds, string, SearchOptions)"/>
    public static CrossValidatedSearch GridSearch<TOptions>(this MulticlassClassificationCatalog catalog, IEstimator<ITransformer>? featurizer, Func<TOptions, IEstimator<ITransformer>> trainer, ParameterGrid grid, Metric? metric = null, Folds? folds = null, string labelColumnName = "Label", SearchOptions? options = null)
        where TOptions : class, new() =>
        Make(SearchTask.MulticlassClassification, featurizer, SweepableEstimator.FromOptions(trainer), new GridSearchTuner(grid), metric, folds, labelColumnName, options);

    /// <inheritdoc cref="GridSearch{TOptions}(BinaryClassificationCatalog, IEstimator{ITransformer}, Func{MLContext, TOptions, IEstimator{ITransformer}}, ParameterGrid, Metric, Folds, string, SearchOptions)"/>
    public static CrossValidatedSearch GridSearch<TOptions>(this MulticlassClassificationCatalog catalog, IEstimator<ITransformer>? featurizer, Func<MLContext, TOptions, IEstimator<ITransformer>> trainer, ParameterGrid grid, Metric? metric = null, Folds? folds = null, string labelColumnName = "Label", SearchOptions? options = null)
        where TOptions : class, new() =>
        Make(SearchTask.MulticlassClassification, featurizer, SweepableEstimator.FromOptions(trainer), new GridSearchTuner(grid), metric, folds, labelColumnName, options);

    /// <inheritdoc cref="RandomSearch(BinaryClassificationCatalog, IEstimator{ITransformer}, SweepableEstimator, MlNetHpo.AutoML.SearchSpace, int, int, Metric, Folds, string, SearchOptions)"/>
    public static CrossValidatedSearch RandomSearch(this MulticlassClassificationCatalog catalog, IEstimator<ITransformer>? featurizer, SweepableEstimator trainer, MlNetHpo.AutoML.SearchSpace space, int iterations = 10, int seed = 0, Metric? metric = null, Folds? folds = null, string labelColumnName = "Label", SearchOptions? options = null) =>
        Make(SearchTask.MulticlassClassification, featurizer, trainer, new RandomSearchTuner(space, iterations, seed), metric, folds, labelColumnName, options);

    /// <inheritdoc cref="RandomSearch{TOptions}(BinaryClassificationCatalog, IEstimator{ITransformer}, Func{TOptions, IEstimator{ITransformer}}, MlNetHpo.AutoML.SearchSpace, int, int, Metric, Folds, string, SearchOptions)"/>
    public static CrossValidatedSearch RandomSearch<TOptions>(this MulticlassClassificationCatalog catalog, IEstimator<ITransformer>? featurizer, Func<TOptions, IEstimator<ITransformer>> trainer, MlNetHpo.AutoML.SearchSpace space, int iterations = 10, int seed = 0, Metric? metric = null, Folds? folds = null, string labelColumnName = "Label", SearchOptions? options = null)
        where TOptions : class, new() =>
        Make(SearchTask.MulticlassClassification, featurizer, SweepableEstimator.FromOptions(trainer), new RandomSearchTuner(space, iterations, seed), metric, folds, labelColumnName, options);

    /// <inheritdoc cref="RandomSearch{TOptions}(BinaryClassificationCatalog, IEstimator{ITransformer}, Func{MLContext, TOptions, IEstimator{ITransformer}}, MlNetHpo.AutoML.SearchSpace, int, int, Metric, Folds, string, SearchOptions)"/>
    public static CrossValidatedSearch RandomSearch<TOptions>(this MulticlassClassificationCatalog catalog, IEstimator<ITransformer>? featurizer, Func<MLContext, TOptions, IEstimator<ITransformer>> trainer, MlNetHpo.AutoML.SearchSpace space, int iterations = 10, int seed = 0, Metric? metric = null, Folds? folds = null, string labelColumnName = "Label", SearchOptions? options = null)
        where TOptions : class, new() =>
        Make(SearchTask.MulticlassClassification, featurizer, SweepableEstimator.FromOptions(trainer), new RandomSearchTuner(space, iterations, seed), metric, folds, labelColumnName, options);

    /// <inheritdoc cref="Search(BinaryClassificationCatalog, IEstimator{ITransformer}, SweepableEstimator, ITuner, Metric, Folds, string, SearchOptions)"/>
    public static CrossValidatedSearch Search(this MulticlassClassificationCatalog catalog, IEstimator<ITransformer>? featurizer, SweepableEstimator trainer, ITuner tuner, Metric? metric = null, Folds? folds = null, string labelColumnName = "Label", SearchOptions? options = null) =>
        Make(SearchTask.MulticlassClassification, featurizer, trainer, tuner, metric, folds, labelColumnName, options);

    /// <inheritdoc cref="GridSearch(BinaryClassificationCatalog, IEstimator{ITransformer}, SweepableEstimator, ParameterGrid, Metric, Folds, string, SearchOptions)"/>
    public static CrossValidatedSearch GridSearch(this RegressionCatalog catalog, IEstimator<ITransformer>? featurizer, SweepableEstimator trainer, ParameterGrid grid, Metric? metric = null, Folds? folds = null, string labelColumnName = "Label", SearchOptions? options = null) =>
        Make(SearchTask.Regression, featurizer, trainer, new GridSearchTuner(grid), metric, folds, labelColumnName, options);

    /// <inheritdoc cref="GridSearch{TOptions}(BinaryClassificationCatalog, IEstimator{ITransformer}, Func{TOptions, IEstimator{ITransformer}}, ParameterGrid, Metric, Folds, string, SearchOptions)"/>
    public static CrossValidatedSearch GridSearch<TOptions>(this RegressionCatalog catalog, IEstimator<ITransformer>? featurizer, Func<TOptions, IEstimator<ITransformer>> trainer, ParameterGrid grid, Metric? metric = null, Folds? folds = null, string labelColumnName = "Label", SearchOptions? options = null)
        where TOptions : class, new() =>
        Make(SearchTask.Regression, featurizer, SweepableEstimator.FromOptions(trainer), new GridSearchTuner(grid), metric, folds, labelColumnName, options);

    /// <inheritdoc cref="GridSearch{TOptions}(BinaryClassificationCatalog, IEstimator{ITransformer}, Func{MLContext, TOptions, IEstimator{ITransformer}}, ParameterGrid, Metric, Folds, string, SearchOptions)"/>
    public static CrossValidatedSearch GridSearch<TOptions>(this RegressionCatalog catalog, IEstimator<ITransformer>? featurizer, Func<MLContext, TOptions, IEstimator<ITransformer>> trainer, ParameterGrid grid, Metric? metric = null, Folds? folds = null, string labelColumnName = "Label", SearchOptions? options = null)
        where TOptions : class, new() =>
        Make(SearchTask.Regression, featurizer, SweepableEstimator.FromOptions(trainer), new GridSearchTuner(grid), metric, folds, labelColumnName, options);

    /// <inheritdoc cref="RandomSearch(BinaryClassificationCatalog, IEstimator{ITransformer}, SweepableEstimator, MlNetHpo.AutoML.SearchSpace, int, int, Metric, Folds, string, SearchOptions)"/>
    public static CrossValidatedSearch RandomSearch(this RegressionCatalog catalog, IEstimator<ITransformer>? featurizer, SweepableEstimator trainer, MlNetHpo.AutoML.SearchSpace space, int iterations = 10, int seed = 0, Metric? metric = null, Folds? folds = null, string labelColumnName = "Label", SearchOptions? options = null) =>
        Make(SearchTask.Regression, featurizer, trainer, new RandomSearchTuner(space, iterations, seed), metric, folds, labelColumnName, options);

    /// <inheritdoc cref="RandomSearch{TOptions}(BinaryClassificationCatalog, IEstimator{ITransformer}, Func{TOptions, IEstimator{ITransformer}}, MlNetHpo.AutoML.SearchSpace, int, int, Metric, Folds, string, SearchOptions)"/>
    public static CrossValidatedSearch RandomSearch<TOptions>(this RegressionCatalog catalog, IEstimator<ITransformer>? featurizer, Func<TOptions, IEstimator<ITransformer>> trainer, MlNetHpo.AutoML.SearchSpace space, int iterations = 10, int seed = 0, Metric? metric = null, Folds? folds = null, string labelColumnName = "Label", SearchOptions? options = null)
        where TOptions : class, new() =>
        Make(SearchTask.Regression, featurizer, SweepableEstimator.FromOptions(trainer), new RandomSearchTuner(space, iterations, seed), metric, folds, labelColumnName, options);

    /// <inheritdoc cref="RandomSearch{TOptions}(BinaryClassificationCatalog, IEstimator{ITransformer}, Func{MLContext, TOptions, IEstimator{ITransformer}}, MlNetHpo.AutoML.SearchSpace, int, int, Metric, Folds, string, SearchOptions)"/>
    public static CrossValidatedSearch RandomSearch<TOptions>(this RegressionCatalog catalog, IEstimator<ITransformer>? featurizer, Func<MLContext, TOptions, IEstimator<ITransformer>> trainer, MlNetHpo.AutoML.SearchSpace space, int iterations = 10, int seed = 0, Metric? metric = null, Folds? folds = null, string labelColumnName = "Label", SearchOptions? options = null)
        where TOptions : class, new() =>
        Make(SearchTask.Regression, featurizer, SweepableEstimator.FromOptions(trainer), new RandomSearchTuner(space, iterations, seed), metric, folds, labelColumnName, options);

    /// <inheritdoc cref="Search(BinaryClassificationCatalog, IEstimator{ITransformer}, SweepableEstimator, ITuner, Metric, Folds, string, SearchOptions)"/>
    public static CrossValidatedSearch Search(this RegressionCatalog catalog, IEstimator<ITransformer>? featurizer, SweepableEstimator trainer, ITuner tuner, Metric? metric = null, Folds? folds = null, string labelColumnName = "Label", SearchOptions? options = null) =>
        Make(SearchTask.Regression, featurizer, trainer, tuner, metric, folds, labelColumnName, options);

    /// <summary>
    /// Successive halving over the points of <paramref name="grid"/> (scikit-learn's HalvingGridSearchCV): every candidate is
    /// evaluated with few resources, the best third (1 / <see cref="HalvingOptions.Factor"/>) goes on with three times the
    /// resources, and so on; the best is taken from the last iteration and refitted on all the data (with a resource parameter,
    /// at the last iteration's value, as scikit-learn's <c>best_params_</c>). The table has a row per (iteration, candidate), with
    /// <see cref="CandidateResult.Iteration"/> and <see cref="CandidateResult.Resources"/>.
    /// </summary>
    /// <param name="catalog">The task catalog: <c>mlContext.BinaryClassification</c>, <c>.MulticlassClassification</c> or <c>.Regression</c>.</param>
    /// <param name="featurizer">The part of the pipeline no hyperparameter touches (fitted once per fold); null for none.</param>
    /// <param name="trainer">The estimator built from each candidate.</param>
    /// <param name="grid">The candidates of the first iteration.</param>
    /// <param name="halving">Factor, resource (rows or a trainer's iteration option), minimum and maximum resources, aggressive elimination.</param>
    /// <param name="seed">Seed of the row subsampling (scikit-learn's <c>random_state</c>: the same rows for the same seed).</param>
    /// <param name="metric">The metric that ranks candidates and chooses the refit (default: the task's); more in <see cref="SearchOptions.AdditionalMetrics"/>.</param>
    /// <param name="folds">How to split the data: default 5 folds (stratified for classification), an integer, or a <see cref="Folds"/> splitter.</param>
    /// <param name="labelColumnName">The label column, for scoring and stratification.</param>
    /// <param name="options">Failure policy, refit, seed, extra metrics, store, budgets.</param>
    public static CrossValidatedSearch HalvingGridSearch(this BinaryClassificationCatalog catalog, IEstimator<ITransformer>? featurizer, SweepableEstimator trainer, ParameterGrid grid, HalvingOptions? halving = null, int seed = 0, Metric? metric = null, Folds? folds = null, string labelColumnName = "Label", SearchOptions? options = null) =>
        MakeHalving(SearchTask.BinaryClassification, featurizer, trainer, GridHalving(grid, halving, seed), metric, folds, labelColumnName, options);

    /// <summary>
    /// Successive halving over the points of <paramref name="grid"/> (scikit-learn's HalvingGridSearchCV): every candidate is
    /// evaluated with few resources, the best third (1 / <see cref="HalvingOptions.Factor"/>) goes on with three times the
    /// resources, and so on; the best is taken from the last iteration and refitted on all the data (with a resource parameter,
    /// at the last iteration's value, as scikit-learn's <c>best_params_</c>). The table has a row per (iteration, candidate), with
    /// <see cref="CandidateResult.Iteration"/> and <see cref="CandidateResult.Resources"/>.
    /// </summary>
    /// <param name="catalog">The task catalog: <c>mlContext.BinaryClassification</c>, <c>.MulticlassClassification</c> or <c>.Regression</c>.</param>
    /// <param name="featurizer">The part of the pipeline no hyperparameter touches (fitted once per fold); null for none.</param>
    /// <typeparam name="TOptions">The trainer's Options class.</typeparam>
    /// <param name="trainer">Makes the estimator from Options with the candidate's values bound.</param>
    /// <param name="grid">The candidates of the first iteration.</param>
    /// <param name="halving">Factor, resource (rows or a trainer's iteration option), minimum and maximum resources, aggressive elimination.</param>
    /// <param name="seed">Seed of the row subsampling (scikit-learn's <c>random_state</c>: the same rows for the same seed).</param>
    /// <param name="metric">The metric that ranks candidates and chooses the refit (default: the task's); more in <see cref="SearchOptions.AdditionalMetrics"/>.</param>
    /// <param name="folds">How to split the data: default 5 folds (stratified for classification), an integer, or a <see cref="Folds"/> splitter.</param>
    /// <param name="labelColumnName">The label column, for scoring and stratification.</param>
    /// <param name="options">Failure policy, refit, seed, extra metrics, store, budgets.</param>
    public static CrossValidatedSearch HalvingGridSearch<TOptions>(this BinaryClassificationCatalog catalog, IEstimator<ITransformer>? featurizer, Func<TOptions, IEstimator<ITransformer>> trainer, ParameterGrid grid, HalvingOptions? halving = null, int seed = 0, Metric? metric = null, Folds? folds = null, string labelColumnName = "Label", SearchOptions? options = null)
        where TOptions : class, new() =>
        MakeHalving(SearchTask.BinaryClassification, featurizer, SweepableEstimator.FromOptions(trainer), GridHalving(grid, halving, seed), metric, folds, labelColumnName, options);

    /// <summary>
    /// Successive halving over the points of <paramref name="grid"/> (scikit-learn's HalvingGridSearchCV): every candidate is
    /// evaluated with few resources, the best third (1 / <see cref="HalvingOptions.Factor"/>) goes on with three times the
    /// resources, and so on; the best is taken from the last iteration and refitted on all the data (with a resource parameter,
    /// at the last iteration's value, as scikit-learn's <c>best_params_</c>). The table has a row per (iteration, candidate), with
    /// <see cref="CandidateResult.Iteration"/> and <see cref="CandidateResult.Resources"/>.
    /// </summary>
    /// <param name="catalog">The task catalog: <c>mlContext.BinaryClassification</c>, <c>.MulticlassClassification</c> or <c>.Regression</c>.</param>
    /// <param name="featurizer">The part of the pipeline no hyperparameter touches (fitted once per fold); null for none.</param>
    /// <typeparam name="TOptions">The trainer's Options class.</typeparam>
    /// <param name="trainer">Makes the estimator from the trial's context and Options with the candidate's values bound.</param>
    /// <param name="grid">The candidates of the first iteration.</param>
    /// <param name="halving">Factor, resource (rows or a trainer's iteration option), minimum and maximum resources, aggressive elimination.</param>
    /// <param name="seed">Seed of the row subsampling (scikit-learn's <c>random_state</c>: the same rows for the same seed).</param>
    /// <param name="metric">The metric that ranks candidates and chooses the refit (default: the task's); more in <see cref="SearchOptions.AdditionalMetrics"/>.</param>
    /// <param name="folds">How to split the data: default 5 folds (stratified for classification), an integer, or a <see cref="Folds"/> splitter.</param>
    /// <param name="labelColumnName">The label column, for scoring and stratification.</param>
    /// <param name="options">Failure policy, refit, seed, extra metrics, store, budgets.</param>
    public static CrossValidatedSearch HalvingGridSearch<TOptions>(this BinaryClassificationCatalog catalog, IEstimator<ITransformer>? featurizer, Func<MLContext, TOptions, IEstimator<ITransformer>> trainer, ParameterGrid grid, HalvingOptions? halving = null, int seed = 0, Metric? metric = null, Folds? folds = null, string labelColumnName = "Label", SearchOptions? options = null)
        where TOptions : class, new() =>
        MakeHalving(SearchTask.BinaryClassification, featurizer, SweepableEstimator.FromOptions(trainer), GridHalving(grid, halving, seed), metric, folds, labelColumnName, options);

    /// <inheritdoc cref="HalvingGridSearch(BinaryClassificationCatalog, IEstimator{ITransformer}, SweepableEstimator, ParameterGrid, HalvingOptions, int, Metric, Folds, string, SearchOptions)"/>
    public static CrossValidatedSearch HalvingGridSearch(this MulticlassClassificationCatalog catalog, IEstimator<ITransformer>? featurizer, SweepableEstimator trainer, ParameterGrid grid, HalvingOptions? halving = null, int seed = 0, Metric? metric = null, Folds? folds = null, string labelColumnName = "Label", SearchOptions? options = null) =>
        MakeHalving(SearchTask.MulticlassClassification, featurizer, trainer, GridHalving(grid, halving, seed), metric, folds, labelColumnName, options);

    /// <inheritdoc cref="HalvingGridSearch{TOptions}(BinaryClassificationCatalog, IEstimator{ITransformer}, Func{TOptions, IEstimator{ITransformer}}, ParameterGrid, HalvingOptions, int, Metric, Folds, string, SearchOptions)"/>
    public static CrossValidatedSearch HalvingGridSearch<TOptions>(this MulticlassClassificationCatalog catalog, IEstimator<ITransformer>? featurizer, Func<TOptions, IEstimator<ITransformer>> trainer, ParameterGrid grid, HalvingOptions? halving = null, int seed = 0, Metric? metric = null, Folds? folds = null, string labelColumnName = "Label", SearchOptions? options = null)
        where TOptions : class, new() =>
        MakeHalving(SearchTask.MulticlassClassification, featurizer, SweepableEstimator.FromOptions(trainer), GridHalving(grid, halving, seed), metric, folds, labelColumnName, options);

    /// <inheritdoc cref="HalvingGridSearch{TOptions}(BinaryClassificationCatalog, IEstimator{ITransformer}, Func{MLContext, TOptions, IEstimator{ITransformer}}, ParameterGrid, HalvingOptions, int, Metric, Folds, string, SearchOptions)"/>
    public static CrossValidatedSearch HalvingGridSearch<TOptions>(this MulticlassClassificationCatalog catalog, IEstimator<ITransformer>? featurizer, Func<MLContext, TOptions, IEstimator<ITransformer>> trainer, ParameterGrid grid, HalvingOptions? halving = null, int seed = 0, Metric? metric = null, Folds? folds = null, string labelColumnName = "Label", SearchOptions? options = null)
        where TOptions : class, new() =>
        MakeHalving(SearchTask.MulticlassClassification, featurizer, SweepableEstimator.FromOptions(trainer), GridHalving(grid, halving, seed), metric, folds, labelColumnName, options);

    /// <inheritdoc cref="HalvingGridSearch(BinaryClassificationCatalog, IEstimator{ITransformer}, SweepableEstimator, ParameterGrid, HalvingOptions, int, Metric, Folds, string, SearchOptions)"/>
    public static CrossValidatedSearch HalvingGridSearch(this RegressionCatalog catalog, IEstimator<ITransformer>? featurizer, SweepableEstimator trainer, ParameterGrid grid, HalvingOptions? halving = null, int seed = 0, Metric? metric = null, Folds? folds = null, string labelColumnName = "Label", SearchOptions? options = null) =>
        MakeHalving(SearchTask.Regression, featurizer, trainer, GridHalving(grid, halving, seed), metric, folds, labelColumnName, options);

    /// <inheritdoc cref="HalvingGridSearch{TOptions}(BinaryClassificationCatalog, IEstimator{ITransformer}, Func{TOptions, IEstimator{ITransformer}}, ParameterGrid, HalvingOptions, int, Metric, Folds, string, SearchOptions)"/>
    public static CrossValidatedSearch HalvingGridSearch<TOptions>(this RegressionCatalog catalog, IEstimator<ITransformer>? featurizer, Func<TOptions, IEstimator<ITransformer>> trainer, ParameterGrid grid, HalvingOptions? halving = null, int seed = 0, Metric? metric = null, Folds? folds = null, string labelColumnName = "Label", SearchOptions? options = null)
        where TOptions : class, new() =>
        MakeHalving(SearchTask.Regression, featurizer, SweepableEstimator.FromOptions(trainer), GridHalving(grid, halving, seed), metric, folds, labelColumnName, options);

    /// <inheritdoc cref="HalvingGridSearch{TOptions}(BinaryClassificationCatalog, IEstimator{ITransformer}, Func{MLContext, TOptions, IEstimator{ITransformer}}, ParameterGrid, HalvingOptions, int, Metric, Folds, string, SearchOptions)"/>
    public static CrossValidatedSearch HalvingGridSearch<TOptions>(this RegressionCatalog catalog, IEstimator<ITransformer>? featurizer, Func<MLContext, TOptions, IEstimator<ITransformer>> trainer, ParameterGrid grid, HalvingOptions? halving = null, int seed = 0, Metric? metric = null, Folds? folds = null, string labelColumnName = "Label", SearchOptions? options = null)
        where TOptions : class, new() =>
        MakeHalving(SearchTask.Regression, featurizer, SweepableEstimator.FromOptions(trainer), GridHalving(grid, halving, seed), metric, folds, labelColumnName, options);

    /// <summary>
    /// Successive halving over seeded draws from <paramref name="space"/> (scikit-learn's HalvingRandomSearchCV); as
    /// HalvingGridSearch otherwise. The default minimum is <see cref="MinResources.Smallest"/>, as scikit-learn's.
    /// </summary>
    /// <param name="catalog">The task catalog: <c>mlContext.BinaryClassification</c>, <c>.MulticlassClassification</c> or <c>.Regression</c>.</param>
    /// <param name="featurizer">The part of the pipeline no hyperparameter touches (fitted once per fold); null for none.</param>
    /// <param name="trainer">The estimator built from each candidate.</param>
    /// <param name="space">Distributions (or a grid) to draw the first iteration's candidates from.</param>
    /// <param name="candidates">Candidates of the first iteration; null for scikit-learn's "exhaust": max resources // min resources.</param>
    /// <param name="halving">Factor, resource (rows or a trainer's iteration option), minimum and maximum resources, aggressive elimination.</param>
    /// <param name="seed">Seed of the draws and of the row subsampling (scikit-learn's <c>random_state</c>).</param>
    /// <param name="metric">The metric that ranks candidates and chooses the refit (default: the task's); more in <see cref="SearchOptions.AdditionalMetrics"/>.</param>
    /// <param name="folds">How to split the data: default 5 folds (stratified for classification), an integer, or a <see cref="Folds"/> splitter.</param>
    /// <param name="labelColumnName">The label column, for scoring and stratification.</param>
    /// <param name="options">Failure policy, refit, seed, extra metrics, store, budgets.</param>
    public static CrossValidatedSearch HalvingRandomSearch(this BinaryClassificationCatalog catalog, IEstimator<ITransformer>? featurizer, SweepableEstimator trainer, MlNetHpo.AutoML.SearchSpace space, int? candidates = null, HalvingOptions? halving = null, int seed = 0, Metric? metric = null, Folds? folds = null, string labelColumnName = "Label", SearchOptions? options = null) =>
        MakeHalving(SearchTask.BinaryClassification, featurizer, trainer, RandomHalving(space, candidates, halving, seed), metric, folds, labelColumnName, options);

    /// <summary>
    /// Successive halving over seeded draws from <paramref name="space"/> (scikit-learn's HalvingRandomSearchCV); as
    /// HalvingGridSearch otherwise. The default minimum is <see cref="MinResources.Smallest"/>, as scikit-learn's.
    /// </summary>
    /// <param name="catalog">The task catalog: <c>mlContext.BinaryClassification</c>, <c>.MulticlassClassification</c> or <c>.Regression</c>.</param>
    /// <param name="featurizer">The part of the pipeline no hyperparameter touches (fitted once per fold); null for none.</param>
    /// <typeparam name="TOptions">The trainer's Options class.</typeparam>
    /// <param name="trainer">Makes the estimator from Options with the candidate's values bound.</param>
    /// <param name="space">Distributions (or a grid) to draw the first iteration's candidates from.</param>
    /// <param name="candidates">Candidates of the first iteration; null for scikit-learn's "exhaust": max resources // min resources.</param>
    /// <param name="halving">Factor, resource (rows or a trainer's iteration option), minimum and maximum resources, aggressive elimination.</param>
    /// <param name="seed">Seed of the draws and of the row subsampling (scikit-learn's <c>random_state</c>).</param>
    /// <param name="metric">The metric that ranks candidates and chooses the refit (default: the task's); more in <see cref="SearchOptions.AdditionalMetrics"/>.</param>
    /// <param name="folds">How to split the data: default 5 folds (stratified for classification), an integer, or a <see cref="Folds"/> splitter.</param>
    /// <param name="labelColumnName">The label column, for scoring and stratification.</param>
    /// <param name="options">Failure policy, refit, seed, extra metrics, store, budgets.</param>
    public static CrossValidatedSearch HalvingRandomSearch<TOptions>(this BinaryClassificationCatalog catalog, IEstimator<ITransformer>? featurizer, Func<TOptions, IEstimator<ITransformer>> trainer, MlNetHpo.AutoML.SearchSpace space, int? candidates = null, HalvingOptions? halving = null, int seed = 0, Metric? metric = null, Folds? folds = null, string labelColumnName = "Label", SearchOptions? options = null)
        where TOptions : class, new() =>
        MakeHalving(SearchTask.BinaryClassification, featurizer, SweepableEstimator.FromOptions(trainer), RandomHalving(space, candidates, halving, seed), metric, folds, labelColumnName, options);

    /// <summary>
    /// Successive halving over seeded draws from <paramref name="space"/> (scikit-learn's HalvingRandomSearchCV); as
    /// HalvingGridSearch otherwise. The default minimum is <see cref="MinResources.Smallest"/>, as scikit-learn's.
    /// </summary>
    /// <param name="catalog">The task catalog: <c>mlContext.BinaryClassification</c>, <c>.MulticlassClassification</c> or <c>.Regression</c>.</param>
    /// <param name="featurizer">The part of the pipeline no hyperparameter touches (fitted once per fold); null for none.</param>
    /// <typeparam name="TOptions">The trainer's Options class.</typeparam>
    /// <param name="trainer">Makes the estimator from the trial's context and Options with the candidate's values bound.</param>
    /// <param name="space">Distributions (or a grid) to draw the first iteration's candidates from.</param>
    /// <param name="candidates">Candidates of the first iteration; null for scikit-learn's "exhaust": max resources // min resources.</param>
    /// <param name="halving">Factor, resource (rows or a trainer's iteration option), minimum and maximum resources, aggressive elimination.</param>
    /// <param name="seed">Seed of the draws and of the row subsampling (scikit-learn's <c>random_state</c>).</param>
    /// <param name="metric">The metric that ranks candidates and chooses the refit (default: the task's); more in <see cref="SearchOptions.AdditionalMetrics"/>.</param>
    /// <param name="folds">How to split the data: default 5 folds (stratified for classification), an integer, or a <see cref="Folds"/> splitter.</param>
    /// <param name="labelColumnName">The label column, for scoring and stratification.</param>
    /// <param name="options">Failure policy, refit, seed, extra metrics, store, budgets.</param>
    public static CrossValidatedSearch HalvingRandomSearch<TOptions>(this BinaryClassificationCatalog catalog, IEstimator<ITransformer>? featurizer, Func<MLContext, TOptions, IEstimator<ITransformer>> trainer, MlNetHpo.AutoML.SearchSpace space, int? candidates = null, HalvingOptions? halving = null, int seed = 0, Metric? metric = null, Folds? folds = null, string labelColumnName = "Label", SearchOptions? options = null)
        where TOptions : class, new() =>
        MakeHalving(SearchTask.BinaryClassification, featurizer, SweepableEstimator.FromOptions(trainer), RandomHalving(space, candidates, halving, seed), metric, folds, labelColumnName, options);

    /// <inheritdoc cref="HalvingRandomSearch(BinaryClassificationCatalog, IEstimator{ITransformer}, SweepableEstimator, MlNetHpo.AutoML.SearchSpace, int?, HalvingOptions, int, Metric, Folds, string, SearchOptions)"/>
    public static CrossValidatedSearch HalvingRandomSearch(this MulticlassClassificationCatalog catalog, IEstimator<ITransformer>? featurizer, SweepableEstimator trainer, MlNetHpo.AutoML.SearchSpace space, int? candidates = null, HalvingOptions? halving = null, int seed = 0, Metric? metric = null, Folds? folds = null, string labelColumnName = "Label", SearchOptions? options = null) =>
        MakeHalving(SearchTask.MulticlassClassification, featurizer, trainer, RandomHalving(space, candidates, halving, seed), metric, folds, labelColumnName, options);

    /// <inheritdoc cref="HalvingRandomSearch{TOptions}(BinaryClassificationCatalog, IEstimator{ITransformer}, Func{TOptions, IEstimator{ITransformer}}, MlNetHpo.AutoML.SearchSpace, int?, HalvingOptions, int, Metric, Folds, string, SearchOptions)"/>
    public static CrossValidatedSearch HalvingRandomSearch<TOptions>(this MulticlassClassificationCatalog catalog, IEstimator<ITransformer>? featurizer, Func<TOptions, IEstimator<ITransformer>> trainer, MlNetHpo.AutoML.SearchSpace space, int? candidates = null, HalvingOptions? halving = null, int seed = 0, Metric? metric = null, Folds? folds = null, string labelColumnName = "Label", SearchOptions? options = null)
        where TOptions : class, new() =>
        MakeHalving(SearchTask.MulticlassClassification, featurizer, SweepableEstimator.FromOptions(trainer), RandomHalving(space, candidates, halving, seed), metric, folds, labelColumnName, options);

    /// <inheritdoc cref="HalvingRandomSearch{TOptions}(BinaryClassificationCatalog, IEstimator{ITransformer}, Func{MLContext, TOptions, IEstimator{ITransformer}}, MlNetHpo.AutoML.SearchSpace, int?, HalvingOptions, int, Metric, Folds, string, SearchOptions)"/>
    public static CrossValidatedSearch HalvingRandomSearch<TOptions>(this MulticlassClassificationCatalog catalog, IEstimator<ITransformer>? featurizer, Func<MLContext, TOptions, IEstimator<ITransformer>> trainer, MlNetHpo.AutoML.SearchSpace space, int? candidates = null, HalvingOptions? halving = null, int seed = 0, Metric? metric = null, Folds? folds = null, string labelColumnName = "Label", SearchOptions? options = null)
        where TOptions : class, new() =>
        MakeHalving(SearchTask.MulticlassClassification, featurizer, SweepableEstimator.FromOptions(trainer), RandomHalving(space, candidates, halving, seed), metric, folds, labelColumnName, options);

    /// <inheritdoc cref="HalvingRandomSearch(BinaryClassificationCatalog, IEstimator{ITransformer}, SweepableEstimator, MlNetHpo.AutoML.SearchSpace, int?, HalvingOptions, int, Metric, Folds, string, SearchOptions)"/>
    public static CrossValidatedSearch HalvingRandomSearch(this RegressionCatalog catalog, IEstimator<ITransformer>? featurizer, SweepableEstimator trainer, MlNetHpo.AutoML.SearchSpace space, int? candidates = null, HalvingOptions? halving = null, int seed = 0, Metric? metric = null, Folds? folds = null, string labelColumnName = "Label", SearchOptions? options = null) =>
        MakeHalving(SearchTask.Regression, featurizer, trainer, RandomHalving(space, candidates, halving, seed), metric, folds, labelColumnName, options);

    /// <inheritdoc cref="HalvingRandomSearch{TOptions}(BinaryClassificationCatalog, IEstimator{ITransformer}, Func{TOptions, IEstimator{ITransformer}}, MlNetHpo.AutoML.SearchSpace, int?, HalvingOptions, int, Metric, Folds, string, SearchOptions)"/>
    public static CrossValidatedSearch HalvingRandomSearch<TOptions>(this RegressionCatalog catalog, IEstimator<ITransformer>? featurizer, Func<TOptions, IEstimator<ITransformer>> trainer, MlNetHpo.AutoML.SearchSpace space, int? candidates = null, HalvingOptions? halving = null, int seed = 0, Metric? metric = null, Folds? folds = null, string labelColumnName = "Label", SearchOptions? options = null)
        where TOptions : class, new() =>
        MakeHalving(SearchTask.Regression, featurizer, SweepableEstimator.FromOptions(trainer), RandomHalving(space, candidates, halving, seed), metric, folds, labelColumnName, options);

    /// <inheritdoc cref="HalvingRandomSearch{TOptions}(BinaryClassificationCatalog, IEstimator{ITransformer}, Func{MLContext, TOptions, IEstimator{ITransformer}}, MlNetHpo.AutoML.SearchSpace, int?, HalvingOptions, int, Metric, Folds, string, SearchOptions)"/>
    public static CrossValidatedSearch HalvingRandomSearch<TOptions>(this RegressionCatalog catalog, IEstimator<ITransformer>? featurizer, Func<MLContext, TOptions, IEstimator<ITransformer>> trainer, MlNetHpo.AutoML.SearchSpace space, int? candidates = null, HalvingOptions? halving = null, int seed = 0, Metric? metric = null, Folds? folds = null, string labelColumnName = "Label", SearchOptions? options = null)
        where TOptions : class, new() =>
        MakeHalving(SearchTask.Regression, featurizer, SweepableEstimator.FromOptions(trainer), RandomHalving(space, candidates, halving, seed), metric, folds, labelColumnName, options);

    private static HalvingSetup GridHalving(ParameterGrid grid, HalvingOptions? halving, int seed)
    {
        var tuner = new GridSearchTuner(grid);
        return new HalvingSetup(halving ?? new HalvingOptions(), seed, _ => tuner, tuner.Fingerprint, tuner);
    }

    private static HalvingSetup RandomHalving(MlNetHpo.AutoML.SearchSpace space, int? candidates, HalvingOptions? halving, int seed)
    {
        ArgumentNullException.ThrowIfNull(space);
        halving ??= new HalvingOptions { MinResources = MinResources.Smallest };
        if (candidates is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(candidates), candidates, "candidates must be at least 1, or null for \"exhaust\".");
        }

        if (candidates is null && halving.MinResources == MinResources.Exhaust)
        {
            throw new ArgumentException("candidates and HalvingOptions.MinResources cannot both be \"exhaust\": one must be a number for the other to follow.", nameof(candidates));
        }

        return new HalvingSetup(
            halving,
            seed,
            exhaust => new RandomSearchTuner(space, candidates ?? (int)Math.Min(exhaust, int.MaxValue), seed),
            $"random {space} candidates={(candidates is { } n ? n.ToString(System.Globalization.CultureInfo.InvariantCulture) : "exhaust")} seed={seed}",
            new RandomSearchTuner(space, candidates ?? 1, seed));
    }

    private static CrossValidatedSearch MakeHalving(SearchTask task, IEstimator<ITransformer>? featurizer, SweepableEstimator trainer, HalvingSetup halving, Metric? metric, Folds? folds, string labelColumnName, SearchOptions? options)
    {
        ArgumentNullException.ThrowIfNull(trainer);
        options ??= new SearchOptions();
        var scorer = new Scorer(task, [metric ?? Metric.DefaultFor(task), .. options.AdditionalMetrics], labelColumnName);
        return new CrossValidatedSearch(featurizer, trainer, halving, scorer, folds ?? 5, options);
    }

    private static CrossValidatedSearch Make(SearchTask task, IEstimator<ITransformer>? featurizer, SweepableEstimator trainer, ITuner tuner, Metric? metric, Folds? folds, string labelColumnName, SearchOptions? options)
    {
        ArgumentNullException.ThrowIfNull(trainer);
        ArgumentNullException.ThrowIfNull(tuner);
        options ??= new SearchOptions();
        var scorer = new Scorer(task, [metric ?? Metric.DefaultFor(task), .. options.AdditionalMetrics], labelColumnName);
        return new CrossValidatedSearch(featurizer, trainer, tuner, scorer, folds ?? 5, options);
    }
}
