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
        var stage = Ml.Auto().BinaryClassification("Survived", "X", "W").Estimators["e0"];

        var lbfgs = (LbfgsLogisticRegressionBinaryTrainer.Options)stage.OptionsFor(typeof(LbfgsLogisticRegressionBinaryTrainer.Options), Candidate(stage, "LbfgsLogisticRegressionBinary"))!;
        Assert.Equal(("Survived", "X", "W"), (lbfgs.LabelColumnName, lbfgs.FeatureColumnName, lbfgs.ExampleWeightColumnName));
        var fastTree = (FastTreeBinaryTrainer.Options)stage.OptionsFor(typeof(FastTreeBinaryTrainer.Options), Candidate(stage, "FastTreeBinary"))!;
        Assert.Equal(("Survived", "X", "W"), (fastTree.LabelColumnName, fastTree.FeatureColumnName, fastTree.ExampleWeightColumnName));

        var unweighted = Ml.Auto().BinaryClassification().Estimators["e0"];
        var sdca = (SdcaLogisticRegressionBinaryTrainer.Options)unweighted.OptionsFor(typeof(SdcaLogisticRegressionBinaryTrainer.Options), Candidate(unweighted, "SdcaLogisticRegressionBinary"))!;
        Assert.Null(sdca.ExampleWeightColumnName);
    }

    /// <summary>The trainers the pipeline's one stage chooses among, in the order of its sub-spaces.</summary>
    private static List<string> Trainers(SweepablePipeline pipeline) => pipeline.SearchSpace.SubSpaces[0].ContainsKey("e0.Trainer")
        ? [.. pipeline.SearchSpace.SubSpaces.Select(s => ((ChoiceDistribution)s["e0.Trainer"]).Values[0]!.ToString()!).Distinct()]
        : [pipeline.Estimators["e0"].Name]; // one trainer: a plain stage, no choice

    /// <summary>The first point of <paramref name="trainer"/>'s sub-space, with the trainer's name.</summary>
    private static Parameter Candidate(SweepableEstimator stage, string trainer) =>
        stage.SearchSpace!.ToGrid(2).First(p => p.TryGetValue("Trainer", out var name) && Equals(name, trainer));
}
