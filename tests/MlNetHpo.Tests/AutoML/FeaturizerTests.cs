using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetHpo.AutoML;

namespace MlNetHpo.Tests.AutoML;

/// <summary>
/// <c>mlContext.Auto().Featurizer</c>: the library's column featurizer (the command line's, moved) over a data view, with the
/// purposes <see cref="ColumnInformation"/> gives and the others inferred.
/// </summary>
public sealed class FeaturizerTests
{
    private static readonly MLContext Ml = new(0);

    // Rows: Age Single with a missing value, Rooms Double, Member Boolean, Color 3 values, Note 12 distinct long strings, Label, Weight.
    private static readonly Row[] Rows = [.. Enumerable.Range(0, 12).Select(i => new Row
    {
        Age = i == 3 ? float.NaN : 20 + i,
        Rooms = i % 4,
        Member = i % 2 == 0,
        Color = new[] { "red", "green", "blue" }[i % 3],
        Note = $"note number {i} written by a reviewer who likes long sentences",
        Label = i % 3 == 0,
        Weight = 1 + i,
    })];

    [Fact]
    public void InfersEachColumnAndLeavesOutTheLabelAndTheWeight()
    {
        var data = Ml.Data.LoadFromEnumerable(Rows);
        var information = new ColumnInformation { LabelColumnName = "Label", ExampleWeightColumnName = "Weight" };

        var features = Transform(Ml.Auto().Featurizer(data, information), data);

        // Age (NaN -> mean of the others), Rooms and Member as Single, Color one-hot in order of appearance, then Note's n-grams.
        var ageMean = Rows.Where(r => !float.IsNaN(r.Age)).Average(r => r.Age);
        Assert.Equal([20f, 0f, 1f, 1f, 0f, 0f], features[0][..6]);
        Assert.Equal([ageMean, 3f, 0f, 1f, 0f, 0f], features[3][..6]);
        Assert.Equal([21f, 1f, 0f, 0f, 1f, 0f], features[1][..6]);
        var noteSlots = features[0].Length - 6;
        Assert.True(noteSlots > 12, $"the text column gives word n-grams; got {noteSlots} slots");
        Assert.DoesNotContain(features, f => f.Any(float.IsNaN));
    }

    [Fact]
    public void KeepsThePurposesColumnInformationGives()
    {
        var data = Ml.Data.LoadFromEnumerable(Rows);
        var information = new ColumnInformation { LabelColumnName = "Label" };
        information.CategoricalColumnNames.Add("Rooms");
        information.IgnoredColumnNames.Add("Note");
        information.IgnoredColumnNames.Add("Weight");

        var features = Transform(Ml.Auto().Featurizer(data, information, outputColumnName: "X"), data, "X");

        // Age, Member; Rooms (4 values) and Color (3) one-hot, in schema order; no text.
        Assert.Equal(2 + 4 + 3, features[0].Length);
        Assert.Equal([20f, 1f, 1f, 0f, 0f, 0f, 1f, 0f, 0f], features[0]);
        Assert.Equal([25f, 0f, 0f, 1f, 0f, 0f, 0f, 0f, 1f], features[5]);
    }

    [Fact]
    public void TheListOverloadExcludesWhatItIsTold()
    {
        var data = Ml.Data.LoadFromEnumerable(Rows);

        var features = Transform(Ml.Auto().Featurizer(data, catelogicalColumns: ["Member"], numericColumns: ["Age"], excludeColumns: ["Label", "Weight", "Note", "Rooms"]), data);

        // Age; Member one-hot (2, true first as met first); Color (inferred categorical, 3).
        Assert.Equal([20f, 1f, 0f, 1f, 0f, 0f], features[0]);
        Assert.Equal([21f, 0f, 1f, 0f, 1f, 0f], features[1]);
    }

    [Fact]
    public void BadColumnsAreOneLineNamingThem()
    {
        var data = Ml.Data.LoadFromEnumerable(Rows);
        var information = new ColumnInformation();
        information.NumericColumnNames.Add("Agee");

        var missing = Assert.Throws<ArgumentException>(() => Ml.Auto().Featurizer(data, information));
        Assert.StartsWith("NumericColumnNames names 'Agee', which is not a column of the data. Columns: Age, Rooms, Member, Color, Note, Label, Weight.", missing.Message);

        var twice = Assert.Throws<ArgumentException>(() => Ml.Auto().Featurizer(data, numericColumns: ["Age"], excludeColumns: ["Age"]));
        Assert.StartsWith("The column 'Age' is in both numericColumns and excludeColumns", twice.Message);

        var images = new ColumnInformation();
        images.ImagePathColumnNames.Add("Note");
        Assert.Contains("does not featurize images", Assert.Throws<ArgumentException>(() => Ml.Auto().Featurizer(data, images)).Message);

        var nothing = Assert.Throws<ArgumentException>(() => Ml.Auto().Featurizer(data, excludeColumns: ["Age", "Rooms", "Member", "Color", "Note", "Weight"]));
        Assert.Equal("No feature column is left: every column is the label or ignored.", nothing.Message);
    }

    private static float[][] Transform(SweepablePipeline featurizer, IDataView data, string column = "Features")
    {
        var transformed = featurizer.BuildFromOption(Ml, new Parameter([])).Fit(data).Transform(data);
        return [.. transformed.GetColumn<VBuffer<float>>(column).Select(v => v.DenseValues().ToArray())];
    }

    private sealed class Row
    {
        public float Age { get; set; }

        public double Rooms { get; set; }

        public bool Member { get; set; }

        public string Color { get; set; } = string.Empty;

        public string Note { get; set; } = string.Empty;

        public bool Label { get; set; }

        public float Weight { get; set; }
    }
}
