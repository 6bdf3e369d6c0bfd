using System.Runtime.Intrinsics.X86;
using MlNetHpo.Trainers;

namespace MlNetHpo.Tests.Trainers;

/// <summary>
/// The dense solver's vector kernels give the bits of the plain loops they replace. The register-blocked Hessian sums every
/// entry in the row-by-row loop's order, so Newton's steps do not depend on which runs (the blocked one where 256-bit vectors
/// and fused multiply-add are in hardware; both accumulate each entry with a fused multiply-add per row, in row order).
/// X * delta adds each row's products in column order, eight rows side by side.
/// </summary>
public sealed class DenseSolverKernelTests
{
    public static TheoryData<int, int> Shapes => new()
    {
        { 4, 1 },     // one row, narrowest blocked width
        { 5, 63 },    // padding to 8 columns, one partial panel
        { 7, 64 },    // Titanic's width with the intercept, exactly one panel
        { 12, 200 },  // the row-by-row loop's vector threshold, a partial last panel
        { 21, 1000 }, // W3's width
        { 31, 777 },  // W4's width: three 8-column tiles and a 4-column one per row band
        { 40, 130 },
    };

    [SkippableTheory]
    [MemberData(nameof(Shapes))]
    public void BlockedAndRowByRowAgreeBitForBit(int width, int count)
    {
        Skip.IfNot(Fma.IsSupported, "no fused multiply-add instructions here: the solver takes the row-by-row loop only");
        var (problem, z, exps) = Problem(width, count);
        var (gRow, hRow) = (new double[width], new double[width * width]);
        var (gBlocked, hBlocked) = (new double[width], new double[width * width]);
        LogisticRegressionSolver.RowByRowGradientAndHessian(problem, 0.7, z, exps, gRow, hRow);
        LogisticRegressionSolver.BlockedGradientAndHessian(problem, 0.7, z, exps, gBlocked, hBlocked);

        Assert.Equal(gRow, gBlocked);
        for (var j = 0; j < width; j++)
        {
            for (var k = j; k < width; k++)
            {
                Assert.True(
                    BitConverter.DoubleToInt64Bits(hRow[(j * width) + k]) == BitConverter.DoubleToInt64Bits(hBlocked[(j * width) + k]),
                    $"h[{j}, {k}]: row by row {hRow[(j * width) + k]:R}, blocked {hBlocked[(j * width) + k]:R}");
            }
        }

        Assert.NotEqual(0, hBlocked[0]);
    }

    [Theory]
    [InlineData(1, 9)]
    [InlineData(7, 64)]
    [InlineData(21, 1003)]
    [InlineData(31, 777)]
    public void XTimesDeltaAddsEachRowInColumnOrder(int width, int count)
    {
        var (problem, _, _) = Problem(width, count);
        var random = new Random(count);
        var delta = Enumerable.Range(0, width).Select(_ => random.NextDouble() * 2 - 1).ToArray();
        var expected = new double[count];
        for (var i = 0; i < count; i++)
        {
            double sum = 0;
            for (var j = 0; j < width; j++)
            {
                sum += problem.Rows[(i * width) + j] * delta[j];
            }

            expected[i] = sum;
        }

        var actual = new double[count];
        LogisticRegressionSolver.Multiply(problem, delta, actual);
        Assert.Equal(expected, actual);
    }

    private static (LogisticProblem Problem, double[] Z, double[] Exps) Problem(int width, int count)
    {
        var random = new Random(width * 1000 + count);
        var rows = new float[count * width];
        for (var k = 0; k < rows.Length; k++)
        {
            rows[k] = (float)(random.NextDouble() * 4 - 2);
        }

        var labels = Enumerable.Range(0, count).Select(_ => (double)random.Next(2)).ToArray();
        var weights = Enumerable.Range(0, count).Select(_ => 0.5 + random.NextDouble()).ToArray();
        var z = Enumerable.Range(0, count).Select(_ => random.NextDouble() * 10 - 5).ToArray();
        var exps = z.Select(v => Math.Exp(-Math.Abs(v))).ToArray();
        return (new LogisticProblem(rows, labels, weights, count, width), z, exps);
    }
}
