// <snippet:ApiTour>
using Microsoft.ML;
using MlNetHpo.Experiments;
using MlNetHpo.Scoring;
using MlNetHpo.AutoML;
using MlNetHpo.Trainers;
// </snippet:ApiTour>

namespace MlNetHpo.Docs.Tests.Snippets;

/// <summary>README, "API tour"; writes its files into the working directory.</summary>
internal static class ApiTour
{
    public static SearchResult Run(IDataView trainData)
    {
        // <snippet:ApiTour>
        var ml = new MLContext(seed: 42);
        var features = ml.Transforms.Concatenate("Features", "Pclass", "Fare", "Sex_n", "Embarked_n", "FamMembers");

        var grid = new ParameterGrid
        {
            ["C"] = [0.001, 0.01, 0.1, 1, 10, 100, 1000],
            ["Penalty"] = [Penalty.L1, Penalty.L2, Penalty.ElasticNet, Penalty.None],
            ["Solver"] = [Solver.NewtonCg, Solver.Lbfgs, Solver.Liblinear, Solver.Sag, Solver.Saga],
        };
        var result = ml.BinaryClassification.GridSearch(
                features,                                                                      // fitted once per fold
                (LogisticRegressionOptions o) => ml.BinaryClassification.Trainers.LogisticRegression(o),
                grid, metric: BinaryClassificationMetric.Accuracy, folds: 5)
            .Fit(trainData);

        Parameter best = result.BestParameters;       // {C: 10, Penalty: L1, Solver: Liblinear}
        Penalty penalty = best.Get<Penalty>("Penalty");  // typed
        double score = result.BestScore;               // mean CV accuracy of the best candidate
        var table = result.Candidates;                 // per candidate: parameters, split scores, mean, std, rank, fit/score times, error
        string? failures = result.FailureSummary;      // identical errors grouped with counts, as scikit-learn prints them
        result.SaveCsv("cv_results.csv"); result.SaveJson("results.json");
        ml.Model.Save(result, trainData.Schema, "model.zip");   // writes the refitted standard ML.NET model
        // </snippet:ApiTour>
        return result;
    }
}
