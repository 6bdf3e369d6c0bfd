using System.Diagnostics;
using Microsoft.ML;
using MlNetHpo.Experiments;
using MlNetHpo.Storage;
using MlNetHpo.StudyWorker;
using MlNetHpo.AutoML;

namespace MlNetHpo.Tests.Storage;

/// <summary>Studies on disk shared by processes that get killed (SIGKILL) in the middle of a fit.</summary>
public sealed class StudyProcessTests : IDisposable
{
    private static readonly Lazy<string> Uninterrupted = new(() =>
    {
        var ml = new MLContext(0);
        var (data, features) = StudySearch.Load(ml, SharedData.TitanicTrain("tutorial-2023"));
        return Table(StudySearch.Create(ml, features, new SearchOptions { Refit = false }).Fit(data));
    });

    private static readonly Lazy<SearchResult> UninterruptedAsha = new(() =>
    {
        var ml = new MLContext(0);
        var (data, features) = StudySearch.Load(ml, SharedData.TitanicTrain("tutorial-2023"));
        return StudySearch.CreateAsha(ml, features, new SearchOptions { Refit = false, MaxDegreeOfParallelism = 1 }).Fit(data);
    });

    private readonly string _folder = Directory.CreateTempSubdirectory("mlnethpo-study-").FullName;

    [Fact]
    public void AKilledSearchResumesWithoutLosingOrRerunningTrials()
    {
        var path = Path.Combine(_folder, "study.sqlite");
        var killed = StartWorker(path, "kill");
        var recordedBeforeKill = WaitForCompleted(killed, count: 3);
        killed.Kill();
        killed.WaitForExit();

        // Reopen in this process and finish: the dead worker's claimed trial comes free when its lease expires.
        var ml = new MLContext(0);
        var (data, features) = StudySearch.Load(ml, SharedData.TitanicTrain("tutorial-2023"));
        using var store = new SqliteTrialStore(path);
        var stored = store.LoadCompleted("kill").Select(r => r.TrialId).ToHashSet();
        Assert.Superset(recordedBeforeKill.ToHashSet(), stored);
        var rerun = new List<int>();
        var options = new SearchOptions { Store = store, StudyName = "kill", Refit = false, LeaseDuration = TimeSpan.FromSeconds(2) };
        options.Monitors.Add(new RecordingMonitor(rerun));
        var result = StudySearch.Create(ml, features, options).Fit(data);

        Assert.Empty(rerun.Intersect(stored)); // nothing completed before the kill ran again
        Assert.Equal(StudySearch.Candidates, stored.Count + rerun.Count);
        Assert.Equal(Uninterrupted.Value, Table(result));
        Assert.Equal(Uninterrupted.Value, Table(SearchResult.FromStudy(store, "kill")));
    }

    [Fact]
    public void TwoProcessesShareAStudyAndEachCandidateIsRecordedOnce()
    {
        var path = Path.Combine(_folder, "shared.sqlite");
        var survivor = StartWorker(path, "shared");
        var victim = StartWorker(path, "shared");
        var victimRecorded = WaitForCompleted(victim, count: 2);
        victim.Kill();
        victim.WaitForExit();
        var survivorOutput = survivor.StandardOutput.ReadToEnd();
        survivor.WaitForExit();

        Assert.Equal(0, survivor.ExitCode);
        var survivorRecorded = Completed(survivorOutput);
        Assert.Empty(survivorRecorded.Intersect(victimRecorded)); // no candidate recorded by both
        using var store = new SqliteTrialStore(path);
        var stored = store.LoadCompleted("shared");
        Assert.Equal(Enumerable.Range(0, StudySearch.Candidates), stored.Select(r => r.TrialId));
        Assert.Equal(stored.Select(r => r.TrialId).Order(), survivorRecorded.Concat(victimRecorded.Where(stored.Select(r => r.TrialId).Contains)).Order());
        Assert.Equal(Uninterrupted.Value, Table(SearchResult.FromStudy(store, "shared")));
    }

