using System.Runtime.Intrinsics;
using MlNetHpo.Trainers;

namespace MlNetHpo.Tests.Trainers;

/// <summary>The line search's vector exp and log agree with Math.Exp and Math.Log to 2 ulp, edges included.</summary>
public sealed class VectorMathTests
{
    private const long Ulps = 2;

    [Fact]
    public void ExpOfNonPositiveIsWithinTwoUlpOfMathExp()
    {
        var random = new Random(11);
        var inputs = new List<double> { 0, -0.0, -1e-300, -double.Epsilon, -0.3465735902799726, -0.34657359028, -1, -708.39, -708.4, -709, -744.4, -745.1, -745.2, -746, -800, double.NegativeInfinity };
        inputs.AddRange(Enumerable.Range(0, 100_000).Select(_ => -random.NextDouble() * 750));
        inputs.AddRange(Enumerable.Range(0, 100_000).Select(_ => -random.NextDouble() * 2));
        foreach (var chunk in inputs.Chunk(4).Where(c => c.Length == 4))
        {
            var result = VectorMath.ExpOfNonPositive(Vector256.Create(chunk));
            for (var lane = 0; lane < 4; lane++)
            {
                AssertClose(Math.Exp(chunk[lane]), result[lane], $"exp({chunk[lane]:R})");
            }
        }

        Assert.True(double.IsNaN(VectorMath.ExpOfNonPositive(Vector256.Create(double.NaN))[0]));
    }

    [Fact]
    public void LogBetweenOneAndTwoIsWithinTwoUlpOfMathLog()
    {
        var random = new Random(12);
        var inputs = new List<double> { 1, 1 + double.Epsilon, 1 + 2.220446049250313e-16, 1.4142135623730951, 1.4142135623730950, 1.4142135623730954, 1.5, 1.9999999999999998, 2 };
        inputs.AddRange(Enumerable.Range(0, 200_000).Select(_ => 1 + random.NextDouble()));
        inputs.AddRange(Enumerable.Range(0, 50_000).Select(_ => 1 + Math.Exp(-random.NextDouble() * 40))); // 1 + exp(-|z|), as the objective asks
        foreach (var chunk in inputs.Chunk(4).Where(c => c.Length == 4))
        {
            var result = VectorMath.LogBetweenOneAndTwo(Vector256.Create(chunk));
            for (var lane = 0; lane < 4; lane++)
            {
                AssertClose(Math.Log(chunk[lane]), result[lane], $"log({chunk[lane]:R})");
            }
        }
    }

    private static void AssertClose(double expected, double actual, string what)
    {
        // Distance in representable doubles (both are non-negative here, so their bit patterns are ordered).
        var distance = Math.Abs(BitConverter.DoubleToInt64Bits(expected) - BitConverter.DoubleToInt64Bits(actual));
        Assert.True(distance <= Ulps, $"{what}: Math gives {expected:R}, the vector version {actual:R} ({distance} ulp apart)");
    }
}
