using MlNetHpo.Scoring;
using MlNetHpo.SearchSpaces;
using MlNetHpo.Sweeping;

namespace MlNetHpo.Cli.Trainers;

/// <summary>A trainer the CLI knows by a short name, with its default search space.</summary>
/// <param name="Name">The short name (--trainer).</param>
/// <param name="Description">The ML.NET trainer behind it.</param>
/// <param name="Linear">True for linear models, which get their features standardized inside the featurizer.</param>
/// <param name="Estimator">The library's ready trainer, named by the short name: builds each candidate by the one options sequence.</param>
internal sealed record TrainerEntry(string Name, string Description, bool Linear, SweepableEstimator Estimator)
{
    /// <summary>The space searched when no --space file is given: the ready trainer's (the README's table of ready spaces).</summary>
    public SearchSpace DefaultSpace => Estimator.SearchSpace!;
}

/// <summary>
/// The command line's trainers: a map from short name to the library's ready trainer (<see cref="ReadyTrainers"/>), so the
/// CLI and the library share one set of default spaces and one way of making Options (single-threaded, columns last).
/// Adding a trainer is one line: task, short name, description, linear or not, and the ready trainer for a label column.
/// </summary>
internal static class TrainerTable
{
    private const SearchTask Binary = SearchTask.BinaryClassification;
    private const SearchTask Multiclass = SearchTask.MulticlassClassification;
    private const SearchTask Regression = SearchTask.Regression;
    private const string Features = Data.Featurizer.FeaturesColumn;

    /// <summary>Every trainer, in the order they are listed to users (per task).</summary>
    private static readonly (SearchTask Task, string Name, string Description, bool Linear, Func<string, SweepableEstimator> Ready)[] All =
    [
        (Binary, "lr", "MlNetHpo LogisticRegression (scikit-learn semantics: C, Penalty, Solver, L1Ratio)", true, label => ReadyTrainers.Binary.LogisticRegression(label, Features)),
        (Binary, "lbfgs", "LbfgsLogisticRegressionBinary", true, label => ReadyTrainers.Binary.LbfgsLogisticRegression(label, Features)),
        (Binary, "sdca", "SdcaLogisticRegressionBinary", true, label => ReadyTrainers.Binary.SdcaLogisticRegression(label, Features)),
        (Binary, "averagedperceptron", "AveragedPerceptron", true, label => ReadyTrainers.Binary.AveragedPerceptron(label, Features)),
        (Binary, "linearsvm", "LinearSvm", true, label => ReadyTrainers.Binary.LinearSvm(label, Features)),
        (Binary, "fasttree", "FastTreeBinary", false, label => ReadyTreeTrainers.Binary.FastTree(label, Features)),
        (Binary, "fastforest", "FastForestBinary", false, label => ReadyTreeTrainers.Binary.FastForest(label, Features)),
        (Binary, "lightgbm", "LightGbmBinary", false, label => ReadyTreeTrainers.Binary.LightGbm(label, Features)),
        (Multiclass, "lbfgs", "LbfgsMaximumEntropyMulticlass", true, label => ReadyTrainers.Multiclass.LbfgsMaximumEntropy(label, Features)),
        (Multiclass, "sdca", "SdcaMaximumEntropyMulticlass", true, label => ReadyTrainers.Multiclass.SdcaMaximumEntropy(label, Features)),
        (Multiclass, "fasttree", "FastTreeBinary one-versus-all", false, label => ReadyTreeTrainers.Multiclass.FastTreeOva(label, Features)),
        (Multiclass, "fastforest", "FastForestBinary one-versus-all", false, label => ReadyTreeTrainers.Multiclass.FastForestOva(label, Features)),
        (Multiclass, "lightgbm", "LightGbmMulticlass", false, label => ReadyTreeTrainers.Multiclass.LightGbm(label, Features)),
        (Regression, "ridge", "MlNetHpo Ridge (scikit-learn semantics: Alpha)", true, label => ReadyTrainers.Regression.Ridge(label, Features)),
        (Regression, "lasso", "MlNetHpo Lasso (scikit-learn semantics: Alpha)", true, label => ReadyTrainers.Regression.Lasso(label, Features)),
        (Regression, "elasticnet", "MlNetHpo ElasticNet (scikit-learn semantics: Alpha, L1Ratio)", true, label => ReadyTrainers.Regression.ElasticNet(label, Features)),
        (Regression, "linear", "MlNetHpo LinearRegression (scikit-learn's ordinary least squares)", true, label => ReadyTrainers.Regression.LinearRegression(label, Features)),
        (Regression, "sdca", "SdcaRegression", true, label => ReadyTrainers.Regression.Sdca(label, Features)),
        (Regression, "lbfgs", "LbfgsPoissonRegression", true, label => ReadyTrainers.Regression.LbfgsPoissonRegression(label, Features)),
        (Regression, "ogd", "OnlineGradientDescent", true, label => ReadyTrainers.Regression.OnlineGradientDescent(label, Features)),
        (Regression, "fasttree", "FastTreeRegression", false, label => ReadyTreeTrainers.Regression.FastTree(label, Features)),
        (Regression, "fastforest", "FastForestRegression", false, label => ReadyTreeTrainers.Regression.FastForest(label, Features)),
        (Regression, "lightgbm", "LightGbmRegression", false, label => ReadyTreeTrainers.Regression.LightGbm(label, Features)),
    ];

    /// <summary>The trainers of <paramref name="task"/>, in the order they are listed to users.</summary>
    public static IReadOnlyList<TrainerEntry> For(SearchTask task, string label) =>
        [.. All.Where(t => t.Task == task).Select(t => new TrainerEntry(t.Name, t.Description, t.Linear, t.Ready(label).WithName(t.Name)))];

    /// <summary>The trainer called <paramref name="name"/> (case-insensitive).</summary>
    /// <exception cref="CliException">No such trainer for the task; the message lists the valid ones.</exception>
    public static TrainerEntry Find(SearchTask task, string name, string label)
    {
        var all = All.Where(t => t.Task == task).ToArray();
        var entry = all.FirstOrDefault(t => string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase));
        return entry.Name is null
            ? throw new CliException($"Unknown trainer '{name}' for {TaskNames.Describe(task)}. Valid trainers: {string.Join(", ", all.Select(t => t.Name))}.")
            : new TrainerEntry(entry.Name, entry.Description, entry.Linear, entry.Ready(label).WithName(entry.Name));
    }
}
