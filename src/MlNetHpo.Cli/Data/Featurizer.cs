using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms.Text;

namespace MlNetHpo.Cli.Data;

/// <summary>
/// Builds the part of the pipeline no hyperparameter touches, from a <see cref="ColumnPlan"/>: missing numbers
/// replaced by the mean, categorical strings one-hot encoded, text featurized, all concatenated into "Features",
/// and, for linear trainers, the numbers and categories standardized as scikit-learn's StandardScaler does (<see cref="StandardScaler"/>;
/// text slots stay sparse and unscaled). The search fits it once per fold, so
/// every statistic it learns (means, categories, vocabulary, scale) comes from the training part of the fold only.
/// </summary>
internal static class Featurizer
{
    /// <summary>The feature vector's column name.</summary>
    public const string FeaturesColumn = "Features";

    /// <summary>The featurizing pipeline.</summary>
    /// <exception cref="CliException">No column is left to learn from.</exception>
    public static IEstimator<ITransformer> Build(MLContext ml, ColumnPlan plan, bool normalize)
    {
        var parts = new List<string>();
        var textParts = new List<string>();
        IEstimator<ITransformer> pipeline = new EstimatorChain<ITransformer>();
        var numeric = plan.Named(ColumnRole.Numeric).ToArray();
        if (numeric.Length > 0)
        {
            pipeline = pipeline.Append(ml.Transforms.ReplaceMissingValues([.. numeric.Select(n => new InputOutputColumnPair(Internal(n, "num"), n))]));
            parts.AddRange(numeric.Select(n => Internal(n, "num")));
        }

        var categorical = plan.Named(ColumnRole.Categorical).ToArray();
        if (categorical.Length > 0)
        {
            pipeline = pipeline.Append(ml.Transforms.Categorical.OneHotEncoding([.. categorical.Select(n => new InputOutputColumnPair(Internal(n, "cat"), n))]));
            parts.AddRange(categorical.Select(n => Internal(n, "cat")));
        }

        foreach (var text in plan.Named(ColumnRole.Text))
        {
            pipeline = pipeline.Append(ml.Transforms.Text.FeaturizeText(Internal(text, "text"), TextOptions, text));
            textParts.Add(Internal(text, "text"));
        }

        if (parts.Count + textParts.Count == 0)
        {
            throw new CliException("No feature column is left: every column is the label or ignored.");
        }

        if (!normalize || parts.Count == 0 || textParts.Count == 0)
        {
            // One block: all standardized (numbers and categories), or none (text only, or no normalization).
            pipeline = pipeline.Append(ml.Transforms.Concatenate(FeaturesColumn, [.. parts, .. textParts]));
            return normalize && parts.Count > 0 ? pipeline.Append(StandardScaler(ml, FeaturesColumn)) : pipeline;
        }

        // Numbers and categories standardized; text appended as featurized (sparse, unscaled), as a scikit-learn ColumnTransformer
        // would: StandardScaler cannot centre sparse TF-IDF, and centring would make thousands of text slots dense.
        const string Dense = "__dense";
        return pipeline
            .Append(ml.Transforms.Concatenate(Dense, [.. parts]))
            .Append(StandardScaler(ml, Dense))
            .Append(ml.Transforms.Concatenate(FeaturesColumn, [Dense, .. textParts]));
    }

    /// <summary>
    /// scikit-learn's <c>StandardScaler</c>: (x - mean) / population standard deviation per slot, a constant slot centred to 0.
    /// ML.NET's default (<c>fixZero: true</c>) keeps zeros at zero by dividing by the root mean square without centring, which
    /// moved the CLI's best LogisticRegression on breast_cancer from scikit-learn's {C: 0.1, l2, liblinear} at 0.98244 to
    /// {C: 1, l2, saga} at 0.97718. Fitted inside each fold like the rest of the featurizer, as a scikit-learn Pipeline is.
    /// </summary>
    public static IEstimator<ITransformer> StandardScaler(MLContext ml, string column) =>
        ml.Transforms.NormalizeMeanVariance(column, fixZero: false);

    // Word unigrams and bigrams, without ML.NET's default character trigrams: a vocabulary-sized vector keeps the
    // linear solvers fast (character trigrams give thousands of columns even on small data).
    private static TextFeaturizingEstimator.Options TextOptions => new()
    {
        WordFeatureExtractor = new WordBagEstimator.Options { NgramLength = 2, UseAllLengths = true },
        CharFeatureExtractor = null,
    };

    private static string Internal(string column, string kind) => $"__{kind}_{column}";
}
