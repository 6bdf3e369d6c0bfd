using Microsoft.ML;
using MlNetHpo.AutoML;

namespace MlNetHpo.Validation;

/// <summary>
/// How a search splits its data: stratified k-fold (default for classification), k-fold (default for
/// regression), groups kept whole (a sampling-key column), or explicit user folds. An integer converts
/// to the task's default k-fold. Splits follow scikit-learn: without shuffling, the folds of
/// <c>StratifiedKFold</c> and <c>KFold</c> are reproduced row for row.
/// </summary>
public abstract class Folds
{
    private protected Folds()
    {
    }

    /// <summary>Splits <paramref name="data"/> (whose label column is <paramref name="labelColumnName"/>) into folds.</summary>
    public abstract IReadOnlyList<Fold> Split(IDataView data, string labelColumnName);

    /// <summary>The task's default: stratified k-fold for classification, k-fold for regression.</summary>
    public static implicit operator Folds(int k) => new TaskDefault(k);

    /// <summary>scikit-learn's <c>StratifiedKFold</c>: every fold keeps the class proportions of the label.</summary>
    /// <param name="k">Number of folds.</param>
    /// <param name="shuffle">Shuffle each class's rows before dealing them to folds.</param>
    /// <param name="seed">Seed of the shuffle.</param>
    /// <param name="columnName">The column to stratify on, when it is not the search's label column: e.g. the raw
    /// text column that the featurizer maps to the key-typed label.</param>
    public static Folds Stratified(int k = 5, bool shuffle = false, int seed = 0, string? columnName = null) =>
        new StratifiedKFold(k, shuffle, seed, columnName);

    /// <summary>scikit-learn's <c>KFold</c>: consecutive blocks, the first <c>n % k</c> one row larger.</summary>
    public static Folds KFold(int k = 5, bool shuffle = false, int seed = 0) => new PlainKFold(k, shuffle, seed);

    /// <summary>
    /// scikit-learn's <c>GroupKFold</c>: rows sharing a value of <paramref name="samplingKeyColumn"/> stay in
    /// the same fold; groups go, largest first, to the fold with the fewest rows.
    /// </summary>
    public static Folds Group(string samplingKeyColumn, int k = 5) => new GroupKFold(samplingKeyColumn, k);

    /// <summary>Folds given as (train, test) row positions.</summary>
    public static Folds Explicit(IEnumerable<(IReadOnlyList<int> Train, IReadOnlyList<int> Test)> folds) => new ExplicitFolds(folds);

    /// <summary>Resolves the task default into a concrete splitter.</summary>
    internal virtual Folds ForTask(bool classification) => this;

