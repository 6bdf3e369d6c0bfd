using MlNetHpo.Trainers;

namespace Microsoft.ML;

/// <summary>Entry points of <see cref="MulticlassLogisticRegressionTrainer"/> on <c>MLContext.MulticlassClassification.Trainers</c>.</summary>
public static class MulticlassLogisticRegressionCatalogExtensions
{
    /// <summary>
    /// A logistic regression with scikit-learn's <c>LogisticRegression</c> semantics (version 1.2.1) for any number of classes:
    /// one-vs-rest or multinomial (<see cref="LogisticRegressionOptions.MultiClass"/>), class weights, the same accepted
    /// combinations and optimum. The fitted model is a standard ML.NET multiclass transformer.
    /// </summary>
    /// <param name="catalog">The multiclass trainers catalog.</param>
    /// <param name="options">The options; validated immediately. The label column must be a key type.</param>
    /// <returns>The trainer.</returns>
    public static MulticlassLogisticRegressionTrainer LogisticRegression(
        this MulticlassClassificationCatalog.MulticlassClassificationTrainers catalog, LogisticRegressionOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new MulticlassLogisticRegressionTrainer(options) { Cancellation = FitCancellation.Of(catalog) };
    }

    /// <summary>A multiclass logistic regression with scikit-learn's semantics (version 1.2.1), other options at their defaults.</summary>
    /// <param name="catalog">The multiclass trainers catalog.</param>
    /// <param name="labelColumnName">The key-typed label column.</param>
    /// <param name="featureColumnName">The feature column (known-size vector of Single).</param>
    /// <param name="exampleWeightColumnName">Optional Single column of example weights.</param>
    /// <param name="c">Inverse regularization strength (scikit-learn <c>C</c>).</param>
    /// <param name="penalty">The penalty.</param>
    /// <param name="solver">The scikit-learn solver.</param>
    /// <param name="multiClass">One-vs-rest, multinomial, or scikit-learn's automatic choice.</param>
    /// <returns>The trainer.</returns>
    public static MulticlassLogisticRegressionTrainer LogisticRegression(
        this MulticlassClassificationCatalog.MulticlassClassificationTrainers catalog,
        string labelColumnName = "Label",
        string featureColumnName = "Features",
        string? exampleWeightColumnName = null,
        double c = 1,
        Penalty penalty = Penalty.L2,
        Solver solver = Solver.Lbfgs,
        MultiClass multiClass = MultiClass.Auto)
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
            MultiClass = multiClass,
        });
    }
}
