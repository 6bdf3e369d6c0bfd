using Microsoft.ML;
using Microsoft.ML.Data;

namespace MlNetHpo.Validation;

/// <summary>Reads what fold splitting needs from a view: its row count, and one column of any scalar type as comparable keys.</summary>
internal static class DataViewReader
{
    /// <summary>
    /// The view to read for a reader that reads all rows once into arrays of its own: a fold part's featurized rows rather
    /// than its cache (<see cref="FoldPartView"/>), any other view itself.
    /// </summary>
    public static IDataView ForOneRead(IDataView input) => input is FoldPartView part ? part.Rows : input;

    /// <summary>Number of rows, counted with a cursor when the view does not know it.</summary>
    public static int CountRows(IDataView data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.GetRowCount() is { } known)
        {
            return checked((int)known);
        }

        var count = 0;
        using var cursor = data.GetRowCursor([]);
        while (cursor.MoveNext())
        {
            count++;
        }

        return count;
    }

    public static object[] Read(IDataView data, string columnName, string role)
    {
        ArgumentNullException.ThrowIfNull(data);
        var column = data.Schema.GetColumnOrNull(columnName) ?? throw new ArgumentException(
            $"The {role} column '{columnName}' is not in the data. Columns: {string.Join(", ", data.Schema.Select(c => c.Name))}.", role);
        var type = column.Type;
        return type switch
        {
            BooleanDataViewType => Box(data.GetColumn<bool>(columnName)),
            TextDataViewType => data.GetColumn<ReadOnlyMemory<char>>(columnName).Select(v => (object)v.ToString()).ToArray(),
            KeyDataViewType k when k.RawType == typeof(uint) => Box(data.GetColumn<uint>(columnName)),
            NumberDataViewType when type.RawType == typeof(float) => Box(data.GetColumn<float>(columnName)),
            NumberDataViewType when type.RawType == typeof(double) => Box(data.GetColumn<double>(columnName)),
            NumberDataViewType when type.RawType == typeof(int) => Box(data.GetColumn<int>(columnName)),
            NumberDataViewType when type.RawType == typeof(long) => Box(data.GetColumn<long>(columnName)),
            NumberDataViewType when type.RawType == typeof(uint) => Box(data.GetColumn<uint>(columnName)),
            NumberDataViewType when type.RawType == typeof(short) => Box(data.GetColumn<short>(columnName)),
            NumberDataViewType when type.RawType == typeof(byte) => Box(data.GetColumn<byte>(columnName)),
            NumberDataViewType when type.RawType == typeof(ulong) => Box(data.GetColumn<ulong>(columnName)),
            _ => throw new ArgumentException(
                $"The {role} column '{columnName}' has type {type}; expected a scalar of Boolean, text, key or number type.", role),
        };
    }

    private static object[] Box<T>(IEnumerable<T> values)
        where T : notnull => values.Select(v => (object)v).ToArray();
}