    private static void CheckK(int k)
    {
        if (k < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(k), k,
                $"Cross-validation needs at least one train/test split: k must be 2 or more, got k={k}.");
        }
    }

    private static void CheckRows(int k, int rows)
    {
        if (k > rows)
        {
            throw new ArgumentException($"Cannot have k={k} folds with only {rows} rows of data.", nameof(k));
        }
    }

    /// <summary>Turns a fold id per row into folds with sorted train and test positions.</summary>
    private static IReadOnlyList<Fold> FromAssignment(int[] foldOfRow, int k)
    {
        var folds = new Fold[k];
        for (var f = 0; f < k; f++)
        {
            var test = new List<int>();
            var train = new List<int>(foldOfRow.Length);
            for (var row = 0; row < foldOfRow.Length; row++)
            {
                (foldOfRow[row] == f ? test : train).Add(row);
            }

            folds[f] = new Fold(f, train.ToArray(), test.ToArray());
        }

        return folds;
    }

    private static void Shuffle<T>(IList<T> items, SplitMixRandom random)
    {
        for (var i = items.Count - 1; i > 0; i--)
        {
            var j = (int)random.NextInt64(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    private sealed class TaskDefault(int k) : Folds
    {
        public override IReadOnlyList<Fold> Split(IDataView data, string labelColumnName) =>
            throw new InvalidOperationException("A fold count alone needs the task to choose between stratified and plain k-fold.");

        internal override Folds ForTask(bool classification) => classification ? Stratified(k) : KFold(k);

        public override string ToString() => $"{k} folds";
    }

    private sealed class StratifiedKFold : Folds
    {
        private readonly (int K, bool Shuffle, int Seed, string? Column) _settings;

        public StratifiedKFold(int k, bool shuffle, int seed, string? column)
        {
            CheckK(k);
            _settings = (k, shuffle, seed, column);
        }

        public override IReadOnlyList<Fold> Split(IDataView data, string labelColumnName)
        {
            var (k, shuffle, seed, column) = _settings;
            labelColumnName = column ?? labelColumnName;
            if (column is null && data.Schema.GetColumnOrNull(labelColumnName) is null)
            {
                throw new ArgumentException(
                    $"The label column '{labelColumnName}' is not in the input data, so folds cannot be stratified on it (is it made by the featurizer?). " +
                    $"Name the raw column to stratify on: folds: Folds.Stratified({k}, columnName: \"...\"). Columns: {string.Join(", ", data.Schema.Select(c => c.Name))}.",
                    nameof(labelColumnName));
            }

            var labels = DataViewReader.Read(data, labelColumnName, "label");
            CheckRows(k, labels.Length);

            // Classes are numbered in order of first appearance, as scikit-learn does.
            var classOf = new Dictionary<object, int>();
            var encoded = labels.Select(l => classOf.TryGetValue(l, out var c) ? c : classOf[l] = classOf.Count).ToArray();
            var counts = new int[classOf.Count];
            foreach (var c in encoded)
            {
                counts[c]++;
            }

            var smallest = Array.IndexOf(counts, counts.Min());
            if (counts[smallest] < k)
            {
                throw new ArgumentException(
                    $"The least populated class in label column '{labelColumnName}' ('{classOf.First(p => p.Value == smallest).Key}') " +
                    $"has only {counts[smallest]} rows, fewer than the {k} folds: every fold needs every class.", nameof(labelColumnName));
            }

            // allocation[f, c]: rows of class c in test fold f, dealt round-robin over the class-sorted labels.
            var sorted = encoded.Order().ToArray();
            var allocation = new int[k, counts.Length];
            for (var i = 0; i < sorted.Length; i++)
            {
                allocation[i % k, sorted[i]]++;
            }

            var random = new SplitMixRandom(seed);
            var foldOfRow = new int[labels.Length];
            for (var c = 0; c < counts.Length; c++)
            {
                var foldsForClass = new List<int>(counts[c]);
                for (var f = 0; f < k; f++)
                {
                    foldsForClass.AddRange(Enumerable.Repeat(f, allocation[f, c]));
                }

                if (shuffle)
                {
                    Shuffle(foldsForClass, random);
                }

                var next = 0;
                for (var row = 0; row < encoded.Length; row++)
                {
                    if (encoded[row] == c)
                    {
                        foldOfRow[row] = foldsForClass[next++];
                    }
                }
            }

            return FromAssignment(foldOfRow, k);
        }

        public override string ToString() => $"StratifiedKFold(k={_settings.K}, shuffle={_settings.Shuffle}, seed={_settings.Seed}, column={_settings.Column})";
    }

    private sealed class PlainKFold : Folds
    {
        private readonly (int K, bool Shuffle, int Seed) _settings;

        public PlainKFold(int k, bool shuffle, int seed)
        {
            CheckK(k);
            _settings = (k, shuffle, seed);
        }

        public override IReadOnlyList<Fold> Split(IDataView data, string labelColumnName)
        {
            var (k, shuffle, seed) = _settings;
            ArgumentNullException.ThrowIfNull(data);
            var rows = DataViewReader.CountRows(data);
            CheckRows(k, rows);
            var order = Enumerable.Range(0, rows).ToArray();
            if (shuffle)
            {
                Shuffle(order, new SplitMixRandom(seed));
            }

            var foldOfRow = new int[rows];
            var start = 0;
            for (var f = 0; f < k; f++)
            {
                var size = (rows / k) + (f < rows % k ? 1 : 0);
                for (var i = start; i < start + size; i++)
                {
                    foldOfRow[order[i]] = f;
                }

                start += size;
            }

            return FromAssignment(foldOfRow, k);
        }

        public override string ToString() => $"KFold(k={_settings.K}, shuffle={_settings.Shuffle}, seed={_settings.Seed})";
    }

    private sealed class GroupKFold : Folds
    {
        private readonly string _column;
        private readonly int _k;

        public GroupKFold(string column, int k)
        {
            ArgumentException.ThrowIfNullOrEmpty(column);
            CheckK(k);
            (_column, _k) = (column, k);
        }

        public override IReadOnlyList<Fold> Split(IDataView data, string labelColumnName)
        {
            var keys = DataViewReader.Read(data, _column, "sampling key");
            var groupOf = new Dictionary<object, int>();
            var group = keys.Select(key => groupOf.TryGetValue(key, out var g) ? g : groupOf[key] = groupOf.Count).ToArray();
            if (_k > groupOf.Count)
            {
                throw new ArgumentException(
                    $"Cannot have k={_k} folds with only {groupOf.Count} distinct values in sampling key column '{_column}'.", nameof(data));
            }

            var sizes = new int[groupOf.Count];
            foreach (var g in group)
            {
                sizes[g]++;
            }

            // Largest group first (ties: first seen first) into the fold that holds the fewest rows so far.
            var foldOfGroup = new int[sizes.Length];
            var rowsInFold = new long[_k];
            foreach (var g in Enumerable.Range(0, sizes.Length).OrderByDescending(g => sizes[g]))
            {
                var lightest = Array.IndexOf(rowsInFold, rowsInFold.Min());
                rowsInFold[lightest] += sizes[g];
                foldOfGroup[g] = lightest;
            }

            return FromAssignment(group.Select(g => foldOfGroup[g]).ToArray(), _k);
        }

        public override string ToString() => $"GroupKFold(k={_k}, column={_column})";
    }

    private sealed class ExplicitFolds : Folds
    {
        private readonly Fold[] _folds;

        public ExplicitFolds(IEnumerable<(IReadOnlyList<int> Train, IReadOnlyList<int> Test)> folds)
        {
            ArgumentNullException.ThrowIfNull(folds);
            _folds = folds.Select((f, i) => new Fold(
                i,
                (f.Train ?? throw new ArgumentException($"Fold {i} has no train rows.", nameof(folds))).Order().ToArray(),
                (f.Test ?? throw new ArgumentException($"Fold {i} has no test rows.", nameof(folds))).Order().ToArray())).ToArray();
            if (_folds.Length == 0)
            {
                throw new ArgumentException("Explicit folds need at least one (train, test) split.", nameof(folds));
            }

            foreach (var fold in _folds)
            {
                if (fold.TrainIndices.Count == 0 || fold.TestIndices.Count == 0)
                {
                    throw new ArgumentException($"Fold {fold.Index} needs at least one train row and one test row.", nameof(folds));
                }
            }
        }

        public override IReadOnlyList<Fold> Split(IDataView data, string labelColumnName)
        {
            var rows = DataViewReader.CountRows(data);
            foreach (var fold in _folds)
            {
                var bad = fold.TrainIndices.Concat(fold.TestIndices).Where(i => i < 0 || i >= rows).Take(1).ToArray();
                if (bad.Length > 0)
                {
                    throw new ArgumentException($"Fold {fold.Index} names row {bad[0]}, outside the data's {rows} rows.", nameof(data));
                }
            }

            return _folds;
        }

        // Explicit folds are named by a hash of their rows, so a study notices when they change.
        public override string ToString()
        {
            var rows = _folds.SelectMany(f => new[] { -1 }.Concat(f.TrainIndices).Append(-2).Concat(f.TestIndices)).ToArray();
            var hash = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(rows.AsSpan())))[..16];
            return $"ExplicitFolds(k={_folds.Length}, rows#{hash})";
        }
    }
}