    [Fact]
    public void AWorkerKilledInTheMiddleOfAnAshaStudyLosesNoRungEntryAndRecordsNoneTwice()
    {
        var path = Path.Combine(_folder, "asha.sqlite");
        var survivor = StartWorker(path, "asha", asha: true);

        // The victim holds each trial it claims a second before fitting it: killed after its next claim, it dies holding a
        // rung entry whose parameters are recorded.
        var victim = StartWorker(path, "asha", asha: true, pauseMs: 1000);
        var victimRecorded = WaitForCompleted(victim, count: 2);
        var held = WaitForRunning(victim);
        victim.Kill();
        victim.WaitForExit();
        var survivorOutput = survivor.StandardOutput.ReadToEnd();
        survivor.WaitForExit();

        Assert.Equal(0, survivor.ExitCode);
        var survivorRecorded = Completed(survivorOutput);
        Assert.Empty(survivorRecorded.Intersect(victimRecorded));
        Assert.Contains(held, survivorRecorded); // the dead worker's rung entry was taken again, once
        using var store = new SqliteTrialStore(path);
        var stored = store.LoadCompleted("asha");
        Assert.Equal(Enumerable.Range(0, StudySearch.AshaTrials), stored.Select(r => r.TrialId)); // no rung entry lost

        // Each (configuration, rung) once; and promotions happened, so rungs above the bottom one were at stake.
        var entries = stored.Select(r => Parameter.FromJson(r.ParametersJson))
            .Select(p => (Configuration: $"{p.Value("NumberOfLeaves")} {p.Value("LearningRate")}", Trees: (long)p.Value("NumberOfTrees")!)).ToList();
        Assert.Equal(entries.Count, entries.Distinct().Count());
        Assert.Contains(entries, e => e.Trees > 5);

        Assert.Equal(Table(UninterruptedAsha.Value), Table(SearchResult.FromStudy(store, "asha")));

        // Reopened on the finished study, the search runs nothing and gives the uninterrupted result, best included.
        var ml = new MLContext(0);
        var (data, features) = StudySearch.Load(ml, SharedData.TitanicTrain("tutorial-2023"));
        var reopened = StudySearch.CreateAsha(ml, features, new SearchOptions { Store = store, StudyName = "asha", Refit = false }).Fit(data);
        Assert.Equal(Table(UninterruptedAsha.Value), Table(reopened));
        Assert.Equal(UninterruptedAsha.Value.BestIndex, reopened.BestIndex);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static string Table(SearchResult result) => string.Join("\n", result.Candidates.Select(c =>
        $"{c.Index} {string.Join(" ", c.Parameters.Values.Select(v => Convert.ToDouble(v, System.Globalization.CultureInfo.InvariantCulture)))} " +
        $"{string.Join(" ", c.SplitScores)} {c.MeanScore} {c.Rank}"));

    private static Process StartWorker(string study, string name, bool asha = false, int? pauseMs = null)
    {
        var worker = typeof(StudySearch).Assembly.Location;
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        string[] arguments = ["exec", worker, .. asha ? ["--asha"] : Array.Empty<string>(), study, name, SharedData.TitanicTrain("tutorial-2023"), "2", .. pauseMs is { } pause ? [pause.ToString(System.Globalization.CultureInfo.InvariantCulture)] : Array.Empty<string>()];
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return Process.Start(start) ?? throw new InvalidOperationException("Could not start the study worker.");
    }

    /// <summary>Reads the worker's output until it has recorded <paramref name="count"/> trials.</summary>
    private static List<int> WaitForCompleted(Process worker, int count)
    {
        var completed = new List<int>();
        while (completed.Count < count)
        {
            var line = worker.StandardOutput.ReadLine()
                ?? throw new InvalidOperationException($"The worker ended early: {worker.StandardError.ReadToEnd()}");
            if (line.StartsWith("completed ", StringComparison.Ordinal))
            {
                completed.Add(int.Parse(line["completed ".Length..], System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return completed;
    }

    /// <summary>Reads the worker's output until it claims a trial; returns its id.</summary>
    private static int WaitForRunning(Process worker)
    {
        while (true)
        {
            var line = worker.StandardOutput.ReadLine()
                ?? throw new InvalidOperationException($"The worker ended early: {worker.StandardError.ReadToEnd()}");
            if (line.StartsWith("running ", StringComparison.Ordinal))
            {
                return int.Parse(line["running ".Length..], System.Globalization.CultureInfo.InvariantCulture);
            }
        }
    }

    private static List<int> Completed(string output) =>
        [.. output.Split('\n').Where(l => l.StartsWith("completed ", StringComparison.Ordinal)).Select(l => int.Parse(l["completed ".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture))];

    private sealed class RecordingMonitor(List<int> completed) : IMonitor
    {
        public void ReportRunningTrial(MlNetHpo.AutoML.TrialSettings settings)
        {
        }

        public void ReportCompletedTrial(MlNetHpo.AutoML.TrialResult result) => completed.Add(result.TrialSettings.TrialId);

        public void ReportFailTrial(MlNetHpo.AutoML.TrialSettings settings, Exception? exception = null) => completed.Add(settings.TrialId);

        public void ReportBestTrial(MlNetHpo.AutoML.TrialResult result)
        {
        }
    }
}
