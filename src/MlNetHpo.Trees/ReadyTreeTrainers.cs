using Microsoft.ML;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;
using MlNetHpo.AutoML;

namespace MlNetHpo.Sweeping;

/// <summary>
/// The ready tree trainers (FastTree, FastForest, LightGBM), per task, as <see cref="ReadyTrainers"/> for the linear ones: each
/// takes the label and feature column names and an optional <c>configure</c> for fixed settings, and searches its
/// <see cref="ReadySpaces"/> space by the one options sequence (<c>NumberOfThreads</c> is 1 unless configure or the space sets it, except for FastTree and FastForest,
/// which ML.NET trains one at a time per process and which keep its default of every core).
/// They live in this package so that the core references neither Microsoft.ML.FastTree nor Microsoft.ML.LightGbm (with its native library).
/// </summary>
public static class ReadyTreeTrainers
{
    /// <summary>Ready tree trainers for <c>mlContext.BinaryClassification</c> (Boolean label).</summary>
    public static class Binary
    {
        /// <summary>FastTree boosted trees over <see cref="ReadySpaces.FastTree"/>.</summary>
        /// <param name="labelColumnName">The label column.</param>
        /// <param name="featureColumnName">The feature vector column.</param>
        /// <param name="configure">Fixed settings, applied before each candidate's values.</param>
        public static SweepableEstimator FastTree(string labelColumnName = "Label", string featureColumnName = "Features", Action<FastTreeBinaryTrainer.Options>? configure = null) =>
            ReadyTrainers.Ready("FastTree", ReadySpaces.FastTree(), labelColumnName, featureColumnName, configure, (c, o) => c.BinaryClassification.Trainers.FastTree(o));

        /// <summary>FastForest random forest over <see cref="ReadySpaces.FastForest"/>.</summary>
        /// <param name="labelColumnName">The label column.</param>
        /// <param name="featureColumnName">The feature vector column.</param>
        /// <param name="configure">Fixed settings, applied before each candidate's values.</param>
        public static SweepableEstimator FastForest(string labelColumnName = "Label", string featureColumnName = "Features", Action<FastForestBinaryTrainer.Options>? configure = null) =>
            ReadyTrainers.Ready("FastForest", ReadySpaces.FastForest(), labelColumnName, featureColumnName, configure, (c, o) => c.BinaryClassification.Trainers.FastForest(o));

        /// <summary>LightGBM over <see cref="ReadySpaces.LightGbm"/> (booster members routed onto <c>Options.Booster</c>).</summary>
        /// <param name="labelColumnName">The label column.</param>
        /// <param name="featureColumnName">The feature vector column.</param>
        /// <param name="configure">Fixed settings, applied before each candidate's values.</param>
        public static SweepableEstimator LightGbm(string labelColumnName = "Label", string featureColumnName = "Features", Action<LightGbmBinaryTrainer.Options>? configure = null) =>
            ReadyTrainers.Ready("LightGbm", ReadySpaces.LightGbm(), labelColumnName, featureColumnName, configure, (c, o) => c.BinaryClassification.Trainers.LightGbm(o), LightGbmBooster.Bind);
    }

    /// <summary>Ready tree trainers for <c>mlContext.MulticlassClassification</c> (key-typed label).</summary>
    public static class Multiclass
    {
        /// <summary>LightGBM over <see cref="ReadySpaces.LightGbm"/> (booster members routed onto <c>Options.Booster</c>).</summary>
        /// <param name="labelColumnName">The key-typed label column.</param>
        /// <param name="featureColumnName">The feature vector column.</param>
        /// <param name="configure">Fixed settings, applied before each candidate's values.</param>
        public static SweepableEstimator LightGbm(string labelColumnName = "Label", string featureColumnName = "Features", Action<LightGbmMulticlassTrainer.Options>? configure = null) =>
            ReadyTrainers.Ready("LightGbm", ReadySpaces.LightGbm(), labelColumnName, featureColumnName, configure, (c, o) => c.MulticlassClassification.Trainers.LightGbm(o), LightGbmBooster.Bind);

