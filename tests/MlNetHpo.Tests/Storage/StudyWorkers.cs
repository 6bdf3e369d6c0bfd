using System.Diagnostics;
using System.Globalization;
using Microsoft.ML;
using MlNetHpo.Experiments;
using MlNetHpo.StudyWorker;

namespace MlNetHpo.Tests.Storage;

/// <summary>
/// Starts the study worker process (tests/MlNetHpo.StudyWorker) on the tutorial's train file and reads what it prints:
/// "running ID", "completed ID", "holding ID", "done N".
/// </summary>
internal static class StudyWorkers
{
    /// <summary>The worker's grid run in this process, uninterrupted and without a store: what every interrupted study must equal.</summary>
    public static readonly Lazy<string> Uninterrupted = new(() =>
    {
        var ml = new MLContext(0);
        var (data, features) = StudySearch.Load(ml, SharedData.TitanicTrain("tutorial-2023"));
        return Table(StudySearch.Create(ml, features, new SearchOptions { Refit = false }).Fit(data));
    });

    /// <summary>
    /// A worker on <paramref name="study"/> (a SQLite path or a PostgreSQL URI) with a 2-second lease; standard input is
    /// redirected and left open, so a worker started with <paramref name="holdAfter"/> holds until it is killed.
    /// </summary>
    public static Process Start(string study, string name, bool asha = false, int? pauseMs = null, int? holdAfter = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        string[] arguments =
        [
            "exec", typeof(StudySearch).Assembly.Location,
            .. asha ? ["--asha"] : Array.Empty<string>(),
            .. holdAfter is { } after ? ["--hold-after", after.ToString(CultureInfo.InvariantCulture)] : Array.Empty<string>(),
            study, name, SharedData.TitanicTrain("tutorial-2023"), "2",
            .. pauseMs is { } pause ? [pause.ToString(CultureInfo.InvariantCulture)] : Array.Empty<string>(),
        ];
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return Process.Start(start) ?? throw new InvalidOperationException("Could not start the study worker.");
    }

    /// <summary>
    /// Reads the output of a worker started with a hold until it holds a trial: the trials it recorded before, and the
    /// held one, which it will not record while it holds.
    /// </summary>
    public static (List<int> Recorded, int Held) WaitForHold(Process worker)
    {
        var recorded = new List<int>();
        while (true)
        {
            switch (Next(worker))
            {
                case ("completed", var id):
                    recorded.Add(id);
                    break;
                case ("holding", var id):
                    return (recorded, id);
            }
        }
    }

    /// <summary>The trials a finished worker's whole output says it recorded.</summary>
    public static List<int> Completed(string output) =>
        [.. output.Split('\n').Select(Parse).Where(l => l.Kind == "completed").Select(l => l.Id)];

    /// <summary>A result's table, one line a candidate (parameters, split scores, mean, rank), to compare searches by.</summary>
    public static string Table(SearchResult result) => string.Join("\n", result.Candidates.Select(c =>
        $"{c.Index} {string.Join(" ", c.Parameters.Values.Select(v => Convert.ToDouble(v, CultureInfo.InvariantCulture)))} " +
        $"{string.Join(" ", c.SplitScores)} {c.MeanScore} {c.Rank}"));

    /// <summary>The id of a "running ID" or "completed ID" line.</summary>
    public static int Id(string line) => Parse(line).Id;

    private static (string Kind, int Id) Next(Process worker)
    {
        var line = worker.StandardOutput.ReadLine()
            ?? throw new InvalidOperationException($"The worker ended early: {worker.StandardError.ReadToEnd()}");
        return Parse(line);
    }

    private static (string Kind, int Id) Parse(string line)
    {
        var parts = line.Trim().Split(' ');
        return parts.Length == 2 && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? (parts[0], id) : ("", -1);
    }
}
