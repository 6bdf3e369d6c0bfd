using System.Reflection;
using Microsoft.ML;
using Microsoft.ML.Trainers;
using MlNetHpo.Sweeping;

namespace MlNetHpo.AutoML;

/// <summary>
/// AutoML's multi-trainer sweepable estimators (<c>BinaryClassification</c>, <c>MultiClassification</c>, <c>Regression</c>) with
/// their <c>use*</c> flags, built on the ready trainers and their ready spaces (<see cref="ReadyTrainers"/>, <see cref="ReadySpaces"/>).
/// </summary>
/// <remarks>
/// <para>
/// The tree trainers (FastTree, FastForest, LightGBM) live in the MlNetHpo.Trees package, so that this core package depends on
/// Microsoft.ML only. These methods still have AutoML's exact flags and defaults (every trainer on): the tree trainers are
/// created by MlNetHpo.Trees, found by its assembly name when a flag asks for one. With the package referenced, code written for
/// AutoML behaves as written; without it, a tree flag left on is an error that names the flags to turn off, never a silent change
/// of the trainers tried. (Extension methods in the tree package were rejected: a call naming no tree flag would bind to the core's
/// method and drop the trees without a word.)
/// </para>
/// <para>
/// Differences from AutoML: the per-trainer <c>*Option</c> / <c>*SearchSpace</c> parameters are not offered (each trainer searches
/// its ready space; for another space, build the trainer with <see cref="CreateSweepableEstimator{T}"/> or
/// <see cref="SweepableEstimator.WithSearchSpace(SearchSpace)"/> and append it); the ranges are AutoML's, with the maxima cut
/// that <see cref="ReadySpaces"/> states. Each trainer keeps AutoML's estimator name (<c>FastTreeBinary</c>,
/// <c>LbfgsLogisticRegressionBinary</c>, ...), which a candidate's <c>Trainer</c> parameter holds.
/// </para>
/// </remarks>
public sealed partial class AutoCatalog
{
    /// <summary>The tree package's factory, by name: the core must not reference the package.</summary>
    private const string TreeTrainersType = "MlNetHpo.Sweeping.AutoMLTreeTrainers, MlNetHpo.Trees";

    /// <summary>A choice among the binary classification trainers whose flag is true (AutoML's order: FastTree, FastForest, LightGBM, L-BFGS, SDCA).</summary>
    /// <param name="labelColumnName">The Boolean label column.</param>
    /// <param name="featureColumnName">The feature vector column.</param>
    /// <param name="exampleWeightColumnName">The example weight column, or null.</param>
    /// <param name="useFastForest">Try FastForest (MlNetHpo.Trees).</param>
    /// <param name="useLgbm">Try LightGBM (MlNetHpo.Trees).</param>
    /// <param name="useFastTree">Try FastTree (MlNetHpo.Trees).</param>
    /// <param name="useLbfgsLogisticRegression">Try L-BFGS logistic regression.</param>
    /// <param name="useSdcaLogisticRegression">Try SDCA logistic regression.</param>
    /// <exception cref="ArgumentException">Every flag is false.</exception>
    /// <exception cref="InvalidOperationException">A tree flag is true and the MlNetHpo.Trees package is not there.</exception>
    public SweepablePipeline BinaryClassification(string labelColumnName = "Label", string featureColumnName = "Features", string? exampleWeightColumnName = null,
        bool useFastForest = true, bool useLgbm = true, bool useFastTree = true, bool useLbfgsLogisticRegression = true, bool useSdcaLogisticRegression = true) =>
        Trainers(nameof(BinaryClassification), labelColumnName, featureColumnName, exampleWeightColumnName, FindTreeTrainers(),
        [
            ("FastTreeBinary", nameof(useFastTree), useFastTree, null),
            ("FastForestBinary", nameof(useFastForest), useFastForest, null),
            ("LightGbmBinary", nameof(useLgbm), useLgbm, null),
            ("LbfgsLogisticRegressionBinary", nameof(useLbfgsLogisticRegression), useLbfgsLogisticRegression,
                () => ReadyTrainers.Binary.LbfgsLogisticRegression(labelColumnName, featureColumnName, Weight<LbfgsLogisticRegressionBinaryTrainer.Options>(exampleWeightColumnName))),
            ("SdcaLogisticRegressionBinary", nameof(useSdcaLogisticRegression), useSdcaLogisticRegression,
                () => ReadyTrainers.Binary.SdcaLogisticRegression(labelColumnName, featureColumnName, Weight<SdcaLogisticRegressionBinaryTrainer.Options>(exampleWeightColumnName))),
        ]);

