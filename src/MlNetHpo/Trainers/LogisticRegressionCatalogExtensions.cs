using MlNetHpo.Trainers;

namespace Microsoft.ML;

/// <summary>Entry points of <see cref="LogisticRegressionTrainer"/> on <c>MLContext.BinaryClassification.Trainers</c>.</summary>
public static class LogisticRegressionCatalogExtensions
{
    /// <summary>
    /// A logistic regression with scikit-learn's <c>LogisticRegression</c> semantics (version 1.2.1): same objective, same
    /// accepted parameter combinations, same optimum. The fitted model is a standard ML.NET binary-classification transformer.
    /// </summary>
    /// <param name="catalog">The binary-classification trainers catalog.</param>
    /// <param name="options">The options; validated immediately (invalid combinations throw here, as scikit-learn's fit would).</param>
    /// <returns>The trainer.</returns>
    public static LogisticRegressionTrainer LogisticRegression(
        this BinaryClassificationCatalog.BinaryClassificationTrainers catalog, LogisticRegressionOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new LogisticRegressionTrainer(options) { Cancellation = FitCancellation.Of(catalog) };
    }

    /// <summary>
    /// A logistic regression with scikit-learn's <c>LogisticRegression</c> semantics (version 1.2.1), other options at their defaults.
    /// </summary>
    /// <param name="catalog">The binary-classification trainers catalog.</param>
    /// <param name="labelColumnName">The Boolean label column.</param>
    /// <param name="featureColumnName">The feature column (known-size vector of Single).</param>
    /// <param name="exampleWeightColumnName">Optional Single column of example weights.</param>
    /// <param name="c">Inverse regularization strength (scikit-learn <c>C</c>).</param>
    /// <param name="penalty">The penalty.</param>
    /// <param name="solver">The scikit-learn solver.</param>
    /// <returns>The trainer.</returns>
    public static LogisticRegressionTrainer LogisticRegression(
        this BinaryClassificationCatalog.BinaryClassificationTrainers catalog,
        string labelColumnName = "Label",
        string featureColumnName = "Features",
        string? exampleWeightColumnName = null,
        double c = 1,
        Penalty penalty = Penalty.L2,
        Solver solver = Solver.Lbfgs)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return LogisticRegression(catalog, new LogisticRegressionOptions
        {
            LabelColumnName = labelColumnName,
            FeatureColumnName = featureColumnName,
            ExampleWeightColumnName = exampleWeightColumnName,
            C = c,
            Penalty = penalty,
            Solver = solver,
        });
    }
}
