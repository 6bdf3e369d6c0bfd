using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace MlNetHpo.Trainers;

/// <summary>Dense training data for <see cref="LogisticRegressionSolver"/>.</summary>
/// <param name="Rows">
/// Row-major features, <c>Count * Width</c> values; when an intercept is fitted the last column is the constant 1. Single
/// precision because ML.NET's features are: every value is exact, the solver computes in double, and each pass over the
/// rows (memory-bound on large folds, more so with many workers) moves half the bytes.
/// </param>
/// <param name="Labels">0 or 1 per row.</param>
/// <param name="Weights">Non-negative example weights per row.</param>
/// <param name="Count">Number of rows.</param>
/// <param name="Width">Number of columns in <paramref name="Rows"/> (features, plus 1 for the intercept).</param>
internal sealed record LogisticProblem(float[] Rows, double[] Labels, double[] Weights, int Count, int Width);

/// <summary>
/// The optimization problem: minimize <c>C * sum_i s_i * logloss_i + L1 * |theta_P|_1 + L2 / 2 * |theta_P|^2</c>, where
/// <c>theta_P</c> are the penalized coordinates (all features, plus the intercept when <paramref name="PenalizeIntercept"/>).
/// </summary>
/// <param name="C">Weight of the data term.</param>
/// <param name="L1">Weight of the L1 term.</param>
/// <param name="L2">Weight of the L2 term.</param>
/// <param name="HasIntercept">Whether the last column of the problem is the constant intercept column.</param>
/// <param name="PenalizeIntercept">Whether the intercept is penalized like a weight (liblinear).</param>
/// <param name="MaximumIterations">Maximum number of (proximal) Newton steps.</param>
/// <param name="Tolerance">Stop when the largest (minimum-norm sub)gradient entry is below <c>Tolerance / 100</c> times <c>C * sum(s)</c>.</param>
internal readonly record struct SolverSettings(
    double C, double L1, double L2, bool HasIntercept, bool PenalizeIntercept, int MaximumIterations, double Tolerance);

/// <summary>The solution found by <see cref="LogisticRegressionSolver"/>.</summary>
/// <param name="Theta">Coefficients, the intercept last when one is fitted.</param>
/// <param name="Iterations">Newton steps taken.</param>
/// <param name="Converged">Whether the stopping criterion was met before the iteration limit.</param>
internal sealed record SolverResult(double[] Theta, int Iterations, bool Converged);

/// <summary>
/// Proximal Newton for L2-regularized, L1/elastic-net-regularized and unregularized logistic regression.
/// Smooth problems take plain Newton steps (Cholesky); with an L1 term the quadratic model plus the L1 term is
/// minimized by coordinate descent on the explicit Hessian (as in newGLMNET, which scikit-learn's liblinear uses),
/// then a backtracking line search on the true objective. The Hessian is explicit because the problems this
/// library sees are dense with few columns, where one O(n m^2) pass per iteration is cheaper than many gradient passes.
/// </summary>
internal static class LogisticRegressionSolver
{
    private const double Armijo = 1e-4;
    private const int MaximumHalvings = 50;
    private const int MaximumSweeps = 500;

    /// <summary>From this width the register-blocked Hessian beats the row-by-row one.</summary>
    private const int BlockedMinimumWidth = 4;

    /// <summary>Rows per panel of the blocked Hessian: two panels of 32 padded columns fill 32 KB, a level-1 cache.</summary>
    private const int PanelRows = 64;

    // Per-row buffers, reused by the fits of one thread on data of one size (a search fits many candidates on each fold):
    // allocated per fit, five arrays as long as the data were large-object garbage that set a search's peak memory.
    [ThreadStatic]
    private static double[][]? _rowBuffers;

    // The blocked Hessian's panels and padded accumulators, per thread and padded width.
    [ThreadStatic]
    private static (double[] X, double[] Cx, double[] H, double[] G)? _panelBuffers;

