using System.Globalization;
using System.Net;
using System.Text;
using MlNetHpo.Cli.Running;
using MlNetHpo.Experiments;
using MlNetHpo.AutoML;

namespace MlNetHpo.Cli.Output;

/// <summary>
/// report.html: one self-contained page (inline CSS, inline SVG, no script, nothing fetched) with the summary, the
/// column treatment, the leaderboard, the score over trials with the best-so-far line, and the score against each
/// hyperparameter (numeric on a linear or log axis, anything else on a band axis).
/// </summary>
internal static class HtmlReport
{
    private const int Width = 560;

    /// <summary>The score-over-trials chart spans the page (its SVG scales to the width; this is its drawing width).</summary>
    private const int WideWidth = 1140;
    private const int Height = 300;
    private const int Left = 64;
    private const int Right = 16;
    private const int Top = 16;
    private const int Bottom = 44;

    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>The page.</summary>
    public static string Build(Report report)
    {
        var result = report.Result;
        var s = report.Settings;
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>mlnet-hpo report</title><style>")
            .Append("body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;margin:24px auto;max-width:1180px;color:#222;padding:0 16px}")
            .Append("h1{font-size:24px;margin:0 0 4px}h2{font-size:18px;margin:28px 0 8px;border-bottom:1px solid #ddd;padding-bottom:4px}")
            .Append("table{border-collapse:collapse;font-size:13px}td,th{padding:4px 10px;border-bottom:1px solid #eee;text-align:left;vertical-align:top}")
            .Append("th{background:#f5f5f7}td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}tr.best td{background:#eef7ee;font-weight:600}")
            .Append("tr.failed td{color:#a33}.summary td:first-child{color:#666;white-space:nowrap}.charts{display:flex;flex-wrap:wrap;gap:16px}.chart{border:1px solid #e3e3e3;border-radius:6px;padding:8px}")
            .Append(".chart.wide{flex:1 1 100%}.chart.wide svg{width:100%;height:auto;display:block}")
            .Append(".chart h3{font-size:14px;margin:0 0 4px}.muted{color:#777;font-size:13px}code{font-size:12px}")
            .Append("svg text{font-size:11px;fill:#444}.axis{stroke:#999}.grid{stroke:#eee}")
            .Append("</style></head><body>");
        html.Append("<h1>mlnet-hpo: ").Append(s.SearchName).Append(" search</h1>");
        html.Append("<p class=\"muted\">").Append(E(s.Dataset)).Append(report.Rows is { } rows ? $", {rows} rows" : string.Empty)
            .Append(report.FromStudyOnDisk ? $" &middot; exported from the study '{E(result.StudyName)}' in {E(s.Study ?? string.Empty)} with the trials finished so far" : string.Empty).Append("</p>");

        html.Append("<h2>Summary</h2><table class=\"summary\">");
        Row(html, "Task", $"{TaskNames.Describe(report.Task)}{(report.TaskWhy is null ? string.Empty : $" ({report.TaskWhy})")}");
        Row(html, "Label", report.Label);
        Row(html, "Trainer", $"{report.Trainer} ({report.TrainerDescription})");
        Row(html, "Search space", report.Space);
        Row(html, "Search", s.Mode switch { SearchMode.Grid => "grid: every point", SearchMode.Random => $"random: {s.Iterations} draws", _ => $"{s.Tuner}: {s.Trials} trials, batches of {s.BatchSize}" });
        Row(html, "Seed", s.Seed.ToString(Inv));
        Row(html, "Metric", $"{result.MetricName} ({(result.HigherIsBetter ? "higher" : "lower")} is better), {result.NumberOfFolds}-fold cross-validation");
        Row(html, "Candidates", $"{result.Candidates.Count} evaluated, {result.FailedCount} failed{(report.StoppedByBudget ? ", stopped by the time budget" : string.Empty)}");
        Row(html, "Best CV score", $"{SearchRun.Format(result.BestScore)}");
        Row(html, "Best parameters", result.Best is null ? "none" : Leaderboard.Text(result.Best.Parameters));
        if (report.TestScore is { } test)
        {
            Row(html, "Test score", $"{SearchRun.Format(test)} on {s.TestDataset}");
        }

        if (!report.FromStudyOnDisk)
        {
            Row(html, "Time", $"{result.Elapsed.TotalSeconds:0.0} s");
        }

        Row(html, "Versions", Report.Versions);
        html.Append("</table>");

        html.Append("<h2>Leaderboard</h2><table><tr><th>rank</th><th>#</th><th>mean ± std</th><th>split scores</th><th>fit s</th><th>parameters</th></tr>");
        foreach (var c in Leaderboard.Ordered(result).Take(20))
        {
            html.Append(c.Index == result.BestIndex ? "<tr class=\"best\">" : c.Failed ? "<tr class=\"failed\">" : "<tr>")
                .Append("<td class=\"num\">").Append(c.Rank).Append("</td><td class=\"num\">").Append(c.Index).Append("</td>")
                .Append("<td class=\"num\">").Append(E(Leaderboard.Score(c))).Append("</td>")
                .Append("<td class=\"num\">").Append(E(string.Join(" ", c.SplitScores.Select(v => double.IsNaN(v) ? "NaN" : v.ToString("0.000", Inv))))).Append("</td>")
                .Append("<td class=\"num\">").Append(c.MeanFitTime.ToString("0.000", Inv)).Append("</td>")
                .Append("<td><code>").Append(E(Leaderboard.Text(c.Parameters))).Append("</code>")
                .Append(c.Error is null ? string.Empty : "<br><span class=\"muted\">" + E(c.Error) + "</span>").Append("</td></tr>");
        }

        html.Append("</table>");
        if (result.Candidates.Count > 20)
        {
            html.Append("<p class=\"muted\">Top 20 of ").Append(result.Candidates.Count).Append("; every candidate is in cv_results.csv and results.json.</p>");
        }

        html.Append("<h2>Score over trials</h2><div class=\"charts\"><div class=\"chart wide\">")
            .Append("<p class=\"muted\"><span style=\"color:#1f77b4\">&#9679;</span> candidate (mean over the folds) &nbsp; <span style=\"color:#2ca02c\">&#9679;</span> best &nbsp; <span style=\"color:#d62728\">&#9473;</span> best so far &nbsp; <span style=\"color:#d62728\">&#215;</span> failed</p>")
            .Append(OverTrials(result)).Append("</div></div>");
        var names = result.Candidates.SelectMany(c => c.Parameters.Keys).Distinct().Order(StringComparer.Ordinal).ToList();
        if (names.Count > 0)
        {
            html.Append("<h2>Score against each hyperparameter</h2><div class=\"charts\">");
            foreach (var name in names)
            {
                html.Append("<div class=\"chart\"><h3>").Append(E(name)).Append("</h3>").Append(Against(result, name)).Append("</div>");
            }

            html.Append("</div>");
        }

        if (report.Columns is not null)
        {
            html.Append("<h2>Columns</h2><table><tr><th>column</th><th>treated as</th><th>why</th></tr>");
            foreach (var c in report.Columns)
            {
                html.Append("<tr><td>").Append(E(c.Name)).Append("</td><td>").Append(c.Role.ToString().ToLowerInvariant()).Append("</td><td>").Append(E(c.Why)).Append("</td></tr>");
            }

            html.Append("</table>");
        }

        if (result.FailureSummary is not null)
        {
            html.Append("<h2>Failures</h2><pre>").Append(E(result.FailureSummary)).Append("</pre>");
        }

        html.Append("<p class=\"muted\">Made by mlnet-hpo. Scores are means over the cross-validation folds; a failed candidate is a red &#215; under the axis, and a value whose candidates all failed is marked failed.</p></body></html>");
        return html.ToString();
    }

