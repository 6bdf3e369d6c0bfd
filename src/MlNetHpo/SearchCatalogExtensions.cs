using MlNetHpo.Experiments;
using MlNetHpo.Scoring;
using MlNetHpo.SearchSpaces;
using MlNetHpo.Sweeping;
using MlNetHpo.Tuners;
using MlNetHpo.Validation;

namespace Microsoft.ML;

/// <summary>
/// The MLContext entry points of MlNetHpo: cross-validated grid, random and tuner-driven searches on each
/// task catalog, in ML.NET's style (<c>mlContext.BinaryClassification.GridSearch(...)</c>). Each returns a
/// <see cref="CrossValidatedSearch"/>, an estimator whose <c>Fit</c> runs the search and returns a
/// <see cref="SearchResult"/>. <c>folds</c> defaults to 5, stratified for classification, plain k-fold for regression.
/// </summary>
public static class SearchCatalogExtensions
{

    /// <summary>Exhaustive binary classification search over every point of <paramref name="grid"/> (scikit-learn's GridSearchCV).</summary>
    /// <param name="catalog">The task catalog.</param>
    /// <param name="featurizer">The part of the pipeline no hyperparameter touches (fitted once per fold); null for none.</param>
    /// <param name="trainer">The estimator built from each candidate.</param>
    /// <param name="grid">The candidates.</param>
    /// <param name="metric">The metric that ranks candidates.</param>
    /// <param name="folds">How to split the data; default 5 folds, or an integer, or a <see cref="Folds"/> splitter.</param>
    /// <param name="labelColumnName">The label column, for scoring and stratification.</param>
    /// <param name="options">Failure policy, refit and seed.</param>
    public static CrossValidatedSearch GridSearch(this BinaryClassificationCatalog catalog, IEstimator<ITransformer>? featurizer, SweepableEstimator trainer, ParameterGrid grid, BinaryClassificationMetric metric = BinaryClassificationMetric.Accuracy, Folds? folds = null, string labelColumnName = "Label", SearchOptions? options = null) =>
        Search(catalog, featurizer, trainer, new GridSearchTuner(grid), metric, folds, labelColumnName, options);

    /// <summary>Exhaustive binary classification search; each candidate is bound onto a new <typeparamref name="TOptions"/> handed to <paramref name="trainer"/>.</summary>
    /// <param name="catalog">The task catalog.</param>
    /// <param name="featurizer">The part of the pipeline no hyperparameter touches (fitted once per fold); null for none.</param>
    /// <param name="trainer">Makes the estimator from Options with the candidate's values bound by name.</param>
    /// <param name="grid">The candidates.</param>
    /// <param name="metric">The metric that ranks candidates.</param>
    /// <param name="folds">How to split the data; default 5 folds, or an integer, or a <see cref="Folds"/> splitter.</param>
    /// <param name="labelColumnName">The label column, for scoring and stratification.</param>
    /// <param name="options">Failure policy, refit and seed.</param>
    public static CrossValidatedSearch GridSearch<TOptions>(this BinaryClassificationCatalog catalog, IEstimator<ITransformer>? featurizer, Func<TOptions, IEstimator<ITransformer>> trainer, ParameterGrid grid, BinaryClassificationMetric metric = BinaryClassificationMetric.Accuracy, Folds? folds = null, string labelColumnName = "Label", SearchOptions? options = null)
        where TOptions : class, new() =>
        GridSearch(catalog, featurizer, SweepableEstimator.FromOptions(trainer), grid, metric, folds, labelColumnName, options);

    /// <summary>Seeded random binary classification search of <paramref name="iterations"/> draws from <paramref name="space"/> (scikit-learn's RandomizedSearchCV).</summary>
    /// <param name="catalog">The task catalog.</param>
    /// <param name="featurizer">The part of the pipeline no hyperparameter touches (fitted once per fold); null for none.</param>
    /// <param name="trainer">The estimator built from each candidate.</param>
    /// <param name="space">Distributions (or lists) to draw from.</param>
    /// <param name="iterations">Number of draws (capped at the size of an all-list space).</param>
    /// <param name="seed">Seed of the draws.</param>
    /// <param name="metric">The metric that ranks candidates.</param>
    /// <param name="folds">How to split the data; default 5 folds, or an integer, or a <see cref="Folds"/> splitter.</param>
    /// <param name="labelColumnName">The label column, for scoring and stratification.</param>
    /// <param name="options">Failure policy, refit and seed.</param>
    public static CrossValidatedSearch RandomSearch(this BinaryClassificationCatalog catalog, IEstimator<ITransformer>? featurizer, SweepableEstimator trainer, MlNetHpo.SearchSpaces.SearchSpace space, int iterations = 10, int seed = 0, BinaryClassificationMetric metric = BinaryClassificationMetric.Accuracy, Folds? folds = null, string labelColumnName = "Label", SearchOptions? options = null) =>
        Search(catalog, featurizer, trainer, new RandomSearchTuner(space, iterations, seed), metric, folds, labelColumnName, options);

