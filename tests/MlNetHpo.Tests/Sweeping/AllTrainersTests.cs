using System.Reflection;
using System.Runtime.CompilerServices;
using Microsoft.ML;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;
using MlNetHpo.Scoring;
using MlNetHpo.AutoML;
using MlNetHpo.Sweeping;
using MlNetHpo.Trainers;
using MlNetHpo.Validation;

namespace MlNetHpo.Tests.Sweeping;

/// <summary>
/// Every trainer of Microsoft.ML, Microsoft.ML.FastTree and Microsoft.ML.LightGbm (and ours) on the binary, multiclass and
/// regression catalogs is searched by naming its Options members: a tiny grid, 3 folds, 200 generated rows. A second test
/// reflects over the catalogs' extension methods so that a trainer added to a referenced package shows up as missing here.
/// </summary>
public class AllTrainersTests
{
    /// <summary>
    /// Trainer entry points that the table below does not search, with the reason. Not enumerated at all: the Ranking,
    /// Clustering, AnomalyDetection and Recommendation catalogs (the search engine scores binary, multiclass and regression
    /// only). Not referenced, so not listed: Microsoft.ML.Mkl.Components (Ols, SymbolicSgdLogisticRegression), which the
    /// package feed does not serve.
    /// </summary>
    private static readonly Dictionary<(SearchTask Task, string Method), string> Exclusions = [];

