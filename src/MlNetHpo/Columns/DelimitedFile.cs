using System.Globalization;
using System.Text;

namespace MlNetHpo.Columns;

/// <summary>One column of a <see cref="DelimitedFile"/>: its header name, the type decided from its cells, and the values.</summary>
/// <param name="Name">The header's name.</param>
/// <param name="Type">
/// <see cref="bool"/> (every value true/false), <see cref="double"/> (numbers), <see cref="DateTime"/> (dates) or <see cref="string"/>.
/// </param>
/// <param name="Values">
/// The values, one per row, as an array of the type made nullable (<c>bool?[]</c>, <c>double?[]</c>, <c>DateTime?[]</c>) or
/// <c>string?[]</c>; null is missing (an empty cell).
/// </param>
internal sealed record DelimitedColumn(string Name, Type Type, Array Values)
{
    /// <summary>The number of rows.</summary>
    public int Length => Values.Length;

    /// <summary>The number of missing values.</summary>
    public int MissingCount => Values.Cast<object?>().Count(v => v is null);
}

/// <summary>A delimited file read whole: its columns in file order, and how it was read.</summary>
/// <param name="Columns">The columns, in file order.</param>
/// <param name="Separator">The separator used.</param>
/// <param name="Detected">True when the separator was detected rather than given.</param>
/// <param name="DecimalComma">True when some number was written with a decimal comma.</param>
internal sealed record DelimitedTable(IReadOnlyList<DelimitedColumn> Columns, char Separator, bool Detected, bool DecimalComma)
{
    /// <summary>The number of rows (lines after the header).</summary>
    public int Rows => Columns.Count == 0 ? 0 : Columns[0].Length;
}

/// <summary>
/// Reads a delimited text file with a header, deciding each column's type from every row of the file (not a sample): Boolean
/// when every value is true/false (any case), a number (Double) when every value parses, a date when every value is one, else
/// text. Empty cells are missing. A column whose values are mostly numbers but where some cell is not a finite 32-bit number
/// (<c>abc</c>, <c>1e40</c>, <c>-inf</c>) is an error naming the line, column and value, instead of turning the whole column
/// into text. The command line and <c>AutoCatalog.InferColumns</c> both read files through it.
/// </summary>
internal static class DelimitedFile
{
    /// <summary>The separators tried when none is given, in order of preference on a tie.</summary>
    private static readonly char[] Candidates = [',', ';', '\t', '|'];

    /// <summary>Bad cells named in one message.</summary>
    private const int ShownCells = 3;

    /// <summary>The name of a separator as the user writes it.</summary>
    public static string Name(char separator) => separator == '\t' ? "tab" : $"'{separator}'";

