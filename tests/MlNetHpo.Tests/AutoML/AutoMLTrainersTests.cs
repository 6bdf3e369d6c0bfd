using Microsoft.ML;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;
using MlNetHpo.AutoML;
using MlNetHpo.AutoML.CodeGen;

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
        (string, string, bool, Func<SweepableEstimator>?, AutoCatalog.AutoMLOption?)[] trainers =
            [("FastTreeBinary", "useFastTree", true, null, null), ("LightGbmBinary", "useLgbm", true, null, null), ("Linear", "useLinear", true, Linear, null)];

        var e = Assert.Throws<InvalidOperationException>(() => AutoCatalog.Trainers("BinaryClassification", "Label", "Features", null, null, trainers));
        Assert.StartsWith("BinaryClassification: useFastTree, useLgbm need the MlNetHpo.Trees package", e.Message);
        Assert.EndsWith("add it, or pass useFastTree: false, useLgbm: false.", e.Message);

        // With the tree flags off, the core alone makes the choice.
        var linearOnly = AutoCatalog.Trainers("BinaryClassification", "Label", "Features", null, null,
            [("FastTreeBinary", "useFastTree", false, null, null), ("LightGbmBinary", "useLgbm", false, null, null), ("Linear", "useLinear", true, Linear, null)]);
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

    [Fact]
    public void AGivenSearchSpaceReplacesTheReadyOneOfThatTrainerOnly()
    {
        var autoMLSdca = new SearchSpace<SdcaOption>().Space;

        var binary = Ml.Auto().BinaryClassification("Survived", useFastForest: false, useLgbm: false, useFastTree: false, sdcaLogisticRegressionSearchSpace: new SearchSpace<SdcaOption>());

        Assert.Equal(autoMLSdca.ToString(), Trainer(binary, "SdcaLogisticRegressionBinary").SearchSpace!.ToString());
        Assert.Equal("loguniform[0.03125, 32768]", autoMLSdca["L2Regularization"].ToString());
        Assert.Equal(MlNetHpo.Sweeping.ReadySpaces.Lbfgs().ToString(), Trainer(binary, "LbfgsLogisticRegressionBinary").SearchSpace!.ToString());
        Assert.NotEqual(autoMLSdca.ToString(), Trainer(Ml.Auto().BinaryClassification(), "SdcaLogisticRegressionBinary").SearchSpace!.ToString());

        // A point of the given space reaches the trainer, on the method's columns.
        var sdca = Options<SdcaLogisticRegressionBinaryTrainer.Options>(binary, "SdcaLogisticRegressionBinary", new Parameter([new("L1Regularization", 2f), new("L2Regularization", 3f)]));
        Assert.Equal((2f, 3f, "Survived"), (sdca.L1Regularization!.Value, sdca.L2Regularization!.Value, sdca.LabelColumnName));

        // Each method's parameters reach their trainer (AutoML's names, "Entorphy" included).
        Assert.Equal(autoMLSdca.ToString(), Trainer(Ml.Auto().MultiClassification(sdcaMaximumEntorphySearchSpace: new SearchSpace<SdcaOption>()), "SdcaMaximumEntropyMulti").SearchSpace!.ToString());
        Assert.Equal(autoMLSdca.ToString(), Trainer(Ml.Auto().Regression(sdcaSearchSpace: new SearchSpace<SdcaOption>()), "SdcaRegression").SearchSpace!.ToString());
        Assert.Equal(new SearchSpace<LbfgsOption>().Space.ToString(), Trainer(Ml.Auto().Regression(lbfgsPoissonRegressionSearchSpace: new SearchSpace<LbfgsOption>()), "LbfgsPoissonRegressionRegression").SearchSpace!.ToString());
    }

    [Fact]
    public void AGivenOptionFixesWhatItsSpaceDoesNotSearchAndTheMethodsColumnsWin()
    {
        var option = new FastTreeOption { DiskTranspose = true, LabelColumnName = "Ignored", NumberOfTrees = 8 };

        var pipeline = Ml.Auto().BinaryClassification("Survived", "X", fastTreeOption: option);

        // The option class's space (AutoML's ranges), its values the defaults; DiskTranspose fixed on every candidate.
        var fastTree = Trainer(pipeline, "FastTreeBinary");
        Assert.Equal(new SearchSpace<FastTreeOption>().Space.ToString(), fastTree.SearchSpace!.ToString());
        var built = Options<FastTreeBinaryTrainer.Options>(pipeline, "FastTreeBinary", new Parameter([new("NumberOfTrees", 16), new("NumberOfLeaves", 5)]));
        Assert.Equal((true, 16, 5, "Survived", "X"), (built.DiskTranspose, built.NumberOfTrees, built.NumberOfLeaves, built.LabelColumnName, built.FeatureColumnName));
        Assert.Null(Options<FastTreeBinaryTrainer.Options>(Ml.Auto().BinaryClassification(), "FastTreeBinary", new Parameter([new("NumberOfTrees", 16)])).DiskTranspose);

        // A searched value outside its class's space is refused, naming it, as SearchSpace<T>(defaultOption) refuses it.
        var e = Assert.Throws<ArgumentException>(() => Ml.Auto().Regression(sdcaOption: new SdcaOption { L2Regularization = 1e-6f }));
        Assert.Contains("'L2Regularization'", e.Message);
    }

    [Fact]
    public void LightGbmsNumberOfTreesSetsItsIterationsAndTheBoosterGetsItsMembers()
    {
        var pipeline = Ml.Auto().Regression(lgbmSearchSpace: new SearchSpace<LgbmOption>());

        var options = Options<LightGbmRegressionTrainer.Options>(pipeline, "LightGbmRegression",
            new Parameter([new("NumberOfTrees", 7), new("SubsampleFraction", 0.5), new("L2Regularization", 0.25), new("NumberOfLeaves", 6)]));

        Assert.Equal((7, 6), (options.NumberOfIterations, options.NumberOfLeaves));
        var booster = Assert.IsType<GradientBooster.Options>(options.Booster);
        Assert.Equal((0.5, 0.25), (booster.SubsampleFraction, booster.L2Regularization));
    }

    /// <summary>The trainers of the pipeline's one stage, in their order (AutoML keys them e0, e1, ...).</summary>
    private static List<string> Trainers(SweepablePipeline pipeline) => [.. pipeline.Estimators.Values.Select(e => e.Name)];

    /// <summary>The Options the trainer named <paramref name="trainer"/> builds for <paramref name="point"/>, by default the first point of its space.</summary>
    private static TOptions Options<TOptions>(SweepablePipeline pipeline, string trainer, Parameter? point = null)
    {
        var estimator = Trainer(pipeline, trainer);
        return (TOptions)estimator.OptionsFor(typeof(TOptions), point ?? estimator.SearchSpace!.ToGrid(2).First())!;
    }

    private static SweepableEstimator Trainer(SweepablePipeline pipeline, string trainer) => pipeline.Estimators.Values.Single(e => e.Name == trainer);
}