    private static readonly TrainerCase[] Cases =
    [
        // Binary classification: Microsoft.ML.StandardTrainers.
        Binary("AveragedPerceptron", Opt((MLContext c, AveragedPerceptronTrainer.Options o) => c.BinaryClassification.Trainers.AveragedPerceptron(o)),
            new() { ["LearningRate"] = [0.1, 1.0], ["NumberOfIterations"] = [5] }),
        Binary("FieldAwareFactorizationMachine", Opt((MLContext c, FieldAwareFactorizationMachineTrainer.Options o) => c.BinaryClassification.Trainers.FieldAwareFactorizationMachine(o)),
            new() { ["LatentDimension"] = [4, 8], ["NumberOfIterations"] = [5] }),
        Binary("LbfgsLogisticRegression", Opt((MLContext c, LbfgsLogisticRegressionBinaryTrainer.Options o) => c.BinaryClassification.Trainers.LbfgsLogisticRegression(o)),
            new() { ["L1Regularization"] = [0.0, 1.0], ["L2Regularization"] = [0.1, 10.0] }),
        Binary("LdSvm", Opt((MLContext c, LdSvmTrainer.Options o) => c.BinaryClassification.Trainers.LdSvm(o)),
            new() { ["TreeDepth"] = [1, 3], ["NumberOfIterations"] = [200] }),
        Binary("LinearSvm", Opt((MLContext c, LinearSvmTrainer.Options o) => c.BinaryClassification.Trainers.LinearSvm(o)),
            new() { ["Lambda"] = [0.001, 0.1], ["NumberOfIterations"] = [5] }),
        Binary("Prior", SweepableEstimator.FromFactory((c, _) => c.BinaryClassification.Trainers.Prior(), "Prior"),
            new(), minBestScore: 0.3, chanceScore: 0.3), // No hyperparameter (no Options class): one candidate; the majority rate.
        Binary("SdcaLogisticRegression", Opt((MLContext c, SdcaLogisticRegressionBinaryTrainer.Options o) => c.BinaryClassification.Trainers.SdcaLogisticRegression(o)),
            new() { ["L2Regularization"] = [0.01, 1.0], ["MaximumNumberOfIterations"] = [20] }),
        Binary("SdcaNonCalibrated", Opt((MLContext c, SdcaNonCalibratedBinaryTrainer.Options o) => c.BinaryClassification.Trainers.SdcaNonCalibrated(o)),
            new() { ["L1Regularization"] = [0.0, 0.1], ["MaximumNumberOfIterations"] = [20] }),
        Binary("SgdCalibrated", Opt((MLContext c, SgdCalibratedTrainer.Options o) => c.BinaryClassification.Trainers.SgdCalibrated(o)),
            new() { ["LearningRate"] = [0.01, 0.1], ["NumberOfIterations"] = [10] }),
        Binary("SgdNonCalibrated", Opt((MLContext c, SgdNonCalibratedTrainer.Options o) => c.BinaryClassification.Trainers.SgdNonCalibrated(o)),
            new() { ["L2Regularization"] = [1e-6, 1e-3], ["NumberOfIterations"] = [10] }),

        // Binary classification: Microsoft.ML.FastTree, Microsoft.ML.LightGbm, MlNetHpo.
        Binary("FastForest", Opt((MLContext c, FastForestBinaryTrainer.Options o) => c.BinaryClassification.Trainers.FastForest(o)),
            new() { ["NumberOfLeaves"] = [4, 16], ["NumberOfTrees"] = [10] }),
        Binary("FastTree", Opt((MLContext c, FastTreeBinaryTrainer.Options o) => c.BinaryClassification.Trainers.FastTree(o)),
            new() { ["LearningRate"] = [0.1, 0.3], ["NumberOfTrees"] = [10], ["NumberOfLeaves"] = [4] }),
        Binary("Gam", Opt((MLContext c, GamBinaryTrainer.Options o) => c.BinaryClassification.Trainers.Gam(o)),
            new() { ["LearningRate"] = [0.01, 0.1], ["NumberOfIterations"] = [50] }),
        Binary("LightGbm", Opt((MLContext c, LightGbmBinaryTrainer.Options o) => c.BinaryClassification.Trainers.LightGbm(o)),
            new() { ["NumberOfLeaves"] = [4, 16], ["NumberOfIterations"] = [10], ["MinimumExampleCountPerLeaf"] = [5], ["NumberOfThreads"] = [1] }),
        Binary("LogisticRegression", Opt((MLContext c, LogisticRegressionOptions o) => c.BinaryClassification.Trainers.LogisticRegression(o)),
            new() { ["C"] = [0.1, 10.0], ["Penalty"] = [Penalty.L1, Penalty.L2], ["Solver"] = [Solver.Liblinear] }),

        // Multiclass classification (the featurizer maps the text "Class" to the key "Label").
        Multiclass("LbfgsMaximumEntropy", Opt((MLContext c, LbfgsMaximumEntropyMulticlassTrainer.Options o) => c.MulticlassClassification.Trainers.LbfgsMaximumEntropy(o)),
            new() { ["L2Regularization"] = [0.1, 10.0] }),
        Multiclass("LightGbm", Opt((MLContext c, LightGbmMulticlassTrainer.Options o) => c.MulticlassClassification.Trainers.LightGbm(o)),
            new() { ["LearningRate"] = [0.1, 0.3], ["NumberOfIterations"] = [10], ["MinimumExampleCountPerLeaf"] = [5], ["NumberOfThreads"] = [1] }),
        Multiclass("LogisticRegression", Opt((MLContext c, LogisticRegressionOptions o) => c.MulticlassClassification.Trainers.LogisticRegression(o)),
            new() { ["C"] = [0.1, 10.0], ["MultiClass"] = [MultiClass.Multinomial, MultiClass.Ovr] }),
        Multiclass("NaiveBayes", SweepableEstimator.FromFactory((c, _) => c.MulticlassClassification.Trainers.NaiveBayes(), "NaiveBayes"),
            new()), // No hyperparameter (no Options class): one candidate.
        Multiclass("SdcaMaximumEntropy", Opt((MLContext c, SdcaMaximumEntropyMulticlassTrainer.Options o) => c.MulticlassClassification.Trainers.SdcaMaximumEntropy(o)),
            new() { ["L2Regularization"] = [0.01, 1.0], ["MaximumNumberOfIterations"] = [20] }),
        Multiclass("SdcaNonCalibrated", Opt((MLContext c, SdcaNonCalibratedMulticlassTrainer.Options o) => c.MulticlassClassification.Trainers.SdcaNonCalibrated(o)),
            new() { ["L2Regularization"] = [0.01, 1.0], ["MaximumNumberOfIterations"] = [20] }),

        // Multiclass around a binary trainer: the binary trainer's Options members are named, bound by OptionsBinder.
        Multiclass("OneVersusAll", SweepableEstimator.FromFactory(
                (c, p) => c.MulticlassClassification.Trainers.OneVersusAll(c.BinaryClassification.Trainers.SdcaLogisticRegression(OptionsBinder.Bind(new SdcaLogisticRegressionBinaryTrainer.Options(), p))),
                "OneVersusAll(SdcaLogisticRegression)"),
            new() { ["L2Regularization"] = [0.01, 1.0], ["MaximumNumberOfIterations"] = [20] }),
        Multiclass("OneVersusAll", SweepableEstimator.FromFactory(
                (c, p) => c.MulticlassClassification.Trainers.OneVersusAll(c.BinaryClassification.Trainers.FastTree(OptionsBinder.Bind(new FastTreeBinaryTrainer.Options(), p))),
                "OneVersusAll(FastTree)"), // FastTree has no multiclass trainer of its own.
            new() { ["NumberOfLeaves"] = [4, 8], ["NumberOfTrees"] = [10] }),
        Multiclass("PairwiseCoupling", SweepableEstimator.FromFactory(
                (c, p) => c.MulticlassClassification.Trainers.PairwiseCoupling(c.BinaryClassification.Trainers.LbfgsLogisticRegression(OptionsBinder.Bind(new LbfgsLogisticRegressionBinaryTrainer.Options(), p))),
                "PairwiseCoupling(LbfgsLogisticRegression)"),
            new() { ["L2Regularization"] = [0.1, 10.0] }),

        // Regression.
        Regression("ElasticNet", Opt((MLContext c, ElasticNetOptions o) => c.Regression.Trainers.ElasticNet(o)),
            new() { ["Alpha"] = [0.01, 0.1], ["L1Ratio"] = [0.5] }),
        Regression("FastForest", Opt((MLContext c, FastForestRegressionTrainer.Options o) => c.Regression.Trainers.FastForest(o)),
            new() { ["NumberOfLeaves"] = [4, 16], ["NumberOfTrees"] = [10] }),
        Regression("FastTree", Opt((MLContext c, FastTreeRegressionTrainer.Options o) => c.Regression.Trainers.FastTree(o)),
            new() { ["LearningRate"] = [0.1, 0.3], ["NumberOfTrees"] = [20], ["NumberOfLeaves"] = [4] }),
        Regression("FastTreeTweedie", Opt((MLContext c, FastTreeTweedieTrainer.Options o) => c.Regression.Trainers.FastTreeTweedie(o)),
            new() { ["Index"] = [1.2, 1.8], ["NumberOfTrees"] = [20], ["NumberOfLeaves"] = [4], ["LearningRate"] = [0.3] }),
        Regression("Gam", Opt((MLContext c, GamRegressionTrainer.Options o) => c.Regression.Trainers.Gam(o)),
            new() { ["LearningRate"] = [0.01, 0.1], ["NumberOfIterations"] = [50] }),
        Regression("Lasso", Opt((MLContext c, LassoOptions o) => c.Regression.Trainers.Lasso(o)),
            new() { ["Alpha"] = [0.01, 0.1] }),
        Regression("LbfgsPoissonRegression", Opt((MLContext c, LbfgsPoissonRegressionTrainer.Options o) => c.Regression.Trainers.LbfgsPoissonRegression(o)),
            new() { ["L2Regularization"] = [0.1, 10.0] }),
        Regression("LightGbm", Opt((MLContext c, LightGbmRegressionTrainer.Options o) => c.Regression.Trainers.LightGbm(o)),
            new() { ["NumberOfLeaves"] = [4, 16], ["NumberOfIterations"] = [20], ["MinimumExampleCountPerLeaf"] = [5], ["NumberOfThreads"] = [1] }),
        Regression("LinearRegression", Opt((MLContext c, LinearRegressionOptions o) => c.Regression.Trainers.LinearRegression(o)),
            new() { ["FitIntercept"] = [true] }),
        Regression("OnlineGradientDescent", Opt((MLContext c, OnlineGradientDescentTrainer.Options o) => c.Regression.Trainers.OnlineGradientDescent(o)),
            new() { ["LearningRate"] = [0.05, 0.2], ["NumberOfIterations"] = [50] }),
        Regression("Ridge", Opt((MLContext c, RidgeOptions o) => c.Regression.Trainers.Ridge(o)),
            new() { ["Alpha"] = [0.1, 10.0] }),
        Regression("Sdca", Opt((MLContext c, SdcaRegressionTrainer.Options o) => c.Regression.Trainers.Sdca(o)),
            new() { ["L2Regularization"] = [0.01, 1.0], ["MaximumNumberOfIterations"] = [20] }),
    ];

