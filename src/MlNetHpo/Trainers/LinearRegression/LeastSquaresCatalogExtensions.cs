using MlNetHpo.Trainers;

namespace Microsoft.ML;

/// <summary>
/// Entry points of scikit-learn's least-squares regressions on <c>MLContext.Regression.Trainers</c>: <c>LinearRegression</c>,
/// <c>Ridge</c>, <c>Lasso</c> and <c>ElasticNet</c> with scikit-learn 1.2.1's objectives, parameter names and checks. Each fitted model
/// is ML.NET's own linear regression transformer (Score), wrapped in a <see cref="LeastSquaresModel"/>.
/// </summary>
public static class LeastSquaresCatalogExtensions
{
    /// <summary>scikit-learn's <c>LinearRegression</c> (ordinary least squares, minimum-norm when features are collinear).</summary>
    /// <param name="catalog">The regression trainers catalog.</param>
    /// <param name="options">The options.</param>
    /// <returns>The trainer.</returns>
    public static LinearRegressionTrainer LinearRegression(this RegressionCatalog.RegressionTrainers catalog, LinearRegressionOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new LinearRegressionTrainer(options) { Cancellation = FitCancellation.Of(catalog) };
    }

    /// <summary>scikit-learn's <c>LinearRegression</c> (ordinary least squares, minimum-norm when features are collinear).</summary>
    /// <param name="catalog">The regression trainers catalog.</param>
    /// <param name="labelColumnName">The Single label column.</param>
    /// <param name="featureColumnName">The feature column (known-size vector of Single).</param>
    /// <param name="exampleWeightColumnName">Optional Single column of example weights.</param>
    /// <param name="fitIntercept">Whether to fit an intercept.</param>
    /// <returns>The trainer.</returns>
    public static LinearRegressionTrainer LinearRegression(
        this RegressionCatalog.RegressionTrainers catalog, string labelColumnName = "Label", string featureColumnName = "Features", string? exampleWeightColumnName = null, bool fitIntercept = true) =>
        LinearRegression(catalog, Columns(new LinearRegressionOptions(), labelColumnName, featureColumnName, exampleWeightColumnName, fitIntercept));

    /// <summary>scikit-learn's <c>Ridge</c>: minimizes <c>||y - Xw||^2 + alpha ||w||^2</c>, solved exactly.</summary>
    /// <param name="catalog">The regression trainers catalog.</param>
    /// <param name="options">The options; validated immediately, with scikit-learn's messages.</param>
    /// <returns>The trainer.</returns>
    public static RidgeTrainer Ridge(this RegressionCatalog.RegressionTrainers catalog, RidgeOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new RidgeTrainer(options) { Cancellation = FitCancellation.Of(catalog) };
    }

    /// <summary>scikit-learn's <c>Ridge</c>: minimizes <c>||y - Xw||^2 + alpha ||w||^2</c>, solved exactly.</summary>
    /// <param name="catalog">The regression trainers catalog.</param>
    /// <param name="labelColumnName">The Single label column.</param>
    /// <param name="featureColumnName">The feature column (known-size vector of Single).</param>
    /// <param name="exampleWeightColumnName">Optional Single column of example weights.</param>
    /// <param name="alpha">Regularization strength (non-negative).</param>
    /// <param name="fitIntercept">Whether to fit an intercept.</param>
    /// <returns>The trainer.</returns>
    public static RidgeTrainer Ridge(
        this RegressionCatalog.RegressionTrainers catalog, string labelColumnName = "Label", string featureColumnName = "Features", string? exampleWeightColumnName = null, double alpha = 1.0, bool fitIntercept = true)
    {
        var options = Columns(new RidgeOptions(), labelColumnName, featureColumnName, exampleWeightColumnName, fitIntercept);
        options.Alpha = alpha;
        return Ridge(catalog, options);
    }

