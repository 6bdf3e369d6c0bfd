using Microsoft.ML;
using MlNetHpo.Columns;

namespace MlNetHpo.AutoML;

/// <summary>AutoML's column inference and featurizer, on this library's one implementation (shared with the command line).</summary>
public sealed partial class AutoCatalog
{
    /// <summary>
    /// The featurizer AutoML's <c>Featurizer</c> builds, on this library's rules: every column of <paramref name="data"/> that
    /// <paramref name="columnInformation"/> does not name is classified from its type and values (numbers and Booleans numeric;
    /// strings categorical when they have few distinct, short values, text otherwise; dates and all-missing columns ignored); the
    /// label, weight, sampling key and id columns are left out. Numbers get missing values replaced by the mean (other number
    /// types and Booleans converted to Single first), categorical columns are one-hot encoded, text columns get word unigrams and
    /// bigrams, and everything is concatenated into <paramref name="outputColumnName"/>.
    /// </summary>
    /// <remarks>
    /// Differences from AutoML: the stages have no hyperparameters (AutoML sweeps one-hot against one-hot-hash encoding), so
    /// <c>AutoMLExperiment</c> fits the featurizer once per fold; numbers are not standardized (as AutoML; the command line
    /// standardizes for its linear trainers); image path columns are an error rather than featurized with a DNN.
    /// </remarks>
    /// <param name="data">The data whose schema (and values, for columns not named) decide the featurization.</param>
    /// <param name="columnInformation">The columns' purposes; columns it does not name are inferred.</param>
    /// <param name="outputColumnName">The feature vector's column.</param>
    /// <returns>A pipeline of one fixed stage.</returns>
    /// <exception cref="ArgumentException">A named column is not in the data, an image path column is named, or no feature column is left.</exception>
    public SweepablePipeline Featurizer(IDataView data, ColumnInformation columnInformation, string outputColumnName = "Features")
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(columnInformation);
        ArgumentException.ThrowIfNullOrEmpty(outputColumnName);
        var columns = ColumnInference.FeaturesOf(data, columnInformation);
        return new SweepablePipeline().Append(ColumnFeaturizer.Build(Context, columns.Numeric, columns.Convert, columns.Categorical, columns.Text, outputColumnName, normalize: false));
    }

    /// <summary>
    /// As <see cref="Featurizer(IDataView, ColumnInformation, string)"/>, with the columns given as lists (AutoML's overload and
    /// parameter names): the columns in no list are inferred, those in <paramref name="excludeColumns"/> left out (name the
    /// label there).
    /// </summary>
    /// <param name="data">The data.</param>
    /// <param name="outputColumnName">The feature vector's column.</param>
    /// <param name="catelogicalColumns">Columns one-hot encoded (AutoML's spelling).</param>
    /// <param name="numericColumns">Columns used as numbers.</param>
    /// <param name="textColumns">Columns featurized as text.</param>
    /// <param name="imagePathColumns">Image path columns: not supported; naming one is an error.</param>
    /// <param name="excludeColumns">Columns left out, such as the label.</param>
    /// <exception cref="ArgumentException">A column is in two lists or not in the data, an image path column is named, or no feature column is left.</exception>
    public SweepablePipeline Featurizer(IDataView data, string outputColumnName = "Features", string[]? catelogicalColumns = null, string[]? numericColumns = null,
        string[]? textColumns = null, string[]? imagePathColumns = null, string[]? excludeColumns = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        var lists = new (string Name, string[]? Columns)[]
        {
            (nameof(catelogicalColumns), catelogicalColumns), (nameof(numericColumns), numericColumns), (nameof(textColumns), textColumns),
            (nameof(imagePathColumns), imagePathColumns), (nameof(excludeColumns), excludeColumns),
        };
        var twice = lists.SelectMany(l => (l.Columns ?? []).Select(c => (List: l.Name, Column: c))).GroupBy(p => p.Column).FirstOrDefault(g => g.Count() > 1);
        if (twice is not null)
        {
            throw new ArgumentException($"The column '{twice.Key}' is in both {string.Join(" and ", twice.Select(p => p.List))}; give each column one purpose.", twice.First().List);
        }

        // As AutoML: a column named "Label" is left out as the label even when no list names it.
        var information = new ColumnInformation();
        Fill(information.CategoricalColumnNames, catelogicalColumns);
        Fill(information.NumericColumnNames, numericColumns);
        Fill(information.TextColumnNames, textColumns);
        Fill(information.ImagePathColumnNames, imagePathColumns);
        Fill(information.IgnoredColumnNames, excludeColumns);
        return Featurizer(data, information, outputColumnName);

        static void Fill(ICollection<string> target, string[]? source)
        {
            foreach (var column in source ?? [])
            {
                target.Add(column);
            }
        }
    }

    /// <summary>
    /// Infers the type and purpose of each column of the delimited file at <paramref name="path"/> (AutoML's <c>InferColumns</c>),
    /// by the rules the command line uses: a header line is required, every row is read, the separator is detected from the header
    /// (comma, semicolon, tab, pipe) unless given; a column is Boolean when every value is true/false, a number when its values are
    /// numbers (a few bad cells are an error naming them, not a reason to read text), else text; the label is loaded as Boolean
    /// when its values are true/false or 0/1. Feature purposes as in <see cref="Featurizer(IDataView, ColumnInformation, string)"/>.
    /// </summary>
    /// <remarks>
    /// Differences from AutoML: columns are never grouped into vectors (each file column is one loader column, whatever
    /// <paramref name="groupColumns"/> says), quoted fields are always understood, and sparse files are not read.
    /// </remarks>
    /// <param name="path">The file.</param>
    /// <param name="labelColumnName">The label column's name in the header.</param>
    /// <param name="separatorChar">The separator; null to detect it.</param>
    /// <param name="allowQuoting">The loader's <c>AllowQuoting</c>; null for true.</param>
    /// <param name="allowSparse">Must be null or false: sparse files are not read.</param>
    /// <param name="trimWhitespace">The loader's <c>TrimWhitespace</c>.</param>
    /// <param name="groupColumns">Accepted for AutoML's signature; columns are never grouped.</param>
    /// <returns>The loader options and the columns' purposes.</returns>
    /// <exception cref="ArgumentException">The file cannot be read as delimited text with a header, or the label is not one of its columns.</exception>
    public ColumnInferenceResults InferColumns(string path, string labelColumnName = "Label", char? separatorChar = null, bool? allowQuoting = null,
        bool? allowSparse = null, bool trimWhitespace = false, bool groupColumns = true)
    {
        ArgumentException.ThrowIfNullOrEmpty(labelColumnName);
        return ColumnInference.InferFile(path, new ColumnInformation { LabelColumnName = labelColumnName }, separatorChar, allowQuoting, allowSparse, trimWhitespace);
    }

    /// <summary>
    /// As <see cref="InferColumns(string, string, char?, bool?, bool?, bool, bool)"/>, keeping the purposes
    /// <paramref name="columnInformation"/> gives and inferring the others.
    /// </summary>
    /// <param name="path">The file.</param>
    /// <param name="columnInformation">The purposes already known (the label among them); null for a label named "Label".</param>
    /// <param name="separatorChar">The separator; null to detect it.</param>
    /// <param name="allowQuoting">The loader's <c>AllowQuoting</c>; null for true.</param>
    /// <param name="allowSparse">Must be null or false: sparse files are not read.</param>
    /// <param name="trimWhitespace">The loader's <c>TrimWhitespace</c>.</param>
    /// <param name="groupColumns">Accepted for AutoML's signature; columns are never grouped.</param>
    /// <returns>The loader options and the columns' purposes.</returns>
    /// <exception cref="ArgumentException">The file cannot be read as delimited text with a header, or a named column is not one of its columns.</exception>
    public ColumnInferenceResults InferColumns(string path, ColumnInformation? columnInformation, char? separatorChar = null, bool? allowQuoting = null,
        bool? allowSparse = null, bool trimWhitespace = false, bool groupColumns = true) =>
        ColumnInference.InferFile(path, columnInformation ?? new ColumnInformation(), separatorChar, allowQuoting, allowSparse, trimWhitespace);

    /// <summary>
    /// As <see cref="InferColumns(string, string, char?, bool?, bool?, bool, bool)"/>, with the label given by its index in the file
    /// (AutoML's overload): the same inference and results as naming that column. Without a header (<paramref name="hasHeader"/>
    /// false, AutoML's default) the first line is a row and the columns are named <c>col0</c>, <c>col1</c>, ... as AutoML names them.
    /// </summary>
    /// <param name="path">The file.</param>
    /// <param name="labelColumnIndex">The label's column, counted from 0.</param>
    /// <param name="hasHeader">Whether the first line names the columns.</param>
    /// <param name="separatorChar">The separator; null to detect it.</param>
    /// <param name="allowQuoting">The loader's <c>AllowQuoting</c>; null for true.</param>
    /// <param name="allowSparse">Must be null or false: sparse files are not read.</param>
    /// <param name="trimWhitespace">The loader's <c>TrimWhitespace</c>.</param>
    /// <param name="groupColumns">Accepted for AutoML's signature; columns are never grouped.</param>
    /// <returns>The loader options (with <paramref name="hasHeader"/>) and the columns' purposes.</returns>
    /// <exception cref="ArgumentException">The file cannot be read as delimited text, or <paramref name="labelColumnIndex"/> is past its last column.</exception>
    public ColumnInferenceResults InferColumns(string path, uint labelColumnIndex, bool hasHeader = false, char? separatorChar = null, bool? allowQuoting = null,
        bool? allowSparse = null, bool trimWhitespace = false, bool groupColumns = true) =>
        ColumnInference.InferFile(path, new ColumnInformation(), separatorChar, allowQuoting, allowSparse, trimWhitespace, hasHeader, labelColumnIndex);
}