    public static TheoryData<string> CaseNames => [.. Cases.Select(c => c.Name)];

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void EachTrainerIsSearchedByNamingItsOptions(string name)
    {
        var trainerCase = Cases.Single(c => c.Name == name);
        var ml = new MLContext(0);
        var folds = Folds.Stratified(3);
        var result = trainerCase.Task switch
        {
            SearchTask.BinaryClassification => ml.BinaryClassification.GridSearch(null, trainerCase.Trainer, trainerCase.Grid, folds: folds)
                .Fit(GeneratedData.Binary(ml)),
            SearchTask.MulticlassClassification => ml.MulticlassClassification.GridSearch(
                    ml.Transforms.Conversion.MapValueToKey("Label", "Class"), trainerCase.Trainer, trainerCase.Grid, folds: Folds.Stratified(3, columnName: "Class"))
                .Fit(GeneratedData.Multiclass(ml)),
            _ => ml.Regression.GridSearch(null, trainerCase.Trainer, trainerCase.Grid, folds: Folds.KFold(3)).Fit(GeneratedData.Regression(ml)),
        };

        Assert.True(result.FailedCount == 0, $"{name}: {result.FailureSummary}");
        Assert.Equal(trainerCase.Grid.Count, result.Candidates.Count);
        Assert.All(result.Candidates, c => Assert.InRange(c.MeanScore, trainerCase.ChanceScore, 1.0));
        Assert.InRange(result.BestScore, trainerCase.MinBestScore, 1.0);
        Assert.NotNull(result.Model);
    }