    /// <summary>Seeded random binary classification search; each candidate is bound onto a new <typeparamref name="TOptions"/> handed to <paramref name="trainer"/>.</summary>
    /// <param name="catalog">The task catalog.</param>
    /// <param name="featurizer">The part of the pipeline no hyperparameter touches (fitted once per fold); null for none.</param>
    /// <param name="trainer">Makes the estimator from Options with the candidate's values bound by name.</param>
    /// <param name="space">Distributions (or lists) to draw from.</param>
    /// <param name="iterations">Number of draws (capped at the size of an all-list space).</param>
    /// <param name="seed">Seed of the draws.</param>
    /// <param name="metric">The metric that ranks candidates.</param>
    /// <param name="folds">How to split the data; default 5 folds, or an integer, or a <see cref="Folds"/> splitter.</param>
    /// <param name="labelColumnName">The label column, for scoring and stratification.</param>
    /// <param name="options">Failure policy, refit and seed.</param>
    public static CrossValidatedSearch RandomSearch<TOptions>(this BinaryClassificationCatalog catalog, IEstimator<ITransformer>? featurizer, Func<TOptions, IEstimator<ITransformer>> trainer, MlNetHpo.SearchSpaces.SearchSpace space, int iterations = 10, int seed = 0, BinaryClassificationMetric metric = BinaryClassificationMetric.Accuracy, Folds? folds = null, string labelColumnName = "Label", SearchOptions? options = null)
        where TOptions : class, new() =>
        RandomSearch(catalog, featurizer, SweepableEstimator.FromOptions(trainer), space, iterations, seed, metric, folds, labelColumnName, options);

    /// <summary>Cross-validated binary classification search driven by any <see cref="ITuner"/>.</summary>
    /// <param name="catalog">The task catalog.</param>
    /// <param name="featurizer">The part of the pipeline no hyperparameter touches (fitted once per fold); null for none.</param>
    /// <param name="trainer">The estimator built from each candidate.</param>
    /// <param name="tuner">Proposes the candidates.</param>
    /// <param name="metric">The metric that ranks candidates.</param>
    /// <param name="folds">How to split the data; default 5 folds, or an integer, or a <see cref="Folds"/> splitter.</param>
    /// <param name="labelColumnName">The label column, for scoring and stratification.</param>
    /// <param name="options">Failure policy, refit and seed.</param>
    public static CrossValidatedSearch Search(this BinaryClassificationCatalog catalog, IEstimator<ITransformer>? featurizer, SweepableEstimator trainer, ITuner tuner, BinaryClassificationMetric metric = BinaryClassificationMetric.Accuracy, Folds? folds = null, string labelColumnName = "Label", SearchOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new CrossValidatedSearch(featurizer, trainer, tuner, Scorer.Binary(metric, labelColumnName), folds ?? 5, options);
    }


    /// <summary>Exhaustive multiclass classification search over every point of <paramref name="grid"/> (scikit-learn's GridSearchCV).</summary>
    /// <param name="catalog">The task catalog.</param>
    /// <param name="featurizer">The part of the pipeline no hyperparameter touches (fitted once per fold); null for none.</param>
    /// <param name="trainer">The estimator built from each candidate.</param>
    /// <param name="grid">The candidates.</param>
    /// <param name="metric">The metric that ranks candidates.</param>
    /// <param name="folds">How to split the data; default 5 folds, or an integer, or a <see cref="Folds"/> splitter.</param>
    /// <param name="labelColumnName">The label column, for scoring and stratification.</param>
    /// <param name="options">Failure policy, refit and seed.</param>
    public static CrossValidatedSearch GridSearch(this MulticlassClassificationCatalog catalog, IEstimator<ITransformer>? featurizer, SweepableEstimator trainer, ParameterGrid grid, MulticlassClassificationMetric metric = MulticlassClassificationMetric.MicroAccuracy, Folds? folds = null, string labelColumnName = "Label", SearchOptions? options = null) =>
        Search(catalog, featurizer, trainer, new GridSearchTuner(grid), metric, folds, labelColumnName, options);

