using Microsoft.ML;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;
using MlNetHpo.Scoring;
using MlNetHpo.SearchSpaces;
using MlNetHpo.Sweeping;
using MlNetHpo.Trainers;

namespace MlNetHpo.Cli.Trainers;

/// <summary>A trainer the CLI knows by a short name, with its default search space.</summary>
/// <param name="Name">The short name (--trainer).</param>
/// <param name="Description">The ML.NET trainer behind it.</param>
/// <param name="Linear">True for linear models, which get their features standardized inside the featurizer.</param>
/// <param name="Estimator">Builds the trainer from a candidate's parameters (bound by name onto its Options).</param>
/// <param name="DefaultSpace">The space searched when no --space file is given.</param>
internal sealed record TrainerEntry(string Name, string Description, bool Linear, SweepableEstimator Estimator, SearchSpace DefaultSpace);

/// <summary>
/// The trainers of each task by short name, with default spaces modelled on AutoML's. This is the one place to
/// point at the library's ready-made trainers (<c>ReadyTrainers.Binary/Multiclass/Regression</c>) once they land:
/// each entry only needs a <see cref="SweepableEstimator"/> and its space.
/// SDCA runs single-threaded, so its results do not depend on thread scheduling.
/// </summary>
internal static class TrainerTable
{
    /// <summary>The trainers of <paramref name="task"/>, in the order they are listed to users.</summary>
    /// <param name="task">The task.</param>
    /// <param name="label">The label column.</param>
    /// <param name="weight">The example weight column of lr (--weight-col), or null.</param>
    /// <param name="classWeight">lr's class weights (--class-weight), or null.</param>
    public static IReadOnlyList<TrainerEntry> For(SearchTask task, string label, string? weight = null, string? classWeight = null) => task switch
    {
        SearchTask.BinaryClassification =>
        [
            Lr(label, weight, classWeight, o => new LogisticRegressionTrainer(o)),
            new("lbfgs", "LbfgsLogisticRegressionBinary", true,
                SweepableEstimator.FromOptions((MLContext ml, LbfgsLogisticRegressionBinaryTrainer.Options o) =>
                {
                    o.LabelColumnName = label;
                    return ml.BinaryClassification.Trainers.LbfgsLogisticRegression(o);
                }, "lbfgs"),
                LinearSpace("L1Regularization", "L2Regularization")),
            new("sdca", "SdcaLogisticRegressionBinary", true,
                SweepableEstimator.FromOptions((MLContext ml, SdcaLogisticRegressionBinaryTrainer.Options o) =>
                {
                    o.LabelColumnName = label;
                    o.NumberOfThreads ??= 1;
                    return ml.BinaryClassification.Trainers.SdcaLogisticRegression(o);
                }, "sdca"),
                LinearSpace("L1Regularization", "L2Regularization")),
            new("averagedperceptron", "AveragedPerceptron", true,
                SweepableEstimator.FromOptions((MLContext ml, AveragedPerceptronTrainer.Options o) =>
                {
                    o.LabelColumnName = label;
                    return ml.BinaryClassification.Trainers.AveragedPerceptron(o);
                }, "averagedperceptron"),
                new SearchSpace { ["LearningRate"] = Distribution.LogUniform(0.01, 1), ["NumberOfIterations"] = Distribution.UniformInt(1, 20) }),
            new("linearsvm", "LinearSvm", true,
                SweepableEstimator.FromOptions((MLContext ml, LinearSvmTrainer.Options o) =>
                {
                    o.LabelColumnName = label;
                    return ml.BinaryClassification.Trainers.LinearSvm(o);
                }, "linearsvm"),
                new SearchSpace { ["Lambda"] = Distribution.LogUniform(1e-5, 1), ["NumberOfIterations"] = Distribution.UniformInt(1, 20) }),
            new("fasttree", "FastTreeBinary", false,
                SweepableEstimator.FromOptions((MLContext ml, FastTreeBinaryTrainer.Options o) =>
                {
                    o.LabelColumnName = label;
                    return ml.BinaryClassification.Trainers.FastTree(o);
                }, "fasttree"),
                TreeSpace("NumberOfTrees", withLearningRate: true)),
            new("fastforest", "FastForestBinary", false,
                SweepableEstimator.FromOptions((MLContext ml, FastForestBinaryTrainer.Options o) =>
                {
                    o.LabelColumnName = label;
                    return ml.BinaryClassification.Trainers.FastForest(o);
                }, "fastforest"),
                TreeSpace("NumberOfTrees", withLearningRate: false)),
            new("lightgbm", "LightGbmBinary", false,
                SweepableEstimator.FromOptions((MLContext ml, LightGbmBinaryTrainer.Options o) =>
                {
                    o.LabelColumnName = label;
                    return ml.BinaryClassification.Trainers.LightGbm(o);
                }, "lightgbm"),
                TreeSpace("NumberOfIterations", withLearningRate: true)),
        ],
        SearchTask.MulticlassClassification =>
        [
            Lr(label, weight, classWeight, o => new MulticlassLogisticRegressionTrainer(o)),
            new("lbfgs", "LbfgsMaximumEntropyMulticlass", true,
                SweepableEstimator.FromOptions((MLContext ml, LbfgsMaximumEntropyMulticlassTrainer.Options o) =>
                {
                    o.LabelColumnName = label;
                    return ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy(o);
                }, "lbfgs"),
                LinearSpace("L1Regularization", "L2Regularization")),
            new("sdca", "SdcaMaximumEntropyMulticlass", true,
                SweepableEstimator.FromOptions((MLContext ml, SdcaMaximumEntropyMulticlassTrainer.Options o) =>
                {
                    o.LabelColumnName = label;
                    o.NumberOfThreads ??= 1;
                    return ml.MulticlassClassification.Trainers.SdcaMaximumEntropy(o);
                }, "sdca"),
                LinearSpace("L1Regularization", "L2Regularization")),
            new("fasttree", "FastTreeBinary one-versus-all", false,
                SweepableEstimator.FromOptions((MLContext ml, FastTreeBinaryTrainer.Options o) =>
                {
                    o.LabelColumnName = label;
                    return ml.MulticlassClassification.Trainers.OneVersusAll(ml.BinaryClassification.Trainers.FastTree(o), label);
                }, "fasttree"),
                TreeSpace("NumberOfTrees", withLearningRate: true)),
            new("fastforest", "FastForestBinary one-versus-all", false,
                SweepableEstimator.FromOptions((MLContext ml, FastForestBinaryTrainer.Options o) =>
                {
                    o.LabelColumnName = label;
                    return ml.MulticlassClassification.Trainers.OneVersusAll(ml.BinaryClassification.Trainers.FastForest(o), label);
                }, "fastforest"),
                TreeSpace("NumberOfTrees", withLearningRate: false)),
            new("lightgbm", "LightGbmMulticlass", false,
                SweepableEstimator.FromOptions((MLContext ml, LightGbmMulticlassTrainer.Options o) =>
                {
                    o.LabelColumnName = label;
                    return ml.MulticlassClassification.Trainers.LightGbm(o);
                }, "lightgbm"),
                TreeSpace("NumberOfIterations", withLearningRate: true)),
        ],
        _ =>
        [
            new("sdca", "SdcaRegression", true,
                SweepableEstimator.FromOptions((MLContext ml, SdcaRegressionTrainer.Options o) =>
                {
                    o.LabelColumnName = label;
                    o.NumberOfThreads ??= 1;
                    return ml.Regression.Trainers.Sdca(o);
                }, "sdca"),
                LinearSpace("L1Regularization", "L2Regularization")),
            new("lbfgs", "LbfgsPoissonRegression", true,
                SweepableEstimator.FromOptions((MLContext ml, LbfgsPoissonRegressionTrainer.Options o) =>
                {
                    o.LabelColumnName = label;
                    return ml.Regression.Trainers.LbfgsPoissonRegression(o);
                }, "lbfgs"),
                LinearSpace("L1Regularization", "L2Regularization")),
            new("ogd", "OnlineGradientDescent", true,
                SweepableEstimator.FromOptions((MLContext ml, OnlineGradientDescentTrainer.Options o) =>
                {
                    o.LabelColumnName = label;
                    return ml.Regression.Trainers.OnlineGradientDescent(o);
                }, "ogd"),
                new SearchSpace { ["LearningRate"] = Distribution.LogUniform(0.001, 1), ["NumberOfIterations"] = Distribution.UniformInt(1, 20) }),
            new("fasttree", "FastTreeRegression", false,
                SweepableEstimator.FromOptions((MLContext ml, FastTreeRegressionTrainer.Options o) =>
                {
                    o.LabelColumnName = label;
                    return ml.Regression.Trainers.FastTree(o);
                }, "fasttree"),
                TreeSpace("NumberOfTrees", withLearningRate: true)),
            new("fastforest", "FastForestRegression", false,
                SweepableEstimator.FromOptions((MLContext ml, FastForestRegressionTrainer.Options o) =>
                {
                    o.LabelColumnName = label;
                    return ml.Regression.Trainers.FastForest(o);
                }, "fastforest"),
                TreeSpace("NumberOfTrees", withLearningRate: false)),
            new("lightgbm", "LightGbmRegression", false,
                SweepableEstimator.FromOptions((MLContext ml, LightGbmRegressionTrainer.Options o) =>
                {
                    o.LabelColumnName = label;
                    return ml.Regression.Trainers.LightGbm(o);
                }, "lightgbm"),
                TreeSpace("NumberOfIterations", withLearningRate: true)),
        ],
    };