    private static string OverTrials(SearchResult result)
    {
        var points = result.Candidates.Where(c => !double.IsNaN(c.MeanScore)).ToList();
        if (points.Count == 0)
        {
            return "<p class=\"muted\">No candidate succeeded.</p>";
        }

        const int width = WideWidth;
        var (yMin, yMax) = Bounds(points.Select(c => c.MeanScore));
        var xMax = Math.Max(1, result.Candidates.Max(c => c.Index));
        var svg = Open(result.MetricName, "trial", width);
        svg.Append(YAxis(yMin, yMax, width));
        foreach (var tick in Ticks(0, xMax, integers: true))
        {
            svg.Append(XTick(X(tick, 0, xMax, width), tick.ToString("0", Inv)));
        }

        var best = new StringBuilder();
        var current = double.NaN;
        foreach (var c in result.Candidates.OrderBy(c => c.Index))
        {
            if (!double.IsNaN(c.MeanScore) && (double.IsNaN(current) || (result.HigherIsBetter ? c.MeanScore > current : c.MeanScore < current)))
            {
                if (!double.IsNaN(current))
                {
                    best.Append(F(X(c.Index, 0, xMax, width))).Append(',').Append(F(Y(current, yMin, yMax))).Append(' ');
                }

                current = c.MeanScore;
                best.Append(F(X(c.Index, 0, xMax, width))).Append(',').Append(F(Y(current, yMin, yMax))).Append(' ');
            }
        }

        best.Append(F(X(xMax, 0, xMax, width))).Append(',').Append(F(Y(current, yMin, yMax)));
        svg.Append("<polyline fill=\"none\" stroke=\"#d62728\" stroke-width=\"2\" points=\"").Append(best).Append("\"/>");
        foreach (var c in result.Candidates)
        {
            svg.Append(c.Failed ? Cross(X(c.Index, 0, xMax, width), c) : Dot(X(c.Index, 0, xMax, width), Y(c.MeanScore, yMin, yMax), c, result.BestIndex));
        }

        return svg.Append("</svg>").ToString();
    }

