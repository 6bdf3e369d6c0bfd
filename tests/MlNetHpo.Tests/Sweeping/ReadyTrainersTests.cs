using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;
using MlNetHpo.Scoring;
using MlNetHpo.AutoML;
using MlNetHpo.Sweeping;
using MlNetHpo.Trainers;
using MlNetHpo.Validation;

namespace MlNetHpo.Tests.Sweeping;

public class ReadyTrainersTests
{
    private static readonly (SearchTask Task, SweepableEstimator Trainer)[] All =
    [
        (SearchTask.BinaryClassification, ReadyTrainers.Binary.LbfgsLogisticRegression()),
        (SearchTask.BinaryClassification, ReadyTrainers.Binary.SdcaLogisticRegression(configure: o => o.MaximumNumberOfIterations = 50)),
        (SearchTask.BinaryClassification, ReadyTreeTrainers.Binary.FastTree()),
        (SearchTask.BinaryClassification, ReadyTreeTrainers.Binary.FastForest()),
        (SearchTask.BinaryClassification, ReadyTreeTrainers.Binary.LightGbm(configure: o => o.NumberOfThreads = 1)),
        (SearchTask.BinaryClassification, ReadyTrainers.Binary.LogisticRegression()),
        (SearchTask.MulticlassClassification, ReadyTrainers.Multiclass.LbfgsMaximumEntropy()),
        (SearchTask.MulticlassClassification, ReadyTrainers.Multiclass.SdcaMaximumEntropy(configure: o => o.MaximumNumberOfIterations = 50)),
        (SearchTask.MulticlassClassification, ReadyTreeTrainers.Multiclass.LightGbm(configure: o => o.NumberOfThreads = 1)),
        (SearchTask.MulticlassClassification, ReadyTreeTrainers.Multiclass.FastTreeOva()),
        (SearchTask.MulticlassClassification, ReadyTreeTrainers.Multiclass.FastForestOva()),
        (SearchTask.MulticlassClassification, ReadyTrainers.Multiclass.LogisticRegression()),
        (SearchTask.Regression, ReadyTrainers.Regression.Sdca(configure: o => o.MaximumNumberOfIterations = 50)), // Small data, weak L2: see ReadySpaces.Sdca.
        (SearchTask.Regression, ReadyTrainers.Regression.LbfgsPoissonRegression()),
        (SearchTask.Regression, ReadyTreeTrainers.Regression.FastTree()),
        (SearchTask.Regression, ReadyTreeTrainers.Regression.FastTreeTweedie()),
        (SearchTask.Regression, ReadyTreeTrainers.Regression.FastForest()),
        (SearchTask.Regression, ReadyTreeTrainers.Regression.LightGbm(configure: o => o.NumberOfThreads = 1)),
        (SearchTask.Regression, ReadyTrainers.Regression.Ridge()),
        (SearchTask.Regression, ReadyTrainers.Regression.Lasso()),
        (SearchTask.Regression, ReadyTrainers.Regression.ElasticNet()),
    ];

    public static TheoryData<string> Names => [.. All.Select(Key)];

