using Microsoft.ML;
using Microsoft.ML.Trainers;
using MlNetHpo.AutoML;
using MlNetHpo.Trainers;

namespace MlNetHpo.Sweeping;

/// <summary>
/// Sweepable trainers with a ready search space (AutoML's "sweepable estimators" for the common trainers), per task. Each takes the
/// label and feature column names, which are set on the Options after the candidate's values are bound (so a candidate cannot move
/// them), and an optional <c>configure</c> action for fixed settings applied before binding. Options are made by the one options
/// sequence (new, configure, single-thread, bind, columns): <c>NumberOfThreads</c> is 1 unless configure or the space sets it.
/// The spaces and where their ranges come from are documented on <see cref="ReadySpaces"/>. Combine several with
/// <see cref="SweepableEstimator.Choice(SweepableEstimator[])"/> and search <c>choice.SearchSpace</c>, or grid any of them with
/// <c>trainer.SearchSpace!.ToGrid(pointsPerRange)</c>.
/// </summary>
public static class ReadyTrainers
{
    /// <summary>Ready trainers for <c>mlContext.BinaryClassification</c> (Boolean label).</summary>
    public static class Binary
    {
        /// <summary>L-BFGS logistic regression over <see cref="ReadySpaces.Lbfgs"/>.</summary>
        /// <param name="labelColumnName">The label column.</param>
        /// <param name="featureColumnName">The feature vector column.</param>
        /// <param name="configure">Fixed settings, applied before each candidate's values.</param>
        public static SweepableEstimator LbfgsLogisticRegression(string labelColumnName = "Label", string featureColumnName = "Features", Action<LbfgsLogisticRegressionBinaryTrainer.Options>? configure = null) =>
            Ready("LbfgsLogisticRegression", ReadySpaces.Lbfgs(), labelColumnName, featureColumnName, configure, (c, o) => c.BinaryClassification.Trainers.LbfgsLogisticRegression(o));

        /// <summary>SDCA logistic regression over <see cref="ReadySpaces.Sdca"/>.</summary>
        /// <param name="labelColumnName">The label column.</param>
        /// <param name="featureColumnName">The feature vector column.</param>
        /// <param name="configure">Fixed settings, applied before each candidate's values.</param>
        public static SweepableEstimator SdcaLogisticRegression(string labelColumnName = "Label", string featureColumnName = "Features", Action<SdcaLogisticRegressionBinaryTrainer.Options>? configure = null) =>
            Ready("SdcaLogisticRegression", ReadySpaces.Sdca(), labelColumnName, featureColumnName, configure, (c, o) => c.BinaryClassification.Trainers.SdcaLogisticRegression(o));




        /// <summary>Our scikit-learn-equivalent logistic regression over <see cref="ReadySpaces.LogisticRegression"/>.</summary>
        /// <param name="labelColumnName">The label column.</param>
        /// <param name="featureColumnName">The feature vector column.</param>
        /// <param name="configure">Fixed settings, applied before each candidate's values.</param>
        public static SweepableEstimator LogisticRegression(string labelColumnName = "Label", string featureColumnName = "Features", Action<LogisticRegressionOptions>? configure = null) =>
            Ready("LogisticRegression", ReadySpaces.LogisticRegression(), labelColumnName, featureColumnName, configure, (c, o) => c.BinaryClassification.Trainers.LogisticRegression(o));

        /// <summary>Averaged perceptron over <see cref="ReadySpaces.AveragedPerceptron"/>.</summary>
        /// <param name="labelColumnName">The label column.</param>
        /// <param name="featureColumnName">The feature vector column.</param>
        /// <param name="configure">Fixed settings, applied before each candidate's values.</param>
        public static SweepableEstimator AveragedPerceptron(string labelColumnName = "Label", string featureColumnName = "Features", Action<AveragedPerceptronTrainer.Options>? configure = null) =>
            Ready("AveragedPerceptron", ReadySpaces.AveragedPerceptron(), labelColumnName, featureColumnName, configure, (c, o) => c.BinaryClassification.Trainers.AveragedPerceptron(o));

        /// <summary>Linear SVM over <see cref="ReadySpaces.LinearSvm"/>.</summary>
        /// <param name="labelColumnName">The label column.</param>
        /// <param name="featureColumnName">The feature vector column.</param>
        /// <param name="configure">Fixed settings, applied before each candidate's values.</param>
        public static SweepableEstimator LinearSvm(string labelColumnName = "Label", string featureColumnName = "Features", Action<LinearSvmTrainer.Options>? configure = null) =>
            Ready("LinearSvm", ReadySpaces.LinearSvm(), labelColumnName, featureColumnName, configure, (c, o) => c.BinaryClassification.Trainers.LinearSvm(o));
    }

