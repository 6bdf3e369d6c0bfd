using Microsoft.ML;
using MlNetHpo.Experiments;
using MlNetHpo.Scoring;
using MlNetHpo.AutoML;
using MlNetHpo.Trainers;
using MlNetHpo.Validation;

namespace MlNetHpo.Docs.Tests.Snippets;

/// <summary>README, "Migrating from scikit-learn".</summary>
internal static class MigratingFromScikitLearn
{
    public static (Parameter BestParams, double BestScore, int BestIndex, ITransformer BestEstimator, IDataView Predictions, string CvResults, SearchResult Randomized, SearchResult NoRefit) Run(
        MLContext ml, IEstimator<ITransformer> featurizer, IDataView trainData, IDataView testData)
    {
        // <snippet:MigratingFromScikitLearn>
        var grid = new ParameterGrid                                       // param_grid = {"C": [...], "penalty": [...]}
        {
            ["C"] = [0.1, 1, 10],
            ["Penalty"] = ["l1", "l2"],                                    // scikit-learn's spellings bind to the enums
            ["Solver"] = ["liblinear"],
        };
        var search = ml.BinaryClassification.GridSearch(                   // GridSearchCV(LogisticRegression(), param_grid,
            featurizer,                                                    //   (the Pipeline steps before the model)
            (LogisticRegressionOptions o) => ml.BinaryClassification.Trainers.LogisticRegression(o),
            grid, metric: BinaryClassificationMetric.Accuracy, folds: 5);  //   scoring="accuracy", cv=5)
        var result = search.Fit(trainData);                                // .fit(X, y); refit=True is the default

        Parameter bestParams = result.BestParameters;                      // best_params_
        double bestScore = result.BestScore;                               // best_score_
        int bestIndex = result.BestIndex;                                  // best_index_
        ITransformer bestEstimator = result.Model!;                        // best_estimator_ (featurizer + model, refitted)
        IDataView predictions = result.Transform(testData);                // search.predict(X_test)
        string cvResults = result.ToCsv();                                 // pd.DataFrame(search.cv_results_).to_csv()
        foreach (var c in result.Candidates)                               // one row of cv_results_ each
        {
            Console.WriteLine($"{c.Parameters} {c.MeanScore:F4} ± {c.StdScore:F4} rank {c.Rank} {c.Error}");
        }

        var space = new SearchSpace                                        // param_distributions
        {
            ["C"] = Distribution.LogUniform(1e-4, 1e4),                    // scipy.stats.loguniform(1e-4, 1e4)
            ["Penalty"] = Distribution.Choice("l1", "l2"),
            ["Solver"] = Distribution.Choice("liblinear"),
        };
        var randomized = ml.BinaryClassification.RandomSearch(             // RandomizedSearchCV(..., n_iter=20, random_state=0,
            featurizer,
            (LogisticRegressionOptions o) => ml.BinaryClassification.Trainers.LogisticRegression(o),
            space, iterations: 20, seed: 0,
            folds: Folds.Stratified(5, shuffle: true, seed: 0),            //   cv=StratifiedKFold(5, shuffle=True, random_state=0),
            options: new SearchOptions { FailuresAreFatal = true })        //   error_score="raise")
            .Fit(trainData);

        var noRefit = ml.BinaryClassification.GridSearch(                  // GridSearchCV(..., refit=False)
            featurizer,
            (LogisticRegressionOptions o) => ml.BinaryClassification.Trainers.LogisticRegression(o),
            grid, options: new SearchOptions { Refit = false }).Fit(trainData);
        // </snippet:MigratingFromScikitLearn>
        return (bestParams, bestScore, bestIndex, bestEstimator, predictions, cvResults, randomized, noRefit);
    }
}
