using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;
using MlNetHpo.AutoML;

namespace MlNetHpo.Sweeping;

/// <summary>
/// The tree trainers of <c>mlContext.Auto().BinaryClassification / MultiClassification / Regression</c>, by AutoML's estimator
/// names. The core package finds this class by name (it cannot reference this package), so its name and <see cref="Create"/>'s
/// signature are a contract with <c>AutoCatalog</c>.
/// </summary>
internal static class AutoMLTreeTrainers
{
    /// <summary>The ready tree trainer named <paramref name="name"/> (e.g. "FastTreeBinary") on these columns.</summary>
    /// <exception cref="ArgumentException">An unknown name.</exception>
    internal static SweepableEstimator Create(string name, string label, string features, string? weight) => name switch
    {
        "FastTreeBinary" => ReadyTreeTrainers.Binary.FastTree(label, features, AutoCatalog.Weight<FastTreeBinaryTrainer.Options>(weight)),
        "FastForestBinary" => ReadyTreeTrainers.Binary.FastForest(label, features, AutoCatalog.Weight<FastForestBinaryTrainer.Options>(weight)),
        "LightGbmBinary" => ReadyTreeTrainers.Binary.LightGbm(label, features, AutoCatalog.Weight<LightGbmBinaryTrainer.Options>(weight)),
        "FastTreeOva" => ReadyTreeTrainers.Multiclass.FastTreeOva(label, features, AutoCatalog.Weight<FastTreeBinaryTrainer.Options>(weight)),
        "FastForestOva" => ReadyTreeTrainers.Multiclass.FastForestOva(label, features, AutoCatalog.Weight<FastForestBinaryTrainer.Options>(weight)),
        "LightGbmMulti" => ReadyTreeTrainers.Multiclass.LightGbm(label, features, AutoCatalog.Weight<LightGbmMulticlassTrainer.Options>(weight)),
        "FastTreeRegression" => ReadyTreeTrainers.Regression.FastTree(label, features, AutoCatalog.Weight<FastTreeRegressionTrainer.Options>(weight)),
        "FastForestRegression" => ReadyTreeTrainers.Regression.FastForest(label, features, AutoCatalog.Weight<FastForestRegressionTrainer.Options>(weight)),
        "LightGbmRegression" => ReadyTreeTrainers.Regression.LightGbm(label, features, AutoCatalog.Weight<LightGbmRegressionTrainer.Options>(weight)),
        _ => throw new ArgumentException($"No AutoML tree trainer is named '{name}'.", nameof(name)),
    };
}
