using Microsoft.ML;
using MlNetHpo.Experiments;
using MlNetHpo.Storage;
using MlNetHpo.StudyWorker;
using MlNetHpo.AutoML;

namespace MlNetHpo.Tests.Storage;

/// <summary>Studies on disk shared by processes that get killed (SIGKILL) while they hold a claimed trial.</summary>
public sealed class StudyProcessTests : IDisposable
{
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
        var killed = StudyWorkers.Start(path, "kill", holdAfter: 3);
        var (recordedBeforeKill, held) = StudyWorkers.WaitForHold(killed);
        killed.Kill();
        killed.WaitForExit();

        // Reopen in this process and finish: the dead worker's claimed trial comes free when its lease expires.
        var ml = new MLContext(0);
        var (data, features) = StudySearch.Load(ml, SharedData.TitanicTrain("tutorial-2023"));
        using var store = new SqliteTrialStore(path);
        var stored = store.LoadCompleted("kill").Select(r => r.TrialId).ToHashSet();
        Assert.Equal(recordedBeforeKill.Order(), stored.Order()); // all it reported recorded, the held trial not
        var rerun = new List<int>();
        var options = new SearchOptions { Store = store, StudyName = "kill", Refit = false, LeaseDuration = TimeSpan.FromSeconds(2) };
        options.Monitors.Add(new RecordingMonitor(rerun));
        var result = StudySearch.Create(ml, features, options).Fit(data);

        Assert.Empty(rerun.Intersect(stored)); // nothing completed before the kill ran again
        Assert.Contains(held, rerun); // the trial the dead process held was taken again
        Assert.Equal(StudySearch.Candidates, stored.Count + rerun.Count);
        Assert.Equal(StudyWorkers.Uninterrupted.Value, StudyWorkers.Table(result));
        Assert.Equal(StudyWorkers.Uninterrupted.Value, StudyWorkers.Table(SearchResult.FromStudy(store, "kill")));
    }

    [Fact]
    public void TwoProcessesShareAStudyAndEachCandidateIsRecordedOnce()
    {
        var path = Path.Combine(_folder, "shared.sqlite");
        // The victim records two trials and holds its next claim; the survivor starts then, so it cannot take the whole
        // study first, and the victim is killed holding a trial.
        var victim = StudyWorkers.Start(path, "shared", holdAfter: 2);
        var (victimRecorded, held) = StudyWorkers.WaitForHold(victim);
        var survivor = StudyWorkers.Start(path, "shared");
        victim.Kill();
        victim.WaitForExit();
        var survivorOutput = survivor.StandardOutput.ReadToEnd();
        survivor.WaitForExit();

        Assert.Equal(0, survivor.ExitCode);
        var survivorRecorded = StudyWorkers.Completed(survivorOutput);
        Assert.Equal(2, victimRecorded.Count);
        Assert.Contains(held, survivorRecorded); // the trial the victim died holding was taken again
        using var store = new SqliteTrialStore(path);
        var stored = store.LoadCompleted("shared");
        Assert.Equal(Enumerable.Range(0, StudySearch.Candidates), stored.Select(r => r.TrialId));
        Assert.Equal(Enumerable.Range(0, StudySearch.Candidates), survivorRecorded.Concat(victimRecorded).Order()); // each recorded by one
        Assert.Equal(StudyWorkers.Uninterrupted.Value, StudyWorkers.Table(SearchResult.FromStudy(store, "shared")));
    }

    [Fact]
    public void AWorkerKilledInTheMiddleOfAnAshaStudyLosesNoRungEntryAndRecordsNoneTwice()
    {
        var path = Path.Combine(_folder, "asha.sqlite");
        // The victim records two rung entries and holds its next claim: killed there, it dies holding a rung entry whose
        // parameters are recorded. The survivor starts once it holds, so it cannot take the whole study first.
        var victim = StudyWorkers.Start(path, "asha", asha: true, holdAfter: 2);
        var (victimRecorded, held) = StudyWorkers.WaitForHold(victim);
        var survivor = StudyWorkers.Start(path, "asha", asha: true);
        victim.Kill();
        victim.WaitForExit();
        var survivorOutput = survivor.StandardOutput.ReadToEnd();
        survivor.WaitForExit();

        Assert.Equal(0, survivor.ExitCode);
        var survivorRecorded = StudyWorkers.Completed(survivorOutput);
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

        Assert.Equal(StudyWorkers.Table(UninterruptedAsha.Value), StudyWorkers.Table(SearchResult.FromStudy(store, "asha")));

        // Reopened on the finished study, the search runs nothing and gives the uninterrupted result, best included.
        var ml = new MLContext(0);
        var (data, features) = StudySearch.Load(ml, SharedData.TitanicTrain("tutorial-2023"));
        var reopened = StudySearch.CreateAsha(ml, features, new SearchOptions { Store = store, StudyName = "asha", Refit = false }).Fit(data);
        Assert.Equal(StudyWorkers.Table(UninterruptedAsha.Value), StudyWorkers.Table(reopened));
        Assert.Equal(UninterruptedAsha.Value.BestIndex, reopened.BestIndex);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

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
