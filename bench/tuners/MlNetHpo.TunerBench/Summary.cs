using System.Globalization;
using System.Text;

namespace MlNetHpo.TunerBench;

/// <summary>One search of the benchmark: a problem, a method, a seed, and its trials' scores and seconds in order.</summary>
internal sealed record RunRecord(string Problem, string Description, string Metric, bool HigherIsBetter, string Method, int Seed, double[] Scores, double[] Seconds)
{
    /// <summary>The best score after each trial (failed trials keep the earlier best; NaN until one succeeds).</summary>
    public double[] BestSoFar()
    {
        var best = new double[Scores.Length];
        var current = double.NaN;
        for (var i = 0; i < Scores.Length; i++)
        {
            if (!double.IsNaN(Scores[i]) && (double.IsNaN(current) || Better(Scores[i], current)))
            {
                current = Scores[i];
            }

            best[i] = current;
        }

        return best;
    }

    public double Best => BestSoFar().LastOrDefault(double.NaN);

    public bool Better(double a, double b) => HigherIsBetter ? a > b : a < b;

    /// <summary>The 1-based trial at which the best reached <paramref name="target"/>, or null.</summary>
    public int? TrialsToReach(double target)
    {
        var best = BestSoFar();
        for (var i = 0; i < best.Length; i++)
        {
            if (!double.IsNaN(best[i]) && !Better(target, best[i]))
            {
                return i + 1;
            }
        }

        return null;
    }

    /// <summary>Seconds (summed fit + score time of the trials so far) at which the best reached <paramref name="target"/>, or null.</summary>
    public double? SecondsToReach(double target) => TrialsToReach(target) is { } t ? Seconds.Take(t).Sum() : null;

    /// <summary>The best so far at <paramref name="seconds"/> of summed trial time; NaN before the first trial ends.</summary>
    public double BestAt(double seconds)
    {
        var best = BestSoFar();
        var elapsed = 0.0;
        var value = double.NaN;
        for (var i = 0; i < best.Length; i++)
        {
            elapsed += Seconds[i];
            if (elapsed > seconds)
            {
                break;
            }

            value = best[i];
        }

        return value;
    }
}

/// <summary>The benchmark's table (medians over seeds) and plot (median best-so-far against trials and against time).</summary>
internal static class Summary
{
    private static readonly string[] Colours = ["#7f7f7f", "#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd", "#d62728"];

    public static string Table(IReadOnlyList<RunRecord> runs)
    {
        var text = new StringBuilder();
        foreach (var problem in runs.GroupBy(r => r.Problem))
        {
            var first = problem.First();
            var trials = problem.Max(r => r.Scores.Length);
            var target = Median(problem.Where(r => r.Method == "random").Select(r => r.Best));
            text.AppendLine(CultureInfo.InvariantCulture, $"**{problem.Key}**: {first.Description}; {problem.Select(r => r.Seed).Distinct().Count()} seeds, {trials} trials; target = random search's median {trials}-trial best {first.Metric} = {F(target)} ({(first.HigherIsBetter ? "higher" : "lower")} is better)");
            text.AppendLine();
            text.AppendLine("| method | median best @10 | @25 | @50 | trials to reach the target (median; seeds that reach it) | median seconds, 50 trials | seconds to reach the target (median) |");
            text.AppendLine("|---|---|---|---|---|---|---|");
            foreach (var method in problem.GroupBy(r => r.Method).OrderBy(g => Order(g.Key)))
            {
                double At(int t) => Median(method.Select(r => r.BestSoFar()[Math.Min(t, r.Scores.Length) - 1]));
                var reach = method.Select(r => r.TrialsToReach(target)).ToList();
                var seconds = method.Select(r => r.SecondsToReach(target)).ToList();
                text.AppendLine(CultureInfo.InvariantCulture,
                    $"| {method.Key} | {F(At(10))} | {F(At(25))} | {F(At(trials))} | {Censored(reach.Select(t => t is { } v ? (double)v : double.PositiveInfinity), trials, "0")} ({reach.Count(t => t is not null)}/{reach.Count}) | {Median(method.Select(r => r.Seconds.Sum())):0.0} | {Censored(seconds.Select(s => s ?? double.PositiveInfinity), trials, "0.0")} |");
            }

            text.AppendLine();
        }

        return text.ToString();
    }

