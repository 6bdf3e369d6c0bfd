using MlNetHpo.Columns;
using System.Globalization;
using Microsoft.Data.Analysis;
using Microsoft.ML;
using MlNetHpo.Scoring;

namespace MlNetHpo.Cli.Data;

/// <summary>
/// A CSV or TSV file loaded with its header, column types decided from every row by <see cref="CsvFile"/>,
/// turned into the <see cref="IDataView"/> the search reads: numeric features as Single (missing as NaN), strings as text,
/// ignored columns dropped, and the label converted for the task in a column named <see cref="LabelColumn"/>
/// (Boolean for binary, a key for multiclass, Single for regression).
/// </summary>
internal sealed class Dataset
{
    private Dataset(IDataView data, long rows, ColumnPlan plan, string labelColumn, CsvFile.Format format)
    {
        (Data, Rows, Plan, LabelColumn, Format) = (data, rows, plan, labelColumn, format);
    }

    /// <summary>How the file was read (separator, decimal commas).</summary>
    public CsvFile.Format Format { get; }

    /// <summary>The data as the search reads it.</summary>
    public IDataView Data { get; }

    /// <summary>Number of rows.</summary>
    public long Rows { get; }

    /// <summary>The column roles and the task.</summary>
    public ColumnPlan Plan { get; }

    /// <summary>The converted label's column name in <see cref="Data"/>.</summary>
    public string LabelColumn { get; }

    /// <summary>Loads and prepares the training file.</summary>
    /// <exception cref="CliException">The file is missing or unreadable, or the plan cannot be made.</exception>
    public static Dataset LoadTraining(MLContext ml, string path, string label, SearchTask? task, IReadOnlyCollection<string> ignore, char? separator = null, string? weightColumn = null)
    {
        var (frame, format) = CsvFile.Read(path, separator, ignore);
        if (weightColumn is not null && !frame.Columns.Any(c => c.Name == weightColumn))
        {
            throw new CliException($"The weight column '{weightColumn}' (--weight-col) is not in '{path}'; columns: {string.Join(", ", frame.Columns.Select(c => c.Name))}.");
        }

        // The weight column is no feature: it is kept apart, as a Single column of the same name.
        var plan = ColumnPlan.Infer(frame, label, task, weightColumn is null ? ignore : [.. ignore, weightColumn]);
        return Prepare(ml, frame, plan, format, weightColumn);
    }

    /// <summary>Loads a second file (the test set) with the training file's plan: same columns, same types, same label coding.</summary>
    public Dataset LoadLike(MLContext ml, string path)
    {
        // Each column of the second file is read as the training file's type, so both give the same schema.
        var types = Plan.Columns.ToDictionary(c => c.Name, c => c.InferredType, StringComparer.Ordinal);
        var ignored = Plan.Named(ColumnRole.Ignored).ToList();
        var (frame, format) = CsvFile.Read(path, Format.Detected ? null : Format.Separator, ignored, types);
        var missing = Plan.Columns.Where(c => c.Role != ColumnRole.Ignored).Select(c => c.Name)
            .Where(n => !frame.Columns.Any(c => c.Name == n)).ToList();
        if (missing.Count > 0)
        {
            throw new CliException($"The test dataset '{path}' lacks the column(s) {string.Join(", ", missing)} of the training dataset.");
        }

        return Prepare(ml, frame, Plan, format);
    }

    private static Dataset Prepare(MLContext ml, DataFrame frame, ColumnPlan plan, CsvFile.Format format, string? weightColumn = null)
    {
        var labelColumn = plan.Columns.Any(c => c.Name == "Label" && c.Role != ColumnRole.Label) ? "__Label" : "Label";
        var columns = new List<DataFrameColumn>();
        foreach (var info in plan.Columns)
        {
            var source = frame.Columns[info.Name];
            switch (info.Role)
            {
                case ColumnRole.Numeric:
                    columns.Add(new SingleDataFrameColumn(info.Name, Enumerable.Range(0, (int)source.Length).Select(i => ToSingle(source[i]))));
                    break;
                case ColumnRole.Categorical or ColumnRole.Text:
                    columns.Add(new StringDataFrameColumn(info.Name, Enumerable.Range(0, (int)source.Length).Select(i => ColumnPlan.Format(source[i]) ?? string.Empty)));
                    break;
                case ColumnRole.Label:
                    columns.Add(Label(source, labelColumn, plan));
                    break;
            }
        }

        if (weightColumn is not null)
        {
            var source = frame.Columns[weightColumn];
            columns.Add(new SingleDataFrameColumn(weightColumn, Enumerable.Range(0, (int)source.Length).Select(i => ToSingle(source[i]))));
        }

        var prepared = new DataFrame(columns);
        if (prepared.Rows.Count == 0)
        {
            throw new CliException("Every row has a missing label.");
        }

        IDataView data = prepared;
        if (plan.Task == SearchTask.MulticlassClassification)
        {
            // Key-typed label with the classes sorted, the same coding for the training and test files.
            var classes = ml.Data.LoadFromEnumerable(plan.Classes.Select(c => new ClassRow { Value = c }));
            data = ml.Transforms.Conversion.MapValueToKey(labelColumn, labelColumn, keyData: classes).Fit(data).Transform(data);
        }

        return new Dataset(data, prepared.Rows.Count, plan, labelColumn, format);
    }

    private static DataFrameColumn Label(DataFrameColumn source, string name, ColumnPlan plan)
    {
        var values = Enumerable.Range(0, (int)source.Length).Select(i => ColumnPlan.Format(source[i])).ToList();
        if (values.Any(string.IsNullOrEmpty))
        {
            throw new CliException($"The label column '{plan.LabelName}' has {values.Count(string.IsNullOrEmpty)} missing value(s); remove those rows or choose another label.");
        }

        switch (plan.Task)
        {
            case SearchTask.BinaryClassification:
                var positive = plan.Classes[1];
                var unknown = values.FirstOrDefault(v => v != positive && v != plan.Classes[0]);
                return unknown is null
                    ? new BooleanDataFrameColumn(name, values.Select(v => v == positive))
                    : throw new CliException($"The label '{plan.LabelName}' has the value '{unknown}', which is not one of the training classes {plan.Classes[0]}, {positive}.");
            case SearchTask.MulticlassClassification:
                return new StringDataFrameColumn(name, values);
            default:
                return new SingleDataFrameColumn(name, values.Select(v => float.Parse(v!, NumberStyles.Float, CultureInfo.InvariantCulture)));
        }
    }

    private static float ToSingle(object? value) => value switch
    {
        null => float.NaN,
        bool b => b ? 1f : 0f,
        IConvertible c => Convert.ToSingle(c, CultureInfo.InvariantCulture),
        _ => float.NaN,
    };

    private sealed class ClassRow
    {
        public string Value { get; set; } = string.Empty;
    }
}
