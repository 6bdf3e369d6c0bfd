using System.Globalization;
using Microsoft.Data.Analysis;
using MlNetHpo.Columns;
using MlNetHpo.Scoring;

namespace MlNetHpo.Cli.Data;

/// <summary>One column: its name in the file, the type the loader inferred, and its role.</summary>
internal sealed record ColumnInfo(string Name, Type InferredType, ColumnRole Role, string Why);

/// <summary>
/// Decides, from a loaded <see cref="DataFrame"/>, what each column is (numeric, categorical, text, ignored,
/// label) and which task the label implies. The rules are stated in <see cref="Describe"/> output, so a user
/// sees why a column was treated as it was.
/// </summary>
internal sealed class ColumnPlan
{
    /// <summary>At most this many distinct integer label values makes a numeric label multiclass.</summary>
    internal const int MaxIntegerClasses = 20;

    private ColumnPlan(IReadOnlyList<ColumnInfo> columns, string label, SearchTask task, string taskWhy, IReadOnlyList<string> classes)
    {
        (Columns, LabelName, Task, TaskWhy, Classes) = (columns, label, task, taskWhy, classes);
    }

    /// <summary>Every column of the file, in file order.</summary>
    public IReadOnlyList<ColumnInfo> Columns { get; }

    /// <summary>The label column's name in the file.</summary>
    public string LabelName { get; }

    /// <summary>The task: given, or inferred from the label.</summary>
    public SearchTask Task { get; }

    /// <summary>Why the task is what it is.</summary>
    public string TaskWhy { get; }

    /// <summary>The label's distinct values as text, sorted (classification); for binary the second is the positive class.</summary>
    public IReadOnlyList<string> Classes { get; }

    /// <summary>Columns with role <paramref name="role"/>.</summary>
    public IEnumerable<string> Named(ColumnRole role) => Columns.Where(c => c.Role == role).Select(c => c.Name);

    /// <summary>Infers the plan.</summary>
    /// <exception cref="CliException">Unknown label or ignored column, a label with one value, or a task the label cannot have.</exception>
    public static ColumnPlan Infer(DataFrame frame, string label, SearchTask? task, IReadOnlyCollection<string> ignore)
    {
        var names = frame.Columns.Select(c => c.Name).ToList();
        if (!names.Contains(label, StringComparer.Ordinal))
        {
            var match = names.FirstOrDefault(n => string.Equals(n, label, StringComparison.OrdinalIgnoreCase));
            if (match is null)
            {
                throw new CliException($"The label column '{label}' is not in the dataset. Columns: {string.Join(", ", names)}.");
            }

            label = match;
        }

        foreach (var name in ignore.Where(i => !names.Contains(i, StringComparer.Ordinal)))
        {
            throw new CliException($"--ignore-cols names '{name}', which is not in the dataset. Columns: {string.Join(", ", names)}.");
        }

        if (ignore.Contains(label))
        {
            throw new CliException($"--ignore-cols names the label column '{label}'; the label cannot be ignored (--label-col chooses another).");
        }

        var labelColumn = frame.Columns[label];
        var labelValues = NonMissing(labelColumn).ToList();
        var distinct = labelValues.Distinct(StringComparer.Ordinal).ToList();
        if (labelValues.Count == 0)
        {
            throw new CliException($"The label column '{label}' has no values.");
        }

        if (distinct.Count < 2)
        {
            throw new CliException($"The label column '{label}' has only one value ('{distinct[0]}'); a search needs at least two classes or values.");
        }

        var numericLabel = IsNumeric(labelColumn.DataType) || labelColumn.DataType == typeof(bool);
        var integers = numericLabel && labelValues.All(v => double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && d == Math.Round(d));
        string why;
        if (task is null)
        {
            if (distinct.Count == 2)
            {
                (task, why) = (SearchTask.BinaryClassification, "inferred: the label has two distinct values");
            }
            else if (!numericLabel)
            {
                (task, why) = (SearchTask.MulticlassClassification, $"inferred: the label is text with {distinct.Count} distinct values");
            }
            else if (integers && distinct.Count <= MaxIntegerClasses)
            {
                (task, why) = (SearchTask.MulticlassClassification, $"inferred: the label has {distinct.Count} distinct integers");
            }
            else
            {
                (task, why) = (SearchTask.Regression, $"inferred: the label is numeric with {distinct.Count} distinct values");
            }
        }
        else
        {
            why = "given by --task";
            if (task == SearchTask.BinaryClassification && distinct.Count != 2)
            {
                throw new CliException($"--task binary needs a label with two distinct values; '{label}' has {distinct.Count}.");
            }

            if (task == SearchTask.Regression && !IsNumeric(labelColumn.DataType))
            {
                throw new CliException($"--task regression needs a numeric label; '{label}' holds text (e.g. '{distinct[0]}').");
            }
        }

        // true/false labels sort as text (false, then true: the positive class); numbers by value.
        var classes = task == SearchTask.Regression ? [] : SortClasses(distinct, IsNumeric(labelColumn.DataType));
        var rows = frame.Rows.Count;
        var columns = new List<ColumnInfo>();
        foreach (var column in frame.Columns)
        {
            columns.Add(column.Name == label
                ? new ColumnInfo(column.Name, column.DataType, ColumnRole.Label, Task(task.Value))
                : Classify(column, rows, ignore.Contains(column.Name)));
        }

        return new ColumnPlan(columns, label, task.Value, why, classes);

        static string Task(SearchTask t) => t switch
        {
            SearchTask.BinaryClassification => "binary classification",
            SearchTask.MulticlassClassification => "multiclass classification",
            _ => "regression",
        };
    }

    /// <summary>One line per column: name, role, reason.</summary>
    public IEnumerable<string> Describe()
    {
        var width = Columns.Max(c => c.Name.Length);
        foreach (var c in Columns)
        {
            yield return $"  {c.Name.PadRight(width)}  {c.Role.ToString().ToLowerInvariant(),-11}  {c.Why}";
        }
    }

    /// <summary>A feature column's role by the library's rule (<see cref="ColumnRoles"/>), or ignored when --ignore-cols names it.</summary>
    private static ColumnInfo Classify(DataFrameColumn column, long rows, bool ignored)
    {
        if (ignored)
        {
            return new(column.Name, column.DataType, ColumnRole.Ignored, "named by --ignore-cols");
        }

        var (role, why) = ColumnRoles.Classify(column.DataType, column.NullCount, rows, () => NonMissing(column));
        return new(column.Name, column.DataType, role, why);
    }

    private static List<string> SortClasses(List<string> distinct, bool numeric) => numeric
        ? [.. distinct.OrderBy(v => double.Parse(v, NumberStyles.Float, CultureInfo.InvariantCulture))]
        : [.. distinct.Order(StringComparer.Ordinal)];

    /// <summary>The column's non-missing values as invariant text (empty strings count as missing).</summary>
    internal static IEnumerable<string> NonMissing(DataFrameColumn column)
    {
        for (long i = 0; i < column.Length; i++)
        {
            var text = Format(column[i]);
            if (!string.IsNullOrEmpty(text))
            {
                yield return text;
            }
        }
    }

    /// <summary>A cell as invariant text; null and NaN as null.</summary>
    internal static string? Format(object? value) => value switch
    {
        null => null,
        float f when float.IsNaN(f) => null,
        double d when double.IsNaN(d) => null,
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

    private static bool IsNumeric(Type type) => ColumnRoles.IsNumeric(type);
}
