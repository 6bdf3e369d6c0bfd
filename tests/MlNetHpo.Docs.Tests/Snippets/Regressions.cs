using Microsoft.ML;
using MlNetHpo.Experiments;
using MlNetHpo.AutoML;
using MlNetHpo.Trainers;

namespace MlNetHpo.Docs.Tests.Snippets;

/// <summary>README, scikit-learn's regressions (compiled only).</summary>
internal static class RegressionsSnippet
{
    public static CrossValidatedSearch Build(MLContext ml, IEstimator<ITransformer> featurizer)
    {
        // <snippet:Regressions>
        var grid = new ParameterGrid { ["Alpha"] = [0.01, 0.1, 1.0], ["L1Ratio"] = [0.2, 0.5, 1.0] };
        var search = ml.Regression.GridSearch(featurizer, (ElasticNetOptions o) => ml.Regression.Trainers.ElasticNet(o), grid, folds: 5);
        // </snippet:Regressions>
        return search;
    }
}
