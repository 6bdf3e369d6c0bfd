using System.Collections.ObjectModel;

namespace MlNetHpo.AutoML;

/// <summary>
/// AutoML's description of what each column of a dataset is for: the label, the example weight, the sampling key, and lists of
/// categorical, numeric, text and ignored columns. <see cref="AutoCatalog.InferColumns(string, string, char?, bool?, bool?, bool, bool)"/>
/// fills it; <see cref="AutoCatalog.Featurizer(Microsoft.ML.IDataView, ColumnInformation, string)"/> reads it, inferring the purpose of
/// every column it does not name. The same members as Microsoft.ML.AutoML's <c>ColumnInformation</c>; the recommendation and
/// ranking ones (<see cref="UserIdColumnName"/>, <see cref="ItemIdColumnName"/>, <see cref="GroupIdColumnName"/>) only keep
/// those columns out of the features, and image paths are not featurized (naming one is an error of the featurizer).
/// </summary>
public sealed class ColumnInformation
{
    /// <summary>The label column; "Label" by default.</summary>
    public string LabelColumnName { get; set; } = "Label";

    /// <summary>The user id column (recommendation): not a feature.</summary>
    public string? UserIdColumnName { get; set; }

    /// <summary>The group id column (ranking): not a feature.</summary>
    public string? GroupIdColumnName { get; set; }

    /// <summary>The item id column (recommendation): not a feature.</summary>
    public string? ItemIdColumnName { get; set; }

    /// <summary>The example weight column: not a feature.</summary>
    public string? ExampleWeightColumnName { get; set; }

    /// <summary>The column whose equal values stay in the same fold or split (AutoML's sampling key): not a feature.</summary>
    public string? SamplingKeyColumnName { get; set; }

    /// <summary>Columns one-hot encoded.</summary>
    public ICollection<string> CategoricalColumnNames { get; private set; } = new Collection<string>();

    /// <summary>Columns used as numbers (missing values replaced by the mean; Booleans as 0/1).</summary>
    public ICollection<string> NumericColumnNames { get; private set; } = new Collection<string>();

    /// <summary>Columns featurized as text (word unigrams and bigrams).</summary>
    public ICollection<string> TextColumnNames { get; private set; } = new Collection<string>();

    /// <summary>Columns not used.</summary>
    public ICollection<string> IgnoredColumnNames { get; private set; } = new Collection<string>();

    /// <summary>Columns of image paths (AutoML featurizes them with a DNN; MlNetHpo does not, and says so).</summary>
    public ICollection<string> ImagePathColumnNames { get; private set; } = new Collection<string>();
}

/// <summary>
/// What <see cref="AutoCatalog.InferColumns(string, string, char?, bool?, bool?, bool, bool)"/> found in a file: the options of a
/// <see cref="Microsoft.ML.Data.TextLoader"/> that loads it with the inferred types, and the purpose of each column.
/// </summary>
public sealed class ColumnInferenceResults
{
    /// <summary>Loader options: one column per file column with its inferred type, the separator, the header.</summary>
    public Microsoft.ML.Data.TextLoader.Options TextLoaderOptions { get; internal set; } = new();

    /// <summary>The purpose of each column.</summary>
    public ColumnInformation ColumnInformation { get; internal set; } = new();
}
