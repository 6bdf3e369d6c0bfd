using System.Reflection;
using Microsoft.ML;
using Microsoft.ML.Trainers;
using MlNetHpo.AutoML.CodeGen;
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
/// The per-trainer <c>*Option</c> and <c>*SearchSpace</c> parameters are AutoML's (classes in <see cref="CodeGen"/>): when either is
/// given, the trainer searches the given space, else its option class's space (AutoML's ranges) with the given option's values as
/// its defaults (<see cref="SearchSpace{T}(T)"/>, where the cost-frugal tuners start), and the option's members that the space does
/// not search (FastTree's <c>DiskTranspose</c>) are fixed on every trial's trainer; the label, feature and weight columns are the
/// method's, as in AutoML. LightGBM's <c>NumberOfTrees</c> sets its <c>NumberOfIterations</c>.
/// Difference from AutoML: when neither is given, a trainer searches its ready space (<see cref="ReadySpaces"/>: AutoML's ranges with
/// the maxima cut it states, SDCA's strengths scaled to its mean loss). Each trainer keeps AutoML's estimator name
/// (<c>FastTreeBinary</c>, <c>LbfgsLogisticRegressionBinary</c>, ...), which <see cref="SweepablePipeline.ToString(Parameter)"/> shows.
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
    /// <param name="fastTreeOption">FastTree's defaults and fixed members (see the class remarks); null for the ready space.</param>
    /// <param name="lgbmOption">LightGBM's defaults (see the class remarks); null for the ready space.</param>
    /// <param name="fastForestOption">FastForest's defaults (see the class remarks); null for the ready space.</param>
    /// <param name="lbfgsLogisticRegressionOption">L-BFGS logistic regression's defaults (see the class remarks); null for the ready space.</param>
    /// <param name="sdcaLogisticRegressionOption">SDCA logistic regression's defaults (see the class remarks); null for the ready space.</param>
    /// <param name="fastTreeSearchSpace">FastTree's space; null for <paramref name="fastTreeOption"/>'s, or the ready one.</param>
    /// <param name="lgbmSearchSpace">LightGBM's space; null for <paramref name="lgbmOption"/>'s, or the ready one.</param>
    /// <param name="fastForestSearchSpace">FastForest's space; null for <paramref name="fastForestOption"/>'s, or the ready one.</param>
    /// <param name="lbfgsLogisticRegressionSearchSpace">L-BFGS logistic regression's space; null for <paramref name="lbfgsLogisticRegressionOption"/>'s, or the ready one.</param>
    /// <param name="sdcaLogisticRegressionSearchSpace">SDCA logistic regression's space; null for <paramref name="sdcaLogisticRegressionOption"/>'s, or the ready one.</param>
    /// <exception cref="ArgumentException">Every flag is false, or an option's searched value lies outside its class's space.</exception>
    /// <exception cref="InvalidOperationException">A tree flag is true and the MlNetHpo.Trees package is not there.</exception>
    public SweepablePipeline BinaryClassification(string labelColumnName = "Label", string featureColumnName = "Features", string? exampleWeightColumnName = null,
        bool useFastForest = true, bool useLgbm = true, bool useFastTree = true, bool useLbfgsLogisticRegression = true, bool useSdcaLogisticRegression = true,
        FastTreeOption? fastTreeOption = null, LgbmOption? lgbmOption = null, FastForestOption? fastForestOption = null, LbfgsOption? lbfgsLogisticRegressionOption = null,
        SdcaOption? sdcaLogisticRegressionOption = null, SearchSpace<FastTreeOption>? fastTreeSearchSpace = null, SearchSpace<LgbmOption>? lgbmSearchSpace = null,
        SearchSpace<FastForestOption>? fastForestSearchSpace = null, SearchSpace<LbfgsOption>? lbfgsLogisticRegressionSearchSpace = null,
        SearchSpace<SdcaOption>? sdcaLogisticRegressionSearchSpace = null) =>
        Trainers(nameof(BinaryClassification), labelColumnName, featureColumnName, exampleWeightColumnName, FindTreeTrainers(),
        [
            ("FastTreeBinary", nameof(useFastTree), useFastTree, null, Given(fastTreeOption, fastTreeSearchSpace)),
            ("FastForestBinary", nameof(useFastForest), useFastForest, null, Given(fastForestOption, fastForestSearchSpace)),
            ("LightGbmBinary", nameof(useLgbm), useLgbm, null, Given(lgbmOption, lgbmSearchSpace)),
            ("LbfgsLogisticRegressionBinary", nameof(useLbfgsLogisticRegression), useLbfgsLogisticRegression,
                () => ReadyTrainers.Binary.LbfgsLogisticRegression(labelColumnName, featureColumnName, Weight<LbfgsLogisticRegressionBinaryTrainer.Options>(exampleWeightColumnName)),
                Given(lbfgsLogisticRegressionOption, lbfgsLogisticRegressionSearchSpace)),
            ("SdcaLogisticRegressionBinary", nameof(useSdcaLogisticRegression), useSdcaLogisticRegression,
                () => ReadyTrainers.Binary.SdcaLogisticRegression(labelColumnName, featureColumnName, Weight<SdcaLogisticRegressionBinaryTrainer.Options>(exampleWeightColumnName)),
                Given(sdcaLogisticRegressionOption, sdcaLogisticRegressionSearchSpace)),
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
    /// <param name="fastTreeOption">FastTree's defaults and fixed members (see the class remarks); null for the ready space.</param>
    /// <param name="lgbmOption">LightGBM's defaults (see the class remarks); null for the ready space.</param>
    /// <param name="fastForestOption">FastForest's defaults (see the class remarks); null for the ready space.</param>
    /// <param name="lbfgsMaximumEntrophyOption">L-BFGS maximum entropy's defaults (see the class remarks); null for the ready space.</param>
    /// <param name="lbfgsLogisticRegressionOption">L-BFGS logistic regression's defaults (see the class remarks); null for the ready space.</param>
    /// <param name="sdcaMaximumEntrophyOption">SDCA maximum entropy's defaults (see the class remarks); null for the ready space.</param>
    /// <param name="sdcaLogisticRegressionOption">SDCA logistic regression's defaults (see the class remarks); null for the ready space.</param>
    /// <param name="fastTreeSearchSpace">FastTree's space; null for <paramref name="fastTreeOption"/>'s, or the ready one.</param>
    /// <param name="lgbmSearchSpace">LightGBM's space; null for <paramref name="lgbmOption"/>'s, or the ready one.</param>
    /// <param name="fastForestSearchSpace">FastForest's space; null for <paramref name="fastForestOption"/>'s, or the ready one.</param>
    /// <param name="lbfgsMaximumEntrophySearchSpace">L-BFGS maximum entropy's space; null for <paramref name="lbfgsMaximumEntrophyOption"/>'s, or the ready one.</param>
    /// <param name="lbfgsLogisticRegressionSearchSpace">L-BFGS logistic regression's space; null for <paramref name="lbfgsLogisticRegressionOption"/>'s, or the ready one.</param>
    /// <param name="sdcaMaximumEntorphySearchSpace">SDCA maximum entropy (AutoML's spelling)'s space; null for <paramref name="sdcaMaximumEntrophyOption"/>'s, or the ready one.</param>
    /// <param name="sdcaLogisticRegressionSearchSpace">SDCA logistic regression's space; null for <paramref name="sdcaLogisticRegressionOption"/>'s, or the ready one.</param>
    /// <exception cref="ArgumentException">Every flag is false, or an option's searched value lies outside its class's space.</exception>
    /// <exception cref="InvalidOperationException">A tree flag is true and the MlNetHpo.Trees package is not there.</exception>
    public SweepablePipeline MultiClassification(string labelColumnName = "Label", string featureColumnName = "Features", string? exampleWeightColumnName = null,
        bool useFastForest = true, bool useLgbm = true, bool useFastTree = true, bool useLbfgsMaximumEntrophy = true, bool useLbfgsLogisticRegression = true,
        bool useSdcaMaximumEntrophy = true, bool useSdcaLogisticRegression = true, FastTreeOption? fastTreeOption = null, LgbmOption? lgbmOption = null,
        FastForestOption? fastForestOption = null, LbfgsOption? lbfgsMaximumEntrophyOption = null, LbfgsOption? lbfgsLogisticRegressionOption = null,
        SdcaOption? sdcaMaximumEntrophyOption = null, SdcaOption? sdcaLogisticRegressionOption = null, SearchSpace<FastTreeOption>? fastTreeSearchSpace = null,
        SearchSpace<LgbmOption>? lgbmSearchSpace = null, SearchSpace<FastForestOption>? fastForestSearchSpace = null,
        SearchSpace<LbfgsOption>? lbfgsMaximumEntrophySearchSpace = null, SearchSpace<LbfgsOption>? lbfgsLogisticRegressionSearchSpace = null,
        SearchSpace<SdcaOption>? sdcaMaximumEntorphySearchSpace = null, SearchSpace<SdcaOption>? sdcaLogisticRegressionSearchSpace = null) =>
        Trainers(nameof(MultiClassification), labelColumnName, featureColumnName, exampleWeightColumnName, FindTreeTrainers(),
        [
            ("FastTreeOva", nameof(useFastTree), useFastTree, null, Given(fastTreeOption, fastTreeSearchSpace)),
            ("FastForestOva", nameof(useFastForest), useFastForest, null, Given(fastForestOption, fastForestSearchSpace)),
            ("LightGbmMulti", nameof(useLgbm), useLgbm, null, Given(lgbmOption, lgbmSearchSpace)),
            ("LbfgsLogisticRegressionOva", nameof(useLbfgsLogisticRegression), useLbfgsLogisticRegression,
                () => ReadyTrainers.Ready("LbfgsLogisticRegressionOva", ReadySpaces.Lbfgs(), labelColumnName, featureColumnName, Weight<LbfgsLogisticRegressionBinaryTrainer.Options>(exampleWeightColumnName),
                    (c, o) => c.MulticlassClassification.Trainers.OneVersusAll(c.BinaryClassification.Trainers.LbfgsLogisticRegression(o), labelColumnName)),
                Given(lbfgsLogisticRegressionOption, lbfgsLogisticRegressionSearchSpace)),
            ("LbfgsMaximumEntropyMulti", nameof(useLbfgsMaximumEntrophy), useLbfgsMaximumEntrophy,
                () => ReadyTrainers.Multiclass.LbfgsMaximumEntropy(labelColumnName, featureColumnName, Weight<LbfgsMaximumEntropyMulticlassTrainer.Options>(exampleWeightColumnName)),
                Given(lbfgsMaximumEntrophyOption, lbfgsMaximumEntrophySearchSpace)),
            ("SdcaMaximumEntropyMulti", nameof(useSdcaMaximumEntrophy), useSdcaMaximumEntrophy,
                () => ReadyTrainers.Multiclass.SdcaMaximumEntropy(labelColumnName, featureColumnName, Weight<SdcaMaximumEntropyMulticlassTrainer.Options>(exampleWeightColumnName)),
                Given(sdcaMaximumEntrophyOption, sdcaMaximumEntorphySearchSpace)),
            ("SdcaLogisticRegressionOva", nameof(useSdcaLogisticRegression), useSdcaLogisticRegression,
                () => ReadyTrainers.Ready("SdcaLogisticRegressionOva", ReadySpaces.Sdca(), labelColumnName, featureColumnName, Weight<SdcaLogisticRegressionBinaryTrainer.Options>(exampleWeightColumnName),
                    (c, o) => c.MulticlassClassification.Trainers.OneVersusAll(c.BinaryClassification.Trainers.SdcaLogisticRegression(o), labelColumnName)),
                Given(sdcaLogisticRegressionOption, sdcaLogisticRegressionSearchSpace)),
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
    /// <param name="fastTreeOption">FastTree's defaults and fixed members (see the class remarks); null for the ready space.</param>
    /// <param name="lgbmOption">LightGBM's defaults (see the class remarks); null for the ready space.</param>
    /// <param name="fastForestOption">FastForest's defaults (see the class remarks); null for the ready space.</param>
    /// <param name="lbfgsPoissonRegressionOption">L-BFGS Poisson regression's defaults (see the class remarks); null for the ready space.</param>
    /// <param name="sdcaOption">SDCA regression's defaults (see the class remarks); null for the ready space.</param>
    /// <param name="fastTreeSearchSpace">FastTree's space; null for <paramref name="fastTreeOption"/>'s, or the ready one.</param>
    /// <param name="lgbmSearchSpace">LightGBM's space; null for <paramref name="lgbmOption"/>'s, or the ready one.</param>
    /// <param name="fastForestSearchSpace">FastForest's space; null for <paramref name="fastForestOption"/>'s, or the ready one.</param>
    /// <param name="lbfgsPoissonRegressionSearchSpace">L-BFGS Poisson regression's space; null for <paramref name="lbfgsPoissonRegressionOption"/>'s, or the ready one.</param>
    /// <param name="sdcaSearchSpace">SDCA regression's space; null for <paramref name="sdcaOption"/>'s, or the ready one.</param>
    /// <exception cref="ArgumentException">Every flag is false, or an option's searched value lies outside its class's space.</exception>
    /// <exception cref="InvalidOperationException">A tree flag is true and the MlNetHpo.Trees package is not there.</exception>
    public SweepablePipeline Regression(string labelColumnName = "Label", string featureColumnName = "Features", string? exampleWeightColumnName = null,
        bool useFastForest = true, bool useLgbm = true, bool useFastTree = true, bool useLbfgsPoissonRegression = true, bool useSdca = true,
        FastTreeOption? fastTreeOption = null, LgbmOption? lgbmOption = null, FastForestOption? fastForestOption = null, LbfgsOption? lbfgsPoissonRegressionOption = null,
        SdcaOption? sdcaOption = null, SearchSpace<FastTreeOption>? fastTreeSearchSpace = null, SearchSpace<LgbmOption>? lgbmSearchSpace = null,
        SearchSpace<FastForestOption>? fastForestSearchSpace = null, SearchSpace<LbfgsOption>? lbfgsPoissonRegressionSearchSpace = null,
        SearchSpace<SdcaOption>? sdcaSearchSpace = null) =>
        Trainers(nameof(Regression), labelColumnName, featureColumnName, exampleWeightColumnName, FindTreeTrainers(),
        [
            ("FastTreeRegression", nameof(useFastTree), useFastTree, null, Given(fastTreeOption, fastTreeSearchSpace)),
            ("FastForestRegression", nameof(useFastForest), useFastForest, null, Given(fastForestOption, fastForestSearchSpace)),
            ("LightGbmRegression", nameof(useLgbm), useLgbm, null, Given(lgbmOption, lgbmSearchSpace)),
            ("LbfgsPoissonRegressionRegression", nameof(useLbfgsPoissonRegression), useLbfgsPoissonRegression,
                () => ReadyTrainers.Regression.LbfgsPoissonRegression(labelColumnName, featureColumnName, Weight<LbfgsPoissonRegressionTrainer.Options>(exampleWeightColumnName)),
                Given(lbfgsPoissonRegressionOption, lbfgsPoissonRegressionSearchSpace)),
            ("SdcaRegression", nameof(useSdca), useSdca,
                () => ReadyTrainers.Regression.Sdca(labelColumnName, featureColumnName, Weight<SdcaRegressionTrainer.Options>(exampleWeightColumnName)),
                Given(sdcaOption, sdcaSearchSpace)),
        ]);

    /// <summary>
    /// The trainers whose flag is true, each under its AutoML name, appended as one choice. A trainer without a core factory
    /// (<c>Linear</c> null) is a tree trainer, made by <paramref name="treeFactory"/> (the tree package's <c>Create(name, label,
    /// features, weight)</c>), null when the package is absent.
    /// </summary>
    internal static SweepablePipeline Trainers(string method, string label, string features, string? weight, MethodInfo? treeFactory,
        (string Name, string Flag, bool Use, Func<SweepableEstimator>? Linear, AutoMLOption? Given)[] trainers)
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

        var estimators = used.Select(t =>
        {
            var ready = t.Linear is { } linear ? linear() : (SweepableEstimator)treeFactory!.Invoke(null, [t.Name, label, features, weight])!;
            return (t.Given is { } given ? given.Apply(ready) : ready).WithName(t.Name);
        });
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

    /// <summary>A trainer's AutoML option and space when the caller gave either (null when neither), as AutoML makes them.</summary>
    /// <exception cref="ArgumentException">A searched value of <paramref name="option"/> lies outside its class's space.</exception>
    internal static AutoMLOption? Given<TOption>(TOption? option, SearchSpace<TOption>? space)
        where TOption : class, new()
    {
        if (option is null && space is null)
        {
            return null;
        }

        // AutoML: the given space, else the option class's with the option's values as defaults; the unsearched members fixed.
        var searched = space ?? new SearchSpace<TOption>(option);
        var values = option ?? new TOption();
        var names = SearchSpace.Declared(typeof(TOption)).Select(d => d.Name.Split('.')[0]).ToHashSet(StringComparer.Ordinal);
        var fixedValues = typeof(TOption).GetProperties()
            .Where(p => p.CanWrite && !names.Contains(p.Name) && !ColumnMembers.Contains(p.Name) && p.GetValue(values) is not null)
            .Select(p => KeyValuePair.Create(p.Name, p.GetValue(values)));
        return new AutoMLOption(searched, new Parameter(fixedValues), typeof(TOption) == typeof(LgbmOption) ? LgbmNames : null);
    }

    // The catalog method's columns win over an option's, as in AutoML.
    private static readonly HashSet<string> ColumnMembers = ["LabelColumnName", "FeatureColumnName", "ExampleWeightColumnName"];

    private static readonly Dictionary<string, string> LgbmNames = new(StringComparer.Ordinal) { ["NumberOfTrees"] = "NumberOfIterations" };

    /// <summary>
    /// A trainer's space and fixed values from AutoML's option classes: a candidate's names are renamed to the trainer's Options
    /// members (<paramref name="Renames"/>) and <paramref name="Fixed"/> is added before the ready trainer binds them.
    /// </summary>
    internal sealed record AutoMLOption(SearchSpace Space, Parameter Fixed, IReadOnlyDictionary<string, string>? Renames)
    {
        public SweepableEstimator Apply(SweepableEstimator ready) => new Tailored(ready, this) { SearchSpace = Space };

        public Parameter Translate(Parameter parameter) =>
            new([.. parameter.Select(p => KeyValuePair.Create(Renames?.GetValueOrDefault(p.Key) ?? p.Key, p.Value)), .. Fixed]);
    }

    /// <summary>The ready trainer, each candidate translated by the option first.</summary>
    private sealed class Tailored(SweepableEstimator ready, AutoMLOption option) : SweepableEstimator
    {
        public override IEstimator<ITransformer> BuildFromOption(MLContext context, Parameter parameter) => ready.BuildFromOption(context, option.Translate(parameter));

        public override string? ModelKey(Parameter parameter) => ready.ModelKey(option.Translate(parameter));

        public override void Validate(Parameter parameter) => ready.Validate(option.Translate(parameter));

        internal override object? OptionsFor(Type type, Parameter parameter) => ready.OptionsFor(type, option.Translate(parameter));
    }

    /// <summary>Sets the example weight column on a trainer's Options (nothing when <paramref name="weight"/> is null).</summary>
    internal static Action<TOptions>? Weight<TOptions>(string? weight)
        where TOptions : TrainerInputBaseWithWeight =>
        weight is null ? null : options => options.ExampleWeightColumnName = weight;
}
