using MlNetHpo.Scoring;

namespace MlNetHpo.Cli;

/// <summary>The task names of the command line: binary, multiclass, regression.</summary>
internal static class TaskNames
{
    /// <summary>The valid --task values.</summary>
    public static readonly IReadOnlyList<string> All = ["binary", "multiclass", "regression"];

    /// <summary>Parses a --task value (case-insensitive; "binary-classification" and the like also accepted).</summary>
    /// <exception cref="CliException">Not a task.</exception>
    public static SearchTask Parse(string name) => name.ToLowerInvariant().Replace("-", string.Empty).Replace("_", string.Empty) switch
    {
        "binary" or "binaryclassification" => SearchTask.BinaryClassification,
        "multiclass" or "multiclassclassification" => SearchTask.MulticlassClassification,
        "regression" => SearchTask.Regression,
        _ => throw new CliException($"Unknown task '{name}'. Valid tasks: {string.Join(", ", All)}."),
    };

    /// <summary>The short name of <paramref name="task"/>.</summary>
    public static string Short(SearchTask task) => task switch
    {
        SearchTask.BinaryClassification => "binary",
        SearchTask.MulticlassClassification => "multiclass",
        _ => "regression",
    };

    /// <summary>The long name of <paramref name="task"/>.</summary>
    public static string Describe(SearchTask task) => task switch
    {
        SearchTask.BinaryClassification => "binary classification",
        SearchTask.MulticlassClassification => "multiclass classification",
        _ => "regression",
    };

    /// <summary>The trainer used when --trainer is left out.</summary>
    public static string DefaultTrainer(SearchTask task) => task switch
    {
        SearchTask.BinaryClassification => "lr",
        SearchTask.MulticlassClassification => "lbfgs",
        _ => "sdca",
    };
}
