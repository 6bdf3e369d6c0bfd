using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetHpo.AutoML;
using MlNetHpo.Validation;

namespace MlNetHpo.Columns;

/// <summary>The feature columns of a data view, by what the featurizer does with them.</summary>
/// <param name="Numeric">Single columns (scalars or vectors): missing values replaced by the mean.</param>
/// <param name="Convert">Numeric columns of another type (Boolean, Double, integers): converted to Single first.</param>
/// <param name="Categorical">Columns one-hot encoded.</param>
/// <param name="Text">Columns featurized as text.</param>
internal sealed record FeatureColumns(IReadOnlyList<string> Numeric, IReadOnlyList<string> Convert, IReadOnlyList<string> Categorical, IReadOnlyList<string> Text);

/// <summary>
/// AutoML's column inference on this library's rules (<see cref="ColumnRoles"/>, <see cref="DelimitedFile"/>): the purposes
/// a <see cref="ColumnInformation"/> gives are kept, every other column's is inferred from its type and values.
/// </summary>
internal static class ColumnInference
{
    /// <summary>The featurizer's columns of <paramref name="data"/>: those <paramref name="information"/> names, the others inferred.</summary>
    /// <exception cref="ArgumentException">A column <paramref name="information"/> names is not in the data, or an image path column is named.</exception>
    public static FeatureColumns FeaturesOf(IDataView data, ColumnInformation information)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(information);
        // The label may be absent (featurizing data to predict on), as in AutoML; any other column named must be there.
        CheckNamed(data.Schema.Where(c => !c.IsHidden).Select(c => c.Name).ToList(), information, "data", checkLabel: false);
        if (information.ImagePathColumnNames.Count > 0)
        {
            throw new ArgumentException(
                $"columnInformation names the image path column(s) {string.Join(", ", information.ImagePathColumnNames)}; MlNetHpo does not featurize images (AutoML does with a DNN featurizer). Featurize them yourself and name the result in NumericColumnNames.", nameof(information));
        }

        var rows = DataViewReader.CountRows(data);
        var (numeric, convert, categorical, text) = (new List<string>(), new List<string>(), new List<string>(), new List<string>());
        foreach (var column in data.Schema.Where(c => !c.IsHidden))
        {
            var role = Given(information, column.Name) ?? Inferred(data, column, rows);
            switch (role)
            {
                case ColumnRole.Numeric:
                    ((column.Type is VectorDataViewType v ? v.ItemType : column.Type) == NumberDataViewType.Single ? numeric : convert).Add(column.Name);
                    break;
                case ColumnRole.Categorical:
                    categorical.Add(column.Name);
                    break;
                case ColumnRole.Text:
                    text.Add(column.Name);
                    break;
            }
        }