    private static string Against(SearchResult result, string name)
    {
        var all = result.Candidates.Where(c => c.Parameters.ContainsKey(name)).ToList();
        var points = all.Where(c => !c.Failed).ToList();
        if (points.Count == 0)
        {
            return "<p class=\"muted\">Every candidate with this hyperparameter failed.</p>";
        }

        var (yMin, yMax) = Bounds(points.Select(c => c.MeanScore));
        var svg = Open(result.MetricName, name, Width);
        svg.Append(YAxis(yMin, yMax, Width));
        var numeric = all.All(c => IsNumber(c.Parameters.Value(name)));
        if (numeric && all.Select(c => Convert.ToDouble(c.Parameters.Value(name), Inv)).Distinct().Count() > 1)
        {
            var values = all.Select(c => Convert.ToDouble(c.Parameters.Value(name), Inv)).ToList();
            var (min, max) = (values.Min(), values.Max());
            var log = min > 0 && max / min >= 10;
            double Map(double v) => log ? X(Math.Log10(v), Math.Log10(min), Math.Log10(max), Width) : X(v, min, max, Width);
            var ticks = log ? LogTicks(min, max) : Ticks(min, max, integers: values.All(v => v == Math.Round(v)));
            foreach (var tick in ticks)
            {
                svg.Append(XTick(Map(tick), Short(tick)));
            }

            foreach (var c in all)
            {
                var x = Map(Convert.ToDouble(c.Parameters.Value(name), Inv));
                svg.Append(c.Failed ? Cross(x, c) : Dot(x, Y(c.MeanScore, yMin, yMax), c, result.BestIndex));
            }

            if (log)
            {
                svg.Append("<text x=\"").Append(Width - Right).Append("\" y=\"").Append(Height - 4).Append("\" text-anchor=\"end\">log scale</text>");
            }
        }
        else
        {
            // A band per distinct value, in order of first appearance; points spread inside the band so ties stay visible.
            // A value whose candidates all failed keeps its band, marked failed.
            var bands = all.Select(c => Parameter.FormatValue(c.Parameters.Value(name))).Distinct().ToList();
            var band = (double)(Width - Left - Right) / bands.Count;
            for (var b = 0; b < bands.Count; b++)
            {
                svg.Append(XTick(Left + ((b + 0.5) * band), bands[b]));
                if (!points.Any(c => Parameter.FormatValue(c.Parameters.Value(name)) == bands[b]))
                {
                    svg.Append("<text x=\"").Append(F(Left + ((b + 0.5) * band))).Append("\" y=\"").Append((Top + Height - Bottom) / 2)
                        .Append("\" text-anchor=\"middle\" style=\"fill:#d62728;font-weight:600\">all failed</text>");
                }
            }

            var seen = new Dictionary<string, int>();
            foreach (var c in all)
            {
                var label = Parameter.FormatValue(c.Parameters.Value(name));
                var b = bands.IndexOf(label);
                var k = seen[label] = seen.GetValueOrDefault(label) + 1;
                var jitter = (((k * 0.618034) % 1) - 0.5) * band * 0.5;
                var x = Left + ((b + 0.5) * band) + jitter;
                svg.Append(c.Failed ? Cross(x, c) : Dot(x, Y(c.MeanScore, yMin, yMax), c, result.BestIndex));
            }
        }

        return svg.Append("</svg>").ToString();
    }

