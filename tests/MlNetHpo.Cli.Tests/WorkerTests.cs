using MlNetHpo.Experiments;
using MlNetHpo.Storage;
using MlNetHpo.Tests.Storage;

namespace MlNetHpo.Cli.Tests;

/// <summary><c>mlnet-hpo worker</c>: joining a study on PostgreSQL, and refusing other data.</summary>
public sealed class WorkerTests : IDisposable
{
    private readonly TestData _data = new();

    public void Dispose() => _data.Dispose();

    [SkippableFact]
    public void AWorkerJoinsAGridOnPostgresAndTheTableEqualsASingleProcessRun()
    {
        var uri = PostgresServer.Uri;
        var name = PostgresServer.NewStudy("cli-worker");
        var csv = _data.NumericBinary(rows: 200);
        string[] Grid(string study, params string[] more) =>
            ["grid", "--dataset", csv, "--label-col", "Label", "--trainer", "lbfgs", "--cv", "3", "--points", "3", "--seed", "5", "--study", study, .. more];

        var single = Runner.Run(Grid(_data.PathOf("single.sqlite"), "--parallel", "1"));
        Assert.True(single.Code == 0, single.Err + single.Out);

        // The creator works on the study with one thread; a worker joins it once the creator has finished a trial (its
        // settings are recorded before the first trial starts).
        using var underWay = new ManualResetEventSlim();
        using var creatorOut = new OnProgress(underWay.Set);
        using var creatorErr = new StringWriter();
        var creator = Task.Run(() => Cli.Run(Grid(uri, "--study-name", name, "--parallel", "1"), creatorOut, creatorErr));
        // Whichever comes first: the creator's first progress line, or its end (a creator that fails is reported below).
        var first = WaitHandle.WaitAny([underWay.WaitHandle, ((IAsyncResult)creator).AsyncWaitHandle], TimeSpan.FromMinutes(2));
        Assert.True(first != WaitHandle.WaitTimeout, "the creator neither finished a trial nor ended in 2 minutes");

        var worker = Runner.Run("worker", "--study", uri, "--study-name", name, "--parallel", "1");
        var created = (Code: creator.Result, Out: creatorOut.ToString(), Err: creatorErr.ToString());
        Assert.True(worker.Code == 0, worker.Err + worker.Out);
        Assert.True(created.Code == 0, created.Err + created.Out);
        Assert.Contains($"Worker on study '{name}'", worker.Out);
        Assert.DoesNotContain("mlnethpo:mlnethpo@", created.Out + worker.Out); // the password is never printed

        using var sqlite = TrialStores.Open(_data.PathOf("single.sqlite"));
        using var postgres = TrialStores.Open(uri);
        Assert.Equal(Table(SearchResult.FromStudy(sqlite, "mlnet-hpo")), Table(SearchResult.FromStudy(postgres, name)));
        Assert.Equal(9, postgres.LoadCompleted(name).Count);
    }

    [SkippableFact]
    public void AWorkerWhoseDataDiffersRefusesInOneLine()
    {
        var uri = PostgresServer.Uri;
        var name = PostgresServer.NewStudy("cli-hash");
        var csv = _data.NumericBinary(rows: 60);
        var created = Runner.Run("grid", "--dataset", csv, "--label-col", "Label", "--trainer", "lbfgs", "--cv", "2", "--points", "2",
            "--study", uri, "--study-name", name);
        Assert.True(created.Code == 0, created.Err + created.Out);

        var copy = _data.NumericBinary("other-copy.csv", rows: 60, seed: 3);
        var (code, stdout, stderr) = Runner.Run("worker", "--study", uri, "--study-name", name, "--dataset", copy);
        Assert.Equal(2, code);
        Assert.Empty(stdout);
        Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("differs from the study's: SHA-256", stderr);

        // The same bytes under another path are accepted (another machine's copy).
        File.Copy(csv, _data.PathOf("same-copy.csv"));
        var same = Runner.Run("worker", "--study", uri, "--study-name", name, "--dataset", _data.PathOf("same-copy.csv"));
        Assert.True(same.Code == 0, same.Err + same.Out);

        var missing = Runner.Run("worker", "--study", uri, "--study-name", name + "-none");
        Assert.Equal(2, missing.Code);
        Assert.Contains("holds no mlnet-hpo study named", missing.Err);
    }

    private static string Table(SearchResult result) =>
        string.Join("\n", result.Candidates.Select(c => $"{c.Index} {c.Parameters} {string.Join(",", c.SplitScores)} {c.MeanScore} {c.Rank}"));
}
