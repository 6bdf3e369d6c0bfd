using System.Globalization;
using MlNetHpo.Experiments;

namespace MlNetHpo.Cli.Running;

/// <summary>
/// One plain line per finished trial, for output that is not a terminal (files, pipes, tests). The library's
/// <see cref="ConsoleProgressMonitor"/> draws the live line on a terminal; its plain mode overflows on its first report
/// (it subtracts <see cref="TimeSpan.MinValue"/>), so plain output comes from here until that is fixed.
/// </summary>
internal sealed class PlainProgress(TextWriter output) : IProgress<SearchProgress>
{
    private readonly Lock _lock = new();

    /// <inheritdoc/>
    public void Report(SearchProgress p)
    {
        var total = p.Total?.ToString(CultureInfo.InvariantCulture) ?? "?";
        var failed = p.Failed > 0 ? $" ({p.Failed} failed)" : string.Empty;
        var remaining = p.EstimatedRemaining is { } r ? $", ~{Time(r)} left" : string.Empty;
        var best = double.IsNaN(p.BestScore) ? string.Empty : string.Create(CultureInfo.InvariantCulture, $", best {p.MetricName} {p.BestScore:F4}");
        lock (_lock)
        {
            output.WriteLine($"trial {p.Completed}/{total}{failed}, {Time(p.Elapsed)} elapsed{remaining}{best}");
        }
    }

    private static string Time(TimeSpan t) => t.TotalHours >= 1
        ? t.ToString(@"h\:mm\:ss", CultureInfo.InvariantCulture)
        : t.ToString(@"m\:ss", CultureInfo.InvariantCulture);
}
