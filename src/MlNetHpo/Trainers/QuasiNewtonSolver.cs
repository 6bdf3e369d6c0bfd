using System.Numerics;
using System.Runtime.CompilerServices;

namespace MlNetHpo.Trainers;

/// <summary>Rows of a feature matrix in compressed sparse row form (a dense row stores every index).</summary>
/// <param name="Values">Non-zero values, row after row.</param>
/// <param name="Indices">Feature index of each value.</param>
/// <param name="Starts">Where each row starts in <paramref name="Values"/>; <c>Count + 1</c> entries.</param>
/// <param name="Count">Number of rows.</param>
/// <param name="Features">Number of features (columns).</param>
internal sealed record SparseRows(double[] Values, int[] Indices, int[] Starts, int Count, int Features)
{
    private SparseRows? _transposed;

    /// <summary>Stored values over all cells: 1 for dense data.</summary>
    public double Density => Count == 0 || Features == 0 ? 1 : (double)Starts[Count] / ((double)Count * Features);

    /// <summary>
    /// The same matrix by columns (a row of it per feature, its indices the row numbers in ascending order), built on first
    /// use and kept: a fold's problem is solved for every candidate.
    /// </summary>
    public SparseRows Transposed => LazyInitializer.EnsureInitialized(ref _transposed, Transpose);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private SparseRows Transpose()
    {
        var starts = new int[Features + 1];
        var nonZeros = Starts[Count];
        for (var t = 0; t < nonZeros; t++)
        {
            starts[Indices[t] + 1]++;
        }

        for (var j = 0; j < Features; j++)
        {
            starts[j + 1] += starts[j];
        }

        var next = starts[..Features];
        var values = new double[nonZeros];
        var rows = new int[nonZeros];
        for (var i = 0; i < Count; i++)
        {
            for (var t = Starts[i]; t < Starts[i + 1]; t++)
            {
                var at = next[Indices[t]]++;
                values[at] = Values[t];
                rows[at] = i;
            }
        }

        return new SparseRows(values, rows, starts, Features, Count);
    }
}

/// <summary>
/// Classification data for <see cref="QuasiNewtonSolver"/>: sparse rows, a class index per row, and the non-negative
/// per-row weights (sample weight times class weight).
/// </summary>
/// <param name="Rows">The features.</param>
/// <param name="Labels">Class index per row, in [0, <paramref name="Classes"/>).</param>
/// <param name="Weights">Weight per row.</param>
/// <param name="Classes">Number of classes.</param>
internal sealed record ClassProblem(SparseRows Rows, int[] Labels, double[] Weights, int Classes);

/// <summary>
/// L-BFGS (smooth penalties) and OWL-QN (with an L1 term) on sparse rows, for the binary logistic loss (one output, label 1
/// positive) and the multinomial loss (one output per class). It minimizes the same objective as
/// <see cref="LogisticRegressionSolver"/>, <c>C * sum_i s_i * loss_i + L1 * |theta_P|_1 + L2 / 2 * |theta_P|^2</c>, with
/// the same stopping rule, but needs only O(features * outputs) memory and one pass over the non-zeros per step: the path
/// for wide or sparse features, and for the multinomial loss, where Newton's explicit Hessian would have
/// (features * classes)^2 entries. The parameters are stored feature-major: <c>theta[j * outputs + k]</c>, the intercept
/// row (j = features) last when fitted.
/// </summary>
/// <remarks>
/// The loops are compiled fully optimized at their first call (AggressiveOptimization): a search runs a few dozen solves,
/// and under tiered compilation much of them ran in unoptimized tier-0 code (Vector&lt;T&gt; calls not inlined).
/// </remarks>
internal static class QuasiNewtonSolver
{
    private const int Memory = 10;
    private const double Armijo = 1e-4;
    private const int MaximumBacktracks = 60;