    private static StringBuilder Open(string yLabel, string xLabel, int width)
    {
        var svg = new StringBuilder();
        svg.Append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").Append(width).Append("\" height=\"").Append(Height)
            .Append("\" viewBox=\"0 0 ").Append(width).Append(' ').Append(Height).Append("\" role=\"img\">");
        svg.Append("<line class=\"axis\" x1=\"").Append(Left).Append("\" y1=\"").Append(Height - Bottom).Append("\" x2=\"").Append(width - Right).Append("\" y2=\"").Append(Height - Bottom).Append("\"/>");
        svg.Append("<line class=\"axis\" x1=\"").Append(Left).Append("\" y1=\"").Append(Top).Append("\" x2=\"").Append(Left).Append("\" y2=\"").Append(Height - Bottom).Append("\"/>");
        svg.Append("<text x=\"").Append((Left + width - Right) / 2).Append("\" y=\"").Append(Height - 6).Append("\" text-anchor=\"middle\">").Append(E(xLabel)).Append("</text>");
        svg.Append("<text transform=\"translate(14,").Append((Top + Height - Bottom) / 2).Append(") rotate(-90)\" text-anchor=\"middle\">").Append(E(yLabel)).Append("</text>");
        return svg;
    }

    private static string YAxis(double min, double max, int width)
    {
        var svg = new StringBuilder();
        foreach (var tick in Ticks(min, max, integers: false))
        {
            var y = F(Y(tick, min, max));
            svg.Append("<line class=\"grid\" x1=\"").Append(Left + 1).Append("\" y1=\"").Append(y).Append("\" x2=\"").Append(width - Right).Append("\" y2=\"").Append(y).Append("\"/>")
                .Append("<text x=\"").Append(Left - 6).Append("\" y=\"").Append(y).Append("\" dy=\"4\" text-anchor=\"end\">").Append(Short(tick)).Append("</text>");
        }

        return svg.ToString();
    }

    private static string XTick(double x, string label) =>
        $"<line class=\"axis\" x1=\"{F(x)}\" y1=\"{Height - Bottom}\" x2=\"{F(x)}\" y2=\"{Height - Bottom + 4}\"/><text x=\"{F(x)}\" y=\"{Height - Bottom + 16}\" text-anchor=\"middle\">{E(label.Length > 14 ? label[..13] + "…" : label)}</text>";

    private static string Dot(double x, double y, CandidateResult c, int bestIndex)
    {
        var best = c.Index == bestIndex;
        return $"<circle cx=\"{F(x)}\" cy=\"{F(y)}\" r=\"{(best ? 6 : 4)}\" fill=\"{(best ? "#2ca02c" : "#1f77b4")}\" fill-opacity=\"{(best ? "1" : "0.6")}\"{(best ? " stroke=\"#145214\"" : string.Empty)}>" +
            $"<title>#{c.Index} rank {c.Rank}: {E(Leaderboard.Score(c))} {E(Leaderboard.Text(c.Parameters))}</title></circle>";
    }

    /// <summary>A failed candidate: a red cross just above the x axis (it has no score).</summary>
    private static string Cross(double x, CandidateResult c)
    {
        var y = Height - Bottom - 7;
        return $"<g stroke=\"#d62728\" stroke-width=\"1.5\"><line x1=\"{F(x - 3)}\" y1=\"{y - 3}\" x2=\"{F(x + 3)}\" y2=\"{y + 3}\"/><line x1=\"{F(x - 3)}\" y1=\"{y + 3}\" x2=\"{F(x + 3)}\" y2=\"{y - 3}\"/>" +
            $"<title>#{c.Index} failed: {E(Leaderboard.Text(c.Parameters))} {E(c.Error ?? string.Empty)}</title></g>";
    }

    private static (double Min, double Max) Bounds(IEnumerable<double> values)
    {
        var list = values.ToList();
        var (min, max) = (list.Min(), list.Max());
        var pad = max > min ? (max - min) * 0.08 : Math.Max(Math.Abs(min) * 0.01, 1e-3);
        return (min - pad, max + pad);
    }

    private static List<double> Ticks(double min, double max, bool integers)
    {
        if (max <= min)
        {
            return [min];
        }

        var raw = (max - min) / 5;
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        var step = new[] { 1, 2, 2.5, 5, 10 }.Select(m => m * magnitude).First(v => v >= raw);
        if (integers)
        {
            step = Math.Max(1, Math.Round(step));
        }

        var ticks = new List<double>();
        for (var t = Math.Ceiling(min / step) * step; t <= max + (step * 1e-9); t += step)
        {
            ticks.Add(Math.Round(t, 10));
        }

        return ticks;
    }

    private static List<double> LogTicks(double min, double max)
    {
        // Decades, and 2 and 5 within them when the range spans few decades.
        var few = Math.Log10(max / min) < 3;
        var ticks = new List<double>();
        for (var e = Math.Floor(Math.Log10(min)); e <= Math.Ceiling(Math.Log10(max)); e++)
        {
            foreach (var m in few ? new[] { 1.0, 2, 5 } : [1.0])
            {
                var t = m * Math.Pow(10, e);
                if (t >= min * (1 - 1e-9) && t <= max * (1 + 1e-9))
                {
                    ticks.Add(t);
                }
            }
        }

        return ticks;
    }

    private static double X(double v, double min, double max, int width) => max > min ? Left + ((v - min) / (max - min) * (width - Left - Right - 10)) + 5 : (Left + width - Right) / 2.0;

    private static double Y(double v, double min, double max) => Height - Bottom - ((v - min) / (max - min) * (Height - Top - Bottom));

    private static bool IsNumber(object? v) => v is double or float or int or long or short or byte or decimal;

    private static string Short(double v) => Math.Abs(v) >= 1e4 || (Math.Abs(v) < 1e-3 && v != 0) ? v.ToString("0.#e0", Inv) : v.ToString("0.####", Inv);

    private static string F(double v) => v.ToString("0.##", Inv);

    private static void Row(StringBuilder html, string name, string value) =>
        html.Append("<tr><td>").Append(E(name)).Append("</td><td>").Append(E(value)).Append("</td></tr>");

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