    /// <summary>Ready trainers for <c>mlContext.MulticlassClassification</c> (key-typed label).</summary>
    public static class Multiclass
    {
        /// <summary>L-BFGS maximum entropy (multinomial logistic regression) over <see cref="ReadySpaces.Lbfgs"/>.</summary>
        /// <param name="labelColumnName">The key-typed label column.</param>
        /// <param name="featureColumnName">The feature vector column.</param>
        /// <param name="configure">Fixed settings, applied before each candidate's values.</param>
        public static SweepableEstimator LbfgsMaximumEntropy(string labelColumnName = "Label", string featureColumnName = "Features", Action<LbfgsMaximumEntropyMulticlassTrainer.Options>? configure = null) =>
            Ready("LbfgsMaximumEntropy", ReadySpaces.Lbfgs(), labelColumnName, featureColumnName, configure, (c, o) => c.MulticlassClassification.Trainers.LbfgsMaximumEntropy(o));

        /// <summary>SDCA maximum entropy over <see cref="ReadySpaces.Sdca"/>.</summary>
        /// <param name="labelColumnName">The key-typed label column.</param>
        /// <param name="featureColumnName">The feature vector column.</param>
        /// <param name="configure">Fixed settings, applied before each candidate's values.</param>
        public static SweepableEstimator SdcaMaximumEntropy(string labelColumnName = "Label", string featureColumnName = "Features", Action<SdcaMaximumEntropyMulticlassTrainer.Options>? configure = null) =>
            Ready("SdcaMaximumEntropy", ReadySpaces.Sdca(), labelColumnName, featureColumnName, configure, (c, o) => c.MulticlassClassification.Trainers.SdcaMaximumEntropy(o));

        /// <summary>
        /// Our scikit-learn-equivalent logistic regression for any number of classes over <see cref="ReadySpaces.LogisticRegression"/>
        /// (one-vs-rest for liblinear, multinomial otherwise, as scikit-learn's <c>multi_class="auto"</c>).
        /// </summary>
        /// <param name="labelColumnName">The key-typed label column.</param>
        /// <param name="featureColumnName">The feature vector column.</param>
        /// <param name="configure">Fixed settings, applied before each candidate's values.</param>
        public static SweepableEstimator LogisticRegression(string labelColumnName = "Label", string featureColumnName = "Features", Action<LogisticRegressionOptions>? configure = null) =>
            Ready("LogisticRegression", ReadySpaces.LogisticRegression(), labelColumnName, featureColumnName, configure, (c, o) => c.MulticlassClassification.Trainers.LogisticRegression(o));
    }

    /// <summary>Ready trainers for <c>mlContext.Regression</c> (Single label).</summary>
    public static class Regression
    {
        /// <summary>Online gradient descent over <see cref="ReadySpaces.OnlineGradientDescent"/>.</summary>
        /// <param name="labelColumnName">The label column.</param>
        /// <param name="featureColumnName">The feature vector column.</param>
        /// <param name="configure">Fixed settings, applied before each candidate's values.</param>
        public static SweepableEstimator OnlineGradientDescent(string labelColumnName = "Label", string featureColumnName = "Features", Action<OnlineGradientDescentTrainer.Options>? configure = null) =>
            Ready("OnlineGradientDescent", ReadySpaces.OnlineGradientDescent(), labelColumnName, featureColumnName, configure, (c, o) => c.Regression.Trainers.OnlineGradientDescent(o));

        /// <summary>SDCA linear regression over <see cref="ReadySpaces.Sdca"/>.</summary>
        /// <param name="labelColumnName">The label column.</param>
        /// <param name="featureColumnName">The feature vector column.</param>
        /// <param name="configure">Fixed settings, applied before each candidate's values.</param>
        public static SweepableEstimator Sdca(string labelColumnName = "Label", string featureColumnName = "Features", Action<SdcaRegressionTrainer.Options>? configure = null) =>
            Ready("Sdca", ReadySpaces.Sdca(), labelColumnName, featureColumnName, configure, (c, o) => c.Regression.Trainers.Sdca(o));

