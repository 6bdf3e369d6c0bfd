using Microsoft.ML;

namespace MlNetHpo.Validation;

/// <summary>
/// A fold part as a search hands it to trainers: ML.NET's cache of its featurized rows, which a trainer that reads the data
/// many times fills on its first read, and the featurized rows themselves (<see cref="Rows"/>), which this library's
/// trainers read once into arrays of their own (<see cref="DataViewReader.ForOneRead"/>) without filling the cache: one
/// pass through the featurizer instead of one to fill the cache and another to read it, and no cached copy kept.
/// </summary>
internal sealed class FoldPartView(IDataView rows, IDataView cache) : IDataView
{
    /// <summary>
    /// The featurized rows, not cached, read with one cursor on the reading thread. Asked for one cursor, ML.NET maps a
    /// transform's rows on a thread per core and puts them back in order; for one pass over a fold while the other workers
    /// fit on the other cores, that and the cache cost more than they saved on the 2-core machine (W3 0.85 against 0.73 s at
    /// 2 workers, W4 6.6 against 6.2 s; bench/results/scaling-2core-fold-reads.md).
    /// </summary>
    public IDataView Rows { get; } = new OneCursor(rows);

    public bool CanShuffle => cache.CanShuffle;

    public DataViewSchema Schema => cache.Schema;

    public long? GetRowCount() => cache.GetRowCount();

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null) =>
        cache.GetRowCursor(columnsNeeded, rand);

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
        cache.GetRowCursorSet(columnsNeeded, n, rand);

    /// <summary>A view whose every cursor is a set of one cursor of the inner view, so no transform splits the rows across threads.</summary>
    private sealed class OneCursor(IDataView inner) : IDataView
    {
        public bool CanShuffle => false;

        public DataViewSchema Schema => inner.Schema;

        public long? GetRowCount() => inner.GetRowCount();

        public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null) =>
            inner.GetRowCursorSet(columnsNeeded, 1)[0];

        public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
            [GetRowCursor(columnsNeeded)];
    }
}
