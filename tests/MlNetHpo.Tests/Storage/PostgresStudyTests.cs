using Microsoft.ML;
using MlNetHpo.AutoML;
using MlNetHpo.Experiments;
using MlNetHpo.Storage;
using MlNetHpo.StudyWorker;

namespace MlNetHpo.Tests.Storage;

/// <summary>One study on PostgreSQL shared by worker processes, one of them killed (SIGKILL) while it holds a claimed trial, or stalled in the middle of a fit.</summary>
public sealed class PostgresStudyTests
{
    [SkippableFact]
    public void FourWorkerProcessesOneKilledHoldingATrialRecordEveryCandidateOnce()
    {
        var uri = PostgresServer.Uri;
        var study = PostgresServer.NewStudy("four");

        // The victim records one trial and holds its next claim (parameters recorded, lease renewed) until it is killed.
        // The survivors start only then, so they cannot take the whole study first, and the kill lands before any fit of
        // the held trial could be recorded.
        var victim = StudyWorkers.Start(uri, study, holdAfter: 1);
        var (victimRecorded, killedDuring) = StudyWorkers.WaitForHold(victim);
        var survivors = Enumerable.Range(0, 3).Select(_ => StudyWorkers.Start(uri, study)).ToArray();
        var outputs = survivors.Select(s => s.StandardOutput.ReadToEndAsync()).ToArray();
        victim.Kill();
        victim.WaitForExit();
        Assert.Single(victimRecorded);
        foreach (var survivor in survivors)
        {
            Assert.True(survivor.WaitForExit(TimeSpan.FromMinutes(3)), "a survivor did not finish");
            Assert.True(survivor.ExitCode == 0, survivor.StandardError.ReadToEnd());
        }

        var recorded = outputs.Select(o => StudyWorkers.Completed(o.Result)).ToList();
        using var store = TrialStores.Open(uri);
        var stored = store.LoadCompleted(study);
        Assert.Equal(Enumerable.Range(0, StudySearch.Candidates), stored.Select(r => r.TrialId));
        Assert.DoesNotContain(killedDuring, victimRecorded);
        Assert.Contains(killedDuring, recorded.SelectMany(r => r)); // the dead worker's trial was taken again

        // Each candidate recorded by exactly one worker: the processes' own reports are disjoint and cover the study.
        var all = recorded.SelectMany(r => r).Concat(victimRecorded).ToList();
        Assert.Equal(all.Count, all.Distinct().Count());
        Assert.Equal(Enumerable.Range(0, StudySearch.Candidates), all.Order());
        Assert.Equal(4, stored.Select(r => r.Worker.Split('/')[0]).Distinct().Count() + recorded.Count(r => r.Count == 0));
        Assert.Equal(StudyWorkers.Uninterrupted.Value, StudyWorkers.Table(SearchResult.FromStudy(store, study)));
    }

    [SkippableFact]
    public void AStalledWorkerThatFinishesAfterItsCandidateWasTakenRecordsNothing()
    {
        var uri = PostgresServer.Uri;
        var study = PostgresServer.NewStudy("stalled");
        var ml = new MLContext(0);
        var (data, features) = StudySearch.Load(ml, SharedData.TitanicTrain("tutorial-2023"));

        // The stalled worker's renewals are lost and it hangs before recording its first trial until another worker has.
        using var inner = TrialStores.Open(uri);
        using var stalled = new StallingStore(inner, study);
        var stalledResult = Task.Run(() => StudySearch.Create(new MLContext(0), features, new SearchOptions
        {
            Store = stalled,
            StudyName = study,
            Refit = false,
            MaxDegreeOfParallelism = 1,
            LeaseDuration = TimeSpan.FromMilliseconds(300),
        }).Fit(data));
        Assert.True(stalled.Stalling.Wait(TimeSpan.FromMinutes(2)), "the stalled worker never finished a fit");

        using var healthyStore = TrialStores.Open(uri);
        var healthy = StudySearch.Create(ml, features, new SearchOptions
        {
            Store = healthyStore,
            StudyName = study,
            Refit = false,
            MaxDegreeOfParallelism = 1,
            Monitors = { new TakeOverMonitor(stalled) },
        }).Fit(data);
        var late = stalledResult.Result;

        Assert.False(stalled.LateCompletionAccepted); // the stalled worker's result for its trial was dropped
        var stored = healthyStore.LoadCompleted(study);
        Assert.Equal(Enumerable.Range(0, StudySearch.Candidates), stored.Select(r => r.TrialId));
        Assert.DoesNotContain(stored, r => r.TrialId == stalled.StalledTrial && r.Worker == stalled.StalledWorker);
        Assert.Equal(StudyWorkers.Uninterrupted.Value, StudyWorkers.Table(healthy));
        Assert.Equal(StudyWorkers.Uninterrupted.Value, StudyWorkers.Table(late));
    }