    /// <summary>
    /// A choice among the multiclass trainers whose flag is true (AutoML's order: FastTree and FastForest one-versus-all, LightGBM,
    /// L-BFGS logistic regression one-versus-all, L-BFGS maximum entropy, SDCA maximum entropy, SDCA logistic regression one-versus-all).
    /// AutoML's spelling of the maximum-entropy flags ("Entrophy") is kept so that ported calls compile.
    /// </summary>
    /// <param name="labelColumnName">The key-typed label column.</param>
    /// <param name="featureColumnName">The feature vector column.</param>
    /// <param name="exampleWeightColumnName">The example weight column, or null.</param>
    /// <param name="useFastForest">Try FastForest one-versus-all (MlNetHpo.Trees).</param>
    /// <param name="useLgbm">Try LightGBM (MlNetHpo.Trees).</param>
    /// <param name="useFastTree">Try FastTree one-versus-all (MlNetHpo.Trees).</param>
    /// <param name="useLbfgsMaximumEntrophy">Try L-BFGS maximum entropy.</param>
    /// <param name="useLbfgsLogisticRegression">Try L-BFGS logistic regression one-versus-all.</param>
    /// <param name="useSdcaMaximumEntrophy">Try SDCA maximum entropy.</param>
    /// <param name="useSdcaLogisticRegression">Try SDCA logistic regression one-versus-all.</param>
    /// <exception cref="ArgumentException">Every flag is false.</exception>
    /// <exception cref="InvalidOperationException">A tree flag is true and the MlNetHpo.Trees package is not there.</exception>
    public SweepablePipeline MultiClassification(string labelColumnName = "Label", string featureColumnName = "Features", string? exampleWeightColumnName = null,
        bool useFastForest = true, bool useLgbm = true, bool useFastTree = true, bool useLbfgsMaximumEntrophy = true, bool useLbfgsLogisticRegression = true,
        bool useSdcaMaximumEntrophy = true, bool useSdcaLogisticRegression = true) =>
        Trainers(nameof(MultiClassification), labelColumnName, featureColumnName, exampleWeightColumnName, FindTreeTrainers(),
        [
            ("FastTreeOva", nameof(useFastTree), useFastTree, null),
            ("FastForestOva", nameof(useFastForest), useFastForest, null),
            ("LightGbmMulti", nameof(useLgbm), useLgbm, null),
            ("LbfgsLogisticRegressionOva", nameof(useLbfgsLogisticRegression), useLbfgsLogisticRegression,
                () => ReadyTrainers.Ready("LbfgsLogisticRegressionOva", ReadySpaces.Lbfgs(), labelColumnName, featureColumnName, Weight<LbfgsLogisticRegressionBinaryTrainer.Options>(exampleWeightColumnName),
                    (c, o) => c.MulticlassClassification.Trainers.OneVersusAll(c.BinaryClassification.Trainers.LbfgsLogisticRegression(o), labelColumnName))),
            ("LbfgsMaximumEntropyMulti", nameof(useLbfgsMaximumEntrophy), useLbfgsMaximumEntrophy,
                () => ReadyTrainers.Multiclass.LbfgsMaximumEntropy(labelColumnName, featureColumnName, Weight<LbfgsMaximumEntropyMulticlassTrainer.Options>(exampleWeightColumnName))),
            ("SdcaMaximumEntropyMulti", nameof(useSdcaMaximumEntrophy), useSdcaMaximumEntrophy,
                () => ReadyTrainers.Multiclass.SdcaMaximumEntropy(labelColumnName, featureColumnName, Weight<SdcaMaximumEntropyMulticlassTrainer.Options>(exampleWeightColumnName))),
            ("SdcaLogisticRegressionOva", nameof(useSdcaLogisticRegression), useSdcaLogisticRegression,
                () => ReadyTrainers.Ready("SdcaLogisticRegressionOva", ReadySpaces.Sdca(), labelColumnName, featureColumnName, Weight<SdcaLogisticRegressionBinaryTrainer.Options>(exampleWeightColumnName),
                    (c, o) => c.MulticlassClassification.Trainers.OneVersusAll(c.BinaryClassification.Trainers.SdcaLogisticRegression(o), labelColumnName))),
        ]);

