using System.Runtime.Intrinsics.X86;
using MlNetHpo.Trainers;

namespace MlNetHpo.Tests.Trainers;

/// <summary>
/// The register-blocked Hessian sums every entry in the row-by-row loop's order, so Newton's steps do not depend on which
/// runs (the blocked one where 256-bit vectors and fused multiply-add are in hardware). Both accumulate each entry with a
/// fused multiply-add per row, in row order.
/// </summary>
public sealed class BlockedHessianTests
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
        var problem = new LogisticProblem(rows, labels, weights, count, width);

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
}
