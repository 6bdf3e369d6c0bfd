using MlNetHpo.AutoML;

namespace MlNetHpo.Tests.SearchSpaces;

public class DistributionTests
{
    [Fact]
    public void LogRangeNeedsPositiveMin()
    {
        var e = Assert.Throws<ArgumentException>(() => Distribution.LogUniform(0, 10));
        Assert.Contains("min > 0", e.Message);
        Assert.Throws<ArgumentException>(() => Distribution.LogUniform(-1, 10));
        Assert.Throws<ArgumentException>(() => Distribution.LogUniformInt(0, 10));
    }

    [Fact]
    public void MinAboveMaxIsRejected()
    {
        Assert.Contains("min <= max", Assert.Throws<ArgumentException>(() => Distribution.Uniform(2, 1)).Message);
        Assert.Contains("min <= max", Assert.Throws<ArgumentException>(() => Distribution.UniformInt(5, 4)).Message);
        Assert.Throws<ArgumentException>(() => Distribution.LogUniform(10, 1));
    }

    [Fact]
    public void EmptyChoiceIsRejected() =>
        Assert.Contains("non-empty", Assert.Throws<ArgumentException>(() => Distribution.Choice([])).Message);

    [Fact]
    public void SamplesStayInRangeAndCoverIt()
    {
        var random = new SplitMixRandom(7);
        var ints = Enumerable.Range(0, 2000).Select(_ => (long)Distribution.UniformInt(1, 4).Sample(random)!).ToArray();
        Assert.Equal([1L, 2L, 3L, 4L], ints.Distinct().Order());

        var logs = Enumerable.Range(0, 2000).Select(_ => (double)Distribution.LogUniform(1e-4, 1e4).Sample(random)!).ToArray();
        Assert.All(logs, v => Assert.InRange(v, 1e-4, 1e4));
        // Log-uniform: about half the draws fall below 1 (the geometric middle of the range).
        Assert.InRange(logs.Count(v => v < 1), 850, 1150);

        var uniform = Enumerable.Range(0, 2000).Select(_ => (double)Distribution.Uniform(-1, 1).Sample(random)!).ToArray();
        Assert.All(uniform, v => Assert.InRange(v, -1, 1));
        Assert.InRange(uniform.Count(v => v < 0), 850, 1150);

        var logInts = Enumerable.Range(0, 2000).Select(_ => (long)Distribution.LogUniformInt(1, 1000).Sample(random)!).ToArray();
        Assert.All(logInts, v => Assert.InRange(v, 1, 1000));
        Assert.Contains(1L, logInts);
    }
}