    private static (double[] X, double[] Cx, double[] H, double[] G) PanelBuffers(int padded)
    {
        if (_panelBuffers is not { } buffers || buffers.G.Length != padded)
        {
            buffers = (new double[PanelRows * padded], new double[PanelRows * padded], new double[padded * padded], new double[padded]);
            _panelBuffers = buffers;
        }

        return buffers;
    }

    private static double[][] RowBuffers(int n)
    {
        if (_rowBuffers is not { } buffers || buffers[0].Length != n)
        {
            buffers = [new double[n], new double[n], new double[n], new double[n], new double[n]];
            _rowBuffers = buffers;
        }

        return buffers;
    }

    /// <summary>Solves the problem from theta = 0.</summary>
    /// <param name="problem">The data.</param>
    /// <param name="settings">The objective and stopping rule.</param>
    /// <param name="cancellation">Checked before each Newton step.</param>
    /// <returns>The solution.</returns>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static SolverResult Solve(LogisticProblem problem, SolverSettings settings, FitCancellation? cancellation = null)
    {
        int n = problem.Count, m = problem.Width;
        var theta = new double[m];
        var rowBuffers = RowBuffers(n);
        var z = rowBuffers[0];
        Array.Clear(z); // z = X theta, and theta starts at 0; the other row buffers are written before they are read
        var g = new double[m];
        var h = new double[m * m];
        var delta = new double[m];
        var xDelta = rowBuffers[1];
        var zTrial = rowBuffers[2];
        var expZ = rowBuffers[3];
        var expTrial = rowBuffers[4];
        var thetaTrial = new double[m];
        var cholesky = new double[m * m];
        var hDelta = new double[m];
        var penalized = new bool[m];
        for (var j = 0; j < m; j++)
        {
            penalized[j] = !settings.HasIntercept || j < m - 1 || settings.PenalizeIntercept;
        }

        double weightSum = 0;
        foreach (var s in problem.Weights)
        {
            weightSum += s;
        }

        var threshold = settings.Tolerance / 100 * Math.Max(settings.C * weightSum, double.Epsilon);
        var f = Objective(problem, settings, penalized, z, theta, expZ);
        var iterations = 0;
        var converged = false;
        while (true)
        {
            cancellation?.ThrowIfRequested();
            GradientAndHessian(problem, settings, penalized, z, expZ, theta, g, h);
            if (Optimality(settings, penalized, theta, g) <= threshold)
            {
                converged = true;
                break;
            }

            if (iterations >= settings.MaximumIterations)
            {
                break;
            }

            if (settings.L1 > 0)
            {
                CoordinateDescentStep(settings, penalized, theta, g, h, delta, hDelta, m);
            }
            else
            {
                NewtonStep(g, h, cholesky, delta, m);
            }

            // Predicted decrease of the composite objective; no descent means we are at numerical precision.
            var decrease = 0.0;
            for (var j = 0; j < m; j++)
            {
                decrease += g[j] * delta[j];
                if (penalized[j] && settings.L1 > 0)
                {
                    decrease += settings.L1 * (Math.Abs(theta[j] + delta[j]) - Math.Abs(theta[j]));
                }
            }

            if (!(decrease < 0))
            {
                converged = true;
                break;
            }

            Multiply(problem, delta, xDelta);
            var accepted = false;
            var step = 1.0;
            for (var k = 0; k < MaximumHalvings; k++, step *= 0.5)
            {
                for (var j = 0; j < m; j++)
                {
                    thetaTrial[j] = theta[j] + (step * delta[j]);
                }

                AddScaled(z, step, xDelta, zTrial);

                var fTrial = Objective(problem, settings, penalized, zTrial, thetaTrial, expTrial);
                if (fTrial <= f + (Armijo * step * decrease))
                {
                    (theta, thetaTrial) = (thetaTrial, theta);
                    (z, zTrial) = (zTrial, z);
                    (expZ, expTrial) = (expTrial, expZ);
                    f = fTrial;
                    accepted = true;
                    break;
                }
            }

            iterations++;
            if (!accepted)
            {
                // The objective cannot be decreased in double precision along a descent direction: we are at the optimum.
                converged = true;
                break;
            }
        }

        return new SolverResult(theta, iterations, converged);
    }

