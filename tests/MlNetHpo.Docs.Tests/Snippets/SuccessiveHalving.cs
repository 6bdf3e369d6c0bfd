using Microsoft.ML;
using MlNetHpo.Experiments;
// <snippet:SuccessiveHalving>
using MlNetHpo.AutoML;
using MlNetHpo.Halving;
using MlNetHpo.Sweeping;
using MlNetHpo.Trainers;
// </snippet:SuccessiveHalving>

namespace MlNetHpo.Docs.Tests.Snippets;

/// <summary>README, "Successive halving": the rows search runs (scikit-learn's numbers), the trees search is compiled only.</summary>
internal static class SuccessiveHalving
{
    public static (SearchResult Rows, CrossValidatedSearch Trees) Run(MLContext ml, IEstimator<ITransformer> featurizer, IDataView trainData)
    {
        // <snippet:SuccessiveHalving>
        var grid = new ParameterGrid { ["C"] = [0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10, 30, 100, 1000] };
        var result = ml.BinaryClassification.HalvingGridSearch(featurizer,             // HalvingGridSearchCV(LogisticRegression(), grid,
            (LogisticRegressionOptions o) => ml.BinaryClassification.Trainers.LogisticRegression(o), grid,
            new HalvingOptions { Factor = 3, MinResources = MinResources.Exhaust },    //   factor=3, min_resources="exhaust",
            seed: 0).Fit(trainData);                                                    //   random_state=0).fit(X, y)
        foreach (var c in result.Candidates)                                            // cv_results_["iter"], ["n_resources"]
        {
            Console.WriteLine($"iteration {c.Iteration}, {c.Resources} rows: {c.Parameters} {c.MeanScore:F4}");
        }

        var trees = ml.BinaryClassification.HalvingGridSearch(featurizer,              // resource="n_estimators", max_resources=243
            ReadyTreeTrainers.Binary.LightGbm(),
            new ParameterGrid { ["NumberOfLeaves"] = [4, 16, 64], ["LearningRate"] = [0.03, 0.1, 0.3] },
            new HalvingOptions { Resource = "NumberOfIterations", MaxResources = 243 });
        // </snippet:SuccessiveHalving>
        return (result, trees);
    }
}
