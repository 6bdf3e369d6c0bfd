using MlNetHpo.AutoML;

namespace MlNetHpo.AutoML;

/// <summary>
/// Optuna's univariate Parzen estimator (samplers/_tpe/parzen_estimator.py) with its defaults: a mixture of one kernel per
/// observation plus a prior kernel (weight 1) centred on the range; observation weights 1, or a ramp from 1/n over the
/// oldest n - 25 (Optuna's <c>default_weights</c>); widths from the distances to the neighbours, endpoints not considered,
/// clipped by the "magic clip" to at least range / min(100, 1 + kernels). Numbers are truncated normals on the range (in
/// log space for log-uniform ranges; integer ranges with step 1 and half a step added to each end), choices are
/// categorical kernels: 1 on the observed value plus prior weight / kernels on each.
/// </summary>
internal sealed class ParzenEstimator
{
    private const double Eps = 1e-12;
    private readonly double[] _weights;
    private readonly double[] _mus = [];
    private readonly double[] _sigmas = [];
    private readonly double[][] _categories = [];
    private readonly double _low;
    private readonly double _high;
    private readonly double _step;

    /// <summary>Fits a mixture to <paramref name="observations"/>: internal values (see <see cref="ToInternal"/>), in trial-id order.</summary>
    public ParzenEstimator(IReadOnlyList<double> observations, Distribution distribution)
    {
        var n = observations.Count;
        var weights = DefaultWeights(n).Append(1.0).ToArray();
        var total = weights.Sum();
        _weights = [.. weights.Select(w => w / total)];
        if (distribution is ChoiceDistribution choice)
        {
            var k = choice.Values.Count;
            _categories = [.. Enumerable.Range(0, n + 1).Select(i =>
            {
                var row = Enumerable.Repeat(1.0 / (n + 1), k).ToArray();
                if (i < n)
                {
                    row[(int)observations[i]] += 1;
                }

                var sum = row.Sum();
                return row.Select(w => w / sum).ToArray();
            })];
            return;
        }

        (_low, _high, _step) = Range(distribution);
        var prior = 0.5 * (_low + _high);
        var span = _high - _low + _step;
        var withPrior = observations.Append(prior).ToArray();
        var order = Enumerable.Range(0, n + 1).OrderBy(i => withPrior[i]).ToArray();
        double[] ends = [_low - (0.5 * _step), .. order.Select(i => withPrior[i]), _high + (0.5 * _step)];
        var sorted = new double[n + 1];
        for (var j = 0; j <= n; j++)
        {
            sorted[j] = Math.Max(ends[j + 1] - ends[j], ends[j + 2] - ends[j + 1]);
        }

        if (ends.Length >= 4)
        {
            sorted[0] = ends[2] - ends[1];
            sorted[^1] = ends[^2] - ends[^3];
        }

        var sigmas = new double[n + 1];
        for (var j = 0; j <= n; j++)
        {
            sigmas[order[j]] = sorted[j];
        }

        var minSigma = span / Math.Min(100.0, 1.0 + (n + 1));
        _mus = withPrior;
        _sigmas = [.. sigmas.Take(n).Select(s => Math.Clamp(s, minSigma, span)), span];
    }

    /// <summary>Optuna's <c>default_weights</c>: 1 for the 25 newest observations, a ramp from 1/n for the older ones.</summary>
    public static double[] DefaultWeights(int n)
    {
        if (n < 25)
        {
            return Enumerable.Repeat(1.0, n).ToArray();
        }

        var ramp = n - 25 == 1 ? [1.0 / n] : Enumerable.Range(0, n - 25).Select(i => (1.0 / n) + (i * (1.0 - (1.0 / n)) / (n - 26))).ToArray();
        return [.. ramp, .. Enumerable.Repeat(1.0, 25)];
    }

    /// <summary>The internal value of <paramref name="value"/>: a choice's index, a log for log ranges, the number otherwise.</summary>
    public static double ToInternal(Distribution distribution, object? value) => distribution switch
    {
        ChoiceDistribution c => TrialHistory.IndexOf(c, value),
        UniformDistribution { IsLog: true } or LogUniformIntDistribution => Math.Log(Number(value)),
        _ => Number(value),
    };

    /// <summary>The parameter value of an internal value: rounded and clamped for integers.</summary>
    public static object? ToExternal(Distribution distribution, double x) => distribution switch
    {
        ChoiceDistribution c => c.Values[(int)x],
        UniformDistribution u => Math.Clamp(u.IsLog ? Math.Exp(x) : x, u.Min, u.Max),
        UniformIntDistribution i => Math.Clamp((long)Math.Round(x), i.Min, i.Max),
        LogUniformIntDistribution l => Math.Clamp((long)Math.Round(Math.Exp(x)), l.Min, l.Max),
        _ => throw new NotSupportedException($"TPE cannot sample {distribution}."),
    };

