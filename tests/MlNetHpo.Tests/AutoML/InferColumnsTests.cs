using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetHpo.AutoML;

namespace MlNetHpo.Tests.AutoML;

/// <summary>
/// <c>mlContext.Auto().InferColumns</c> on real files: types and purposes by the command line's reader and rule, and loader
/// options that load the file as inferred.
/// </summary>
public sealed class InferColumnsTests : IDisposable
{
    private static readonly MLContext Ml = new(0);

    private readonly string _folder = Directory.CreateTempSubdirectory("mlnethpo-infer-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void TitanicNumbersAreNumericAndTheZeroOneLabelIsBoolean()
    {
        var path = SharedData.TitanicTrain("tutorial-2023");

        var inferred = Ml.Auto().InferColumns(path, labelColumnName: "Survived", groupColumns: false);

        var information = inferred.ColumnInformation;
        Assert.Equal("Survived", information.LabelColumnName);
        Assert.Equal(["Pclass", "Fare", "Sex_n", "Embarked_n", "FamMembers"], information.NumericColumnNames);
        Assert.Empty(information.CategoricalColumnNames);
        Assert.Empty(information.TextColumnNames);
        Assert.Empty(information.IgnoredColumnNames);
        var options = inferred.TextLoaderOptions;
        Assert.Equal([','], options.Separators);
        Assert.True(options.HasHeader);
        Assert.Equal(
            ["Pclass:Single:0", "Fare:Single:1", "Sex_n:Single:2", "Embarked_n:Single:3", "FamMembers:Single:4", "Survived:Boolean:5"],
            options.Columns.Select(c => $"{c.Name}:{c.DataKind}:{c.Source[0].Min}"));

        // The loader reads the file as the file says: every row, the survivors counted from the text itself.
        var data = Ml.Data.CreateTextLoader(options).Load(path);
        var lines = File.ReadLines(path).Skip(1).Select(l => l.Split(',')).ToList();
        var survived = data.GetColumn<bool>("Survived").ToList();
        Assert.Equal(lines.Count, survived.Count);
        Assert.Equal(lines.Count(l => l[5] == "1"), survived.Count(s => s));
        Assert.Equal(lines.Select(l => float.Parse(l[1], CultureInfo.InvariantCulture)), data.GetColumn<float>("Fare"));
    }

    [Fact]
    public void AFileWithTextCategoriesMissingValuesDatesAndDecimalCommas()
    {
        var path = Path.Combine(_folder, "reviews.csv");
        var rows = Enumerable.Range(0, 30).Select(i => string.Join(';',
            i.ToString(CultureInfo.InvariantCulture),
            $"\"review {i}: the product arrived on time; it works as described, {(i % 2 == 0 ? "great" : "poor")} value\"",
            new[] { "red", "green", "blue" }[i % 3],
            i % 5 == 0 ? string.Empty : $"{i},5",
            i % 2 == 0 ? "true" : "false",
            $"2024-01-{1 + i:00}",
            i % 2 == 0 ? "good" : "bad"));
        File.WriteAllLines(path, ["Id;Review;Color;Price;InStock;Day;Verdict", .. rows]);

        var inferred = Ml.Auto().InferColumns(path, labelColumnName: "Verdict");

        var information = inferred.ColumnInformation;
        Assert.Equal(["Id", "Price", "InStock"], information.NumericColumnNames);
        Assert.Equal(["Color"], information.CategoricalColumnNames);
        Assert.Equal(["Review"], information.TextColumnNames);
        Assert.Equal(["Day"], information.IgnoredColumnNames);
        var options = inferred.TextLoaderOptions;
        Assert.Equal([';'], options.Separators);
        Assert.Equal(',', options.DecimalMarker);
        Assert.Equal(
            ["Id:Single", "Review:String", "Color:String", "Price:Single", "InStock:Boolean", "Day:String", "Verdict:String"],
            options.Columns.Select(c => $"{c.Name}:{c.DataKind}"));

        var data = Ml.Data.CreateTextLoader(options).Load(path);
        var prices = data.GetColumn<float>("Price").ToList();
        Assert.Equal(1.5f, prices[1]);
        Assert.True(float.IsNaN(prices[5]));
        Assert.Equal("review 3: the product arrived on time; it works as described, poor value", data.GetColumn<ReadOnlyMemory<char>>("Review").ElementAt(3).ToString());

        // The inferred purposes featurize the loaded data: Id, Price, InStock; Color one-hot (3); the review's n-grams.
        var features = Ml.Auto().Featurizer(data, information).BuildFromOption(Ml, new Parameter([])).Fit(data).Transform(data)
            .GetColumn<VBuffer<float>>("Features").First().DenseValues().ToArray();
        var meanPrice = Enumerable.Range(0, 30).Where(i => i % 5 != 0).Average(i => i + 0.5);
        Assert.Equal(meanPrice, features[1], 1e-5);
        Assert.Equal([0f, 1f, 1f, 0f, 0f], [features[0], .. features[2..6]]);
    }

    [Fact]
    public void GivenPurposesAreKept()
    {
        var path = Path.Combine(_folder, "given.csv");
        File.WriteAllLines(path, ["A,B,C,Y", .. Enumerable.Range(0, 20).Select(i => $"{i % 4},{i},x{i % 2},{i % 2}")]);
        var given = new ColumnInformation { LabelColumnName = "Y", ExampleWeightColumnName = "B" };
        given.CategoricalColumnNames.Add("A");

        var inferred = Ml.Auto().InferColumns(path, given);

        Assert.Equal(["A", "C"], inferred.ColumnInformation.CategoricalColumnNames);
        Assert.Empty(inferred.ColumnInformation.NumericColumnNames);
        Assert.Equal("B", inferred.ColumnInformation.ExampleWeightColumnName);
        Assert.Equal(["A:String", "B:Single", "C:String", "Y:Boolean"], inferred.TextLoaderOptions.Columns.Select(c => $"{c.Name}:{c.DataKind}"));
    }

    [Fact]
    public void TheLabelByIndexGivesWhatTheLabelByNameGives()
    {
        var path = SharedData.TitanicTrain("tutorial-2023");

        var byIndex = Ml.Auto().InferColumns(path, labelColumnIndex: 5, hasHeader: true);

        Assert.Equal(Summary(Ml.Auto().InferColumns(path, labelColumnName: "Survived")), Summary(byIndex));
        Assert.Equal("Survived", byIndex.ColumnInformation.LabelColumnName);
    }

    [Fact]
    public void WithoutAHeaderTheColumnsAreNamedAsAutoMLNamesThemAndEveryLineIsARow()
    {
        var titanic = SharedData.TitanicTrain("tutorial-2023");
        var path = Path.Combine(_folder, "headerless.csv");
        File.WriteAllLines(path, File.ReadLines(titanic).Skip(1));

        var inferred = Ml.Auto().InferColumns(path, 5); // AutoML's default: no header

        // The same inference as the file with its header, under AutoML's names for headerless columns.
        var named = Summary(Ml.Auto().InferColumns(titanic, labelColumnName: "Survived"));
        string[] names = ["Pclass", "Fare", "Sex_n", "Embarked_n", "FamMembers", "Survived"];
        Assert.Equal(names.Select((n, i) => (n, i)).Aggregate(named, (text, c) => text.Replace(c.n, $"col{c.i}", StringComparison.Ordinal)).Replace("header", "no header", StringComparison.Ordinal), Summary(inferred));
        var data = Ml.Data.CreateTextLoader(inferred.TextLoaderOptions).Load(path);
        Assert.Equal(File.ReadLines(path).Count(l => l.Split(',')[5] == "1"), data.GetColumn<bool>("col5").Count(s => s));
        Assert.Equal(File.ReadLines(path).Count(), data.GetColumn<bool>("col5").Count());
    }

    [Fact]
    public void ALabelIndexPastTheLastColumnIsOneLine()
    {
        var path = SharedData.TitanicTrain("tutorial-2023");

        var e = Assert.Throws<ArgumentException>(() => Ml.Auto().InferColumns(path, labelColumnIndex: 6, hasHeader: true));

        Assert.Equal($"labelColumnIndex is 6; the file '{path}' has 6 column(s), indexed 0 to 5. (Parameter 'labelColumnIndex')", e.Message);
    }

    [Fact]
    public void BadInputIsOneLine()
    {
        var titanic = SharedData.TitanicTrain("tutorial-2023");
        Assert.Equal(
            "LabelColumnName names 'Survive', which is not a column of the file '" + titanic + "'. Columns: Pclass, Fare, Sex_n, Embarked_n, FamMembers, Survived. (Parameter 'columnInformation')",
            Assert.Throws<ArgumentException>(() => Ml.Auto().InferColumns(titanic, labelColumnName: "Survive")).Message);

        var missing = Path.Combine(_folder, "nope.csv");
        Assert.StartsWith($"The dataset '{missing}' does not exist.", Assert.Throws<ArgumentException>(() => Ml.Auto().InferColumns(missing)).Message);

        var ragged = Path.Combine(_folder, "ragged.csv");
        File.WriteAllLines(ragged, ["A,B", "1,2", "3"]);
        Assert.StartsWith($"Line 3 of '{ragged}' has 1 field(s) separated by ','; the header has 2. Give separatorChar if the separator is another.",
            Assert.Throws<ArgumentException>(() => Ml.Auto().InferColumns(ragged, labelColumnName: "B")).Message);

        Assert.Contains("sparse", Assert.Throws<ArgumentException>(() => Ml.Auto().InferColumns(titanic, "Survived", allowSparse: true)).Message);
    }

    /// <summary>Everything an inference decides, as one line per part.</summary>
    private static string Summary(ColumnInferenceResults inferred)
    {
        var information = inferred.ColumnInformation;
        var options = inferred.TextLoaderOptions;
        return string.Join(Environment.NewLine,
            $"label {information.LabelColumnName}",
            $"numeric {string.Join(' ', information.NumericColumnNames)}",
            $"categorical {string.Join(' ', information.CategoricalColumnNames)}",
            $"text {string.Join(' ', information.TextColumnNames)}",
            $"ignored {string.Join(' ', information.IgnoredColumnNames)}",
            $"loader {string.Join(' ', options.Columns.Select(c => $"{c.Name}:{c.DataKind}:{c.Source[0].Min}"))} sep {string.Join(' ', options.Separators)} {(options.HasHeader ? "header" : "no header")} quoting {options.AllowQuoting} trim {options.TrimWhitespace} decimal {options.DecimalMarker}");
    }
}