    /// <summary>Solves from theta = 0.</summary>
    /// <param name="problem">The data.</param>
    /// <param name="outputs">1 for the binary loss (labels 0/1), the class count for the multinomial loss.</param>
    /// <param name="settings">Objective and stopping rule (<see cref="SolverSettings.PenalizeIntercept"/> is honoured).</param>
    /// <param name="maximumIterations">Iteration limit (quasi-Newton steps).</param>
    /// <param name="cancellation">Checked before each step.</param>
    /// <returns>The solution, feature-major.</returns>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static SolverResult Solve(ClassProblem problem, int outputs, SolverSettings settings, int maximumIterations, FitCancellation? cancellation = null)
    {
        var d = problem.Rows.Features;
        var width = d + (settings.HasIntercept ? 1 : 0);
        var size = width * outputs;
        var penalized = new bool[size];
        for (var j = 0; j < width; j++)
        {
            for (var k = 0; k < outputs; k++)
            {
                penalized[(j * outputs) + k] = j < d || settings.PenalizeIntercept;
            }
        }

        double weightSum = 0;
        foreach (var s in problem.Weights)
        {
            weightSum += s;
        }

        var threshold = settings.Tolerance / 100 * Math.Max(settings.C * weightSum, double.Epsilon);
        var evaluator = new Evaluator(problem, outputs, settings, penalized, width);
        var theta = new double[size];
        var g = new double[size];
        var f = evaluator.Evaluate(theta, g);
        var pg = new double[size];
        var direction = new double[size];
        var trial = new double[size];
        var gTrial = new double[size];
        var sHistory = new double[Memory][];
        var yHistory = new double[Memory][];
        var rho = new double[Memory];
        var alpha = new double[Memory];
        var stored = 0;
        var newest = -1;
        var iterations = 0;
        var converged = false;
        var l1 = settings.L1;
        while (true)
        {
            cancellation?.ThrowIfRequested();
            PseudoGradient(theta, g, penalized, l1, pg);
            if (MaxAbs(pg) <= threshold)
            {
                converged = true;
                break;
            }

            if (iterations >= maximumIterations)
            {
                break;
            }

            // Two-loop recursion on the pseudo-gradient (OWL-QN), then keep only the components that descend it.
            Array.Clear(direction);
            AddScaled(direction, -1, pg);

            for (var m = 0; m < stored; m++)
            {
                var idx = (newest - m + Memory) % Memory;
                alpha[idx] = rho[idx] * Dot(sHistory[idx], direction);
                AddScaled(direction, -alpha[idx], yHistory[idx]);
            }

            if (stored > 0)
            {
                var y = yHistory[newest];
                var gamma = Dot(sHistory[newest], y) / Dot(y, y);
                Scale(direction, gamma);
            }
            else
            {
                // First step: a unit-length move along the steepest descent.
                Scale(direction, 1 / Math.Max(Math.Sqrt(Dot(pg, pg)), 1e-300));
            }

            for (var m = stored - 1; m >= 0; m--)
            {
                var idx = (newest - m + Memory) % Memory;
                var beta = rho[idx] * Dot(yHistory[idx], direction);
                AddScaled(direction, alpha[idx] - beta, sHistory[idx]);
            }

            if (l1 > 0)
            {
                for (var i = 0; i < size; i++)
                {
                    if (direction[i] * pg[i] >= 0)
                    {
                        direction[i] = 0;
                    }
                }
            }

            var slope = Dot(direction, pg);
            if (!(slope < 0))
            {
                if (stored == 0)
                {
                    converged = true; // no descent direction at all: numerical precision reached
                    break;
                }

                stored = 0; // a stale curvature history: restart from steepest descent
                continue;
            }

            var accepted = false;
            double fTrial = 0;
            var step = 1.0;
            for (var h = 0; h < MaximumBacktracks; h++, step = Backtrack(step, slope, f, fTrial))
            {
                for (var i = 0; i < size; i++)
                {
                    var value = theta[i] + (step * direction[i]);
                    if (l1 > 0 && penalized[i])
                    {
                        // Stay in the orthant of theta (or of -pg where theta is 0).
                        var orthant = theta[i] != 0 ? Math.Sign(theta[i]) : -Math.Sign(pg[i]);
                        if (Math.Sign(value) != orthant)
                        {
                            value = 0;
                        }
                    }

                    trial[i] = value;
                }

                fTrial = evaluator.Evaluate(trial, gTrial);
                var decrease = Dot(pg, trial, theta);

                // A strict decrease too: at the limit of double precision, equal values would loop without progress.
                if (fTrial <= f + (Armijo * decrease) && fTrial < f)
                {
                    accepted = true;
                    break;
                }
            }

            iterations++;
            if (!accepted)
            {
                if (stored == 0)
                {
                    converged = true; // not even steepest descent decreases the objective in double precision
                    break;
                }

                stored = 0;
                continue;
            }

            // Curvature pair from the smooth part's gradient.
            var next = (newest + 1) % Memory;
            sHistory[next] ??= new double[size];
            yHistory[next] ??= new double[size];
            Subtract(trial, theta, sHistory[next]);
            Subtract(gTrial, g, yHistory[next]);
            var sy = Dot(sHistory[next], yHistory[next]);

            if (sy > 1e-12 * Math.Sqrt(Dot(yHistory[next], yHistory[next]) * Dot(sHistory[next], sHistory[next])))
            {
                rho[next] = 1 / sy;
                newest = next;
                stored = Math.Min(stored + 1, Memory);
            }
            else if (stored == Memory)
            {
                stored--; // the rejected pair overwrote the oldest one's slot
            }

            (theta, trial) = (trial, theta);
            (g, gTrial) = (gTrial, g);
            f = fTrial;
        }

        return new SolverResult(theta, iterations, converged);
    }

