using System.Numerics;
using System.Runtime.CompilerServices;

namespace MlNetHpo.Trainers;

/// <summary>Dense, double-precision training data for <see cref="LogisticRegressionSolver"/>.</summary>
/// <param name="Rows">Row-major features, <c>Count * Width</c> values; when an intercept is fitted the last column is the constant 1.</param>
/// <param name="Labels">0 or 1 per row.</param>
/// <param name="Weights">Non-negative example weights per row.</param>
/// <param name="Count">Number of rows.</param>
/// <param name="Width">Number of columns in <paramref name="Rows"/> (features, plus 1 for the intercept).</param>
internal sealed record LogisticProblem(double[] Rows, double[] Labels, double[] Weights, int Count, int Width);

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

    /// <summary>Below this width a plain loop beats slicing spans into vectors (measured on the 6-column Titanic problem).</summary>
    private const int VectorThreshold = 12;

    // Per-row buffers, reused by the fits of one thread on data of one size (a search fits many candidates on each fold):
    // allocated per fit, five arrays as long as the data were large-object garbage that set a search's peak memory.
    [ThreadStatic]
    private static double[][]? _rowBuffers;

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
    /// <returns>The solution.</returns>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static SolverResult Solve(LogisticProblem problem, SolverSettings settings)
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
        // Spans of one length let the JIT drop the bounds checks in the loop below.
        var n = p.Count;
        var zs = z.AsSpan(0, n);
        var weights = p.Weights.AsSpan(0, n);
        var labels = p.Labels.AsSpan(0, n);
        var exps = expNegAbsZ.AsSpan(0, n);
        double loss = 0;
        for (var i = 0; i < zs.Length; i++)
        {
            // softplus(z) - t z is the log-loss of a logit z for label t, computed without overflow:
            // softplus(z) = max(z, 0) + log(1 + exp(-|z|)).
            var zi = zs[i];
            var e = Math.Exp(-Math.Abs(zi));
            exps[i] = e;
            var softplus = zi > 0 ? zi + Math.Log(1 + e) : Math.Log(1 + e);
            loss += weights[i] * (softplus - (labels[i] * zi));
        }

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
    /// the rows, a rank-one update of the upper triangle per row, O(n m^2) time and no allocation.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void GradientAndHessian(
        LogisticProblem p, SolverSettings s, bool[] penalized, double[] z, double[] expNegAbsZ, double[] theta, double[] g, double[] h)
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
        var c0 = s.C;
        for (var i = 0; i < zs.Length; i++)
        {
            var zi = zs[i];
            var e = exps[i]; // exp(-|z_i|), from the objective at the same z
            var prob = zi >= 0 ? 1 / (1 + e) : e / (1 + e);
            var r = c0 * weights[i] * (prob - labels[i]);
            var c = c0 * weights[i] * prob * (1 - prob);
            var row = rows.Slice(i * m, m);
            for (var j = 0; j < row.Length; j++)
            {
                var xj = row[j];
                gs[j] += r * xj;
                var cx = c * xj;

                // h[j, j..m) += cx * x[j..m): the same additions in the same order whichever loop runs.
                if (m >= VectorThreshold)
                {
                    AddScaled(hs.Slice((j * m) + j, m - j), cx, row[j..]);
                }
                else
                {
                    var hRow = j * m;
                    for (var k = j; k < row.Length; k++)
                    {
                        hs[hRow + k] += cx * row[k];
                    }
                }
            }
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

    /// <summary>xDelta = X delta.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Multiply(LogisticProblem p, double[] delta, double[] xDelta)
    {
        int m = p.Width, n = p.Count;
        var rows = p.Rows.AsSpan(0, n * m);
        var d = delta.AsSpan(0, m);
        var result = xDelta.AsSpan(0, n);
        for (var i = 0; i < result.Length; i++)
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
