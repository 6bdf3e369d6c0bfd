using Microsoft.ML;
using Microsoft.ML.Data;

namespace MlNetHpo.Experiments;

/// <summary>
/// The rows of a source view at given positions, in ascending order: how a fold's train and test
/// parts are cut from the data without copying it. The source should be cached (it is walked once
/// per cursor, skipping rows not in the fold).
/// </summary>
internal sealed class RowSubsetDataView : IDataView
{
    private readonly IDataView _source;
    private readonly bool[] _selected;
    private readonly int _count;
    private readonly int _last;

    public RowSubsetDataView(IDataView source, IReadOnlyList<int> rows, int sourceRowCount)
    {
        _source = source;
        _selected = new bool[sourceRowCount];
        foreach (var row in rows)
        {
            _selected[row] = true;
        }

        _count = rows.Count;
        _last = rows.Count == 0 ? -1 : rows.Max();
    }

    public bool CanShuffle => false;

    public DataViewSchema Schema => _source.Schema;

    public long? GetRowCount() => _count;

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null) =>
        new Cursor(this, _source.GetRowCursor(columnsNeeded));

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
        [GetRowCursor(columnsNeeded, rand)];

    private sealed class Cursor(RowSubsetDataView parent, DataViewRowCursor source) : DataViewRowCursor
    {
        private long _position = -1;
        private int _sourceRow = -1;

        public override long Position => _position;

        public override long Batch => 0;

        public override DataViewSchema Schema => source.Schema;

        public override bool MoveNext()
        {
            while (_sourceRow < parent._last && source.MoveNext())
            {
                _sourceRow++;
                if (parent._selected[_sourceRow])
                {
                    _position++;
                    return true;
                }
            }

            return false;
        }

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column) => source.GetGetter<TValue>(column);

        public override ValueGetter<DataViewRowId> GetIdGetter() => source.GetIdGetter();

        public override bool IsColumnActive(DataViewSchema.Column column) => source.IsColumnActive(column);

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                source.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
