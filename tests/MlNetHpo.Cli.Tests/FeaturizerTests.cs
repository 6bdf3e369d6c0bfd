using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetHpo.Cli.Data;

namespace MlNetHpo.Cli.Tests;

/// <summary>The command line's featurizer (the library's, over the column plan) does what the plan tells the user.</summary>
public sealed class FeaturizerTests : IDisposable
{
    private readonly TestData _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public void MissingNumbersAreReplacedByTheMeanAsThePlanSays()
    {
        var ml = new MLContext(0);
        var path = _data.Binary(rows: 40);
        var dataset = Dataset.LoadTraining(ml, path, "Outcome", null, ["Id"]);
        Assert.Contains(dataset.Plan.Describe(), l => l.Contains("missing replaced by the mean", StringComparison.Ordinal));

        var features = Featurizer.Build(ml, dataset.Plan, normalize: false).Fit(dataset.Data).Transform(dataset.Data)
            .GetColumn<VBuffer<float>>(Featurizer.FeaturesColumn).Select(v => v.DenseValues().First()).ToList();

        // Age is the first feature slot; row 0 has no age (TestData leaves every 13th empty).
        var ages = File.ReadLines(path).Skip(1).Select(l => l.Split(',')[0]).ToList();
        Assert.Equal(string.Empty, ages[0]);
        var mean = ages.Where(a => a.Length > 0).Average(a => double.Parse(a, CultureInfo.InvariantCulture));
        Assert.Equal(mean, features[0], 1e-5);
        Assert.Equal(double.Parse(ages[1], CultureInfo.InvariantCulture), features[1]);
    }
}