    /// <summary>Exhaustive multiclass classification search; each candidate is bound onto a new <typeparamref name="TOptions"/> handed to <paramref name="trainer"/>.</summary>
    /// <param name="catalog">The task catalog.</param>
    /// <param name="featurizer">The part of the pipeline no hyperparameter touches (fitted once per fold); null for none.</param>
    /// <param name="trainer">Makes the estimator from Options with the candidate's values bound by name.</param>
    /// <param name="grid">The candidates.</param>
    /// <param name="metric">The metric that ranks candidates.</param>
    /// <param name="folds">How to split the data; default 5 folds, or an integer, or a <see cref="Folds"/> splitter.</param>
    /// <param name="labelColumnName">The label column, for scoring and stratification.</param>
    /// <param name="options">Failure policy, refit and seed.</param>
    public static CrossValidatedSearch GridSearch<TOptions>(this MulticlassClassificationCatalog catalog, IEstimator<ITransformer>? featurizer, Func<TOptions, IEstimator<ITransformer>> trainer, ParameterGrid grid, MulticlassClassificationMetric metric = MulticlassClassificationMetric.MicroAccuracy, Folds? folds = null, string labelColumnName = "Label", SearchOptions? options = null)
        where TOptions : class, new() =>
        GridSearch(catalog, featurizer, SweepableEstimator.FromOptions(trainer), grid, metric, folds, labelColumnName, options);

    /// <summary>Seeded random multiclass classification search of <paramref name="iterations"/> draws from <paramref name="space"/> (scikit-learn's RandomizedSearchCV).</summary>
    /// <param name="catalog">The task catalog.</param>
    /// <param name="featurizer">The part of the pipeline no hyperparameter touches (fitted once per fold); null for none.</param>
    /// <param name="trainer">The estimator built from each candidate.</param>
    /// <param name="space">Distributions (or lists) to draw from.</param>
    /// <param name="iterations">Number of draws (capped at the size of an all-list space).</param>
    /// <param name="seed">Seed of the draws.</param>
    /// <param name="metric">The metric that ranks candidates.</param>
    /// <param name="folds">How to split the data; default 5 folds, or an integer, or a <see cref="Folds"/> splitter.</param>
    /// <param name="labelColumnName">The label column, for scoring and stratification.</param>
    /// <param name="options">Failure policy, refit and seed.</param>
    public static CrossValidatedSearch RandomSearch(this MulticlassClassificationCatalog catalog, IEstimator<ITransformer>? featurizer, SweepableEstimator trainer, MlNetHpo.SearchSpaces.SearchSpace space, int iterations = 10, int seed = 0, MulticlassClassificationMetric metric = MulticlassClassificationMetric.MicroAccuracy, Folds? folds = null, string labelColumnName = "Label", SearchOptions? options = null) =>
        Search(catalog, featurizer, trainer, new RandomSearchTuner(space, iterations, seed), metric, folds, labelColumnName, options);

    /// <summary>Seeded random multiclass classification search; each candidate is bound onto a new <typeparamref name="TOptions"/> handed to <paramref name="trainer"/>.</summary>
    /// <param name="catalog">The task catalog.</param>
    /// <param name="featurizer">The part of the pipeline no hyperparameter touches (fitted once per fold); null for none.</param>
    /// <param name="trainer">Makes the estimator from Options with the candidate's values bound by name.</param>
    /// <param name="space">Distributions (or lists) to draw from.</param>
    /// <param name="iterations">Number of draws (capped at the size of an all-list space).</param>
    /// <param name="seed">Seed of the draws.</param>
    /// <param name="metric">The metric that ranks candidates.</param>
    /// <param name="folds">How to split the data; default 5 folds, or an integer, or a <see cref="Folds"/> splitter.</param>
    /// <param name="labelColumnName">The label column, for scoring and stratification.</param>
    /// <param name="options">Failure policy, refit and seed.</param>
    public static CrossValidatedSearch RandomSearch<TOptions>(this MulticlassClassificationCatalog catalog, IEstimator<ITransformer>? featurizer, Func<TOptions, IEstimator<ITransformer>> trainer, MlNetHpo.SearchSpaces.SearchSpace space, int iterations = 10, int seed = 0, MulticlassClassificationMetric metric = MulticlassClassificationMetric.MicroAccuracy, Folds? folds = null, string labelColumnName = "Label", SearchOptions? options = null)
        where TOptions : class, new() =>
        RandomSearch(catalog, featurizer, SweepableEstimator.FromOptions(trainer), space, iterations, seed, metric, folds, labelColumnName, options);