    [SkippableFact]
    public async Task AServerRestartInTheMiddleOfAThreeWorkerStudyIsWaitedOut()
    {
        // A cluster of this test's own: the restart must not reach the other tests' server.
        using var server = PostgresServer.StartOwn();
        const string study = "restart";
        // Each worker records one trial and holds its next claim; released together, they go on (each trial held 300 ms
        // before its fit) while the server restarts, so the restart falls in the middle of the study, not by a race.
        var workers = Enumerable.Range(0, 3).Select(_ => StudyWorkers.Start(server.Uri, study, pauseMs: 300, holdAfter: 1)).ToArray();
        var completed = workers.Select(StudyWorkers.WaitForHold).Select(h => h.Recorded).ToArray();
        var readers = workers.Select((w, i) => Task.Run(async () =>
        {
            while (await w.StandardOutput.ReadLineAsync() is { } line)
            {
                if (line.StartsWith("completed ", StringComparison.Ordinal))
                {
                    completed[i].Add(StudyWorkers.Id(line));
                }
            }
        })).ToArray();
        var errors = workers.Select(w => w.StandardError.ReadToEndAsync()).ToArray();
        Assert.Equal(3, completed.Sum(c => c.Count)); // the study is a quarter done when the restart begins
        foreach (var worker in workers)
        {
            worker.StandardInput.Close();
        }

        server.Restart();

        await Task.WhenAll(readers).WaitAsync(TimeSpan.FromMinutes(5));
        foreach (var (worker, error) in workers.Zip(errors))
        {
            await worker.WaitForExitAsync();
            Assert.True(worker.ExitCode == 0, await error);
        }

        var all = completed.SelectMany(c => c).ToList();
        Assert.Equal(Enumerable.Range(0, StudySearch.Candidates), all.Order()); // each candidate recorded by exactly one worker
        using var store = TrialStores.Open(server.Uri);
        Assert.Equal(Enumerable.Range(0, StudySearch.Candidates), store.LoadCompleted(study).Select(r => r.TrialId));
        Assert.Equal(StudyWorkers.Uninterrupted.Value, StudyWorkers.Table(SearchResult.FromStudy(store, study)));
    }

    /// <summary>
    /// A worker that stalls: its lease renewals never reach the store (so its lease expires while it fits), and its
    /// first completion waits until another worker has recorded that trial.
    /// </summary>
    private sealed class StallingStore(ITrialStore inner, string study) : ITrialStore
    {
        public ManualResetEventSlim Stalling { get; } = new();

        /// <summary>Set when another worker has recorded the stalled trial (its monitor is told after the store accepted it).</summary>
        public ManualResetEventSlim TakenOver { get; } = new();

        public int StalledTrial { get; private set; } = -1;

        public string? StalledWorker { get; private set; }

        public bool LateCompletionAccepted { get; private set; }

        public void OpenStudy(string s, string definition) => inner.OpenStudy(s, definition);

        public string? GetDefinition(string s) => inner.GetDefinition(s);

        public TrialClaim ClaimNext(string s, string worker, long? limit, TimeSpan lease) => inner.ClaimNext(s, worker, limit, lease);

        public string RecordProposal(string s, int trialId, string worker, string parametersJson) => inner.RecordProposal(s, trialId, worker, parametersJson);

        public bool RenewLease(string s, int trialId, string worker, TimeSpan lease) => true;

        public void Release(string s, int trialId, string worker) => inner.Release(s, trialId, worker);

        public bool Complete(string s, TrialRecord record)
        {
            if (StalledTrial >= 0)
            {
                return inner.Complete(s, record);
            }

            (StalledTrial, StalledWorker) = (record.TrialId, record.Worker);
            Stalling.Set();
            Assert.True(TakenOver.Wait(TimeSpan.FromMinutes(2)), "no other worker recorded the stalled trial");
            Assert.Contains(inner.LoadCompleted(study), r => r.TrialId == record.TrialId);
            LateCompletionAccepted = inner.Complete(s, record);
            return LateCompletionAccepted;
        }

        public IReadOnlyList<TrialRecord> LoadCompleted(string s) => inner.LoadCompleted(s);

        public string? GetAttribute(string s, string key) => inner.GetAttribute(s, key);

        public void SetAttribute(string s, string key, string value) => inner.SetAttribute(s, key, value);

        public void Dispose()
        {
            Stalling.Dispose();
            TakenOver.Dispose();
        }
    }

    /// <summary>The healthy worker's monitor: sets <see cref="StallingStore.TakenOver"/> once it has recorded the stalled trial.</summary>
    private sealed class TakeOverMonitor(StallingStore stalled) : IMonitor
    {
        public void ReportCompletedTrial(TrialResult result)
        {
            if (result.TrialSettings.TrialId == stalled.StalledTrial)
            {
                stalled.TakenOver.Set();
            }
        }

        public void ReportBestTrial(TrialResult result)
        {
        }

        public void ReportFailTrial(TrialSettings settings, Exception? exception = null)
        {
        }

        public void ReportRunningTrial(TrialSettings settings)
        {
        }
    }
}
