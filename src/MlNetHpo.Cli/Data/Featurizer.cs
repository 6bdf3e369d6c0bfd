using Microsoft.ML;
using MlNetHpo.Columns;

namespace MlNetHpo.Cli.Data;

/// <summary>
/// The command line's featurizer: the library's <see cref="ColumnFeaturizer"/> (the one implementation, shared with
/// <c>AutoCatalog.Featurizer</c>) over a <see cref="ColumnPlan"/>'s roles. The dataset already holds numbers as Single, so
/// nothing is converted; <c>normalize</c> standardizes the numbers and categories for linear trainers.
/// </summary>
internal static class Featurizer
{
    /// <summary>The feature vector's column name.</summary>
    public const string FeaturesColumn = "Features";

    /// <summary>The featurizing pipeline.</summary>
    /// <exception cref="CliException">No column is left to learn from.</exception>
    public static IEstimator<ITransformer> Build(MLContext ml, ColumnPlan plan, bool normalize)
    {
        try
        {
            return ColumnFeaturizer.Build(ml, [.. plan.Named(ColumnRole.Numeric)], [], [.. plan.Named(ColumnRole.Categorical)],
                [.. plan.Named(ColumnRole.Text)], FeaturesColumn, normalize);
        }
        catch (ArgumentException e)
        {
            throw new CliException(e.Message);
        }
    }

    /// <summary>scikit-learn's <c>StandardScaler</c>, as the featurizer applies it (<see cref="ColumnFeaturizer.StandardScaler"/>).</summary>
    public static IEstimator<ITransformer> StandardScaler(MLContext ml, string column) => ColumnFeaturizer.StandardScaler(ml, column);
}
