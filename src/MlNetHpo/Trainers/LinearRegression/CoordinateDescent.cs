using MlNetHpo.AutoML;

namespace MlNetHpo.Trainers;

/// <summary>
/// scikit-learn 1.2.1's <c>enet_coordinate_descent</c> (sklearn/linear_model/_cd_fast.pyx), in double precision and in the same
/// order of operations: it minimizes <c>0.5 ||y - X w||^2 + l1 ||w||_1 + 0.5 l2 ||w||^2</c> (the ElasticNet objective times n,
/// with l1 = alpha * l1_ratio * n and l2 = alpha * (1 - l1_ratio) * n), sweeping coordinates cyclically or at random, and when
/// the largest coefficient change of a sweep falls below tol times the largest coefficient (or at the last iteration) it
/// computes the duality gap and stops once the gap is below tol * ||y||^2. Random selection draws from our seeded generator, not
/// numpy's, so random sweeps visit coordinates in another order than scikit-learn's with the same seed (same optimum).
/// </summary>
internal static class CoordinateDescent
{
    /// <summary>The result: coefficients, sweeps run, whether the gap test passed, and the last gap and its threshold.</summary>
    public sealed record Result(double[] Coefficients, int Iterations, bool Converged, double Gap, double Tolerance);

    public static Result Solve(LeastSquaresProblem problem, double l1, double l2, int maxIterations, double tol, bool random, int seed, bool positive, FitCancellation? cancellation = null)
    {
        int n = problem.Rows, p = problem.Columns;
        var x = problem.X;
        var y = problem.Y;
        var w = new double[p];
        var residual = (double[])y.Clone();
        var norms = new double[p];
        for (var j = 0; j < p; j++)
        {
            norms[j] = Dot(x, j * n, x, j * n, n);
        }

        var xta = new double[p];
        var rng = random ? new SplitMixRandom(seed) : null;
        var gapTolerance = tol * Dot(y, 0, y, 0, n);
        var gap = tol + 1.0;
        for (var iteration = 0; iteration < maxIterations; iteration++)
        {
            cancellation?.ThrowIfRequested();
            double wMax = 0, dwMax = 0;
            for (var f = 0; f < p; f++)
            {
                var j = rng is null ? f : (int)rng.NextInt64(p);
                if (norms[j] == 0.0)
                {
                    continue;
                }

                var offset = j * n;
                var old = w[j];
                if (old != 0.0)
                {
                    Axpy(old, x, offset, residual, n);
                }

                var tmp = Dot(x, offset, residual, 0, n);
                w[j] = positive && tmp < 0 ? 0.0 : Math.Sign(tmp) * Math.Max(Math.Abs(tmp) - l1, 0) / (norms[j] + l2);
                if (w[j] != 0.0)
                {
                    Axpy(-w[j], x, offset, residual, n);
                }

                dwMax = Math.Max(dwMax, Math.Abs(w[j] - old));
                wMax = Math.Max(wMax, Math.Abs(w[j]));
            }

            if (wMax == 0.0 || dwMax / wMax < tol || iteration == maxIterations - 1)
            {
                gap = DualityGap(x, y, w, residual, xta, n, p, l1, l2, positive);
                if (gap < gapTolerance)
                {
                    return new Result(w, iteration + 1, true, gap, gapTolerance);
                }
            }
        }

        return new Result(w, maxIterations, false, gap, gapTolerance);
    }

    private static double DualityGap(double[] x, double[] y, double[] w, double[] residual, double[] xta, int n, int p, double l1, double l2, bool positive)
    {
        // XtA = X^T R - l2 w; its largest absolute entry (largest entry with positive coefficients) scales the dual point.
        var dualNorm = positive ? double.NegativeInfinity : 0;
        for (var j = 0; j < p; j++)
        {
            xta[j] = Dot(x, j * n, residual, 0, n) - (l2 * w[j]);
            dualNorm = Math.Max(dualNorm, positive ? xta[j] : Math.Abs(xta[j]));
        }

        var rNorm2 = Dot(residual, 0, residual, 0, n);
        var wNorm2 = Dot(w, 0, w, 0, p);
        double constant, gap;
        if (dualNorm > l1)
        {
            constant = l1 / dualNorm;
            gap = 0.5 * (rNorm2 + (rNorm2 * constant * constant));
        }
        else
        {
            constant = 1.0;
            gap = rNorm2;
        }

        double l1Norm = 0;
        foreach (var v in w)
        {
            l1Norm += Math.Abs(v);
        }

        return gap + (l1 * l1Norm) - (constant * Dot(residual, 0, y, 0, n)) + (0.5 * l2 * (1 + (constant * constant)) * wNorm2);
    }

    private static double Dot(double[] a, int offsetA, double[] b, int offsetB, int length)
    {
        double sum = 0;
        for (var i = 0; i < length; i++)
        {
            sum += a[offsetA + i] * b[offsetB + i];
        }

        return sum;
    }

    /// <summary>residual += factor * x[offset..offset + n].</summary>
    private static void Axpy(double factor, double[] x, int offset, double[] residual, int n)
    {
        for (var i = 0; i < n; i++)
        {
            residual[i] += factor * x[offset + i];
        }
    }
}