    /// <summary>Two rows of panels, one column per problem: median best-so-far against trials, then against summed trial seconds.</summary>
    public static string Svg(IReadOnlyList<RunRecord> runs)
    {
        const int W = 380, H = 250, Left = 60, Top = 30, PlotW = 290, PlotH = 170;
        var problems = runs.GroupBy(r => r.Problem).ToList();
        var methods = runs.Select(r => r.Method).Distinct().OrderBy(Order).ToList();
        var svg = new StringBuilder();
        svg.AppendLine(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{W * problems.Count}\" height=\"{(2 * H) + 30}\" font-family=\"sans-serif\" font-size=\"11\">");
        svg.AppendLine("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>");
        for (var m = 0; m < methods.Count; m++)
        {
            svg.AppendLine(CultureInfo.InvariantCulture, $"<line x1=\"{20 + (m * 110)}\" y1=\"{(2 * H) + 15}\" x2=\"{45 + (m * 110)}\" y2=\"{(2 * H) + 15}\" stroke=\"{Colours[m % Colours.Length]}\" stroke-width=\"2\"/><text x=\"{50 + (m * 110)}\" y=\"{(2 * H) + 19}\">{methods[m]}</text>");
        }

        for (var p = 0; p < problems.Count; p++)
        {
            var runsOf = problems[p].ToList();
            var trials = runsOf.Max(r => r.Scores.Length);
            var maxSeconds = runsOf.GroupBy(r => r.Method).Max(g => Median(g.Select(r => r.Seconds.Sum())));
            var curves = methods.Select(method =>
            {
                var of = runsOf.Where(r => r.Method == method).ToList();
                var byTrial = Enumerable.Range(1, trials).Select(t => ((double)t, Median(of.Select(r => r.BestSoFar()[Math.Min(t, r.Scores.Length) - 1])))).ToList();
                var byTime = Enumerable.Range(1, 100).Select(i => maxSeconds * i / 100).Select(s => (s, Median(of.Select(r => r.BestAt(s))))).ToList();
                return (method, byTrial, byTime);
            }).ToList();

            // The y range from trial 15 on: the first trials (random draws, or a cost-frugal start at the cheapest corner) would squash the rest.
            var values = curves.SelectMany(c => c.byTrial.Skip(14).Select(v => v.Item2)).Where(v => !double.IsNaN(v)).ToList();
            var (low, high) = (values.Min(), values.Max());
            if (high - low < 1e-9)
            {
                (low, high) = (low - 0.01, high + 0.01);
            }

            for (var row = 0; row < 2; row++)
            {
                var (x0, y0) = ((p * W) + Left, (row * H) + Top);
                var xMax = row == 0 ? trials : maxSeconds;
                svg.AppendLine(CultureInfo.InvariantCulture, $"<text x=\"{x0}\" y=\"{y0 - 10}\" font-weight=\"bold\">{problems[p].Key}: median best {runsOf[0].Metric} vs {(row == 0 ? "trials" : "seconds (noisy)")}</text>");
                svg.AppendLine(CultureInfo.InvariantCulture, $"<rect x=\"{x0}\" y=\"{y0}\" width=\"{PlotW}\" height=\"{PlotH}\" fill=\"none\" stroke=\"#333\"/>");
                svg.AppendLine(CultureInfo.InvariantCulture, $"<text x=\"{x0 - 5}\" y=\"{y0 + 4}\" text-anchor=\"end\">{F(high)}</text><text x=\"{x0 - 5}\" y=\"{y0 + PlotH}\" text-anchor=\"end\">{F(low)}</text>");
                svg.AppendLine(CultureInfo.InvariantCulture, $"<text x=\"{x0}\" y=\"{y0 + PlotH + 14}\">0</text><text x=\"{x0 + PlotW}\" y=\"{y0 + PlotH + 14}\" text-anchor=\"end\">{(row == 0 ? xMax.ToString("0", CultureInfo.InvariantCulture) : xMax.ToString("0.0", CultureInfo.InvariantCulture) + " s")}</text>");
                for (var m = 0; m < curves.Count; m++)
                {
                    var points = (row == 0 ? curves[m].byTrial : curves[m].byTime).Where(v => !double.IsNaN(v.Item2))
                        .Select(v => string.Create(CultureInfo.InvariantCulture, $"{x0 + (PlotW * v.Item1 / xMax):0.0},{y0 + PlotH - (PlotH * Math.Clamp((v.Item2 - low) / (high - low), 0, 1)):0.0}"));
                    svg.AppendLine(CultureInfo.InvariantCulture, $"<polyline fill=\"none\" stroke=\"{Colours[m % Colours.Length]}\" stroke-width=\"1.5\" points=\"{string.Join(" ", points)}\"/>");
                }
            }
        }

        svg.AppendLine("</svg>");
        return svg.ToString();
    }

    /// <summary>Methods in a fixed order: the baseline first, then as <see cref="TunerMethod.All"/> lists them.</summary>
    private static int Order(string method) => TunerMethod.All.Select(m => m.Name).ToList().IndexOf(method) is var i and >= 0 ? i : int.MaxValue;

    /// <summary>The median (mean of the two middle values for an even count); NaN values are left out.</summary>
    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Where(v => !double.IsNaN(v)).OrderBy(v => v).ToArray();
        return sorted.Length == 0 ? double.NaN
            : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2]
            : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    /// <summary>A median where not reaching counts as infinite: "> budget" when the median itself did not reach.</summary>
    private static string Censored(IEnumerable<double> values, int budget, string format)
    {
        var median = Median(values);
        return double.IsPositiveInfinity(median) ? $"not in {budget} trials" : median.ToString(format, CultureInfo.InvariantCulture);
    }

    private static string F(double value) => double.IsNaN(value) ? "NaN" : value.ToString("0.0000", CultureInfo.InvariantCulture);
}
