using System.Collections.Immutable;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetHpo.Trainers;

namespace MlNetHpo.Docs.Tests.Snippets;

/// <summary>README, the binary LogisticRegression as an ML.NET trainer (compiled only).</summary>
internal static class BinaryTrainerSnippet
{
    public static (ITransformer, ITransformer, ImmutableArray<BinaryClassificationMetricsStatistics>, LogisticRegressionModel) Build(
        MLContext ml, IEstimator<ITransformer> featurizer, IDataView trainData, IDataView multiclassData, IDataView featurized)
    {
        // <snippet:BinaryTrainer>
        var trainer = ml.BinaryClassification.Trainers.LogisticRegression(c: 0.5);
        var model = featurizer.Append(trainer).Fit(trainData);                     // TransformerChain<BinaryPredictionTransformer<...>>
        var ova = ml.MulticlassClassification.Trainers.OneVersusAll(trainer).Fit(multiclassData);   // scikit-learn's OneVsRestClassifier
        var importance = ml.BinaryClassification.PermutationFeatureImportance(trainer.Fit(featurized), featurized);
        LogisticRegressionModel solution = trainer.FitModel(featurized);         // coef_ and intercept_ in double, Converged, Warnings
        // </snippet:BinaryTrainer>
        return (model, ova, importance, solution);
    }
}
