using Microsoft.ML;
using MlNetHpo.Experiments;
using MlNetHpo.AutoML;
using MlNetHpo.Storage;
using MlNetHpo.StudyWorker;
using MlNetHpo.Trainers;

namespace MlNetHpo.Tests.Storage;

/// <summary>Studies on disk: resume, refusal of another search, export, and the claim protocol.</summary>
public sealed class ResumeTests : IDisposable
{
    private static readonly MLContext Ml = new(0);
    private readonly string _folder = Directory.CreateTempSubdirectory("mlnethpo-resume-").FullName;

    private static ParameterGrid Grid => new()
    {
        ["C"] = [0.01, 0.1, 1, 10],
        ["Penalty"] = ["l1", "l2"],
        ["Solver"] = ["liblinear", "saga", "lbfgs"],
    };

    [Fact]
    public void AResumedGridContinuesWhereItStoppedAndEqualsAnUninterruptedRun()
    {
        var (data, features) = TitanicData.Load(Ml, SharedData.TitanicTrain("tutorial-2023"));
        var path = Path.Combine(_folder, "grid.sqlite");
        using (var store = new SqliteTrialStore(path))
        {
            var first = Search(features, Grid, new SearchOptions { Store = store, StudyName = "lr", MaxTrials = 10 }).Fit(data);
            Assert.Equal(10, first.Candidates.Count);
        }

        var evaluated = new List<int>();
        using (var store = new SqliteTrialStore(path))
        {
            var options = new SearchOptions { Store = store, StudyName = "lr" };
            options.Monitors.Add(new Recorder(evaluated));
            var resumed = Search(features, Grid, options).Fit(data);
            var uninterrupted = Search(features, Grid, new SearchOptions()).Fit(data);

            Assert.Equal(Enumerable.Range(10, 14), evaluated.Order()); // the first ten were not rerun
            Assert.Equal(Describe(uninterrupted), Describe(resumed));
            Assert.Equal(uninterrupted.BestIndex, resumed.BestIndex);

            // Export from the study on disk, as a separate reader would.
            var exported = SearchResult.FromStudy(store, "lr");
            Assert.Equal(uninterrupted.ToCsv().Split('\n').Length, exported.ToCsv().Split('\n').Length);
            Assert.Equal(uninterrupted.Candidates.Select(c => c.MeanScore), exported.Candidates.Select(c => c.MeanScore));
            Assert.Equal(uninterrupted.Candidates.Select(c => c.Rank), exported.Candidates.Select(c => c.Rank));
            Assert.Equal("{C: 0.01, Penalty: l1, Solver: liblinear}", exported.Candidates[0].Parameters.ToString());
        }
    }

    [Fact]
    public void ARandomSearchContinuesItsSeededSequence()
    {
        var (data, features) = TitanicData.Load(Ml, SharedData.TitanicTrain("tutorial-2023"));
        var space = new SearchSpace { ["C"] = Distribution.LogUniform(1e-3, 1e3), ["Penalty"] = Distribution.Choice("l1", "l2"), ["Solver"] = Distribution.Choice("saga") };
        SearchResult Random(SearchOptions options) => Ml.BinaryClassification.RandomSearch(
            TitanicData.Features(Ml, features), (LogisticRegressionOptions o) => Ml.BinaryClassification.Trainers.LogisticRegression(o),
            space, iterations: 12, seed: 3, options: options).Fit(data);

        using var store = new SqliteTrialStore(Path.Combine(_folder, "random.sqlite"));
        Random(new SearchOptions { Store = store, MaxTrials = 5 });
        var resumed = Random(new SearchOptions { Store = store });
        Assert.Equal(Describe(Random(new SearchOptions())), Describe(resumed));
    }

    [Fact]
    public void OpeningAStudyWithAnotherSpaceIsRefusedAndSaysSo()
    {
        var (data, features) = TitanicData.Load(Ml, SharedData.TitanicTrain("tutorial-2023"));
        using var store = new SqliteTrialStore(Path.Combine(_folder, "mismatch.sqlite"));
        Search(features, Grid, new SearchOptions { Store = store, StudyName = "s", MaxTrials = 2 }).Fit(data);

        var other = new ParameterGrid { ["C"] = [5.0], ["Penalty"] = ["l2"], ["Solver"] = ["lbfgs"] };
        var e = Assert.Throws<StudyMismatchException>(() => Search(features, other, new SearchOptions { Store = store, StudyName = "s" }).Fit(data));
        Assert.Contains("study 's' was created with a different search", e.Message);
        Assert.Contains("C: [5]", e.Message);

        // Another name in the same file is another study.
        Assert.Single(Search(features, other, new SearchOptions { Store = store, StudyName = "t" }).Fit(data).Candidates);
    }