    /// <summary>
    /// The next, shorter step after <paramref name="step"/> failed the sufficient-decrease test: the minimum of the parabola
    /// through f, the slope along the direction and the trial's value (Nocedal and Wright, section 3.5), kept within 0.1 and
    /// 0.5 times the failed step. Halving alone, on text features at large C, often took the step down 2^5 to 2^8 times
    /// over as many passes, and such tiny steps gave poor curvature pairs: W5's C=100 fold took 114 steps and 169 passes,
    /// with this 33 steps and 40 passes to the same stopping rule.
    /// </summary>
    private static double Backtrack(double step, double slope, double f, double fTrial)
    {
        var curvature = fTrial - f - (slope * step);
        var minimum = curvature > 0 ? -slope * step * step / (2 * curvature) : double.NaN;
        return double.IsNaN(minimum) ? 0.5 * step : Math.Clamp(minimum, 0.1 * step, 0.5 * step);
    }

    /// <summary>The minimum-norm subgradient of the composite objective (the gradient where there is no L1 term).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void PseudoGradient(double[] theta, double[] g, bool[] penalized, double l1, double[] pg)
    {
        for (var i = 0; i < theta.Length; i++)
        {
            if (l1 > 0 && penalized[i])
            {
                pg[i] = theta[i] > 0 ? g[i] + l1
                    : theta[i] < 0 ? g[i] - l1
                    : g[i] + l1 < 0 ? g[i] + l1
                    : g[i] - l1 > 0 ? g[i] - l1
                    : 0;
            }
            else
            {
                pg[i] = g[i];
            }
        }
    }

    /// <remarks>Four running maxima: the same result (the maximum does not depend on the order), four chains instead of one.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static double MaxAbs(double[] v)
    {
        double m0 = 0, m1 = 0, m2 = 0, m3 = 0;
        var i = 0;
        for (; i + 4 <= v.Length; i += 4)
        {
            m0 = Math.Max(m0, Magnitude(v[i]));
            m1 = Math.Max(m1, Magnitude(v[i + 1]));
            m2 = Math.Max(m2, Magnitude(v[i + 2]));
            m3 = Math.Max(m3, Magnitude(v[i + 3]));
        }

        for (; i < v.Length; i++)
        {
            m0 = Math.Max(m0, Magnitude(v[i]));
        }

        return Math.Max(Math.Max(m0, m1), Math.Max(m2, m3));
    }

    private static double Magnitude(double x) => double.IsNaN(x) ? double.PositiveInfinity : Math.Abs(x);

    /// <summary><c>sum_i a[i] * (b[i] - c[i])</c>, or <c>sum_i a[i] * b[i]</c> without <paramref name="c"/>, added in order.</summary>
    /// <remarks>
    /// One chain of additions, as before: splitting it into partial sums would be faster but changes the last bits, and at
    /// large C (flat directions) the path, the iteration count and the coefficients' third digit follow them.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static double Dot(double[] a, double[] b, double[]? c = null)
    {
        var x = a.AsSpan();
        var y = b.AsSpan(0, x.Length);
        double sum = 0;
        if (c is null)
        {
            for (var i = 0; i < x.Length; i++)
            {
                sum += x[i] * y[i];
            }
        }
        else
        {
            var z = c.AsSpan(0, x.Length);
            for (var i = 0; i < x.Length; i++)
            {
                sum += x[i] * (y[i] - z[i]);
            }
        }

        return sum;
    }

