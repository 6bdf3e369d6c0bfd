using System.Globalization;

namespace MlNetHpo.Experiments;

/// <summary>
/// Shows a search's progress on a console: one live line (a bar, trials done / total, elapsed, estimated
/// remaining, best so far) on a terminal, or plain lines when the output is redirected (at most one every
/// few seconds, and the last).
/// </summary>
public sealed class ConsoleProgressMonitor : IProgress<SearchProgress>
{
    private readonly TextWriter _output;
    private readonly bool _live;
    private readonly TimeSpan _plainInterval;
    private readonly object _lock = new(); // not System.Threading.Lock: the library also targets net8.0
    private TimeSpan? _lastPlain;
    private bool _saidWaiting;

    /// <summary>Writes to <paramref name="output"/> (default: the console); live when it is an interactive console.</summary>
    /// <param name="output">Where to write; default <see cref="Console.Out"/>.</param>
    /// <param name="live">Force the live line on or off; default: on when writing to a console that is not redirected.</param>
    /// <param name="plainInterval">Least time between two plain lines; default 2 seconds.</param>
    public ConsoleProgressMonitor(TextWriter? output = null, bool? live = null, TimeSpan? plainInterval = null)
    {
        _output = output ?? Console.Out;
        _live = live ?? (output is null && !Console.IsOutputRedirected);
        _plainInterval = plainInterval ?? TimeSpan.FromSeconds(2);
    }

    /// <inheritdoc/>
    public void Report(SearchProgress value)
    {
        ArgumentNullException.ThrowIfNull(value);
        lock (_lock)
        {
            var done = value.Total is { } total && value.Completed >= total;
            if (_live)
            {
                _output.Write("\r" + Line(value, bar: true) + (done ? Environment.NewLine : string.Empty));
            }
            else if (done || _lastPlain is null || value.Elapsed - _lastPlain >= _plainInterval || (value.WaitingForLeases > 0 && !_saidWaiting))
            {
                _saidWaiting = value.WaitingForLeases > 0; // the first line that says so is never held back
                _lastPlain = value.Elapsed;
                _output.WriteLine(Line(value, bar: false));
            }

            _output.Flush();
        }
    }

    /// <summary>The text of one progress line.</summary>
    internal static string Line(SearchProgress p, bool bar)
    {
        var total = p.Total?.ToString(CultureInfo.InvariantCulture) ?? "?";
        var text = bar && p.Total is > 0
            ? $"[{new string('#', (int)(20 * p.Completed / p.Total.Value)).PadRight(20, '.')}] "
            : string.Empty;
        text += $"{p.Completed}/{total} trials";
        if (p.Failed > 0)
        {
            text += $" ({p.Failed} failed)";
        }

        text += $", {Format(p.Elapsed)} elapsed";
        if (p.EstimatedRemaining is { } remaining)
        {
            text += $", ~{Format(remaining)} left";
        }

        if (!double.IsNaN(p.BestScore))
        {
            text += string.Create(CultureInfo.InvariantCulture, $", best {p.MetricName} {p.BestScore:F4}");
        }

        if (p.WaitingForLeases > 0)
        {
            // After a crash, a dead worker's trials stay leased until their lease expires: say why nothing moves.
            text += $", waiting for {p.WaitingForLeases} trial(s) leased by other workers (a dead worker's lease expires within {Format(p.Lease)})";
        }

        return text;
    }

    private static string Format(TimeSpan t) => t.TotalHours >= 1
        ? t.ToString(@"h\:mm\:ss", CultureInfo.InvariantCulture)
        : t.ToString(@"m\:ss", CultureInfo.InvariantCulture);
}