    [SkippableTheory]
    [InlineData("memory")]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public void ClaimsAreExclusiveLeasesExpireAndTheFirstCompletionWins(string kind)
    {
        using ITrialStore store = kind switch
        {
            "memory" => new InMemoryTrialStore(),
            "sqlite" => new SqliteTrialStore(Path.Combine(_folder, "claims.sqlite")),
            _ => TrialStores.Open(PostgresServer.Uri),
        };
        var s = kind == "postgres" ? PostgresServer.NewStudy("claims") : "s";
        store.OpenStudy(s, "definition");
        var lease = TimeSpan.FromMinutes(5);

        Assert.Equal(new TrialClaim(0, 0), store.ClaimNext(s, "a", 3, lease));
        Assert.Equal(new TrialClaim(1, 1), store.ClaimNext(s, "b", 3, lease));
        Assert.True(store.Complete(s, Record(1, "b")));
        Assert.Equal(new TrialClaim(2, 1), store.ClaimNext(s, "b", 3, lease));
        Assert.Equal(new TrialClaim(null, 2), store.ClaimNext(s, "c", 3, lease));

        // a's lease expires: c takes trial 0; a comes back late and finishes: only the first completion counts.
        Assert.True(store.RenewLease(s, 0, "a", TimeSpan.FromMilliseconds(-1)));
        Assert.Equal(0, store.ClaimNext(s, "c", 3, lease).TrialId);
        Assert.False(store.RenewLease(s, 0, "a", lease));
        Assert.True(store.Complete(s, Record(0, "a")));
        Assert.False(store.Complete(s, Record(0, "c")));
        // A proposal stands once recorded: given back, or taken over from a dead worker, the trial keeps it.
        Assert.Equal("{\"C\":1}", store.RecordProposal(s, 2, "b", "{\"C\":1}"));
        Assert.Equal("{\"C\":1}", store.RecordProposal(s, 2, "b", "{\"C\":2}"));
        store.Release(s, 2, "b");
        Assert.Equal(new TrialClaim(2, 0, "{\"C\":1}"), store.ClaimNext(s, "c", 3, lease));

        var completed = store.LoadCompleted(s);
        Assert.Equal([0, 1], completed.Select(r => r.TrialId));
        Assert.Equal("a", completed[0].Worker);
        Assert.True(double.IsNaN(completed[0].Scores[0].Value[1]));
        Assert.Throws<StudyMismatchException>(() => store.OpenStudy(s, "another definition"));

        // Attributes: per study, replaced on write, null when absent.
        Assert.Null(store.GetAttribute(s, "k"));
        store.SetAttribute(s, "k", "1");
        store.SetAttribute(s, "k", "2");
        store.SetAttribute(s + "-other", "k", "3");
        Assert.Equal("2", store.GetAttribute(s, "k"));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static TrialRecord Record(int id, string worker) => new()
    {
        TrialId = id,
        ParametersJson = "{\"C\":1}",
        Scores = [new("Accuracy", [0.5, double.NaN])],
        FitTimes = [0.1, 0.2],
        ScoreTimes = [0.01, 0.02],
        Worker = worker,
    };

    private static CrossValidatedSearch Search(string[] features, ParameterGrid grid, SearchOptions options) =>
        Ml.BinaryClassification.GridSearch(
            TitanicData.Features(Ml, features),
            (LogisticRegressionOptions o) => Ml.BinaryClassification.Trainers.LogisticRegression(o),
            grid, options: options);

    private static string Describe(SearchResult result) =>
        string.Join("\n", result.Candidates.Select(c => $"{c.Index} {c.Parameters} {string.Join(",", c.SplitScores)} {c.Rank} {c.Error}"));

    private sealed class Recorder(List<int> ids) : IMonitor
    {
        public void ReportRunningTrial(TrialSettings settings) => ids.Add(settings.TrialId);

        public void ReportCompletedTrial(TrialResult result)
        {
        }

        public void ReportFailTrial(TrialSettings settings, Exception? exception = null)
        {
        }

        public void ReportBestTrial(TrialResult result)
        {
        }
    }
}