    /// <summary>Cross-validated multiclass classification search driven by any <see cref="ITuner"/>.</summary>
    /// <param name="catalog">The task catalog.</param>
    /// <param name="featurizer">The part of the pipeline no hyperparameter touches (fitted once per fold); null for none.</param>
    /// <param name="trainer">The estimator built from each candidate.</param>
    /// <param name="tuner">Proposes the candidates.</param>
    /// <param name="metric">The metric that ranks candidates.</param>
    /// <param name="folds">How to split the data; default 5 folds, or an integer, or a <see cref="Folds"/> splitter.</param>
    /// <param name="labelColumnName">The label column, for scoring and stratification.</param>
    /// <param name="options">Failure policy, refit and seed.</param>
    public static CrossValidatedSearch Search(this MulticlassClassificationCatalog catalog, IEstimator<ITransformer>? featurizer, SweepableEstimator trainer, ITuner tuner, MulticlassClassificationMetric metric = MulticlassClassificationMetric.MicroAccuracy, Folds? folds = null, string labelColumnName = "Label", SearchOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new CrossValidatedSearch(featurizer, trainer, tuner, Scorer.Multiclass(metric, labelColumnName), folds ?? 5, options);
    }


    /// <summary>Exhaustive regression search over every point of <paramref name="grid"/> (scikit-learn's GridSearchCV).</summary>
    /// <param name="catalog">The task catalog.</param>
    /// <param name="featurizer">The part of the pipeline no hyperparameter touches (fitted once per fold); null for none.</param>
    /// <param name="trainer">The estimator built from each candidate.</param>
    /// <param name="grid">The candidates.</param>
    /// <param name="metric">The metric that ranks candidates.</param>
    /// <param name="folds">How to split the data; default 5 folds, or an integer, or a <see cref="Folds"/> splitter.</param>
    /// <param name="labelColumnName">The label column, for scoring and stratification.</param>
    /// <param name="options">Failure policy, refit and seed.</param>
    public static CrossValidatedSearch GridSearch(this RegressionCatalog catalog, IEstimator<ITransformer>? featurizer, SweepableEstimator trainer, ParameterGrid grid, RegressionMetric metric = RegressionMetric.RSquared, Folds? folds = null, string labelColumnName = "Label", SearchOptions? options = null) =>
        Search(catalog, featurizer, trainer, new GridSearchTuner(grid), metric, folds, labelColumnName, options);

    /// <summary>Exhaustive regression search; each candidate is bound onto a new <typeparamref name="TOptions"/> handed to <paramref name="trainer"/>.</summary>
    /// <param name="catalog">The task catalog.</param>
    /// <param name="featurizer">The part of the pipeline no hyperparameter touches (fitted once per fold); null for none.</param>
    /// <param name="trainer">Makes the estimator from Options with the candidate's values bound by name.</param>
    /// <param name="grid">The candidates.</param>
    /// <param name="metric">The metric that ranks candidates.</param>
    /// <param name="folds">How to split the data; default 5 folds, or an integer, or a <see cref="Folds"/> splitter.</param>
    /// <param name="labelColumnName">The label column, for scoring and stratification.</param>
    /// <param name="options">Failure policy, refit and seed.</param>
    public static CrossValidatedSearch GridSearch<TOptions>(this RegressionCatalog catalog, IEstimator<ITransformer>? featurizer, Func<TOptions, IEstimator<ITransformer>> trainer, ParameterGrid grid, RegressionMetric metric = RegressionMetric.RSquared, Folds? folds = null, string labelColumnName = "Label", SearchOptions? options = null)
        where TOptions : class, new() =>
        GridSearch(catalog, featurizer, SweepableEstimator.FromOptions(trainer), grid, metric, folds, labelColumnName, options);