        return new FeatureColumns(numeric, convert, categorical, text);
    }

    /// <summary>
    /// Reads the file at <paramref name="path"/> (<see cref="DelimitedFile"/>: a header unless <paramref name="hasHeader"/> is false, every row read, separator detected
    /// unless given) and infers each column's type and purpose: the label is Boolean when its values are true/false or 0/1 (as
    /// AutoML's loader reads 0/1), else Single when numeric, else text; features by <see cref="ColumnRoles"/>.
    /// </summary>
    /// <remarks>
    /// With <paramref name="labelColumnIndex"/>, the label is the column at that index (counted from 0), whatever
    /// <paramref name="information"/> names; without <paramref name="hasHeader"/>, columns are named <c>col0</c>, <c>col1</c>, ...
    /// </remarks>
    /// <exception cref="ArgumentException">The label or another named column is not in the file, the label index is past its columns, or the file cannot be read as delimited text.</exception>
    public static ColumnInferenceResults InferFile(string path, ColumnInformation information, char? separator, bool? allowQuoting, bool? allowSparse, bool trimWhitespace,
        bool hasHeader = true, uint? labelColumnIndex = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(information);
        if (allowSparse == true)
        {
            throw new ArgumentException("allowSparse: MlNetHpo reads delimited files with one value per column, not ML.NET's sparse format; pass null or false.", nameof(allowSparse));
        }

        DelimitedTable table;
        try
        {
            table = DelimitedFile.Read(path, separator, [], separatorOption: "separatorChar", hasHeader: hasHeader);
        }
        catch (Exception e) when (e is IOException or InvalidDataException)
        {
            throw new ArgumentException(e.Message, nameof(path), e);
        }

        if (labelColumnIndex is { } labelIndex)
        {
            information.LabelColumnName = labelIndex < table.Columns.Count
                ? table.Columns[(int)labelIndex].Name
                : throw new ArgumentException($"labelColumnIndex is {labelIndex}; the file '{path}' has {table.Columns.Count} column(s), indexed 0 to {table.Columns.Count - 1}.", nameof(labelColumnIndex));
        }

        CheckNamed([.. table.Columns.Select(c => c.Name)], information, $"file '{path}'", checkLabel: true);
        var result = new ColumnInformation
        {
            LabelColumnName = information.LabelColumnName,
            UserIdColumnName = information.UserIdColumnName,
            GroupIdColumnName = information.GroupIdColumnName,
            ItemIdColumnName = information.ItemIdColumnName,
            ExampleWeightColumnName = information.ExampleWeightColumnName,
            SamplingKeyColumnName = information.SamplingKeyColumnName,
        };
        var loaderColumns = new List<TextLoader.Column>();
        for (var index = 0; index < table.Columns.Count; index++)
        {
            var column = table.Columns[index];
            var kind = column.Type == typeof(bool) ? DataKind.Boolean : column.Type == typeof(double) ? DataKind.Single : DataKind.String;
            var given = Given(information, column.Name);
            if (column.Name == information.LabelColumnName)
            {
                kind = IsBooleanLabel(column) ? DataKind.Boolean : kind;
            }
            else if (given is null || IsNamedList(information, column.Name))
            {
                var role = given ?? ColumnRoles.Classify(column.Type, column.MissingCount, column.Length, () => NonMissing(column)).Role;
                (role switch
                {
                    ColumnRole.Numeric => result.NumericColumnNames,
                    ColumnRole.Categorical => result.CategoricalColumnNames,
                    ColumnRole.Text => result.TextColumnNames,
                    _ => information.ImagePathColumnNames.Contains(column.Name) ? result.ImagePathColumnNames : result.IgnoredColumnNames,
                }).Add(column.Name);

                // A categorical or text column is loaded as text whatever its cells look like (AutoML loads what it one-hot encodes as given).
                kind = role is ColumnRole.Categorical or ColumnRole.Text ? DataKind.String : kind;
            }

            loaderColumns.Add(new TextLoader.Column(column.Name, kind, index));
        }

        return new ColumnInferenceResults
        {
            ColumnInformation = result,
            TextLoaderOptions = new TextLoader.Options
            {
                Columns = [.. loaderColumns],
                Separators = [table.Separator],
                HasHeader = hasHeader,
                AllowQuoting = allowQuoting ?? true,
                TrimWhitespace = trimWhitespace,
                DecimalMarker = table.DecimalComma ? ',' : '.',

                // An empty cell is missing, as the inference read it (ML.NET's loader would read 0), so the featurizer replaces it.
                MissingRealsAsNaNs = true,
            },
        };
    }

    /// <summary>The purpose <paramref name="information"/> gives <paramref name="name"/>: a feature role, <see cref="ColumnRole.Ignored"/> for the label and the other non-feature columns, or null.</summary>
    private static ColumnRole? Given(ColumnInformation information, string name)
    {
        if (name == information.LabelColumnName || name == information.ExampleWeightColumnName || name == information.SamplingKeyColumnName ||
            name == information.UserIdColumnName || name == information.ItemIdColumnName || name == information.GroupIdColumnName)
        {
            return ColumnRole.Ignored;
        }

        return information.CategoricalColumnNames.Contains(name) ? ColumnRole.Categorical
            : information.NumericColumnNames.Contains(name) ? ColumnRole.Numeric
            : information.TextColumnNames.Contains(name) ? ColumnRole.Text
            : information.IgnoredColumnNames.Contains(name) || information.ImagePathColumnNames.Contains(name) ? ColumnRole.Ignored
            : null;
    }

    /// <summary>True when <paramref name="name"/> is in one of the lists (rather than a single-column purpose such as the weight).</summary>
    private static bool IsNamedList(ColumnInformation information, string name) =>
        information.CategoricalColumnNames.Contains(name) || information.NumericColumnNames.Contains(name) || information.TextColumnNames.Contains(name) ||
        information.IgnoredColumnNames.Contains(name) || information.ImagePathColumnNames.Contains(name);

    /// <summary>A column of the data view by the rule, reading its values only where the rule needs them (missing counts, strings).</summary>
    private static ColumnRole Inferred(IDataView data, DataViewSchema.Column column, long rows)
    {
        var type = column.Type;
        if (type is VectorDataViewType vector)
        {
            return vector.ItemType is NumberDataViewType or BooleanDataViewType ? ColumnRole.Numeric
                : vector.ItemType is TextDataViewType ? ColumnRole.Text
                : ColumnRole.Ignored;
        }

        switch (type)
        {
            case TextDataViewType:
                var values = data.GetColumn<ReadOnlyMemory<char>>(column).Select(v => v.ToString()).Where(v => v.Length > 0).ToList();
                return ColumnRoles.Classify(typeof(string), rows - values.Count, rows, () => values).Role;
            case NumberDataViewType when type.RawType == typeof(float):
                return ColumnRoles.Classify(typeof(float), data.GetColumn<float>(column).Count(float.IsNaN), rows, () => []).Role;
            case NumberDataViewType when type.RawType == typeof(double):
                return ColumnRoles.Classify(typeof(double), data.GetColumn<double>(column).Count(double.IsNaN), rows, () => []).Role;
            case NumberDataViewType or BooleanDataViewType:
                return rows == 0 ? ColumnRole.Ignored : ColumnRole.Numeric;
            default:
                // Dates, keys, images and other types are not featurized (name them in a list of ColumnInformation to say otherwise).
                return ColumnRole.Ignored;
        }
    }

    /// <summary>Every column <paramref name="information"/> names must exist: one line naming the first one missing.</summary>
    private static void CheckNamed(IReadOnlyList<string> columns, ColumnInformation information, string where, bool checkLabel)
    {
        var named = new (string Member, string? Name)[]
        {
            (nameof(ColumnInformation.LabelColumnName), checkLabel ? information.LabelColumnName : null),
            (nameof(ColumnInformation.ExampleWeightColumnName), information.ExampleWeightColumnName),
            (nameof(ColumnInformation.SamplingKeyColumnName), information.SamplingKeyColumnName),
            (nameof(ColumnInformation.UserIdColumnName), information.UserIdColumnName),
            (nameof(ColumnInformation.ItemIdColumnName), information.ItemIdColumnName),
            (nameof(ColumnInformation.GroupIdColumnName), information.GroupIdColumnName),
        }.Concat(information.CategoricalColumnNames.Select(n => (nameof(ColumnInformation.CategoricalColumnNames), (string?)n)))
         .Concat(information.NumericColumnNames.Select(n => (nameof(ColumnInformation.NumericColumnNames), (string?)n)))
         .Concat(information.TextColumnNames.Select(n => (nameof(ColumnInformation.TextColumnNames), (string?)n)))
         .Concat(information.IgnoredColumnNames.Select(n => (nameof(ColumnInformation.IgnoredColumnNames), (string?)n)))
         .Concat(information.ImagePathColumnNames.Select(n => (nameof(ColumnInformation.ImagePathColumnNames), (string?)n)));
        foreach (var (member, name) in named)
        {
            if (name is not null && !columns.Contains(name, StringComparer.Ordinal))
            {
                throw new ArgumentException($"{member} names '{name}', which is not a column of the {where}. Columns: {string.Join(", ", columns)}.", "columnInformation");
            }
        }
    }

    /// <summary>True when the label's values are true/false or 0/1 (ML.NET's loader reads both as Boolean).</summary>
    private static bool IsBooleanLabel(DelimitedColumn column) => column.Values switch
    {
        bool?[] => true,
        double?[] numbers => numbers.Any(n => n is not null) && numbers.All(n => n is null or 0 or 1),
        _ => false,
    };

    private static IEnumerable<string> NonMissing(DelimitedColumn column) => column.Values is string?[] cells
        ? cells.Where(c => c is not null).Cast<string>()
        : [];
}
