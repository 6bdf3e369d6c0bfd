using Microsoft.Data.Sqlite;
using Microsoft.ML;
using MlNetHpo.Experiments;
using MlNetHpo.Scoring;
using MlNetHpo.AutoML;
using MlNetHpo.Storage;
using MlNetHpo.Tests.Trainers;
using MlNetHpo.Trainers;
using MlNetHpo.Validation;

namespace MlNetHpo.Tests.Storage;

/// <summary>
/// The fits' warnings survive a store: a search stopped by MaxTrials and resumed shows, for the candidates it read back,
/// the warnings they had when they ran, as an uninterrupted search does, and so does a study exported from the store.
/// </summary>
public sealed class StoredWarningsTests : IDisposable
{
    private static readonly MLContext Ml = new(0);
    private readonly string _folder = Directory.CreateTempSubdirectory("mlnethpo-warnings-").FullName;

    [Fact]
    public void OnSqliteAResumedSearchKeepsEachCandidatesWarnings() =>
        ResumedEqualsUninterrupted(() => new SqliteTrialStore(Path.Combine(_folder, "warnings.sqlite")), "lasso");

    [SkippableFact]
    public void OnPostgresAResumedSearchKeepsEachCandidatesWarnings()
    {
        var uri = PostgresServer.Uri;
        ResumedEqualsUninterrupted(() => new PostgresTrialStore(uri), PostgresServer.NewStudy("warnings"));
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    private static void ResumedEqualsUninterrupted(Func<ITrialStore> open, string study)
    {
        var data = LinearReferences.Load(Ml, "diabetes");

        // Four candidates, two stopped at one iteration (a ConvergenceWarning per fold); the first run records three, so the
        // resumed one reads back candidates of both kinds.
        using (var store = open())
        {
            Assert.Equal(3, Search(new SearchOptions { Store = store, StudyName = study, MaxTrials = 3 }).Fit(data).Candidates.Count);
        }

        var uninterrupted = Search(new SearchOptions()).Fit(data);
        Assert.All(uninterrupted.Candidates, c =>
        {
            if (c.Parameters.Get<int>("MaximumIterations") == 1)
            {
                Assert.Equal(3, c.Warnings.Count);
                Assert.All(c.Warnings, w => Assert.StartsWith("ConvergenceWarning: Objective did not converge.", w));
            }
            else
            {
                Assert.Empty(c.Warnings);
            }
        });

        using (var store = open())
        {
            var resumed = Search(new SearchOptions { Store = store, StudyName = study }).Fit(data);
            Assert.Equal(Warnings(uninterrupted), Warnings(resumed));

            var exported = SearchResult.FromStudy(store, study);
            Assert.Equal(Warnings(uninterrupted), Warnings(exported));
        }
    }

    private static CrossValidatedSearch Search(SearchOptions options) => Ml.Regression.GridSearch(
        null,
        (LassoOptions o) => Ml.Regression.Trainers.Lasso(o),
        new ParameterGrid { ["Alpha"] = [0.01, 0.1], ["MaximumIterations"] = [1, 1000] },
        RegressionMetric.RSquared,
        Folds.KFold(3),
        options: options);

    private static List<string> Warnings(SearchResult result) =>
        [.. result.Candidates.Select(c => $"{c.Index} {c.Parameters}: {string.Join(" | ", c.Warnings)}")];
}