    /// <summary>The objective at <paramref name="theta"/>, given <paramref name="z"/> = X theta; stores exp(-|z_i|) for the gradient.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static double Objective(LogisticProblem p, SolverSettings s, bool[] penalized, double[] z, double[] theta, double[] expNegAbsZ)
    {
        // softplus(z) - t z is the log-loss of a logit z for label t, computed without overflow:
        // softplus(z) = max(z, 0) + log(1 + exp(-|z|)). Four rows at a time, summed in four lanes then added in a fixed order.
        var n = p.Count;
        ref var zs = ref MemoryMarshal.GetArrayDataReference(z);
        ref var weights = ref MemoryMarshal.GetArrayDataReference(p.Weights);
        ref var labels = ref MemoryMarshal.GetArrayDataReference(p.Labels);
        ref var exps = ref MemoryMarshal.GetArrayDataReference(expNegAbsZ);
        var sums = Vector256<double>.Zero;
        Span<double> tail = stackalloc double[12];
        for (var i = 0; i < n; i += 4)
        {
            Vector256<double> zv, wv, tv;
            if (i + 4 <= n)
            {
                (zv, wv, tv) = (Vector256.LoadUnsafe(ref zs, (nuint)i), Vector256.LoadUnsafe(ref weights, (nuint)i), Vector256.LoadUnsafe(ref labels, (nuint)i));
            }
            else
            {
                // The last rows, padded with weight 0 (their terms add zeros).
                tail.Clear();
                for (var k = i; k < n; k++)
                {
                    (tail[k - i], tail[4 + k - i], tail[8 + k - i]) = (z[k], p.Weights[k], p.Labels[k]);
                }

                (zv, wv, tv) = (Vector256.Create(tail[..4]), Vector256.Create(tail[4..8]), Vector256.Create(tail[8..]));
            }

            var e = VectorMath.ExpOfNonPositive(-Vector256.Abs(zv));
            if (i + 4 <= n)
            {
                e.StoreUnsafe(ref exps, (nuint)i);
            }
            else
            {
                for (var k = i; k < n; k++)
                {
                    expNegAbsZ[k] = e[k - i];
                }
            }

            var softplus = Vector256.Max(zv, Vector256<double>.Zero) + VectorMath.LogBetweenOneAndTwo(Vector256.Create(1.0) + e);
            sums += wv * (softplus - (tv * zv));
        }

        var loss = (sums[0] + sums[1]) + (sums[2] + sums[3]);

        double l1 = 0, l2 = 0;
        for (var j = 0; j < theta.Length; j++)
        {
            if (penalized[j])
            {
                l1 += Math.Abs(theta[j]);
                l2 += theta[j] * theta[j];
            }
        }

        return (s.C * loss) + (s.L1 * l1) + (0.5 * s.L2 * l2);
    }

    /// <summary>
    /// Gradient and Hessian of the objective at <paramref name="theta"/> (with <paramref name="z"/> = X theta): one pass over
    /// the rows, O(n m^2) time and no per-row allocation. Every entry is summed row by row in row order, so the blocked kernel and
    /// the row-by-row loop give the same bits.
    /// </summary>
    private static void GradientAndHessian(
        LogisticProblem p, SolverSettings s, bool[] penalized, double[] z, double[] expNegAbsZ, double[] theta, double[] g, double[] h)
    {
        var m = p.Width;
        if (Fma.IsSupported && Vector256.IsHardwareAccelerated && m >= BlockedMinimumWidth)
        {
            BlockedGradientAndHessian(p, s.C, z, expNegAbsZ, g, h);
        }
        else
        {
            RowByRowGradientAndHessian(p, s.C, z, expNegAbsZ, g, h);
        }

        for (var j = 0; j < m; j++)
        {
            if (penalized[j])
            {
                g[j] += s.L2 * theta[j];
                h[(j * m) + j] += s.L2;
            }

            for (var k = 0; k < j; k++)
            {
                h[(j * m) + k] = h[(k * m) + j];
            }
        }
    }

