using System.Globalization;

namespace MlNetHpo.Cli.Running;

/// <summary>
/// Shows search progress: a live bar redrawn in place on a terminal, or one plain line per trial when the output is
/// redirected (a file, a pipe, a test's writer), so logs stay readable.
/// </summary>
internal sealed class ProgressView(TextWriter output, bool live, string metricName)
{
    private const int BarWidth = 24;
    private int _lastLength;

    /// <summary>Shows one report.</summary>
    public void Show(TrialProgress p)
    {
        var total = p.Total is { } t ? t.ToString(CultureInfo.InvariantCulture) : "?";
        var best = double.IsNaN(p.BestScore) ? "-" : p.BestScore.ToString("0.0000", CultureInfo.InvariantCulture);
        var remaining = p.Remaining is { } r ? $"~{Time(r)} left" : "time left unknown";
        var failed = p.Failed > 0 ? $"  {p.Failed} failed" : string.Empty;
        if (live)
        {
            var fraction = p.Total is > 0 ? Math.Min(1.0, p.Completed / (double)p.Total.Value) : 0;
            var filled = (int)Math.Round(fraction * BarWidth);
            var line = $"[{new string('#', filled)}{new string('.', BarWidth - filled)}] {p.Completed}/{total}  {Time(p.Elapsed)} elapsed  {remaining}  best {metricName} {best}{failed}";
            output.Write("\r" + line.PadRight(_lastLength));
            _lastLength = line.Length;
        }
        else
        {
            output.WriteLine($"trial {p.Completed}/{total}  {Time(p.Elapsed)} elapsed  {remaining}  best {metricName} {best}{failed}");
        }
    }

    /// <summary>Ends the live line.</summary>
    public void Done()
    {
        if (live && _lastLength > 0)
        {
            output.WriteLine();
        }
    }

    /// <summary>A duration as m:ss or h:mm:ss.</summary>
    public static string Time(TimeSpan t) => t.TotalHours >= 1
        ? t.ToString(@"h\:mm\:ss", CultureInfo.InvariantCulture)
        : t.ToString(@"m\:ss", CultureInfo.InvariantCulture);
}