        /// <summary>
        /// One-versus-all around binary FastTree (FastTree has no multiclass trainer; AutoML's "FastTreeOva") over
        /// <see cref="ReadySpaces.FastTree"/>: one model per class, each with the candidate's hyperparameters.
        /// </summary>
        /// <param name="labelColumnName">The key-typed label column.</param>
        /// <param name="featureColumnName">The feature vector column.</param>
        /// <param name="configure">Fixed settings of the binary FastTree, applied before each candidate's values.</param>
        public static SweepableEstimator FastTreeOva(string labelColumnName = "Label", string featureColumnName = "Features", Action<FastTreeBinaryTrainer.Options>? configure = null) =>
            ReadyTrainers.Ready("FastTreeOva", ReadySpaces.FastTree(), labelColumnName, featureColumnName, configure,
                (c, o) => c.MulticlassClassification.Trainers.OneVersusAll(c.BinaryClassification.Trainers.FastTree(o), labelColumnName));

        /// <summary>One-versus-all around binary FastForest (AutoML's "FastForestOva") over <see cref="ReadySpaces.FastForest"/>.</summary>
        /// <param name="labelColumnName">The key-typed label column.</param>
        /// <param name="featureColumnName">The feature vector column.</param>
        /// <param name="configure">Fixed settings of the binary FastForest, applied before each candidate's values.</param>
        public static SweepableEstimator FastForestOva(string labelColumnName = "Label", string featureColumnName = "Features", Action<FastForestBinaryTrainer.Options>? configure = null) =>
            ReadyTrainers.Ready("FastForestOva", ReadySpaces.FastForest(), labelColumnName, featureColumnName, configure,
                (c, o) => c.MulticlassClassification.Trainers.OneVersusAll(c.BinaryClassification.Trainers.FastForest(o), labelColumnName));
    }

    /// <summary>Ready tree trainers for <c>mlContext.Regression</c> (Single label).</summary>
    public static class Regression
    {
        /// <summary>FastTree boosted regression trees over <see cref="ReadySpaces.FastTree"/>.</summary>
        /// <param name="labelColumnName">The label column.</param>
        /// <param name="featureColumnName">The feature vector column.</param>
        /// <param name="configure">Fixed settings, applied before each candidate's values.</param>
        public static SweepableEstimator FastTree(string labelColumnName = "Label", string featureColumnName = "Features", Action<FastTreeRegressionTrainer.Options>? configure = null) =>
            ReadyTrainers.Ready("FastTree", ReadySpaces.FastTree(), labelColumnName, featureColumnName, configure, (c, o) => c.Regression.Trainers.FastTree(o));

        /// <summary>FastTree with Tweedie loss (non-negative labels) over <see cref="ReadySpaces.FastTreeTweedie"/>.</summary>
        /// <param name="labelColumnName">The label column.</param>
        /// <param name="featureColumnName">The feature vector column.</param>
        /// <param name="configure">Fixed settings, applied before each candidate's values.</param>
        public static SweepableEstimator FastTreeTweedie(string labelColumnName = "Label", string featureColumnName = "Features", Action<FastTreeTweedieTrainer.Options>? configure = null) =>
            ReadyTrainers.Ready("FastTreeTweedie", ReadySpaces.FastTreeTweedie(), labelColumnName, featureColumnName, configure, (c, o) => c.Regression.Trainers.FastTreeTweedie(o));

        /// <summary>FastForest random forest over <see cref="ReadySpaces.FastForest"/>.</summary>
        /// <param name="labelColumnName">The label column.</param>
        /// <param name="featureColumnName">The feature vector column.</param>
        /// <param name="configure">Fixed settings, applied before each candidate's values.</param>
        public static SweepableEstimator FastForest(string labelColumnName = "Label", string featureColumnName = "Features", Action<FastForestRegressionTrainer.Options>? configure = null) =>
            ReadyTrainers.Ready("FastForest", ReadySpaces.FastForest(), labelColumnName, featureColumnName, configure, (c, o) => c.Regression.Trainers.FastForest(o));

        /// <summary>LightGBM over <see cref="ReadySpaces.LightGbm"/> (booster members routed onto <c>Options.Booster</c>).</summary>
        /// <param name="labelColumnName">The label column.</param>
        /// <param name="featureColumnName">The feature vector column.</param>
        /// <param name="configure">Fixed settings, applied before each candidate's values.</param>
        public static SweepableEstimator LightGbm(string labelColumnName = "Label", string featureColumnName = "Features", Action<LightGbmRegressionTrainer.Options>? configure = null) =>
            ReadyTrainers.Ready("LightGbm", ReadySpaces.LightGbm(), labelColumnName, featureColumnName, configure, (c, o) => c.Regression.Trainers.LightGbm(o), LightGbmBooster.Bind);
    }
}
