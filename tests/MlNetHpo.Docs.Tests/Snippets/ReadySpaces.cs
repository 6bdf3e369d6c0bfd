using Microsoft.ML;
using MlNetHpo.Experiments;
// <snippet:ReadySpaces>
using MlNetHpo.AutoML;
using MlNetHpo.Sweeping;
// </snippet:ReadySpaces>

namespace MlNetHpo.Docs.Tests.Snippets;

/// <summary>README, "Ready search spaces and multi-trainer searches".</summary>
internal static class ReadySpacesSnippet
{
    public static (SearchResult Result, string Trainer, ParameterGrid Grid) Run(MLContext ml, IEstimator<ITransformer> features, IDataView trainData)
    {
        // <snippet:ReadySpaces>
        var choice = SweepableEstimator.Choice(
            ReadyTrainers.Binary.LogisticRegression(),
            ReadyTreeTrainers.Binary.FastTree(),
            ReadyTreeTrainers.Binary.LightGbm(configure: o => o.NumberOfThreads = 1));
        var result = ml.BinaryClassification.RandomSearch(features, choice, choice.SearchSpace!, iterations: 30, seed: 42).Fit(trainData);
        var trainer = result.BestParameters.Get<string>("Trainer");   // "FastTree", "LightGbm" or "LogisticRegression"; the model is refitted with that trainer
        var grid = ReadyTreeTrainers.Binary.FastTree().SearchSpace!.ToGrid(3);   // 3^6 = 729 candidates for a grid search
        // </snippet:ReadySpaces>
        return (result, trainer, grid);
    }
}
