using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetHpo.AutoML;
using MlNetHpo.Evaluation;
using MlNetHpo.Scoring;
using MlNetHpo.Sweeping;

namespace MlNetHpo.TunerBench;

/// <summary>
/// One benchmark problem: generated data split once into train and validation (the holdout runner: one fit per trial,
/// as 5-fold cross-validation would take five and not fit the 10-minute budget), a trainer with its space, and a choice
/// of trainers for ECI. The data is generated from a fixed seed, so every run sees the same rows.
/// </summary>
internal sealed record Problem(string Name, string Description, Metric Metric, SweepableEstimator Trainer, SweepableEstimator Choice, IEstimator<ITransformer>? Featurizer, IDataView Train, IDataView Validation)
{
    public const int FeatureCount = 10;

    public static IReadOnlyList<Problem> All(MLContext ml) => [Binary(ml), Regression(ml), Multiclass(ml)];

    /// <summary>LightGBM on 20,000 rows (15,000 train, 5,000 validation): a label with interactions and noise, AUC.</summary>
    private static Problem Binary(MLContext ml)
    {
        var random = new Random(1);
        var rows = Enumerable.Range(0, 20_000).Select(_ =>
        {
            var x = Normals(random);
            var logit = x[0] + (0.8 * x[1] * x[2]) - (0.6 * x[3] * x[3]) + (0.7 * Math.Sin(2 * x[4])) + (0.5 * x[5]) + 0.6;
            return new Row { Features = [.. x.Select(v => (float)v)], Label = logit + Normal(random) > 0 };
        }).ToArray();
        var (train, validation) = Split(ml, rows, 15_000);
        var lightGbm = ReadyTreeTrainers.Binary.LightGbm(configure: o => o.NumberOfThreads = 1);
        var fastTree = ReadyTreeTrainers.Binary.FastTree(configure: o => o.NumberOfThreads = 1);
        return new Problem("binary", "LightGBM, 20,000 rows x 10 features (15,000 / 5,000 holdout), AUC", (Metric)BinaryClassificationMetric.AreaUnderRocCurve,
            Cheaper(lightGbm), SweepableEstimator.Choice(Cheaper(lightGbm), Cheaper(fastTree)), null, train, validation);
    }

    /// <summary>FastTree on Friedman's #1 function (5 informative features of 10, noise sd 1), 3,000 rows (2,000 / 1,000), R².</summary>
    private static Problem Regression(MLContext ml)
    {
        var random = new Random(2);
        var rows = Enumerable.Range(0, 3_000).Select(_ =>
        {
            var x = Enumerable.Range(0, FeatureCount).Select(_ => random.NextDouble()).ToArray();
            var y = (10 * Math.Sin(Math.PI * x[0] * x[1])) + (20 * (x[2] - 0.5) * (x[2] - 0.5)) + (10 * x[3]) + (5 * x[4]) + Normal(random);
            return new RegressionRow { Features = [.. x.Select(v => (float)v)], Label = (float)y };
        }).ToArray();
        var train = ml.Data.LoadFromEnumerable(rows.Take(2_000));
        var validation = ml.Data.LoadFromEnumerable(rows.Skip(2_000));
        var fastTree = ReadyTreeTrainers.Regression.FastTree(configure: o => o.NumberOfThreads = 1);
        var lightGbm = ReadyTreeTrainers.Regression.LightGbm(configure: o => o.NumberOfThreads = 1);
        return new Problem("regression", "FastTree, Friedman #1, 3,000 rows x 10 features (2,000 / 1,000 holdout), R²", (Metric)RegressionMetric.RSquared,
            Cheaper(fastTree), SweepableEstimator.Choice(Cheaper(fastTree), Cheaper(lightGbm)), null, ml.Data.Cache(train), ml.Data.Cache(validation));
    }