    [Fact]
    public void EveryTrainerOfTheReferencedCatalogsIsInTheTable()
    {
        var catalogs = new Dictionary<Type, SearchTask>
        {
            [typeof(BinaryClassificationCatalog.BinaryClassificationTrainers)] = SearchTask.BinaryClassification,
            [typeof(MulticlassClassificationCatalog.MulticlassClassificationTrainers)] = SearchTask.MulticlassClassification,
            [typeof(RegressionCatalog.RegressionTrainers)] = SearchTask.Regression,
        };

        // Every ML.NET and MlNetHpo assembly beside the tests: a package added to the project brings its trainers here.
        var assemblies = Directory.GetFiles(AppContext.BaseDirectory, "*.dll")
            .Where(f => Path.GetFileName(f).StartsWith("Microsoft.ML", StringComparison.Ordinal) || Path.GetFileName(f) == "MlNetHpo.dll")
            .Select(f => Assembly.LoadFrom(f));
        var entryPoints = new SortedSet<(SearchTask Task, string Method)>();
        foreach (var assembly in assemblies)
        {
            Type[] types;
            try
            {
                types = assembly.GetExportedTypes();
            }
            catch (Exception e) when (e is ReflectionTypeLoadException or FileNotFoundException or NotSupportedException)
            {
                continue; // Native-interop or satellite assemblies with dependencies that are not deployed: no trainers there.
            }

            foreach (var method in types.SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Static)))
            {
                if (method.IsDefined(typeof(ExtensionAttribute)) && method.GetParameters() is [var first, ..] && catalogs.TryGetValue(first.ParameterType, out var task))
                {
                    entryPoints.Add((task, method.Name));
                }
            }
        }

        Assert.Contains((SearchTask.BinaryClassification, "LightGbm"), entryPoints); // The reflection found the packages' trainers.
        Assert.Contains((SearchTask.BinaryClassification, "LogisticRegression"), entryPoints); // And ours.
        var covered = Cases.Select(c => (c.Task, c.Method)).ToHashSet();
        var missing = entryPoints.Where(e => !covered.Contains(e) && !Exclusions.ContainsKey(e)).ToArray();
        Assert.True(missing.Length == 0, "Trainers not in the table: " + string.Join(", ", missing.Select(m => $"{m.Task}.{m.Method}")));
        var stale = covered.Where(c => !entryPoints.Contains(c)).ToArray();
        Assert.True(stale.Length == 0, "Table entries for no trainer: " + string.Join(", ", stale));
    }

    private static SweepableEstimator Opt<TOptions>(Func<MLContext, TOptions, IEstimator<ITransformer>> factory)
        where TOptions : class, new() => SweepableEstimator.FromOptions(factory);

    // Sane scores on the generated data: every candidate beats chance (accuracy 0.5 or 1/3, R-squared 0) by a margin, the best one clearly.
    private static TrainerCase Binary(string method, SweepableEstimator trainer, ParameterGrid grid, double minBestScore = 0.8, double chanceScore = 0.6) =>
        new(SearchTask.BinaryClassification, method, trainer, grid, minBestScore, chanceScore);

    private static TrainerCase Multiclass(string method, SweepableEstimator trainer, ParameterGrid grid, double minBestScore = 0.8, double chanceScore = 0.5) =>
        new(SearchTask.MulticlassClassification, method, trainer, grid, minBestScore, chanceScore);

    private static TrainerCase Regression(string method, SweepableEstimator trainer, ParameterGrid grid, double minBestScore = 0.5, double chanceScore = 0.05) =>
        new(SearchTask.Regression, method, trainer, grid, minBestScore, chanceScore);

    /// <summary>
    /// One trainer entry point (<paramref name="Method"/> on the task's Trainers catalog), a way to sweep it, a tiny grid, the least
    /// sane best mean score and the least sane mean score of any candidate.
    /// </summary>
    private sealed record TrainerCase(SearchTask Task, string Method, SweepableEstimator Trainer, ParameterGrid Grid, double MinBestScore, double ChanceScore)
    {
        public string Name => $"{Task}.{(Trainer.Name.Contains('(') ? Trainer.Name : Method)}";
    }
}
