using Microsoft.ML;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;
using MlNetHpo.Experiments;
using MlNetHpo.AutoML;
using MlNetHpo.Sweeping;

namespace MlNetHpo.Tests.Sweeping;

/// <summary>The one options sequence (new, configure, single-thread, bind, columns) behind every options-based sweepable.</summary>
public class OptionsSequenceTests
{
    private static readonly MLContext Ml = new(0);

    [Fact]
    public void ReadyTrainersRunSingleThreadedUnlessConfigureOrTheSpaceSetsIt()
    {
        var empty = Parameter.Empty;
        Assert.Equal(1, Options<LightGbmBinaryTrainer.Options>(ReadyTreeTrainers.Binary.LightGbm(), empty).NumberOfThreads);
        Assert.Equal(1, Options<Microsoft.ML.Trainers.SdcaLogisticRegressionBinaryTrainer.Options>(
            SweepableEstimator.FromOptions((Microsoft.ML.Trainers.SdcaLogisticRegressionBinaryTrainer.Options o) => Ml.BinaryClassification.Trainers.SdcaLogisticRegression(o)), empty).NumberOfThreads);
        Assert.Equal(3, Options<FastTreeBinaryTrainer.Options>(ReadyTreeTrainers.Binary.FastTree(), new Parameter([new("NumberOfThreads", 3)])).NumberOfThreads);
        Assert.Equal(2, Options<FastTreeBinaryTrainer.Options>(ReadyTreeTrainers.Binary.FastTree(configure: o => o.NumberOfThreads = 2), empty).NumberOfThreads);
    }

    [Fact]
    public void TheFastTreeFamilyKeepsMlNetsThreadDefaultSinceMlNetNeverOverlapsItsFits()
    {
        // ML.NET trains FastTree, FastForest and GAM under one process-wide lock: one thread each would idle every other core.
        var empty = Parameter.Empty;
        Assert.Null(Options<FastTreeBinaryTrainer.Options>(ReadyTreeTrainers.Binary.FastTree(), empty).NumberOfThreads);
        Assert.Null(Options<FastTreeRegressionTrainer.Options>(ReadyTreeTrainers.Regression.FastTree(), empty).NumberOfThreads);
        Assert.Null(Options<FastForestBinaryTrainer.Options>(
            SweepableEstimator.FromOptions((FastForestBinaryTrainer.Options o) => Ml.BinaryClassification.Trainers.FastForest(o)), empty).NumberOfThreads);
        Assert.Null(Options<GamBinaryTrainer.Options>(
            SweepableEstimator.FromOptions((GamBinaryTrainer.Options o) => Ml.BinaryClassification.Trainers.Gam(o)), empty).NumberOfThreads);
    }

    [Fact]
    public void TheColumnsComeLastAndACandidateCannotMoveThem()
    {
        var options = Options<FastTreeBinaryTrainer.Options>(ReadyTreeTrainers.Binary.FastTree("y", "x"), new Parameter([new("LabelColumnName", "other")]));
        Assert.Equal("y", options.LabelColumnName);
        Assert.Equal("x", options.FeatureColumnName);
    }

    [Fact]
    public void WithSearchSpaceKeepsValidationAndTheModelKey()
    {
        var space = new SearchSpace { ["NumberOfLeaves"] = Distribution.Choice(4, 8) };
        var trainer = ReadyTreeTrainers.Binary.FastTree().WithSearchSpace(space);

        Assert.Same(space, trainer.SearchSpace);
        var e = Assert.Throws<ArgumentException>(() => trainer.Validate(new Parameter([new("NumberOfLeafs", 4)])));
        Assert.StartsWith("'NumberOfLeafs' is not a hyperparameter of Options.", e.Message);
        var lr = SweepableEstimator.FromOptions((MlNetHpo.Trainers.LogisticRegressionOptions o) => Ml.BinaryClassification.Trainers.LogisticRegression(o));
        var candidate = new Parameter([new("C", 1.0), new("Penalty", "l2"), new("Solver", "lbfgs")]);
        Assert.Equal(lr.ModelKey(candidate), lr.WithSearchSpace(space).ModelKey(candidate));
        Assert.NotNull(lr.ModelKey(candidate));
    }

    [Fact]
    public void TwoNamesThatBindTheSameOptionAreRefused()
    {
        var e = Assert.Throws<ArgumentException>(() => ReadyTreeTrainers.Binary.FastTree().Validate(new Parameter([new("NumberOfLeaves", 4), new("numberofleaves", 8)])));
        Assert.StartsWith("The hyperparameters 'NumberOfLeaves' and 'numberofleaves' both set Options.NumberOfLeaves; keep one of them.", e.Message);
    }

    [Fact]
    public void BestOptionsOfALightGbmSearchBindsTheBoosterMembers()
    {
        var (data, features) = TitanicData.Load(Ml, SharedData.TitanicTrain("tutorial-2023"));
        var grid = new ParameterGrid { ["FeatureFraction"] = [0.8], ["L2Regularization"] = [0.5], ["NumberOfLeaves"] = [4], ["NumberOfIterations"] = [10] };

        var result = Ml.BinaryClassification.GridSearch(
            TitanicData.Features(Ml, features), ReadyTreeTrainers.Binary.LightGbm(), grid, folds: 2, options: new SearchOptions { Refit = false }).Fit(data);
        var best = result.BestOptions<LightGbmBinaryTrainer.Options>();

        var booster = Assert.IsType<GradientBooster.Options>(best.Booster);
        Assert.Equal(0.8, booster.FeatureFraction);
        Assert.Equal(0.5, booster.L2Regularization);
        Assert.Equal(4, best.NumberOfLeaves);
        Assert.Equal(10, best.NumberOfIterations);
        Assert.Equal(1, best.NumberOfThreads);
        Assert.Equal("Label", best.LabelColumnName);
    }

    [Fact]
    public void TheReadyLightGbmTrainersRouteBoosterMembersOntoAConfiguredBooster()
    {
        var candidate = new Parameter([new("FeatureFraction", 0.7), new("NumberOfLeaves", 6)]);
        var dart = Options<LightGbmRegressionTrainer.Options>(
            ReadyTreeTrainers.Regression.LightGbm(configure: o => o.Booster = new DartBooster.Options { TreeDropFraction = 0.2 }), candidate);
        var booster = Assert.IsType<DartBooster.Options>(dart.Booster);
        Assert.Equal(0.7, booster.FeatureFraction);
        Assert.Equal(0.2, booster.TreeDropFraction);
        Assert.Equal(6, dart.NumberOfLeaves);

        var multiclass = Options<LightGbmMulticlassTrainer.Options>(ReadyTreeTrainers.Multiclass.LightGbm(), candidate);
        Assert.Equal(0.7, Assert.IsType<GradientBooster.Options>(multiclass.Booster).FeatureFraction);
    }

    [Fact]
    public void WithoutTheTreePackagesBindingABoosterMemberIsNotAnOptionsMember()
    {
        // The core's plain sequence knows no booster: FromOptions over LightGBM Options binds the Options' own members only.
        var plain = SweepableEstimator.FromOptions((MLContext c, LightGbmBinaryTrainer.Options o) => c.BinaryClassification.Trainers.LightGbm(o));
        var e = Assert.Throws<ArgumentException>(() => plain.Validate(new Parameter([new("FeatureFraction", 0.7)])));
        Assert.StartsWith("'FeatureFraction' is not a hyperparameter of Options.", e.Message);
    }

    private static T Options<T>(SweepableEstimator trainer, Parameter parameter)
        where T : class => Assert.IsType<T>(trainer.OptionsFor(typeof(T), parameter));
}