    [Theory]
    [MemberData(nameof(Names))]
    public void EveryPointOfTheThreePointGridBuilds(string name)
    {
        var trainer = Find(name).Trainer;
        var space = trainer.SearchSpace!;
        Assert.False(space.IsGrid); // Ranges, not lists: the same space serves random search.
        var grid = space.ToGrid(3);
        Assert.True(grid.Count >= 3, $"{name}: {grid.Count} points");
        var ml = new MLContext(0);
        // Every point binds; every point builds the trainer (which validates its options) for grids up to 1000 points, an evenly
        // strided 1000 of the larger LightGBM grids (3^8 = 6561 points: building all took 6-7 s per task on a loaded machine).
        var stride = Math.Max(1, grid.Count / 1000);
        var index = 0;
        foreach (var point in grid)
        {
            trainer.Validate(point);
            if (index++ % stride == 0)
            {
                Assert.NotNull(trainer.BuildFromOption(ml, point));
            }
        }

        // Bounds are grid points: every range's minimum and maximum appear.
        foreach (var sub in space.SubSpaces)
        {
            foreach (var (key, distribution) in sub)
            {
                var values = grid.Where(p => p.ContainsKey(key)).Select(p => Convert.ToDouble(p.Value(key))).ToHashSet();
                switch (distribution)
                {
                    case UniformDistribution u:
                        Assert.Contains(u.Min, values);
                        Assert.Contains(u.Max, values);
                        break;
                    case LogUniformIntDistribution l:
                        Assert.Equal([l.Min, (long)Math.Round(Math.Sqrt(l.Min * (double)l.Max)), l.Max], values.Select(v => (long)v).Order());
                        break;
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void ATinyRandomSearchOverTheReadySpaceRunsWithoutFailures(string name)
    {
        var (task, trainer) = Find(name);
        var space = Small(trainer.SearchSpace!);
        var ml = new MLContext(0);
        var search = task switch
        {
            SearchTask.BinaryClassification => ml.BinaryClassification.RandomSearch(null, trainer, space, iterations: 3, seed: 1, folds: 3),
            SearchTask.MulticlassClassification => ml.MulticlassClassification.RandomSearch(
                ml.Transforms.Conversion.MapValueToKey("Label", "Class"), trainer, space, iterations: 3, seed: 1, folds: Folds.Stratified(3, columnName: "Class")),
            _ => ml.Regression.RandomSearch(null, trainer, space, iterations: 3, seed: 1, folds: 3),
        };
        var data = task switch
        {
            SearchTask.BinaryClassification => GeneratedData.Binary(ml, rows: 120),
            SearchTask.MulticlassClassification => GeneratedData.Multiclass(ml, rows: 120),
            _ => GeneratedData.Regression(ml, rows: 120),
        };

        var result = search.Fit(data);

        Assert.True(result.FailedCount == 0, $"{name}: {result.FailureSummary}");
        Assert.Equal(3, result.Candidates.Count);
        Assert.All(result.Candidates, c => Assert.False(double.IsNaN(c.MeanScore)));
    }

    [Fact]
    public void ColumnNamesAreSetAfterBindingAndFixedSettingsBeforeIt()
    {
        var ml = new MLContext(0);
        var data = ml.Transforms.CopyColumns("Target", "Label").Append(ml.Transforms.CopyColumns("X", "Features"))
            .Fit(GeneratedData.Binary(ml)).Transform(GeneratedData.Binary(ml));
        data = ml.Transforms.DropColumns("Label", "Features").Fit(data).Transform(data);
        var trainer = ReadyTreeTrainers.Binary.FastTree("Target", "X", configure: o => o.NumberOfTrees = 5);

        var result = ml.BinaryClassification.GridSearch(null, trainer, new ParameterGrid { ["NumberOfLeaves"] = [4] }, folds: 3, labelColumnName: "Target").Fit(data);
        Assert.True(result.FailedCount == 0, result.FailureSummary);
        var model = Assert.IsType<BinaryPredictionTransformer<Microsoft.ML.Calibrators.CalibratedModelParametersBase<FastTreeBinaryModelParameters, Microsoft.ML.Calibrators.PlattCalibrator>>>(result.Model);
        Assert.Equal(5, model.Model.SubModel.TrainedTreeEnsemble.Trees.Count); // The fixed setting held.

        // A candidate cannot move the columns: they are set after its values (a label "Elsewhere" would not fit: no such column).
        var moved = trainer.BuildFromOption(ml, new Parameter([new("LabelColumnName", "Elsewhere"), new("NumberOfLeaves", 4)]));
        Assert.Equal(
            result.Model!.Transform(data).GetColumn<float>("Score"),
            moved.Fit(data).Transform(data).GetColumn<float>("Score"));
    }

    [Fact]
    public void LightGbmBoosterMembersAreRoutedOntoTheBooster()
    {
        var ml = new MLContext(0);
        var trainer = ReadyTreeTrainers.Binary.LightGbm(configure: o => o.NumberOfThreads = 1);
        var parameter = new Parameter([new("L2Regularization", 0.5), new("FeatureFraction", 0.7), new("NumberOfLeaves", 8)]);
        trainer.Validate(parameter);
        var estimator = trainer.BuildFromOption(ml, parameter);
        Assert.NotNull(estimator.Fit(GeneratedData.Binary(ml)));
        var wrong = Assert.Throws<ArgumentException>(() => trainer.Validate(new Parameter([new("NoSuchMember", 1)])));
        Assert.Contains("NumberOfLeaves", wrong.Message);
    }

    [Fact]
    public void LogisticRegressionSpaceHasOnlyCompatibleSolverAndPenaltyPairs()
    {
        var grid = ReadySpaces.LogisticRegression().ToGrid(3);
        Assert.Equal(3 + 6 + 9, grid.Count);
        Assert.All(grid, p => new LogisticRegressionTrainer(OptionsBinder.Bind(new LogisticRegressionOptions(), p))); // Validates at construction.
        Assert.Equal([1e-4, 1.0, 1e4], grid.Select(p => p.Get<double>("C")).Distinct().Order().Select(c => Math.Round(c, 6)));
    }

    /// <summary>The space with tree counts and leaves capped, so a test fit takes milliseconds; everything else as shipped.</summary>
    private static SearchSpace Small(SearchSpace space) => SearchSpace.Union(space.SubSpaces.Select(sub =>
    {
        var small = new SearchSpace();
        foreach (var (key, distribution) in sub)
        {
            small[key] = key switch
            {
                "NumberOfTrees" or "NumberOfIterations" => Distribution.LogUniformInt(4, 20),
                "NumberOfLeaves" => Distribution.LogUniformInt(4, 16),
                _ => distribution,
            };
        }

        return small;
    }));

    private static string Key((SearchTask Task, SweepableEstimator Trainer) entry) => $"{entry.Task}.{entry.Trainer.Name}";

    private static (SearchTask Task, SweepableEstimator Trainer) Find(string name) => All.Single(e => Key(e) == name);
}
