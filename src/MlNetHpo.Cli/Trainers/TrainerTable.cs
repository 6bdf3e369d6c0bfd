using MlNetHpo.Scoring;
using MlNetHpo.AutoML;
using MlNetHpo.Sweeping;
using MlNetHpo.Trainers;

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
/// Adding a trainer is one line: task, short name, description, linear or not, and the ready trainer for the columns.
/// </summary>
internal static class TrainerTable
{
    private const SearchTask Binary = SearchTask.BinaryClassification;
    private const SearchTask Multiclass = SearchTask.MulticlassClassification;
    private const SearchTask Regression = SearchTask.Regression;
    private const string Features = Data.Featurizer.FeaturesColumn;
    private const string LrDescription = "MlNetHpo LogisticRegression (scikit-learn semantics: C, Penalty, Solver, L1Ratio, MultiClass)";

    /// <summary>Every trainer, in the order they are listed to users (per task).</summary>
    private static readonly (SearchTask Task, string Name, string Description, bool Linear, Func<TrainerColumns, SweepableEstimator> Ready)[] All =
    [
        (Binary, "lr", LrDescription, true, c => ReadyTrainers.Binary.LogisticRegression(c.Label, Features, c.Weigh)),
        (Binary, "lbfgs", "LbfgsLogisticRegressionBinary", true, c => ReadyTrainers.Binary.LbfgsLogisticRegression(c.Label, Features)),
        (Binary, "sdca", "SdcaLogisticRegressionBinary", true, c => ReadyTrainers.Binary.SdcaLogisticRegression(c.Label, Features)),
        (Binary, "averagedperceptron", "AveragedPerceptron", true, c => ReadyTrainers.Binary.AveragedPerceptron(c.Label, Features)),
        (Binary, "linearsvm", "LinearSvm", true, c => ReadyTrainers.Binary.LinearSvm(c.Label, Features)),
        (Binary, "fasttree", "FastTreeBinary", false, c => ReadyTreeTrainers.Binary.FastTree(c.Label, Features)),
        (Binary, "fastforest", "FastForestBinary", false, c => ReadyTreeTrainers.Binary.FastForest(c.Label, Features)),
        (Binary, "lightgbm", "LightGbmBinary", false, c => ReadyTreeTrainers.Binary.LightGbm(c.Label, Features)),
        (Multiclass, "lr", LrDescription, true, c => ReadyTrainers.Multiclass.LogisticRegression(c.Label, Features, c.Weigh)),
        (Multiclass, "lbfgs", "LbfgsMaximumEntropyMulticlass", true, c => ReadyTrainers.Multiclass.LbfgsMaximumEntropy(c.Label, Features)),
        (Multiclass, "sdca", "SdcaMaximumEntropyMulticlass", true, c => ReadyTrainers.Multiclass.SdcaMaximumEntropy(c.Label, Features)),
        (Multiclass, "fasttree", "FastTreeBinary one-versus-all", false, c => ReadyTreeTrainers.Multiclass.FastTreeOva(c.Label, Features)),
        (Multiclass, "fastforest", "FastForestBinary one-versus-all", false, c => ReadyTreeTrainers.Multiclass.FastForestOva(c.Label, Features)),
        (Multiclass, "lightgbm", "LightGbmMulticlass", false, c => ReadyTreeTrainers.Multiclass.LightGbm(c.Label, Features)),
        (Regression, "ridge", "MlNetHpo Ridge (scikit-learn semantics: Alpha)", true, c => ReadyTrainers.Regression.Ridge(c.Label, Features)),
        (Regression, "lasso", "MlNetHpo Lasso (scikit-learn semantics: Alpha)", true, c => ReadyTrainers.Regression.Lasso(c.Label, Features)),
        (Regression, "elasticnet", "MlNetHpo ElasticNet (scikit-learn semantics: Alpha, L1Ratio)", true, c => ReadyTrainers.Regression.ElasticNet(c.Label, Features)),
        (Regression, "linear", "MlNetHpo LinearRegression (scikit-learn's ordinary least squares)", true, c => ReadyTrainers.Regression.LinearRegression(c.Label, Features)),
        (Regression, "sdca", "SdcaRegression", true, c => ReadyTrainers.Regression.Sdca(c.Label, Features)),
        (Regression, "lbfgs", "LbfgsPoissonRegression", true, c => ReadyTrainers.Regression.LbfgsPoissonRegression(c.Label, Features)),
        (Regression, "ogd", "OnlineGradientDescent", true, c => ReadyTrainers.Regression.OnlineGradientDescent(c.Label, Features)),
        (Regression, "fasttree", "FastTreeRegression", false, c => ReadyTreeTrainers.Regression.FastTree(c.Label, Features)),
        (Regression, "fastforest", "FastForestRegression", false, c => ReadyTreeTrainers.Regression.FastForest(c.Label, Features)),
        (Regression, "lightgbm", "LightGbmRegression", false, c => ReadyTreeTrainers.Regression.LightGbm(c.Label, Features)),
    ];