    /// <summary>scikit-learn's <c>Lasso</c>: minimizes <c>(1 / (2 n)) ||y - Xw||^2 + alpha ||w||_1</c> by coordinate descent.</summary>
    /// <param name="catalog">The regression trainers catalog.</param>
    /// <param name="options">The options; validated immediately, with scikit-learn's messages.</param>
    /// <returns>The trainer.</returns>
    public static LassoTrainer Lasso(this RegressionCatalog.RegressionTrainers catalog, LassoOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new LassoTrainer(options) { Cancellation = FitCancellation.Of(catalog) };
    }

    /// <summary>scikit-learn's <c>Lasso</c>: minimizes <c>(1 / (2 n)) ||y - Xw||^2 + alpha ||w||_1</c> by coordinate descent.</summary>
    /// <param name="catalog">The regression trainers catalog.</param>
    /// <param name="labelColumnName">The Single label column.</param>
    /// <param name="featureColumnName">The feature column (known-size vector of Single).</param>
    /// <param name="exampleWeightColumnName">Optional Single column of example weights.</param>
    /// <param name="alpha">Regularization strength (non-negative).</param>
    /// <param name="fitIntercept">Whether to fit an intercept.</param>
    /// <returns>The trainer.</returns>
    public static LassoTrainer Lasso(
        this RegressionCatalog.RegressionTrainers catalog, string labelColumnName = "Label", string featureColumnName = "Features", string? exampleWeightColumnName = null, double alpha = 1.0, bool fitIntercept = true)
    {
        var options = Columns(new LassoOptions(), labelColumnName, featureColumnName, exampleWeightColumnName, fitIntercept);
        options.Alpha = alpha;
        return Lasso(catalog, options);
    }

    /// <summary>
    /// scikit-learn's <c>ElasticNet</c>: minimizes <c>(1 / (2 n)) ||y - Xw||^2 + alpha * l1_ratio * ||w||_1 + 0.5 * alpha * (1 - l1_ratio) * ||w||^2</c>
    /// by coordinate descent.
    /// </summary>
    /// <param name="catalog">The regression trainers catalog.</param>
    /// <param name="options">The options; validated immediately, with scikit-learn's messages.</param>
    /// <returns>The trainer.</returns>
    public static ElasticNetTrainer ElasticNet(this RegressionCatalog.RegressionTrainers catalog, ElasticNetOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new ElasticNetTrainer(options) { Cancellation = FitCancellation.Of(catalog) };
    }

    /// <summary>
    /// scikit-learn's <c>ElasticNet</c>: minimizes <c>(1 / (2 n)) ||y - Xw||^2 + alpha * l1_ratio * ||w||_1 + 0.5 * alpha * (1 - l1_ratio) * ||w||^2</c>
    /// by coordinate descent.
    /// </summary>
    /// <param name="catalog">The regression trainers catalog.</param>
    /// <param name="labelColumnName">The Single label column.</param>
    /// <param name="featureColumnName">The feature column (known-size vector of Single).</param>
    /// <param name="exampleWeightColumnName">Optional Single column of example weights.</param>
    /// <param name="alpha">Regularization strength (non-negative).</param>
    /// <param name="l1Ratio">The L1 share of the penalty, in [0, 1].</param>
    /// <param name="fitIntercept">Whether to fit an intercept.</param>
    /// <returns>The trainer.</returns>
    public static ElasticNetTrainer ElasticNet(
        this RegressionCatalog.RegressionTrainers catalog, string labelColumnName = "Label", string featureColumnName = "Features", string? exampleWeightColumnName = null, double alpha = 1.0, double l1Ratio = 0.5, bool fitIntercept = true)
    {
        var options = Columns(new ElasticNetOptions(), labelColumnName, featureColumnName, exampleWeightColumnName, fitIntercept);
        options.Alpha = alpha;
        options.L1Ratio = l1Ratio;
        return ElasticNet(catalog, options);
    }

    private static T Columns<T>(T options, string label, string features, string? weight, bool fitIntercept)
        where T : LeastSquaresOptions
    {
        options.LabelColumnName = label;
        options.FeatureColumnName = features;
        options.ExampleWeightColumnName = weight;
        options.FitIntercept = fitIntercept;
        return options;
    }
}