    /// <summary>
    /// Reads <paramref name="path"/>. With <paramref name="types"/> (the training file's column types, by name), each
    /// column is read as that type, so a second file gets the same schema; a cell that does not fit is an error.
    /// </summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="IOException">The path is a directory, or the file cannot be read.</exception>
    /// <exception cref="InvalidDataException">Empty file, no rows, duplicate names, ragged rows, unclosed quotes, or cells that do not parse.</exception>
    /// <param name="path">The file.</param>
    /// <param name="separator">The separator, or null to detect it from the header.</param>
    /// <param name="ignore">Columns read as text without any check (they are dropped).</param>
    /// <param name="types">The training file's column types by name, or null to infer them.</param>
    /// <param name="separatorOption">How the caller's user gives a separator (e.g. "--separator"), named when rows do not split.</param>
    /// <param name="hasHeader">False when the first line is a row: the columns are then named <c>col0</c>, <c>col1</c>, ... (AutoML's names).</param>
    public static DelimitedTable Read(string path, char? separator, IReadOnlyCollection<string> ignore, IReadOnlyDictionary<string, Type>? types = null, string separatorOption = "a separator", bool hasHeader = true)
    {
        if (Directory.Exists(path))
        {
            throw new IOException($"The dataset '{path}' is a directory; give a CSV or TSV file.");
        }

        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"The dataset '{path}' does not exist.", path);
        }

        List<string> lines;
        try
        {
            lines = [.. File.ReadLines(path, Encoding.UTF8)];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"Cannot read the dataset '{path}': {e.Message}", e);
        }

        // The last line may end with a newline: trailing blank lines are not rows.
        while (lines.Count > 0 && lines[^1].Length == 0)
        {
            lines.RemoveAt(lines.Count - 1);
        }

        if (lines.Count == 0)
        {
            throw new InvalidDataException($"The dataset '{path}' is empty; expected a header line and rows.");
        }

        var detected = separator is null;
        var sep = separator ?? Detect(path, lines[0]);

        // Without a header, columns are named col0, col1, ... as AutoML names them, and the first line is a row.
        var first = hasHeader ? 1 : 0;
        var header = hasHeader ? [.. Split(lines[0], sep, path, 1).Select(h => h.Trim())] : Split(lines[0], sep, path, 1).Select((_, i) => $"col{i}").ToArray();
        if (lines.Count == first)
        {
            throw new InvalidDataException($"The dataset '{path}' has a header but no rows.");
        }

        var duplicate = header.GroupBy(h => h, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidDataException($"The dataset '{path}' has two columns named '{duplicate.Key}'; column names must be unique.");
        }

        var cells = header.Select(_ => new string?[lines.Count - first]).ToArray();
        for (var row = first; row < lines.Count; row++)
        {
            var fields = Split(lines[row], sep, path, row + 1);
            if (fields.Count != header.Length)
            {
                throw new InvalidDataException(
                    $"Line {row + 1} of '{path}' has {fields.Count} field(s) separated by {Name(sep)}; the {(hasHeader ? "header" : "first line")} has {header.Length}.{(detected ? $" Give {separatorOption} if the separator is another." : string.Empty)}");
            }

            for (var c = 0; c < header.Length; c++)
            {
                var text = fields[c].Trim();
                cells[c][row - first] = text.Length == 0 ? null : text;
            }
        }

        // Decimal commas are possible only when the comma is not the separator.
        var decimalComma = false;
        var columns = new List<DelimitedColumn>();
        for (var c = 0; c < header.Length; c++)
        {
            if (ignore.Contains(header[c]))
            {
                columns.Add(new DelimitedColumn(header[c], typeof(string), cells[c]));
                continue;
            }

            var type = types is null ? null : types.GetValueOrDefault(header[c]);
            var (column, comma) = Column(path, header[c], cells[c], sep != ',', type, types is not null);
            decimalComma |= comma;
            columns.Add(column);
        }

        return new DelimitedTable(columns, sep, detected, decimalComma);
    }

    /// <summary>The separator of a file: tab for .tsv, else the candidate that splits the header into the most fields.</summary>
    private static char Detect(string path, string header)
    {
        if (path.EndsWith(".tsv", StringComparison.OrdinalIgnoreCase) && header.Contains('\t'))
        {
            return '\t';
        }

        return Candidates.OrderByDescending(s => Split(header, s, path, 1).Count).ThenBy(s => Array.IndexOf(Candidates, s)).First();
    }

    /// <summary>One line's fields; double quotes enclose fields holding the separator ("" is a quote inside).</summary>
    private static List<string> Split(string line, char separator, string path, int lineNumber)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var ch = line[i];
            if (quoted)
            {
                if (ch == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (ch == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(ch);
                }
            }
            else if (ch == '"' && field.ToString().Trim().Length == 0)
            {
                field.Clear();
                quoted = true;
            }
            else if (ch == separator)
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else
            {
                field.Append(ch);
            }
        }

        if (quoted)
        {
            throw new InvalidDataException($"Line {lineNumber} of '{path}' has an unclosed double quote (fields cannot span lines).");
        }

        fields.Add(field.ToString());
        return fields;
    }

    /// <summary>Types one column from all its cells (or as <paramref name="given"/>), reporting cells that do not fit.</summary>
    private static (DelimitedColumn Column, bool DecimalComma) Column(string path, string name, string?[] cells, bool commaAllowed, Type? given, bool fixedTypes)
    {
        var present = cells.Where(v => v is not null).Cast<string>().ToList();
        var booleans = present.All(v => bool.TryParse(v, out _));
        if (given == typeof(bool) || (given is null && !fixedTypes && present.Count > 0 && booleans))
        {
            Bad(path, name, cells, v => !bool.TryParse(v, out _), "true or false, as in the training dataset");
            return (new DelimitedColumn(name, typeof(bool), cells.Select(v => v is null ? (bool?)null : bool.Parse(v)).ToArray()), false);
        }

        var numbers = cells.Select(v => Number(v, commaAllowed)).ToArray();
        var parsed = cells.Where(v => v is not null).Count(v => Number(v, commaAllowed).Kind != NumberKind.NotANumber);
        var finite = cells.Where(v => v is not null).Count(v => Number(v, commaAllowed).Kind == NumberKind.Finite);
        var numeric = given is not null ? given == typeof(double) : present.Count > 0 && parsed * 2 > present.Count;
        if (numeric)
        {
            // Mostly numbers: the rest are errors, not a reason to read the column as text.
            Bad(path, name, cells, v => Number(v, commaAllowed).Kind != NumberKind.Finite, given is null
                ? $"a finite number (a 32-bit float, |x| < 3.4e38) like the other {finite} values of the column; leave the cell empty if it is missing"
                : "a finite number, as in the training dataset; leave the cell empty if it is missing");
            var comma = numbers.Any(n => n.Comma);
            return (new DelimitedColumn(name, typeof(double), numbers.Select(n => n.Kind == NumberKind.Finite && !double.IsNaN(n.Value) ? n.Value : (double?)null).ToArray()), comma);
        }

        if (given == typeof(DateTime) || (given is null && !fixedTypes && present.Count > 0 && present.All(v => Date(v) is not null)))
        {
            return (new DelimitedColumn(name, typeof(DateTime), cells.Select(v => v is null ? null : Date(v)).ToArray()), false);
        }

        return (new DelimitedColumn(name, typeof(string), cells), false);
    }

    /// <summary>Throws when some cell of the column fails <paramref name="isBad"/>: the first cells with their lines, and the count.</summary>
    private static void Bad(string path, string name, string?[] cells, Func<string, bool> isBad, string expected)
    {
        var bad = cells.Select((v, i) => (Value: v, Line: i + 2)).Where(c => c.Value is not null && isBad(c.Value)).ToList();
        if (bad.Count == 0)
        {
            return;
        }

        var shown = string.Join(", ", bad.Take(ShownCells).Select(b => $"line {b.Line} has '{b.Value}'"));
        var more = bad.Count > ShownCells ? $" and {bad.Count - ShownCells} more cell(s)" : string.Empty;
        throw new InvalidDataException($"Column '{name}' of '{path}': {shown}{more}; expected {expected}.");
    }

    private enum NumberKind
    {
        NotANumber,
        Finite,
        OutOfRange,
    }

    /// <summary>A cell as a number: invariant digits, or with a decimal comma when the comma is not the separator.</summary>
    private static (NumberKind Kind, double Value, bool Comma) Number(string? text, bool commaAllowed)
    {
        if (text is null)
        {
            return (NumberKind.Finite, double.NaN, false);
        }

        var comma = false;
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            if (!commaAllowed || text.Count(ch => ch == ',') != 1 || text.Contains('.') ||
                !double.TryParse(text.Replace(',', '.'), NumberStyles.Float, CultureInfo.InvariantCulture, out value))
            {
                return IsInfinity(text) ? (NumberKind.OutOfRange, 0, false) : (NumberKind.NotANumber, 0, false);
            }

            comma = true;
        }

        // NaN is missing; what a Single cannot hold (|x| >= 3.4e38, infinities) is an error rather than a silent infinity.
        return double.IsNaN(value) ? (NumberKind.Finite, double.NaN, comma)
            : Math.Abs(value) > float.MaxValue ? (NumberKind.OutOfRange, value, comma)
            : (NumberKind.Finite, value, comma);
    }

    private static bool IsInfinity(string text) => text.TrimStart('+', '-').ToLowerInvariant() is "inf" or "infinity";

    private static DateTime? Date(string text) =>
        text.Any(char.IsLetter) && !text.Contains('T') ? null
        : DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) && (text.Contains('-') || text.Contains('/')) ? date : null;
}