    /// <summary>The trainers of <paramref name="task"/>, in the order they are listed to users.</summary>
    /// <param name="task">The task.</param>
    /// <param name="label">The label column.</param>
    public static IReadOnlyList<TrainerEntry> For(SearchTask task, string label) =>
        [.. All.Where(t => t.Task == task).Select(t => Entry(t, new TrainerColumns(label, null, null)))];

    /// <summary>The trainer called <paramref name="name"/> (case-insensitive), or a choice of trainers named with commas ("fasttree,lightgbm").</summary>
    /// <param name="task">The task.</param>
    /// <param name="name">The short name (--trainer).</param>
    /// <param name="label">The label column.</param>
    /// <param name="weight">The example weight column (--weight-col), or null; lr only.</param>
    /// <param name="classWeight">The class weights (--class-weight), or null; lr only.</param>
    /// <exception cref="CliException">No such trainer for the task (the message lists the valid ones), or weights for another trainer than lr.</exception>
    public static TrainerEntry Find(SearchTask task, string name, string label, string? weight = null, string? classWeight = null)
    {
        var names = name.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (names.Length > 1)
        {
            // A choice of trainers (SweepableEstimator.Choice): each candidate names its trainer in "Trainer".
            var entries = names.Select(n => Find(task, n, label, weight, classWeight)).ToArray();
            return new(string.Join(",", entries.Select(e => e.Name)), string.Join(" | ", entries.Select(e => e.Description)), entries.Any(e => e.Linear),
                SweepableEstimator.Choice(entries.Select(e => e.Estimator)));
        }

        var all = All.Where(t => t.Task == task).ToArray();
        var entry = all.FirstOrDefault(t => string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase));
        if (entry.Name is null)
        {
            throw new CliException($"Unknown trainer '{name}' for {TaskNames.Describe(task)}. Valid trainers: {string.Join(", ", all.Select(t => t.Name))}.");
        }

        if ((weight ?? classWeight) is not null && entry.Name != "lr")
        {
            throw new CliException($"--weight-col and --class-weight apply to the lr trainer only, not '{name}'.");
        }

        return Entry(entry, new TrainerColumns(label, weight, classWeight is null ? null : ClassWeight.Parse(classWeight)));
    }

    // The estimator's name goes into the study's definition: weights are part of it, so a study searched with other weights is refused.
    private static TrainerEntry Entry((SearchTask Task, string Name, string Description, bool Linear, Func<TrainerColumns, SweepableEstimator> Ready) t, TrainerColumns columns) =>
        new(t.Name, t.Description, t.Linear, t.Ready(columns).WithName(t.Name + columns.Suffix));

    /// <summary>What a ready trainer is made for: the label, and lr's example and class weights.</summary>
    private sealed record TrainerColumns(string Label, string? Weight, ClassWeight? ClassWeight)
    {
        /// <summary>The weights, as they are added to the trainer's name: empty without weights.</summary>
        public string Suffix => (Weight is null ? string.Empty : $" weight-col={Weight}") + (ClassWeight is null ? string.Empty : ClassWeight.IsBalanced ? " class-weight=balanced" : " class-weight=per-class");

        /// <summary>The fixed settings of lr (applied before each candidate's values, which do not name weights).</summary>
        public void Weigh(LogisticRegressionOptions options)
        {
            options.ExampleWeightColumnName = Weight;
            options.ClassWeight = ClassWeight;
        }
    }
}
