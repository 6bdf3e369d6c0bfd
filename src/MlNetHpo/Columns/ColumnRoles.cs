namespace MlNetHpo.Columns;

/// <summary>How one column of a dataset is used.</summary>
internal enum ColumnRole
{
    /// <summary>A number (or a Boolean), missing values replaced by the mean.</summary>
    Numeric,

    /// <summary>A string with few distinct values, one-hot encoded.</summary>
    Categorical,

    /// <summary>A string with many distinct values or long strings, featurized as text (n-grams).</summary>
    Text,

    /// <summary>Not used: named as ignored, a date, or empty.</summary>
    Ignored,

    /// <summary>The label.</summary>
    Label,
}

/// <summary>
/// The rule that decides what a feature column is from its type and values, shared by the command line (on a file it read)
/// and <c>AutoCatalog.Featurizer</c> / <c>InferColumns</c> (on a data view or a file): numbers and Booleans are numeric; a
/// column whose every value is missing, or a date, is ignored; strings are categorical when they have few distinct values
/// (at most <see cref="MaxCategories"/>, and at most a tenth of the rows, at least 10) and are short
/// (<see cref="TextMeanLength"/> characters on average or less), text otherwise. Each decision comes with a reason a user can read.
/// </summary>
internal static class ColumnRoles
{
    /// <summary>At most this many distinct values (and few relative to the rows) makes a string categorical.</summary>
    internal const int MaxCategories = 50;

    /// <summary>Strings longer than this on average are text whatever their count.</summary>
    internal const double TextMeanLength = 30;

    /// <summary>The role of a feature column and why.</summary>
    /// <param name="type">The column's value type: a numeric type, <see cref="bool"/>, <see cref="DateTime"/>; anything else is read as strings.</param>
    /// <param name="missing">How many values are missing.</param>
    /// <param name="rows">The number of rows.</param>
    /// <param name="nonMissing">The non-missing values as text (read only for strings).</param>
    public static (ColumnRole Role, string Why) Classify(Type type, long missing, long rows, Func<IEnumerable<string>> nonMissing)
    {
        if (missing == rows)
        {
            return (ColumnRole.Ignored, "every value is missing");
        }

        if (IsNumeric(type) || type == typeof(bool))
        {
            var replaced = missing > 0 ? $", {missing} missing replaced by the mean" : string.Empty;
            return (ColumnRole.Numeric, $"{(type == typeof(bool) ? "Boolean as 0/1" : "number")}{replaced}");
        }

        if (type == typeof(DateTime))
        {
            return (ColumnRole.Ignored, "a date (not featurized)");
        }

        var values = nonMissing().ToList();
        var distinct = values.Distinct(StringComparer.Ordinal).Count();
        var meanLength = values.Count == 0 ? 0 : values.Average(v => v.Length);
        var categoryLimit = Math.Min(MaxCategories, Math.Max(10, rows / 10));
        if (meanLength > TextMeanLength)
        {
            return (ColumnRole.Text, $"text: strings of {meanLength:0} characters on average");
        }

        return distinct <= categoryLimit
            ? (ColumnRole.Categorical, $"{distinct} distinct values, one-hot encoded")
            : (ColumnRole.Text, $"text: {distinct} distinct values (more than {categoryLimit})");
    }

    /// <summary>True for the CLR number types.</summary>
    public static bool IsNumeric(Type type) =>
        type == typeof(float) || type == typeof(double) || type == typeof(int) || type == typeof(long) || type == typeof(short) ||
        type == typeof(byte) || type == typeof(decimal) || type == typeof(uint) || type == typeof(ulong) || type == typeof(sbyte) || type == typeof(ushort);
}
