using Microsoft.Data.Analysis;
using MlNetHpo.Columns;

namespace MlNetHpo.Cli.Data;

/// <summary>
/// Reads a delimited text file with a header into a <see cref="DataFrame"/>: the library's <see cref="DelimitedFile"/> reads and
/// types the columns (the one reader, shared with <c>AutoCatalog.InferColumns</c>); this class turns its problems into
/// command-line errors and its columns into data-frame columns.
/// </summary>
internal static class CsvFile
{
    /// <summary>How a file was read, for the user: separator and whether it was detected, decimal commas.</summary>
    internal sealed record Format(char Separator, bool Detected, bool DecimalComma)
    {
        /// <summary>E.g. "separator ';' (detected; --separator to choose), decimal commas".</summary>
        public string Describe() =>
            $"separator {Name(Separator)} ({(Detected ? "detected; --separator to choose" : "given")}){(DecimalComma ? ", decimal commas" : string.Empty)}";
    }

    /// <summary>The name of a separator as the user writes it.</summary>
    public static string Name(char separator) => DelimitedFile.Name(separator);

    /// <summary>Parses a --separator value: one character, or "tab", "comma", "semicolon", "pipe".</summary>
    /// <exception cref="CliException">Anything else.</exception>
    public static char ParseSeparator(string value) => value.ToLowerInvariant() switch
    {
        "tab" or "\\t" or "\t" => '\t',
        "comma" => ',',
        "semicolon" => ';',
        "pipe" => '|',
        { Length: 1 } when value[0] is not ('"' or '.' or '\r' or '\n') && !char.IsLetterOrDigit(value[0]) => value[0],
        _ => throw new CliException($"--separator '{value}' is not a separator; give one character such as ',' ';' '|' or the word tab."),
    };

    /// <summary>
    /// Reads <paramref name="path"/> (see <see cref="DelimitedFile.Read"/>). With <paramref name="types"/> (the training file's
    /// column types, by name), each column is read as that type, so a second file gets the same schema.
    /// </summary>
    /// <exception cref="CliException">Missing or unreadable file, ragged rows, unclosed quotes, or cells that do not parse.</exception>
    /// <param name="path">The file.</param>
    /// <param name="separator">The separator, or null to detect it from the header.</param>
    /// <param name="ignore">Columns read as text without any check (they are dropped).</param>
    /// <param name="types">The training file's column types by name, or null to infer them.</param>
    public static (DataFrame Frame, Format Format) Read(string path, char? separator, IReadOnlyCollection<string> ignore, IReadOnlyDictionary<string, Type>? types = null)
    {
        DelimitedTable table;
        try
        {
            table = DelimitedFile.Read(path, separator, ignore, types, "--separator");
        }
        catch (Exception e) when (e is IOException or InvalidDataException)
        {
            throw new CliException(e.Message);
        }

        var columns = table.Columns.Select(c => c.Values switch
        {
            bool?[] b => (DataFrameColumn)new BooleanDataFrameColumn(c.Name, b),
            double?[] d => new DoubleDataFrameColumn(c.Name, d),
            DateTime?[] t => new PrimitiveDataFrameColumn<DateTime>(c.Name, t),
            _ => new StringDataFrameColumn(c.Name, (string?[])c.Values),
        });
        return (new DataFrame(columns), new Format(table.Separator, table.Detected, table.DecimalComma));
    }
}
