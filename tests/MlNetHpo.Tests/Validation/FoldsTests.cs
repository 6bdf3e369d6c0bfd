using System.Text.Json;
using Microsoft.ML;
using MlNetHpo.Validation;

namespace MlNetHpo.Tests.Validation;

public class FoldsTests
{
    [Theory]
    [InlineData("tutorial-2023")]
    [InlineData("current")]
    public void DefaultStratifiedFoldsEqualScikitLearns(string revision)
    {
        var ml = new MLContext(0);
        var (data, _) = TitanicData.Load(ml, SharedData.TitanicTrain(revision));
        using var json = JsonDocument.Parse(File.ReadAllText(SharedData.Reference(revision, "folds.json")));

        var folds = ((Folds)5).ForTask(classification: true).Split(data, "Label");

        var expected = json.RootElement.GetProperty("folds").EnumerateArray().ToArray();
        Assert.Equal(expected.Length, folds.Count);
        for (var k = 0; k < folds.Count; k++)
        {
            Assert.Equal(expected[k].GetProperty("train_idx").EnumerateArray().Select(e => e.GetInt32()), folds[k].TrainIndices);
            Assert.Equal(expected[k].GetProperty("test_idx").EnumerateArray().Select(e => e.GetInt32()), folds[k].TestIndices);
        }
    }

    [Fact]
    public void KFoldMakesConsecutiveBlocksWithTheLargerOnesFirst()
    {
        var data = Rows(Enumerable.Range(0, 11).Select(i => (float)i));
        var folds = Folds.KFold(3).Split(data, "Label");

        Assert.Equal([[0, 1, 2, 3], [4, 5, 6, 7], [8, 9, 10]], folds.Select(f => f.TestIndices.ToArray()));
        Assert.All(folds, f => Assert.Equal(11, f.TrainIndices.Count + f.TestIndices.Count));
        Assert.Equal(Folds.KFold(3).Split(data, "Label")[0].TestIndices, ((Folds)3).ForTask(classification: false).Split(data, "Label")[0].TestIndices);
    }

    [Fact]
    public void ShuffledFoldsDependOnTheSeedOnlyAndStillPartitionTheRows()
    {
        var data = Rows(Enumerable.Range(0, 40).Select(i => (float)(i % 2)));
        var a = Folds.Stratified(4, shuffle: true, seed: 1).Split(data, "Label");
        var b = Folds.Stratified(4, shuffle: true, seed: 1).Split(data, "Label");
        var c = Folds.Stratified(4, shuffle: true, seed: 2).Split(data, "Label");

        Assert.Equal(a.Select(f => f.TestIndices.ToArray()), b.Select(f => f.TestIndices.ToArray()));
        Assert.NotEqual(a.Select(f => f.TestIndices.ToArray()), c.Select(f => f.TestIndices.ToArray()));
        Assert.Equal(Enumerable.Range(0, 40), a.SelectMany(f => f.TestIndices).Order());
        Assert.All(a, f => Assert.Equal(5, f.TestIndices.Count(i => i % 2 == 0)));
        var k = Folds.KFold(4, shuffle: true, seed: 1).Split(data, "Label");
        Assert.Equal(Enumerable.Range(0, 40), k.SelectMany(f => f.TestIndices).Order());
    }

    [Fact]
    public void GroupFoldsKeepEachSamplingKeyInOneFold()
    {
        var groups = new[] { "a", "a", "a", "b", "b", "c", "d", "d", "e", "f" };
        var data = new MLContext(0).Data.LoadFromEnumerable(groups.Select(g => new GroupRow { Label = 1, Key = g }));
        var folds = Folds.Group("Key", 3).Split(data, "Label");

        foreach (var group in groups.Distinct())
        {
            var rows = Enumerable.Range(0, groups.Length).Where(i => groups[i] == group).ToArray();
            Assert.Single(folds, f => rows.All(r => f.TestIndices.Contains(r)));
        }

        Assert.Equal(Enumerable.Range(0, 10), folds.SelectMany(f => f.TestIndices).Order());
        var e = Assert.Throws<ArgumentException>(() => Folds.Group("Key", 7).Split(data, "Label"));
        Assert.Contains("'Key'", e.Message);
    }

    [Fact]
    public void ExplicitFoldsAreUsedAsGivenAndChecked()
    {
        var data = Rows(Enumerable.Range(0, 6).Select(i => (float)i));
        var folds = Folds.Explicit([([3, 4, 5], [0, 1, 2]), ([0, 1, 2], [5, 3, 4])]).Split(data, "Label");
        Assert.Equal([3, 4, 5], folds[1].TestIndices);
        Assert.Throws<ArgumentException>(() => Folds.Explicit([([0, 9], [1])]).Split(data, "Label"));
        Assert.Throws<ArgumentException>(() => Folds.Explicit([([0], [])]));
    }

    [Fact]
    public void BadSplitsAreRejectedClearly()
    {
        var data = Rows([0, 0, 0, 0, 1, 1]);
        var tooFewOfAClass = Assert.Throws<ArgumentException>(() => Folds.Stratified(3).Split(data, "Label"));
        Assert.Contains("'Label'", tooFewOfAClass.Message);
        Assert.Contains("only 2 rows", tooFewOfAClass.Message);

        var missing = Assert.Throws<ArgumentException>(() => Folds.Stratified(2).Split(data, "Survived"));
        Assert.Contains("'Survived'", missing.Message);

        Assert.Throws<ArgumentOutOfRangeException>(() => Folds.KFold(1));
        Assert.Contains("7 folds", Assert.Throws<ArgumentException>(() => Folds.KFold(7).Split(data, "Label")).Message.Replace("k=7 folds", "7 folds"));
    }

    private static IDataView Rows(IEnumerable<float> labels) =>
        new MLContext(0).Data.LoadFromEnumerable(labels.Select(l => new Row { Label = l }));

    private sealed class Row
    {
        public float Label { get; set; }
    }

    private sealed class GroupRow
    {
        public float Label { get; set; }

        public string Key { get; set; } = string.Empty;
    }
}
