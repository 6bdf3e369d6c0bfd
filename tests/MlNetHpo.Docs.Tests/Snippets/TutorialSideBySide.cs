using Microsoft.ML;
using MlNetHpo.Experiments;
using MlNetHpo.AutoML;
using MlNetHpo.Trainers;

namespace MlNetHpo.Docs.Tests.Snippets;

/// <summary>README, "The scikit-learn tutorial, side by side".</summary>
internal static class TutorialSideBySide
{
    public static (ITransformer BaseModel, SearchResult Grid, SearchResult Random) Run(MLContext ml, IEstimator<ITransformer> featurizer, IDataView trainData, ParameterGrid space)
    {
        // <snippet:TutorialSideBySide>
        var baseModel = featurizer.Append(ml.BinaryClassification.Trainers.LogisticRegression()).Fit(trainData);
        var grid = new ParameterGrid
        {
            ["C"] = [0.001, 0.01, 0.1, 1, 10, 100, 1000],
            ["Penalty"] = [Penalty.L1, Penalty.L2, Penalty.ElasticNet, Penalty.None],   // or "l1", "l2", "elasticnet", null
            ["Solver"] = [Solver.NewtonCg, Solver.Lbfgs, Solver.Liblinear, Solver.Sag, Solver.Saga],
        };
        var gridResult = ml.BinaryClassification.GridSearch(featurizer,
            (LogisticRegressionOptions o) => ml.BinaryClassification.Trainers.LogisticRegression(o), grid, folds: 5).Fit(trainData);
        var randomResult = ml.BinaryClassification.RandomSearch(featurizer,
            (LogisticRegressionOptions o) => ml.BinaryClassification.Trainers.LogisticRegression(o), space, iterations: 100, seed: 42).Fit(trainData);
        // </snippet:TutorialSideBySide>
        return (baseModel, gridResult, randomResult);
    }
}