    /// <summary>A choice among the regression trainers whose flag is true (AutoML's order: FastTree, FastForest, LightGBM, L-BFGS Poisson, SDCA).</summary>
    /// <param name="labelColumnName">The Single label column.</param>
    /// <param name="featureColumnName">The feature vector column.</param>
    /// <param name="exampleWeightColumnName">The example weight column, or null.</param>
    /// <param name="useFastForest">Try FastForest (MlNetHpo.Trees).</param>
    /// <param name="useLgbm">Try LightGBM (MlNetHpo.Trees).</param>
    /// <param name="useFastTree">Try FastTree (MlNetHpo.Trees).</param>
    /// <param name="useLbfgsPoissonRegression">Try L-BFGS Poisson regression (non-negative labels).</param>
    /// <param name="useSdca">Try SDCA regression.</param>
    /// <exception cref="ArgumentException">Every flag is false.</exception>
    /// <exception cref="InvalidOperationException">A tree flag is true and the MlNetHpo.Trees package is not there.</exception>
    public SweepablePipeline Regression(string labelColumnName = "Label", string featureColumnName = "Features", string? exampleWeightColumnName = null,
        bool useFastForest = true, bool useLgbm = true, bool useFastTree = true, bool useLbfgsPoissonRegression = true, bool useSdca = true) =>
        Trainers(nameof(Regression), labelColumnName, featureColumnName, exampleWeightColumnName, FindTreeTrainers(),
        [
            ("FastTreeRegression", nameof(useFastTree), useFastTree, null),
            ("FastForestRegression", nameof(useFastForest), useFastForest, null),
            ("LightGbmRegression", nameof(useLgbm), useLgbm, null),
            ("LbfgsPoissonRegressionRegression", nameof(useLbfgsPoissonRegression), useLbfgsPoissonRegression,
                () => ReadyTrainers.Regression.LbfgsPoissonRegression(labelColumnName, featureColumnName, Weight<LbfgsPoissonRegressionTrainer.Options>(exampleWeightColumnName))),
            ("SdcaRegression", nameof(useSdca), useSdca,
                () => ReadyTrainers.Regression.Sdca(labelColumnName, featureColumnName, Weight<SdcaRegressionTrainer.Options>(exampleWeightColumnName))),
        ]);

    /// <summary>
    /// The trainers whose flag is true, each under its AutoML name, appended as one choice. A trainer without a core factory
    /// (<c>Linear</c> null) is a tree trainer, made by <paramref name="treeFactory"/> (the tree package's <c>Create(name, label,
    /// features, weight)</c>), null when the package is absent.
    /// </summary>
    internal static SweepablePipeline Trainers(string method, string label, string features, string? weight, MethodInfo? treeFactory,
        (string Name, string Flag, bool Use, Func<SweepableEstimator>? Linear)[] trainers)
    {
        ArgumentException.ThrowIfNullOrEmpty(label);
        ArgumentException.ThrowIfNullOrEmpty(features);
        var used = trainers.Where(t => t.Use).ToList();
        if (used.Count == 0)
        {
            throw new ArgumentException($"{method}: every use* flag is false; leave at least one trainer on ({string.Join(", ", trainers.Select(t => t.Flag))}).", trainers[0].Flag);
        }

        var trees = used.Where(t => t.Linear is null).ToList();
        if (trees.Count > 0 && treeFactory is null)
        {
            throw new InvalidOperationException(
                $"{method}: {string.Join(", ", trees.Select(t => t.Flag))} need the MlNetHpo.Trees package (FastTree, FastForest and LightGBM live there so that MlNetHpo depends on Microsoft.ML only); add it, or pass {string.Join(", ", trees.Select(t => $"{t.Flag}: false"))}.");
        }

        var estimators = used.Select(t => (t.Linear is { } linear ? linear() : (SweepableEstimator)treeFactory!.Invoke(null, [t.Name, label, features, weight])!).WithName(t.Name));
        return new SweepablePipeline().Append([.. estimators]);
    }

    /// <summary>The tree package's factory method, or null when the package is not deployed with the application.</summary>
    internal static MethodInfo? FindTreeTrainers()
    {
        try
        {
            return Type.GetType(TreeTrainersType, throwOnError: false)?.GetMethod("Create", BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic);
        }
        catch (FileLoadException)
        {
            return null;
        }
    }

    /// <summary>Sets the example weight column on a trainer's Options (nothing when <paramref name="weight"/> is null).</summary>
    internal static Action<TOptions>? Weight<TOptions>(string? weight)
        where TOptions : TrainerInputBaseWithWeight =>
        weight is null ? null : options => options.ExampleWeightColumnName = weight;
}