    /// <summary>Draws <paramref name="count"/> internal values.</summary>
    public double[] Sample(SplitMixRandom random, int count)
    {
        var samples = new double[count];
        for (var s = 0; s < count; s++)
        {
            var k = Pick(_weights, random.NextDouble());
            if (_categories.Length > 0)
            {
                samples[s] = Pick(_categories[k], random.NextDouble());
                continue;
            }

            // A normal truncated to the range widened by half a step each side, by inverting its CDF, then put on the grid.
            var (a, b) = (Gaussian.Cdf((_low - (0.5 * _step) - _mus[k]) / _sigmas[k]), Gaussian.Cdf((_high + (0.5 * _step) - _mus[k]) / _sigmas[k]));
            var x = Math.Clamp(_mus[k] + (_sigmas[k] * Gaussian.InverseCdf(a + (random.NextDouble() * (b - a)))), _low - (0.5 * _step), _high + (0.5 * _step));
            samples[s] = _step > 0 ? Math.Clamp(_low + (Math.Round((x - _low) / _step) * _step), _low, _high) : Math.Clamp(x, _low, _high);
        }

        return samples;
    }

    /// <summary>Log density (or log probability, for choices and integers) of an internal value under the mixture.</summary>
    public double LogPdf(double x)
    {
        var terms = new double[_weights.Length];
        for (var k = 0; k < _weights.Length; k++)
        {
            double log;
            if (_categories.Length > 0)
            {
                log = Math.Log(_categories[k][(int)x]);
            }
            else
            {
                var (mu, sigma) = (_mus[k], _sigmas[k]);
                var mass = Gaussian.Cdf((_high + (0.5 * _step) - mu) / sigma) - Gaussian.Cdf((_low - (0.5 * _step) - mu) / sigma);
                log = _step > 0
                    ? Math.Log(Math.Max(Gaussian.Cdf((x + (0.5 * _step) - mu) / sigma) - Gaussian.Cdf((x - (0.5 * _step) - mu) / sigma), Eps))
                    : -0.5 * Math.Pow((x - mu) / sigma, 2) - Math.Log(sigma * Math.Sqrt(2 * Math.PI));
                log -= Math.Log(Math.Max(mass, Eps));
            }

            terms[k] = Math.Log(_weights[k]) + log;
        }

        var max = terms.Max();
        return double.IsNegativeInfinity(max) ? max : max + Math.Log(terms.Sum(t => Math.Exp(t - max)));
    }

    /// <summary>The internal range and step: log bounds for log ranges (an integer one widened by half a unit), step 1 for integers.</summary>
    private static (double Low, double High, double Step) Range(Distribution distribution) => distribution switch
    {
        UniformDistribution u => u.IsLog ? (Math.Log(u.Min), Math.Log(u.Max), 0) : (u.Min, u.Max, 0),
        UniformIntDistribution i => (i.Min, i.Max, 1),
        LogUniformIntDistribution l => (Math.Log(l.Min - 0.5), Math.Log(l.Max + 0.5), 0),
        _ => throw new NotSupportedException($"TPE cannot model {distribution}."),
    };

    private static int Pick(double[] probabilities, double u)
    {
        var cumulative = 0.0;
        for (var i = 0; i < probabilities.Length - 1; i++)
        {
            cumulative += probabilities[i];
            if (u < cumulative)
            {
                return i;
            }
        }

        return probabilities.Length - 1;
    }

    private static double Number(object? value) => Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>The standard normal's CDF and its inverse, computed by this code alone so that proposals never change with the runtime.</summary>
internal static class Gaussian
{
    /// <summary>Φ(x) from erfc (Numerical Recipes' Chebyshev fit, relative error below 1.2e-7).</summary>
    public static double Cdf(double x) => 0.5 * Erfc(-x / Math.Sqrt(2));

    /// <summary>Φ⁻¹(p) by Acklam's rational approximation, refined by one Halley step.</summary>
    public static double InverseCdf(double p)
    {
        if (p <= 0)
        {
            return double.NegativeInfinity;
        }

        if (p >= 1)
        {
            return double.PositiveInfinity;
        }

        double[] a = [-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00];
        double[] b = [-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01, -1.328068155288572e+01];
        double[] c = [-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00];
        double[] d = [7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00];
        double x;
        if (p < 0.02425 || p > 1 - 0.02425)
        {
            var q = Math.Sqrt(-2 * Math.Log(p < 0.5 ? p : 1 - p));
            x = (((((((c[0] * q) + c[1]) * q) + c[2]) * q) + c[3]) * q + c[4]) * q + c[5];
            x /= ((((((d[0] * q) + d[1]) * q) + d[2]) * q) + d[3]) * q + 1;
            x = p < 0.5 ? x : -x;
        }
        else
        {
            var q = p - 0.5;
            var r = q * q;
            x = (((((((a[0] * r) + a[1]) * r) + a[2]) * r) + a[3]) * r + a[4]) * r + a[5];
            x = x * q / ((((((((b[0] * r) + b[1]) * r) + b[2]) * r) + b[3]) * r + b[4]) * r + 1);
        }

        var e = Cdf(x) - p;
        var u = e * Math.Sqrt(2 * Math.PI) * Math.Exp(x * x / 2);
        return x - (u / (1 + (x * u / 2)));
    }

    private static double Erfc(double x)
    {
        var z = Math.Abs(x);
        var t = 1 / (1 + (0.5 * z));
        double[] coefficients = [-1.26551223, 1.00002368, 0.37409196, 0.09678418, -0.18628806, 0.27886807, -1.13520398, 1.48851587, -0.82215223, 0.17087277];
        var poly = 0.0;
        for (var k = coefficients.Length - 1; k >= 0; k--)
        {
            poly = (poly * t) + coefficients[k];
        }

        var r = t * Math.Exp(-(z * z) + poly);
        return x >= 0 ? r : 2 - r;
    }
}