    /// <summary>Seeded random regression search of <paramref name="iterations"/> draws from <paramref name="space"/> (scikit-learn's RandomizedSearchCV).</summary>
    /// <param name="catalog">The task catalog.</param>
    /// <param name="featurizer">The part of the pipeline no hyperparameter touches (fitted once per fold); null for none.</param>
    /// <param name="trainer">The estimator built from each candidate.</param>
    /// <param name="space">Distributions (or lists) to draw from.</param>
    /// <param name="iterations">Number of draws (capped at the size of an all-list space).</param>
    /// <param name="seed">Seed of the draws.</param>
    /// <param name="metric">The metric that ranks candidates.</param>
    /// <param name="folds">How to split the data; default 5 folds, or an integer, or a <see cref="Folds"/> splitter.</param>
    /// <param name="labelColumnName">The label column, for scoring and stratification.</param>
    /// <param name="options">Failure policy, refit and seed.</param>
    public static CrossValidatedSearch RandomSearch(this RegressionCatalog catalog, IEstimator<ITransformer>? featurizer, SweepableEstimator trainer, MlNetHpo.SearchSpaces.SearchSpace space, int iterations = 10, int seed = 0, RegressionMetric metric = RegressionMetric.RSquared, Folds? folds = null, string labelColumnName = "Label", SearchOptions? options = null) =>
        Search(catalog, featurizer, trainer, new RandomSearchTuner(space, iterations, seed), metric, folds, labelColumnName, options);

    /// <summary>Seeded random regression search; each candidate is bound onto a new <typeparamref name="TOptions"/> handed to <paramref name="trainer"/>.</summary>
    /// <param name="catalog">The task catalog.</param>
    /// <param name="featurizer">The part of the pipeline no hyperparameter touches (fitted once per fold); null for none.</param>
    /// <param name="trainer">Makes the estimator from Options with the candidate's values bound by name.</param>
    /// <param name="space">Distributions (or lists) to draw from.</param>
    /// <param name="iterations">Number of draws (capped at the size of an all-list space).</param>
    /// <param name="seed">Seed of the draws.</param>
    /// <param name="metric">The metric that ranks candidates.</param>
    /// <param name="folds">How to split the data; default 5 folds, or an integer, or a <see cref="Folds"/> splitter.</param>
    /// <param name="labelColumnName">The label column, for scoring and stratification.</param>
    /// <param name="options">Failure policy, refit and seed.</param>
    public static CrossValidatedSearch RandomSearch<TOptions>(this RegressionCatalog catalog, IEstimator<ITransformer>? featurizer, Func<TOptions, IEstimator<ITransformer>> trainer, MlNetHpo.SearchSpaces.SearchSpace space, int iterations = 10, int seed = 0, RegressionMetric metric = RegressionMetric.RSquared, Folds? folds = null, string labelColumnName = "Label", SearchOptions? options = null)
        where TOptions : class, new() =>
        RandomSearch(catalog, featurizer, SweepableEstimator.FromOptions(trainer), space, iterations, seed, metric, folds, labelColumnName, options);

    /// <summary>Cross-validated regression search driven by any <see cref="ITuner"/>.</summary>
    /// <param name="catalog">The task catalog.</param>
    /// <param name="featurizer">The part of the pipeline no hyperparameter touches (fitted once per fold); null for none.</param>
    /// <param name="trainer">The estimator built from each candidate.</param>
    /// <param name="tuner">Proposes the candidates.</param>
    /// <param name="metric">The metric that ranks candidates.</param>
    /// <param name="folds">How to split the data; default 5 folds, or an integer, or a <see cref="Folds"/> splitter.</param>
    /// <param name="labelColumnName">The label column, for scoring and stratification.</param>
    /// <param name="options">Failure policy, refit and seed.</param>
    public static CrossValidatedSearch Search(this RegressionCatalog catalog, IEstimator<ITransformer>? featurizer, SweepableEstimator trainer, ITuner tuner, RegressionMetric metric = RegressionMetric.RSquared, Folds? folds = null, string labelColumnName = "Label", SearchOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new CrossValidatedSearch(featurizer, trainer, tuner, Scorer.Regression(metric, labelColumnName), folds ?? 5, options);
    }

}
