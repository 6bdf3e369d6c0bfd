using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms;
using Microsoft.ML.Transforms.Text;

namespace MlNetHpo.Columns;

/// <summary>
/// Builds the part of a pipeline no hyperparameter touches, from column roles: numbers (Booleans and other number types
/// converted to Single first) with missing values replaced by the mean, categorical strings one-hot encoded, text featurized,
/// all concatenated into one feature vector, and, when asked (the command line does for linear trainers), the numbers and
/// categories standardized as scikit-learn's StandardScaler does (<see cref="StandardScaler"/>; text slots stay sparse and
/// unscaled). A search fits it once per fold, so every statistic it learns (means, categories, vocabulary, scale) comes from
/// the training part of the fold only. The command line and <c>AutoCatalog.Featurizer</c> both build through it.
/// </summary>
internal static class ColumnFeaturizer
{
    /// <summary>The featurizing pipeline.</summary>
    /// <param name="ml">The context.</param>
    /// <param name="numeric">Numeric columns (Single or vectors of Single).</param>
    /// <param name="convert">Numeric columns of another type (Boolean, Double, integers) converted to Single first.</param>
    /// <param name="categorical">Columns one-hot encoded.</param>
    /// <param name="text">String columns featurized as text.</param>
    /// <param name="outputColumnName">The feature vector's column.</param>
    /// <param name="normalize">True to standardize the numbers and categories.</param>
    /// <exception cref="ArgumentException">No column is left to learn from.</exception>
    public static IEstimator<ITransformer> Build(MLContext ml, IReadOnlyList<string> numeric, IReadOnlyList<string> convert,
        IReadOnlyList<string> categorical, IReadOnlyList<string> text, string outputColumnName, bool normalize)
    {
        var parts = new List<string>();
        var textParts = new List<string>();
        IEstimator<ITransformer> pipeline = new EstimatorChain<ITransformer>();
        if (convert.Count > 0)
        {
            pipeline = pipeline.Append(ml.Transforms.Conversion.ConvertType([.. convert.Select(n => new InputOutputColumnPair(Internal(n, "single"), n))], DataKind.Single));
        }

        var numbers = numeric.Select(n => (Input: n, Output: Internal(n, "num")))
            .Concat(convert.Select(n => (Input: Internal(n, "single"), Output: Internal(n, "num")))).ToArray();
        if (numbers.Length > 0)
        {
            // Mean, as the column plan tells the user; ML.NET's default mode (DefaultValue) would put 0 in their place.
            pipeline = pipeline.Append(ml.Transforms.ReplaceMissingValues([.. numbers.Select(n => new InputOutputColumnPair(n.Output, n.Input))], MissingValueReplacingEstimator.ReplacementMode.Mean));
            parts.AddRange(numbers.Select(n => n.Output));
        }

        if (categorical.Count > 0)
        {
            pipeline = pipeline.Append(ml.Transforms.Categorical.OneHotEncoding([.. categorical.Select(n => new InputOutputColumnPair(Internal(n, "cat"), n))]));
            parts.AddRange(categorical.Select(n => Internal(n, "cat")));
        }

        foreach (var column in text)
        {
            pipeline = pipeline.Append(ml.Transforms.Text.FeaturizeText(Internal(column, "text"), TextOptions, column));
            textParts.Add(Internal(column, "text"));
        }

        if (parts.Count + textParts.Count == 0)
        {
            throw new ArgumentException("No feature column is left: every column is the label or ignored.");
        }

        if (!normalize || parts.Count == 0 || textParts.Count == 0)
        {
            // One block: all standardized (numbers and categories), or none (text only, or no normalization).
            pipeline = pipeline.Append(ml.Transforms.Concatenate(outputColumnName, [.. parts, .. textParts]));
            return normalize && parts.Count > 0 ? pipeline.Append(StandardScaler(ml, outputColumnName)) : pipeline;
        }

        // Numbers and categories standardized; text appended as featurized (sparse, unscaled), as a scikit-learn ColumnTransformer
        // would: StandardScaler cannot centre sparse TF-IDF, and centring would make thousands of text slots dense.
        const string Dense = "__dense";
        return pipeline
            .Append(ml.Transforms.Concatenate(Dense, [.. parts]))
            .Append(StandardScaler(ml, Dense))
            .Append(ml.Transforms.Concatenate(outputColumnName, [Dense, .. textParts]));
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