    /// <summary><c>target += a * x</c>, in vectors (each entry rounded as the scalar loop would: the same result).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void AddScaled(double[] target, double a, double[] x)
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var factor = new Vector<double>(a);
            for (; i <= target.Length - Vector<double>.Count; i += Vector<double>.Count)
            {
                (new Vector<double>(target, i) + (factor * new Vector<double>(x, i))).CopyTo(target, i);
            }
        }

        for (; i < target.Length; i++)
        {
            target[i] += a * x[i];
        }
    }

    /// <summary><c>target = a - b</c>, in vectors.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Subtract(double[] a, double[] b, double[] target)
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            for (; i <= target.Length - Vector<double>.Count; i += Vector<double>.Count)
            {
                (new Vector<double>(a, i) - new Vector<double>(b, i)).CopyTo(target, i);
            }
        }

        for (; i < target.Length; i++)
        {
            target[i] = a[i] - b[i];
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Scale(double[] v, double a)
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var factor = new Vector<double>(a);
            for (; i <= v.Length - Vector<double>.Count; i += Vector<double>.Count)
            {
                (new Vector<double>(v, i) * factor).CopyTo(v, i);
            }
        }

        for (; i < v.Length; i++)
        {
            v[i] *= a;
        }
    }

    /// <summary>The objective and the gradient of its smooth part (data term and L2), in one pass over the non-zeros.</summary>
    private sealed class Evaluator(ClassProblem p, int outputs, SolverSettings s, bool[] penalized, int width)
    {
        private readonly double[] _z = new double[outputs];
        private readonly double[] _r = new double[outputs];
        private double[]? _perRow;

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public double Evaluate(double[] theta, double[] g)
        {
            Array.Clear(g);
            var rows = p.Rows;
            var d = rows.Features;
            var values = rows.Values;
            var indices = rows.Indices;
            var starts = rows.Starts;
            var interceptOffset = d * outputs;
            var hasIntercept = width > d;
            var loss = outputs == 1
                ? BinaryPass(theta, g, values, indices, starts, interceptOffset, hasIntercept)
                : MultinomialPass(theta, g, values, indices, starts, interceptOffset, hasIntercept);
            double l1 = 0, l2 = 0;
            for (var i = 0; i < theta.Length; i++)
            {
                if (penalized[i])
                {
                    l1 += Math.Abs(theta[i]);
                    l2 += theta[i] * theta[i];
                    g[i] += s.L2 * theta[i];
                }
            }

            return (s.C * loss) + (s.L1 * l1) + (0.5 * s.L2 * l2);
        }

        /// <summary>The binary loss: one logit per row, softplus(z) - y z, derivative sigmoid(z) - y (without overflow).</summary>
        /// <remarks>
        /// Three sweeps: the logits row by row (X theta), each row's residual, then the gradient column by column (X^T r) on
        /// the transposed matrix. Both products are sums whose terms are added in the same order as one row at a time would
        /// (a row's non-zeros in order; a column's rows in ascending order, from 0), so the results are the same to the bit;
        /// but four rows (columns) advance together, four independent chains of additions instead of one, and the gradient
        /// gathers instead of scattering into the same entries row after row. That halves the pass on text features.
        /// </remarks>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private double BinaryPass(double[] theta, double[] g, double[] values, int[] indices, int[] starts, int interceptOffset, bool hasIntercept)
        {
            var bias = hasIntercept ? theta[interceptOffset] : 0;
            var count = p.Rows.Count;
            var z = _perRow ??= new double[count];
            Products(theta, values, indices, starts, count, bias, z);

            double loss = 0, interceptGradient = 0;
            var weights = p.Weights;
            var labels = p.Labels;
            var c = s.C;
            for (var i = 0; i < count; i++)
            {
                var weight = weights[i];
                var zi = z[i];
                z[i] = 0; // the residual of a row of weight 0
                if (weight == 0)
                {
                    continue;
                }

                var label = labels[i];
                var e = Math.Exp(-Math.Abs(zi));
                loss += weight * ((zi > 0 ? zi + Math.Log(1 + e) : Math.Log(1 + e)) - (label * zi));
                var prob = zi >= 0 ? 1 / (1 + e) : e / (1 + e);
                var r = c * weight * (prob - label);
                z[i] = r;
                interceptGradient += r;
            }

            var columns = p.Rows.Transposed;
            Products(z, columns.Values, columns.Indices, columns.Starts, columns.Count, 0, g);
            if (hasIntercept)
            {
                g[interceptOffset] += interceptGradient;
            }

            return loss;
        }

        /// <summary>
        /// <c>result[i] = start + sum_t x[indices[t]] * values[t]</c> over row i's non-zeros, added in their order; four rows at a
        /// time for four independent chains of additions (the same sums, to the bit, as one row at a time).
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static void Products(double[] x, double[] values, int[] indices, int[] starts, int count, double start, double[] result)
        {
            var i = 0;
            for (; i + 4 <= count; i += 4)
            {
                int b0 = starts[i], b1 = starts[i + 1], b2 = starts[i + 2], b3 = starts[i + 3], e3 = starts[i + 4];
                var v0 = new ReadOnlySpan<double>(values, b0, b1 - b0);
                var v1 = new ReadOnlySpan<double>(values, b1, b2 - b1);
                var v2 = new ReadOnlySpan<double>(values, b2, b3 - b2);
                var v3 = new ReadOnlySpan<double>(values, b3, e3 - b3);
                var x0 = new ReadOnlySpan<int>(indices, b0, b1 - b0);
                var x1 = new ReadOnlySpan<int>(indices, b1, b2 - b1);
                var x2 = new ReadOnlySpan<int>(indices, b2, b3 - b2);
                var x3 = new ReadOnlySpan<int>(indices, b3, e3 - b3);
                var common = Math.Min(Math.Min(v0.Length, v1.Length), Math.Min(v2.Length, v3.Length));
                double s0 = start, s1 = start, s2 = start, s3 = start;
                for (var t = 0; t < common; t++)
                {
                    s0 += x[x0[t]] * v0[t];
                    s1 += x[x1[t]] * v1[t];
                    s2 += x[x2[t]] * v2[t];
                    s3 += x[x3[t]] * v3[t];
                }

                result[i] = Finish(s0, x, v0, x0, common);
                result[i + 1] = Finish(s1, x, v1, x1, common);
                result[i + 2] = Finish(s2, x, v2, x2, common);
                result[i + 3] = Finish(s3, x, v3, x3, common);
            }

            for (; i < count; i++)
            {
                int begin = starts[i], end = starts[i + 1];
                result[i] = Finish(start, x, new ReadOnlySpan<double>(values, begin, end - begin), new ReadOnlySpan<int>(indices, begin, end - begin), 0);
            }
        }

        /// <summary>Adds the terms of one row from <paramref name="from"/> on to <paramref name="sum"/>, in order.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static double Finish(double sum, double[] x, ReadOnlySpan<double> values, ReadOnlySpan<int> indices, int from)
        {
            for (var t = from; t < values.Length; t++)
            {
                sum += x[indices[t]] * values[t];
            }

            return sum;
        }

        /// <summary>The multinomial loss: log-sum-exp(z) - z_y, derivative softmax(z) - onehot(y).</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private double MultinomialPass(double[] theta, double[] g, double[] values, int[] indices, int[] starts, int interceptOffset, bool hasIntercept)
        {
            var z = _z;
            var r = _r;
            double loss = 0;
            for (var i = 0; i < p.Rows.Count; i++)
            {
                var weight = p.Weights[i];
                if (weight == 0)
                {
                    continue;
                }

                for (var k = 0; k < outputs; k++)
                {
                    z[k] = hasIntercept ? theta[interceptOffset + k] : 0;
                }

                int begin = starts[i], end = starts[i + 1];
                for (var t = begin; t < end; t++)
                {
                    var v = values[t];
                    var offset = indices[t] * outputs;
                    for (var k = 0; k < outputs; k++)
                    {
                        z[k] += theta[offset + k] * v;
                    }
                }

                var label = p.Labels[i];
                var cw = s.C * weight;
                var max = double.NegativeInfinity;
                for (var k = 0; k < outputs; k++)
                {
                    max = Math.Max(max, z[k]);
                }

                double sum = 0;
                for (var k = 0; k < outputs; k++)
                {
                    r[k] = Math.Exp(z[k] - max);
                    sum += r[k];
                }

                loss += weight * (max + Math.Log(sum) - z[label]);
                for (var k = 0; k < outputs; k++)
                {
                    r[k] = cw * ((r[k] / sum) - (k == label ? 1 : 0));
                }

                for (var t = begin; t < end; t++)
                {
                    var v = values[t];
                    var offset = indices[t] * outputs;
                    for (var k = 0; k < outputs; k++)
                    {
                        g[offset + k] += r[k] * v;
                    }
                }

                if (hasIntercept)
                {
                    for (var k = 0; k < outputs; k++)
                    {
                        g[interceptOffset + k] += r[k];
                    }
                }
            }

            return loss;
        }
    }
}