    /// <summary>The data term's row weights: r = C s (p - t) for the gradient and c = C s p (1 - p) for the Hessian.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (double R, double Curvature) RowWeights(double c0, double zi, double expNegAbsZi, double weight, double label)
    {
        var prob = zi >= 0 ? 1 / (1 + expNegAbsZi) : expNegAbsZi / (1 + expNegAbsZi);
        return (c0 * weight * (prob - label), c0 * weight * prob * (1 - prob));
    }

    /// <summary><see cref="RowWeights(double, double, double, double, double)"/> of four rows, the same operations in each lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector256<double> R, Vector256<double> Curvature) RowWeights(
        Vector256<double> c0, Vector256<double> z, Vector256<double> expNegAbsZ, Vector256<double> weight, Vector256<double> label)
    {
        var one = Vector256.Create(1.0);
        var prob = Vector256.ConditionalSelect(Vector256.GreaterThanOrEqual(z, Vector256<double>.Zero), one, expNegAbsZ) / (one + expNegAbsZ);
        var scale = c0 * weight;
        return (scale * (prob - label), scale * prob * (one - prob));
    }

    /// <summary>The last 1 to 3 values of a row and zeros after them, read without passing the row's end.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<float> Tail(ref float rows, nuint at, int left) => Vector128.Create(
        Unsafe.Add(ref rows, at),
        left > 1 ? Unsafe.Add(ref rows, at + 1) : 0f,
        left > 2 ? Unsafe.Add(ref rows, at + 2) : 0f,
        0f);

    /// <summary>The data term's gradient and upper-triangle Hessian, a rank-one update per row (narrow problems, or no 256-bit vectors).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void RowByRowGradientAndHessian(LogisticProblem p, double c0, double[] z, double[] expNegAbsZ, double[] g, double[] h)
    {
        int m = p.Width, n = p.Count;
        Array.Clear(g);
        Array.Clear(h);
        var rows = p.Rows.AsSpan(0, n * m);
        var zs = z.AsSpan(0, n);
        var weights = p.Weights.AsSpan(0, n);
        var labels = p.Labels.AsSpan(0, n);
        var exps = expNegAbsZ.AsSpan(0, n);
        var gs = g.AsSpan(0, m);
        var hs = h.AsSpan(0, m * m);
        var row = new double[m];
        for (var i = 0; i < zs.Length; i++)
        {
            var (r, c) = RowWeights(c0, zs[i], exps[i], weights[i], labels[i]);
            Widen(rows.Slice(i * m, m), row);
            for (var j = 0; j < row.Length; j++)
            {
                var xj = row[j];
                gs[j] += r * xj;
                var cx = c * xj;

                // h[j, j..m) += cx * x[j..m), each a fused multiply-add, as the blocked kernel's lanes do.
                var hRow = j * m;
                for (var k = j; k < row.Length; k++)
                {
                    hs[hRow + k] = Math.FusedMultiplyAdd(cx, row[k], hs[hRow + k]);
                }
            }
        }
    }

    /// <summary>
    /// The same sums as <see cref="RowByRowGradientAndHessian"/>, register-blocked: rows are copied in panels of
    /// <see cref="PanelRows"/> into a width padded to 4, and 4 x 8 tiles of the Hessian stay in registers while a panel's
    /// rows stream past. The row-by-row loop loads and stores each Hessian entry once per row; this kernel once per panel.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void BlockedGradientAndHessian(LogisticProblem p, double c0, double[] z, double[] expNegAbsZ, double[] g, double[] h)
    {
        int m = p.Width, n = p.Count, padded = (m + 3) & ~3;
        var (xPanel, cxPanel, hPadded, gPadded) = PanelBuffers(padded);
        Array.Clear(gPadded);
        Array.Clear(hPadded);
        Array.Clear(xPanel); // the padding columns stay zero
        ref var rows = ref MemoryMarshal.GetArrayDataReference(p.Rows);
        ref var x = ref MemoryMarshal.GetArrayDataReference(xPanel);
        ref var cx = ref MemoryMarshal.GetArrayDataReference(cxPanel);
        ref var gp = ref MemoryMarshal.GetArrayDataReference(gPadded);
        var full = (nuint)(m & ~3);
        Span<double> weights = stackalloc double[8];
        for (var start = 0; start < n; start += PanelRows)
        {
            var count = Math.Min(PanelRows, n - start);
            for (var b = 0; b < count; b += 4)
            {
                // The row weights of four rows at once (the same operations as RowWeights, lane by lane), then each row.
                var i = start + b;
                var rows4 = Math.Min(4, count - b);
                if (rows4 == 4)
                {
                    var (r4, c4) = RowWeights(
                        Vector256.Create(c0),
                        Vector256.Create(z.AsSpan(i, 4)),
                        Vector256.Create(expNegAbsZ.AsSpan(i, 4)),
                        Vector256.Create(p.Weights.AsSpan(i, 4)),
                        Vector256.Create(p.Labels.AsSpan(i, 4)));
                    r4.CopyTo(weights);
                    c4.CopyTo(weights[4..]);
                }
                else
                {
                    for (var q = 0; q < rows4; q++)
                    {
                        (weights[q], weights[4 + q]) = RowWeights(c0, z[i + q], expNegAbsZ[i + q], p.Weights[i + q], p.Labels[i + q]);
                    }
                }

                for (var q = 0; q < rows4; q++)
                {
                    var rv = Vector256.Create(weights[q]);
                    var cv = Vector256.Create(weights[4 + q]);
                    var source = (nuint)(i + q) * (nuint)m;
                    var target = (nuint)((b + q) * padded);
                    for (nuint j = 0; j < (nuint)padded; j += 4)
                    {
                        // Four columns at a time: x = the row widened, g += r * x, cx = c * x; the padding adds zeros.
                        var xv = j < full
                            ? Widen(Vector128.LoadUnsafe(ref rows, source + j))
                            : Widen(Tail(ref rows, source + j, m - (int)j));
                        xv.StoreUnsafe(ref x, target + j);
                        (Vector256.LoadUnsafe(ref gp, j) + (rv * xv)).StoreUnsafe(ref gp, j);
                        (cv * xv).StoreUnsafe(ref cx, target + j);
                    }
                }
            }

            for (var top = 0; top < padded; top += 4)
            {
                var left = top;
                for (; left + 8 <= padded; left += 8)
                {
                    Tile(xPanel, cxPanel, hPadded, count, padded, top, left, wide: true);
                }

                if (left < padded)
                {
                    Tile(xPanel, cxPanel, hPadded, count, padded, top, left, wide: false);
                }
            }
        }

        gPadded.AsSpan(0, m).CopyTo(g);
        for (var j = 0; j < m; j++)
        {
            hPadded.AsSpan((j * padded) + j, m - j).CopyTo(h.AsSpan((j * m) + j, m - j));
        }
    }

    /// <summary>
    /// h[top..top+4, left..left+8) (or +4 when not <paramref name="wide"/>) += cx[b, row] * x[b, column] over the panel's
    /// rows b in order, a fused multiply-add each, as the row-by-row loop does.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Tile(double[] xPanel, double[] cxPanel, double[] hPadded, int count, int padded, int top, int left, bool wide)
    {
        ref var x = ref MemoryMarshal.GetArrayDataReference(xPanel);
        ref var cx = ref MemoryMarshal.GetArrayDataReference(cxPanel);
        ref var hp = ref MemoryMarshal.GetArrayDataReference(hPadded);
        var h0 = (nuint)((top * padded) + left);
        var stride = (nuint)padded;
        var a0 = Vector256.LoadUnsafe(ref hp, h0);
        var a1 = Vector256.LoadUnsafe(ref hp, h0 + stride);
        var a2 = Vector256.LoadUnsafe(ref hp, h0 + (2 * stride));
        var a3 = Vector256.LoadUnsafe(ref hp, h0 + (3 * stride));
        if (wide)
        {
            var b0 = Vector256.LoadUnsafe(ref hp, h0 + 4);
            var b1 = Vector256.LoadUnsafe(ref hp, h0 + stride + 4);
            var b2 = Vector256.LoadUnsafe(ref hp, h0 + (2 * stride) + 4);
            var b3 = Vector256.LoadUnsafe(ref hp, h0 + (3 * stride) + 4);
            for (var b = 0; b < count; b++)
            {
                var at = (nuint)(b * padded);
                var xa = Vector256.LoadUnsafe(ref x, at + (nuint)left);
                var xb = Vector256.LoadUnsafe(ref x, at + (nuint)left + 4);
                var c = Vector256.Create(Unsafe.Add(ref cx, at + (nuint)top));
                a0 = Fma.MultiplyAdd(c, xa, a0);
                b0 = Fma.MultiplyAdd(c, xb, b0);
                c = Vector256.Create(Unsafe.Add(ref cx, at + (nuint)top + 1));
                a1 = Fma.MultiplyAdd(c, xa, a1);
                b1 = Fma.MultiplyAdd(c, xb, b1);
                c = Vector256.Create(Unsafe.Add(ref cx, at + (nuint)top + 2));
                a2 = Fma.MultiplyAdd(c, xa, a2);
                b2 = Fma.MultiplyAdd(c, xb, b2);
                c = Vector256.Create(Unsafe.Add(ref cx, at + (nuint)top + 3));
                a3 = Fma.MultiplyAdd(c, xa, a3);
                b3 = Fma.MultiplyAdd(c, xb, b3);
            }

            b0.StoreUnsafe(ref hp, h0 + 4);
            b1.StoreUnsafe(ref hp, h0 + stride + 4);
            b2.StoreUnsafe(ref hp, h0 + (2 * stride) + 4);
            b3.StoreUnsafe(ref hp, h0 + (3 * stride) + 4);
        }
        else
        {
            for (var b = 0; b < count; b++)
            {
                var at = (nuint)(b * padded);
                var xa = Vector256.LoadUnsafe(ref x, at + (nuint)left);
                a0 = Fma.MultiplyAdd(Vector256.Create(Unsafe.Add(ref cx, at + (nuint)top)), xa, a0);
                a1 = Fma.MultiplyAdd(Vector256.Create(Unsafe.Add(ref cx, at + (nuint)top + 1)), xa, a1);
                a2 = Fma.MultiplyAdd(Vector256.Create(Unsafe.Add(ref cx, at + (nuint)top + 2)), xa, a2);
                a3 = Fma.MultiplyAdd(Vector256.Create(Unsafe.Add(ref cx, at + (nuint)top + 3)), xa, a3);
            }
        }

        a0.StoreUnsafe(ref hp, h0);
        a1.StoreUnsafe(ref hp, h0 + stride);
        a2.StoreUnsafe(ref hp, h0 + (2 * stride));
        a3.StoreUnsafe(ref hp, h0 + (3 * stride));
    }

    /// <summary>target[k] += a * x[k], element by element (no fused multiply-add, so results equal the scalar loop's).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddScaled(Span<double> target, double a, ReadOnlySpan<double> x)
    {
        var k = 0;
        if (Vector.IsHardwareAccelerated && target.Length >= Vector<double>.Count)
        {
            var va = new Vector<double>(a);
            for (; k <= target.Length - Vector<double>.Count; k += Vector<double>.Count)
            {
                var slice = target.Slice(k, Vector<double>.Count);
                (new Vector<double>(slice) + (va * new Vector<double>(x.Slice(k, Vector<double>.Count)))).CopyTo(slice);
            }
        }

        for (; k < target.Length; k++)
        {
            target[k] += a * x[k];
        }
    }

    /// <summary>result[i] = z[i] + step * xDelta[i].</summary>
    private static void AddScaled(double[] z, double step, double[] xDelta, double[] result)
    {
        var target = result.AsSpan(0, z.Length);
        z.AsSpan().CopyTo(target);
        AddScaled(target, step, xDelta.AsSpan(0, z.Length));
    }

    /// <summary>Largest entry of the minimum-norm subgradient of the composite objective.</summary>
    private static double Optimality(SolverSettings s, bool[] penalized, double[] theta, double[] g)
    {
        double worst = 0;
        for (var j = 0; j < theta.Length; j++)
        {
            double v;
            if (penalized[j] && s.L1 > 0)
            {
                v = theta[j] != 0 ? Math.Abs(g[j] + (s.L1 * Math.Sign(theta[j]))) : Math.Max(Math.Abs(g[j]) - s.L1, 0);
            }
            else
            {
                v = Math.Abs(g[j]);
            }

            worst = Math.Max(worst, double.IsNaN(v) ? double.PositiveInfinity : v);
        }

        return worst;
    }

    /// <summary>Newton direction -H^-1 g by Cholesky; a growing ridge makes a singular Hessian (e.g. collinear, unpenalized features) solvable.</summary>
    private static void NewtonStep(double[] g, double[] h, double[] l, double[] delta, int m)
    {
        double maxDiagonal = 0;
        for (var j = 0; j < m; j++)
        {
            maxDiagonal = Math.Max(maxDiagonal, h[(j * m) + j]);
        }

        var ridge = 0.0;
        while (!Cholesky(h, l, m, ridge))
        {
            ridge = ridge == 0 ? Math.Max(maxDiagonal, 1) * 1e-12 : ridge * 100;
        }

        // Solve L y = -g, then L^T delta = y.
        for (var j = 0; j < m; j++)
        {
            var sum = -g[j];
            for (var k = 0; k < j; k++)
            {
                sum -= l[(j * m) + k] * delta[k];
            }

            delta[j] = sum / l[(j * m) + j];
        }

        for (var j = m - 1; j >= 0; j--)
        {
            var sum = delta[j];
            for (var k = j + 1; k < m; k++)
            {
                sum -= l[(k * m) + j] * delta[k];
            }

            delta[j] = sum / l[(j * m) + j];
        }
    }

    private static bool Cholesky(double[] h, double[] l, int m, double ridge)
    {
        Array.Clear(l);
        for (var j = 0; j < m; j++)
        {
            var diagonal = h[(j * m) + j] + ridge;
            for (var k = 0; k < j; k++)
            {
                diagonal -= l[(j * m) + k] * l[(j * m) + k];
            }

            if (!(diagonal > 1e-300))
            {
                return false;
            }

            var root = Math.Sqrt(diagonal);
            l[(j * m) + j] = root;
            for (var i = j + 1; i < m; i++)
            {
                var sum = h[(i * m) + j];
                for (var k = 0; k < j; k++)
                {
                    sum -= l[(i * m) + k] * l[(j * m) + k];
                }

                l[(i * m) + j] = sum / root;
            }
        }

        return true;
    }

    /// <summary>Minimizes g'd + d'Hd/2 + L1 |theta + d|_1 (penalized part) by cyclic coordinate descent.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void CoordinateDescentStep(
        SolverSettings s, bool[] penalized, double[] theta, double[] g, double[] h, double[] delta, double[] hDelta, int m)
    {
        Array.Clear(delta);
        Array.Clear(hDelta);
        for (var sweep = 0; sweep < MaximumSweeps; sweep++)
        {
            double largest = 0, scale = 0;
            for (var j = 0; j < m; j++)
            {
                var hjj = h[(j * m) + j];
                if (!(hjj > 0))
                {
                    continue; // A constant-zero, unpenalized-by-L2 column: its coefficient stays where it is.
                }

                var current = theta[j] + delta[j];
                var target = current - ((g[j] + hDelta[j]) / hjj);
                if (penalized[j])
                {
                    var shrink = s.L1 / hjj;
                    target = target > shrink ? target - shrink : target < -shrink ? target + shrink : 0;
                }

                var change = target - current;
                if (change != 0)
                {
                    delta[j] += change;
                    // hDelta += H[:, j] * change, read along row j (H is stored symmetric).
                    AddScaled(hDelta, change, h.AsSpan(j * m, m));
                }

                largest = Math.Max(largest, Math.Abs(change) * Math.Sqrt(hjj));
                scale = Math.Max(scale, Math.Abs(target) * Math.Sqrt(hjj));
            }

            if (largest <= 1e-12 * Math.Max(scale, 1))
            {
                break;
            }
        }
    }

    /// <summary>One column of four consecutive rows (row-major, <paramref name="width"/> apart), widened.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> Column(ref float rows, nuint at, nuint width) => Widen(Vector128.Create(
        Unsafe.Add(ref rows, at), Unsafe.Add(ref rows, at + width), Unsafe.Add(ref rows, at + (2 * width)), Unsafe.Add(ref rows, at + (3 * width))));

    /// <summary>Four singles widened to doubles (exactly).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> Widen(Vector128<float> values) =>
        Avx.IsSupported ? Avx.ConvertToVector256Double(values) : Vector256.Create(Vector128.WidenLower(values), Vector128.WidenUpper(values));

    /// <summary>target = values, each widened to double (exactly), four at a time: converting one at a time cost four times as much.</summary>
    private static void Widen(ReadOnlySpan<float> values, Span<double> target)
    {
        ref var source = ref MemoryMarshal.GetReference(values);
        ref var result = ref MemoryMarshal.GetReference(target[..values.Length]);
        nuint j = 0, length = (nuint)values.Length;
        for (; j + 4 <= length; j += 4)
        {
            Widen(Vector128.LoadUnsafe(ref source, j)).StoreUnsafe(ref result, j);
        }

        for (; j < length; j++)
        {
            Unsafe.Add(ref result, j) = Unsafe.Add(ref source, j);
        }
    }

    /// <summary>
    /// xDelta = X delta. Each row's sum runs in column order; eight rows run side by side, one to a vector lane, so that
    /// their additions overlap instead of each waiting on the one before.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void Multiply(LogisticProblem p, double[] delta, double[] xDelta)
    {
        int m = p.Width, n = p.Count;
        var rows = p.Rows.AsSpan(0, n * m);
        var d = delta.AsSpan(0, m);
        var result = xDelta.AsSpan(0, n);
        ref var x = ref MemoryMarshal.GetArrayDataReference(p.Rows);
        ref var sums = ref MemoryMarshal.GetArrayDataReference(xDelta);
        var width = (nuint)m;
        var i = 0;
        for (; i + 8 <= n; i += 8)
        {
            // Eight rows, one to a lane: each lane adds its row's products in column order, as the loop below does.
            var first = (nuint)i * width;
            var second = first + (4 * width);
            var low = Vector256<double>.Zero;
            var high = Vector256<double>.Zero;
            for (nuint j = 0; j < width; j++)
            {
                var dj = Vector256.Create(d[(int)j]);
                low += Column(ref x, first + j, width) * dj;
                high += Column(ref x, second + j, width) * dj;
            }

            low.StoreUnsafe(ref sums, (nuint)i);
            high.StoreUnsafe(ref sums, (nuint)i + 4);
        }

        for (; i < n; i++)
        {
            var row = rows.Slice(i * m, m);
            double sum = 0;
            for (var j = 0; j < row.Length; j++)
            {
                sum += row[j] * d[j];
            }

            result[i] = sum;
        }
    }
}