    /// <summary>LightGBM multiclass on 5 overlapping Gaussian classes, one of them a shell, 3,000 rows (2,000 / 1,000), log-loss.</summary>
    private static Problem Multiclass(MLContext ml)
    {
        var random = new Random(3);
        var centres = Enumerable.Range(0, 4).Select(_ => Normals(random).Select(v => 1.2 * v).ToArray()).ToArray();
        var rows = Enumerable.Range(0, 3_000).Select(i =>
        {
            var k = i % 5;
            var x = Normals(random);
            if (k < 4)
            {
                x = [.. x.Select((v, j) => v + centres[k][j])];
            }
            else
            {
                // The fifth class: a shell around the origin in the first three features, which no linear boundary separates.
                var norm = Math.Sqrt((x[0] * x[0]) + (x[1] * x[1]) + (x[2] * x[2]));
                for (var j = 0; j < 3; j++)
                {
                    x[j] *= 3 / norm;
                }
            }

            return new MulticlassRow { Features = [.. x.Select(v => (float)v)], Label = (uint)k };
        }).ToArray();
        var train = ml.Data.LoadFromEnumerable(rows.Take(2_000));
        var validation = ml.Data.LoadFromEnumerable(rows.Skip(2_000));
        var lightGbm = ReadyTreeTrainers.Multiclass.LightGbm(configure: o => o.NumberOfThreads = 1);
        var lbfgs = ReadyTrainers.Multiclass.LbfgsMaximumEntropy();
        return new Problem("multiclass", "LightGBM multiclass, 5 classes, 3,000 rows x 10 features (2,000 / 1,000 holdout), log-loss", (Metric)MulticlassClassificationMetric.LogLoss,
            Cheaper(lightGbm), SweepableEstimator.Choice(Cheaper(lightGbm), lbfgs), ml.Transforms.Conversion.MapValueToKey("Label"), ml.Data.Cache(train), ml.Data.Cache(validation));
    }

    /// <summary>
    /// The ready space with the tree counts cut to 4 - 100 and the leaves to 4 - 128 (ready: 4 - 500 and 4 - 1024), so that
    /// 50 trials x 10 seeds x 4 tuners x 3 problems fit the 10-minute budget on 2 cores; every other range stays the ready one.
    /// </summary>
    private static SweepableEstimator Cheaper(SweepableEstimator trainer)
    {
        var space = new SearchSpace();
        foreach (var (name, distribution) in trainer.SearchSpace!)
        {
            space.Add(name, name switch
            {
                "NumberOfTrees" or "NumberOfIterations" => Distribution.LogUniformInt(4, 100),
                "NumberOfLeaves" => Distribution.LogUniformInt(4, 128),
                _ => distribution,
            });
        }

        return trainer.WithSearchSpace(space);
    }

    private static (IDataView Train, IDataView Validation) Split(MLContext ml, Row[] rows, int train) =>
        (ml.Data.Cache(ml.Data.LoadFromEnumerable(rows.Take(train))), ml.Data.Cache(ml.Data.LoadFromEnumerable(rows.Skip(train))));

    private static double[] Normals(Random random) => [.. Enumerable.Range(0, FeatureCount).Select(_ => Normal(random))];

    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    /// <summary>The runner of one trial: fit on the train rows, score the validation rows.</summary>
    public IUnitTrialRunner Runner(SweepableEstimator trainer) => new HoldoutRunner(Featurizer, trainer, Metric, Train, Validation, seed: 0);

    private sealed class Row
    {
        [VectorType(FeatureCount)]
        public float[] Features { get; set; } = [];

        public bool Label { get; set; }
    }

    private sealed class RegressionRow
    {
        [VectorType(FeatureCount)]
        public float[] Features { get; set; } = [];

        public float Label { get; set; }
    }

    private sealed class MulticlassRow
    {
        [VectorType(FeatureCount)]
        public float[] Features { get; set; } = [];

        public uint Label { get; set; }
    }
}
