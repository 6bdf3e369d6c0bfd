using Microsoft.ML;

namespace MlNetHpo.Evaluation;

/// <summary>
/// A view read on the calling thread only. <c>GetRowCursor</c> over an ML.NET transform's output may split the pipeline
/// into parallel cursors (two mapping threads and a merging one, whatever the core count); filling a fold's cache that
/// way spins threads that the search's own workers need. A cursor set of one is read in row order, so the cached rows
/// and every result are the same.
/// </summary>
internal sealed class SequentialDataView(IDataView source) : IDataView
{
    public bool CanShuffle => source.CanShuffle;

    public DataViewSchema Schema => source.Schema;

    public long? GetRowCount() => source.GetRowCount();

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null) =>
        source.GetRowCursorSet(columnsNeeded, 1, rand)[0];

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
        [GetRowCursor(columnsNeeded, rand)];
}