    /// <summary>The trainer called <paramref name="name"/> (case-insensitive).</summary>
    /// <exception cref="CliException">No such trainer for the task; the message lists the valid ones.</exception>
    public static TrainerEntry Find(SearchTask task, string name, string label, string? weight = null, string? classWeight = null)
    {
        var all = For(task, label, weight, classWeight);
        if ((weight ?? classWeight) is not null && !string.Equals(name, "lr", StringComparison.OrdinalIgnoreCase))
        {
            throw new CliException($"--weight-col and --class-weight apply to the lr trainer only, not '{name}'.");
        }

        return all.FirstOrDefault(t => string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase))
            ?? throw new CliException($"Unknown trainer '{name}' for {TaskNames.Describe(task)}. Valid trainers: {string.Join(", ", all.Select(t => t.Name))}.");
    }

    /// <summary>scikit-learn's LogisticRegression on either classification catalog, with the example and class weights.</summary>
    private static TrainerEntry Lr(string label, string? weight, string? classWeight, Func<LogisticRegressionOptions, IEstimator<ITransformer>> trainer)
    {
        var weights = classWeight is null ? null : ClassWeight.Parse(classWeight);
        return new("lr", "MlNetHpo LogisticRegression (scikit-learn semantics: C, Penalty, Solver, L1Ratio, MultiClass)", true,
            SweepableEstimator.FromOptions((LogisticRegressionOptions o) =>
            {
                o.LabelColumnName = label;
                o.ExampleWeightColumnName = weight;
                o.ClassWeight = weights;
                return trainer(o);
            }, "lr"),
            SearchSpace.Union(
                new SearchSpace { ["C"] = Distribution.LogUniform(1e-3, 1e3), ["Penalty"] = Distribution.Choice("l2"), ["Solver"] = Distribution.Choice("lbfgs") },
                new SearchSpace { ["C"] = Distribution.LogUniform(1e-3, 1e3), ["Penalty"] = Distribution.Choice("l1"), ["Solver"] = Distribution.Choice("liblinear") }));
    }

    private static SearchSpace LinearSpace(string l1, string l2) => new()
    {
        [l1] = Distribution.LogUniform(1e-4, 10),
        [l2] = Distribution.LogUniform(1e-4, 10),
    };

    private static SearchSpace TreeSpace(string trees, bool withLearningRate)
    {
        var space = new SearchSpace
        {
            ["NumberOfLeaves"] = Distribution.LogUniformInt(4, 64),
            [trees] = Distribution.LogUniformInt(10, 200),
        };
        if (withLearningRate)
        {
            space.Add("LearningRate", Distribution.LogUniform(0.01, 0.5));
        }
        else
        {
            space.Add("FeatureFraction", Distribution.Uniform(0.5, 1));
        }

        return space;
    }
}