        /// <summary>L-BFGS Poisson regression (non-negative labels) over <see cref="ReadySpaces.Lbfgs"/>.</summary>
        /// <param name="labelColumnName">The label column.</param>
        /// <param name="featureColumnName">The feature vector column.</param>
        /// <param name="configure">Fixed settings, applied before each candidate's values.</param>
        public static SweepableEstimator LbfgsPoissonRegression(string labelColumnName = "Label", string featureColumnName = "Features", Action<LbfgsPoissonRegressionTrainer.Options>? configure = null) =>
            Ready("LbfgsPoissonRegression", ReadySpaces.Lbfgs(), labelColumnName, featureColumnName, configure, (c, o) => c.Regression.Trainers.LbfgsPoissonRegression(o));





        /// <summary>Our scikit-learn-equivalent Ridge over <see cref="ReadySpaces.Ridge"/>.</summary>
        /// <param name="labelColumnName">The label column.</param>
        /// <param name="featureColumnName">The feature vector column.</param>
        /// <param name="configure">Fixed settings, applied before each candidate's values.</param>
        public static SweepableEstimator Ridge(string labelColumnName = "Label", string featureColumnName = "Features", Action<RidgeOptions>? configure = null) =>
            Ready("Ridge", ReadySpaces.Ridge(), labelColumnName, featureColumnName, configure, (c, o) => c.Regression.Trainers.Ridge(o));

        /// <summary>Our scikit-learn-equivalent Lasso over <see cref="ReadySpaces.Lasso"/>.</summary>
        /// <param name="labelColumnName">The label column.</param>
        /// <param name="featureColumnName">The feature vector column.</param>
        /// <param name="configure">Fixed settings, applied before each candidate's values.</param>
        /// <param name="maximumAlpha">The upper bound of alpha (about the target's standard deviation).</param>
        public static SweepableEstimator Lasso(string labelColumnName = "Label", string featureColumnName = "Features", Action<LassoOptions>? configure = null, double maximumAlpha = ReadySpaces.MaximumCoordinateDescentAlpha) =>
            Ready("Lasso", ReadySpaces.Lasso(maximumAlpha), labelColumnName, featureColumnName, configure, (c, o) => c.Regression.Trainers.Lasso(o));

        /// <summary>Our scikit-learn-equivalent ElasticNet over <see cref="ReadySpaces.ElasticNet"/>.</summary>
        /// <param name="labelColumnName">The label column.</param>
        /// <param name="featureColumnName">The feature vector column.</param>
        /// <param name="configure">Fixed settings, applied before each candidate's values.</param>
        /// <param name="maximumAlpha">The upper bound of alpha (about the target's standard deviation).</param>
        public static SweepableEstimator ElasticNet(string labelColumnName = "Label", string featureColumnName = "Features", Action<ElasticNetOptions>? configure = null, double maximumAlpha = ReadySpaces.MaximumCoordinateDescentAlpha) =>
            Ready("ElasticNet", ReadySpaces.ElasticNet(maximumAlpha), labelColumnName, featureColumnName, configure, (c, o) => c.Regression.Trainers.ElasticNet(o));

        /// <summary>Our scikit-learn-equivalent LinearRegression (ordinary least squares), over the empty <see cref="ReadySpaces.LinearRegression"/>.</summary>
        /// <param name="labelColumnName">The label column.</param>
        /// <param name="featureColumnName">The feature vector column.</param>
        /// <param name="configure">Fixed settings (e.g. the weight column).</param>
        public static SweepableEstimator LinearRegression(string labelColumnName = "Label", string featureColumnName = "Features", Action<LinearRegressionOptions>? configure = null) =>
            Ready("LinearRegression", ReadySpaces.LinearRegression(), labelColumnName, featureColumnName, configure, (c, o) => c.Regression.Trainers.LinearRegression(o));
    }

    /// <summary>A ready trainer: the options sequence with these columns; <paramref name="bind"/> replaces the plain binding (the tree package routes LightGBM's booster members with it).</summary>
    internal static SweepableEstimator Ready<TOptions>(string name, SearchSpace space, string label, string features, Action<TOptions>? configure, Func<MLContext, TOptions, IEstimator<ITransformer>> factory, Func<TOptions, Parameter, TOptions>? bind = null)
        where TOptions : class, new()
    {
        var columns = Columns(label, features);
        return new OptionsSweepable<TOptions>(factory, configure, options => OptionsBinder.Bind(options, columns), bind) { Name = name, SearchSpace = space };
    }

    private static Parameter Columns(string label, string features)
    {
        ArgumentException.ThrowIfNullOrEmpty(label);
        ArgumentException.ThrowIfNullOrEmpty(features);
        return new([new("LabelColumnName", label), new("FeatureColumnName", features)]);
    }
}
