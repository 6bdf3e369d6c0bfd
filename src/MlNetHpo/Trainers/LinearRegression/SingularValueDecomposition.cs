namespace MlNetHpo.Trainers;

/// <summary>
/// The thin SVD <c>X = U diag(S) V^T</c> of a column-major matrix by one-sided Jacobi rotations (Hestenes), which is accurate to
/// the last bits for small singular values too (no normal equations, whose condition number is squared). It serves Ridge
/// (<c>w = V diag(s / (s^2 + alpha)) U^T y</c>, scikit-learn's <c>_solve_svd</c>, the optimum its Cholesky solver reaches) and
/// LinearRegression (the minimum-norm least-squares solution of LAPACK's gelsd, which scikit-learn calls through scipy's lstsq).
/// </summary>
internal sealed class SingularValueDecomposition
{
    private SingularValueDecomposition(double[] u, double[] s, double[] v, int rows, int columns, int rank)
    {
        U = u;
        S = s;
        V = v;
        Rows = rows;
        Columns = columns;
        Rank = rank;
    }

    /// <summary>Left singular vectors, column-major, <see cref="Rows"/> x <see cref="Rank"/>.</summary>
    public double[] U { get; }

    /// <summary>Singular values (not sorted), <see cref="Rank"/> of them.</summary>
    public double[] S { get; }

    /// <summary>Right singular vectors, column-major, <see cref="Columns"/> x <see cref="Rank"/>.</summary>
    public double[] V { get; }

    public int Rows { get; }

    public int Columns { get; }

    /// <summary>min(rows, columns): the number of singular triplets kept.</summary>
    public int Rank { get; }

    /// <summary>Decomposes the <paramref name="rows"/> x <paramref name="columns"/> column-major matrix <paramref name="x"/>.</summary>
    public static SingularValueDecomposition Compute(double[] x, int rows, int columns)
    {
        if (rows >= columns)
        {
            var (u, s, v) = Jacobi((double[])x.Clone(), rows, columns);
            return new SingularValueDecomposition(u, s, v, rows, columns, columns);
        }

        // Wide data: decompose X^T = U' S V'^T, so X = V' S U'^T.
        var transposed = new double[x.Length];
        for (var j = 0; j < columns; j++)
        {
            for (var i = 0; i < rows; i++)
            {
                transposed[(i * columns) + j] = x[(j * rows) + i];
            }
        }

        var (ut, st, vt) = Jacobi(transposed, columns, rows);
        return new SingularValueDecomposition(vt, st, ut, rows, columns, rows);
    }

    /// <summary>
    /// <c>V diag(f(s)) U^T y</c>: the solution of a spectral filter (Ridge: s / (s^2 + alpha); least squares: 1 / s above the cutoff).
    /// </summary>
    public double[] Solve(double[] y, Func<double, double> filter)
    {
        var w = new double[Columns];
        for (var k = 0; k < Rank; k++)
        {
            var factor = filter(S[k]);
            if (factor == 0)
            {
                continue;
            }

            double uty = 0;
            for (var i = 0; i < Rows; i++)
            {
                uty += U[(k * Rows) + i] * y[i];
            }

            var scale = factor * uty;
            for (var j = 0; j < Columns; j++)
            {
                w[j] += V[(k * Columns) + j] * scale;
            }
        }

        return w;
    }

    /// <summary>The largest singular value.</summary>
    public double Largest => S.Length == 0 ? 0 : S.Max();

    /// <summary>Jacobi on a tall matrix a (m x n, m &gt;= n, column-major, overwritten): returns U (m x n), S, V (n x n).</summary>
    private static (double[] U, double[] S, double[] V) Jacobi(double[] a, int m, int n)
    {
        var v = new double[n * n];
        for (var j = 0; j < n; j++)
        {
            v[(j * n) + j] = 1;
        }

        const double Eps = 1e-15;
        for (var sweep = 0; sweep < 100; sweep++)
        {
            var rotated = false;
            for (var p = 0; p < n - 1; p++)
            {
                for (var q = p + 1; q < n; q++)
                {
                    double alpha = 0, beta = 0, gamma = 0;
                    int op = p * m, oq = q * m;
                    for (var i = 0; i < m; i++)
                    {
                        var ap = a[op + i];
                        var aq = a[oq + i];
                        alpha += ap * ap;
                        beta += aq * aq;
                        gamma += ap * aq;
                    }

                    if (gamma == 0 || Math.Abs(gamma) <= Eps * Math.Sqrt(alpha * beta))
                    {
                        continue;
                    }

                    rotated = true;
                    var zeta = (beta - alpha) / (2 * gamma);
                    var t = Math.Sign(zeta == 0 ? 1 : zeta) / (Math.Abs(zeta) + Math.Sqrt(1 + (zeta * zeta)));
                    var c = 1 / Math.Sqrt(1 + (t * t));
                    var s = c * t;
                    Rotate(a, op, oq, m, c, s);
                    Rotate(v, p * n, q * n, n, c, s);
                }
            }

            if (!rotated)
            {
                break;
            }
        }

        var singular = new double[n];
        for (var j = 0; j < n; j++)
        {
            double norm = 0;
            for (var i = 0; i < m; i++)
            {
                norm += a[(j * m) + i] * a[(j * m) + i];
            }

            norm = Math.Sqrt(norm);
            singular[j] = norm;
            if (norm > 0)
            {
                for (var i = 0; i < m; i++)
                {
                    a[(j * m) + i] /= norm;
                }
            }
        }

        return (a, singular, v);
    }

    private static void Rotate(double[] matrix, int op, int oq, int length, double c, double s)
    {
        for (var i = 0; i < length; i++)
        {
            var xp = matrix[op + i];
            var xq = matrix[oq + i];
            matrix[op + i] = (c * xp) - (s * xq);
            matrix[oq + i] = (s * xp) + (c * xq);
        }
    }
}
