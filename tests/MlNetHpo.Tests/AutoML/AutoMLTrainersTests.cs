using Microsoft.ML;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.FastTree;
using MlNetHpo.AutoML;

namespace MlNetHpo.Tests.AutoML;

/// <summary>
/// <c>mlContext.Auto().BinaryClassification / MultiClassification / Regression</c>: AutoML's trainers, names and order, the
/// <c>use*</c> flags, the weight column, and the tree trainers coming from MlNetHpo.Trees.
/// </summary>
public sealed class AutoMLTrainersTests
{
    private static readonly MLContext Ml = new(0);

    [Fact]
    public void EveryFlagOnGivesAutoMLsTrainersInAutoMLsOrder()
    {
        Assert.Equal(["FastTreeBinary", "FastForestBinary", "LightGbmBinary", "LbfgsLogisticRegressionBinary", "SdcaLogisticRegressionBinary"],
            Trainers(Ml.Auto().BinaryClassification()));
        Assert.Equal(["FastTreeOva", "FastForestOva", "LightGbmMulti", "LbfgsLogisticRegressionOva", "LbfgsMaximumEntropyMulti", "SdcaMaximumEntropyMulti", "SdcaLogisticRegressionOva"],
            Trainers(Ml.Auto().MultiClassification()));
        Assert.Equal(["FastTreeRegression", "FastForestRegression", "LightGbmRegression", "LbfgsPoissonRegressionRegression", "SdcaRegression"],
            Trainers(Ml.Auto().Regression()));
    }

    [Fact]
    public void AFlagTurnedOffLeavesItsTrainerOut()
    {
        Assert.Equal(["FastTreeBinary", "SdcaLogisticRegressionBinary"],
            Trainers(Ml.Auto().BinaryClassification(useFastForest: false, useLgbm: false, useLbfgsLogisticRegression: false)));
        Assert.Equal(["LightGbmMulti", "LbfgsMaximumEntropyMulti"],
            Trainers(Ml.Auto().MultiClassification(useFastForest: false, useFastTree: false, useLbfgsLogisticRegression: false, useSdcaMaximumEntrophy: false, useSdcaLogisticRegression: false)));
        Assert.Equal(["SdcaRegression"],
            Trainers(Ml.Auto().Regression(useFastForest: false, useLgbm: false, useFastTree: false, useLbfgsPoissonRegression: false)));
    }

    [Fact]
    public void EveryFlagOffIsAnError()
    {
        var e = Assert.Throws<ArgumentException>(() => Ml.Auto().Regression(useFastForest: false, useLgbm: false, useFastTree: false, useLbfgsPoissonRegression: false, useSdca: false));
        Assert.StartsWith("Regression: every use* flag is false; leave at least one trainer on (useFastTree, useFastForest, useLgbm, useLbfgsPoissonRegression, useSdca).", e.Message);
    }

    [Fact]
    public void WithoutTheTreePackageATreeFlagLeftOnIsAnErrorNamingTheFlags()
    {
        SweepableEstimator Linear() => SweepableEstimator.FromFactory((c, _) => c.Transforms.CopyColumns("A", "B"), "linear");
        (string, string, bool, Func<SweepableEstimator>?)[] trainers = [("FastTreeBinary", "useFastTree", true, null), ("LightGbmBinary", "useLgbm", true, null), ("Linear", "useLinear", true, Linear)];

        var e = Assert.Throws<InvalidOperationException>(() => AutoCatalog.Trainers("BinaryClassification", "Label", "Features", null, null, trainers));
        Assert.StartsWith("BinaryClassification: useFastTree, useLgbm need the MlNetHpo.Trees package", e.Message);
        Assert.EndsWith("add it, or pass useFastTree: false, useLgbm: false.", e.Message);

        // With the tree flags off, the core alone makes the choice.
        var linearOnly = AutoCatalog.Trainers("BinaryClassification", "Label", "Features", null, null,
            [("FastTreeBinary", "useFastTree", false, null), ("LightGbmBinary", "useLgbm", false, null), ("Linear", "useLinear", true, Linear)]);
        Assert.Equal(["Linear"], Trainers(linearOnly));
    }

    [Fact]
    public void TheLabelFeatureAndWeightColumnsReachEveryTrainersOptions()
    {
        var weighted = Ml.Auto().BinaryClassification("Survived", "X", "W");

        var lbfgs = Options<LbfgsLogisticRegressionBinaryTrainer.Options>(weighted, "LbfgsLogisticRegressionBinary");
        Assert.Equal(("Survived", "X", "W"), (lbfgs.LabelColumnName, lbfgs.FeatureColumnName, lbfgs.ExampleWeightColumnName));
        var fastTree = Options<FastTreeBinaryTrainer.Options>(weighted, "FastTreeBinary");
        Assert.Equal(("Survived", "X", "W"), (fastTree.LabelColumnName, fastTree.FeatureColumnName, fastTree.ExampleWeightColumnName));

        Assert.Null(Options<SdcaLogisticRegressionBinaryTrainer.Options>(Ml.Auto().BinaryClassification(), "SdcaLogisticRegressionBinary").ExampleWeightColumnName);
    }

    [Fact]
    public void EachTrainerIsAnEstimatorOfItsOwnChosenByTheSchemaAsInAutoML()
    {
        var pipeline = Ml.Auto().BinaryClassification(useFastForest: false, useLgbm: false, useFastTree: false);

        Assert.Equal(["e0", "e1"], pipeline.Estimators.Keys);
        Assert.Equal(["e0 * e1", "e0 * e2"], Ml.Transforms.Concatenate("Features", "A").Append(pipeline).SearchSpace.SubSpaces
            .Select(s => ((ChoiceDistribution)s["_SCHEMA_"]).Values.Single()!.ToString()!));
    }

    /// <summary>The trainers of the pipeline's one stage, in their order (AutoML keys them e0, e1, ...).</summary>
    private static List<string> Trainers(SweepablePipeline pipeline) => [.. pipeline.Estimators.Values.Select(e => e.Name)];

    /// <summary>The Options the trainer named <paramref name="trainer"/> builds for the first point of its space.</summary>
    private static TOptions Options<TOptions>(SweepablePipeline pipeline, string trainer)
    {
        var estimator = pipeline.Estimators.Values.Single(e => e.Name == trainer);
        return (TOptions)estimator.OptionsFor(typeof(TOptions), estimator.SearchSpace!.ToGrid(2).First())!;
    }
}
