using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace MlNetHpo.Trainers;

/// <summary>
/// exp and log four values at a time, for the log-loss of every row at each line-search step (one exp and one log per
/// row took a fifth of a dense fit). Plain multiplies and adds in a fixed order, no fused multiply-add: the same bits on
/// every machine and target framework, whether 256-bit vectors are in hardware or emulated. Within 2 ulp of Math.Exp and
/// Math.Log (<c>VectorMathTests</c>).
/// </summary>
internal static class VectorMath
{
    // ln 2 split so that k * Ln2High is exact for |k| < 2^20 (fdlibm's constants).
    private const double Ln2High = 6.93147180369123816490e-01;
    private const double Ln2Low = 1.90821492927058770002e-10;
    private const double InverseLn2 = 1.44269504088896338700e+00;
    private const double Sqrt2 = 1.41421356237309504880;

    /// <summary>exp(x) for x &lt;= 0 (NaN stays NaN; below -745.2 the result is 0, as Math.Exp's).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> ExpOfNonPositive(Vector256<double> x)
    {
        // x = k ln2 + r with |r| <= ln2 / 2; exp(r) by its Taylor series to r^13 (the next term is below 5e-18).
        var clamped = Vector256.Max(x, Vector256.Create(-746.0));
        var k = Vector256.Floor((clamped * Vector256.Create(InverseLn2)) + Vector256.Create(0.5));
        var r = (clamped - (k * Vector256.Create(Ln2High))) - (k * Vector256.Create(Ln2Low));
        var p = Vector256.Create(1.0 / 6227020800); // 1/13!
        p = (p * r) + Vector256.Create(1.0 / 479001600);
        p = (p * r) + Vector256.Create(1.0 / 39916800);
        p = (p * r) + Vector256.Create(1.0 / 3628800);
        p = (p * r) + Vector256.Create(1.0 / 362880);
        p = (p * r) + Vector256.Create(1.0 / 40320);
        p = (p * r) + Vector256.Create(1.0 / 5040);
        p = (p * r) + Vector256.Create(1.0 / 720);
        p = (p * r) + Vector256.Create(1.0 / 120);
        p = (p * r) + Vector256.Create(1.0 / 24);
        p = (p * r) + Vector256.Create(1.0 / 6);
        p = (p * r) + Vector256.Create(0.5);
        p = (p * r) + Vector256.Create(1.0);
        p = (p * r) + Vector256.Create(1.0);

        // p * 2^k as p * 2^(k + 600) * 2^-600: the first product is exact (k + 600 is a normal exponent for k >= -1076),
        // the second rounds once, into the subnormals where exp(x) is one.
        var exponent = Vector256.ConvertToInt64(k) + Vector256.Create(600L + 1023L);
        var scale = Vector256.ShiftLeft(exponent, 52).AsDouble();
        var result = p * scale * Vector256.Create(BitConverter.Int64BitsToDouble((1023L - 600L) << 52));
        return Vector256.ConditionalSelect(Vector256.Equals(x, x), result, x);
    }

    /// <summary>log(u) for 1 &lt;= u &lt;= 2.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> LogBetweenOneAndTwo(Vector256<double> u)
    {
        // u = 2^k m with k in {0, 1} and m in [sqrt(2)/2, sqrt(2)]; log m = 2 atanh(s), s = (m - 1) / (m + 1), |s| <= 0.1716,
        // by its series to s^23 (the next term is below 2e-20).
        var above = Vector256.GreaterThan(u, Vector256.Create(Sqrt2));
        var m = Vector256.ConditionalSelect(above, u * Vector256.Create(0.5), u);
        var k = Vector256.ConditionalSelect(above, Vector256.Create(1.0), Vector256<double>.Zero);
        var s = (m - Vector256.Create(1.0)) / (m + Vector256.Create(1.0));
        var s2 = s * s;
        var q = Vector256.Create(1.0 / 23);
        q = (q * s2) + Vector256.Create(1.0 / 21);
        q = (q * s2) + Vector256.Create(1.0 / 19);
        q = (q * s2) + Vector256.Create(1.0 / 17);
        q = (q * s2) + Vector256.Create(1.0 / 15);
        q = (q * s2) + Vector256.Create(1.0 / 13);
        q = (q * s2) + Vector256.Create(1.0 / 11);
        q = (q * s2) + Vector256.Create(1.0 / 9);
        q = (q * s2) + Vector256.Create(1.0 / 7);
        q = (q * s2) + Vector256.Create(1.0 / 5);
        q = (q * s2) + Vector256.Create(1.0 / 3);
        var twoS = s + s;
        var logM = twoS + (twoS * (q * s2));
        return (k * Vector256.Create(Ln2High)) + (logM + (k * Vector256.Create(Ln2Low)));
    }
}
