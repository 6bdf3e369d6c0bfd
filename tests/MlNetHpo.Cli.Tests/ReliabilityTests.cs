using System.Diagnostics;
using System.Text;
using MlNetHpo.Storage;

namespace MlNetHpo.Cli.Tests;

/// <summary>
/// What production users hit: a refused command that must write nothing, options out of range, outputs checked before
/// the first trial, cancellation (Ctrl+C and SIGTERM) that gives trials back and writes no broken model.
/// </summary>
public sealed class ReliabilityTests : IDisposable
{
    private readonly TestData _data = new();
    private readonly Lazy<string> _postgresStudy = new(() => MlNetHpo.Tests.Storage.PostgresServer.NewStudy("cli-refused"));

    public void Dispose() => _data.Dispose();

    [SkippableTheory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public void ARefusedCreatingCommandWritesNothingIntoTheStudy(string store)
    {
        // Defect 1: the refused command used to record its settings, and resume then ran (and failed on) the other search.
        var csv = _data.NumericBinary(rows: 60);
        var study = store == "sqlite" ? _data.PathOf("s.db") : MlNetHpo.Tests.Storage.PostgresServer.Uri;
        string[] Where() => store == "sqlite" ? ["--study", study] : ["--study", study, "--study-name", _postgresStudy.Value];
        string[] Grid(params string[] more) => ["grid", "--dataset", csv, "--label-col", "Label", "--cv", "2", .. Where(), .. more];

        var created = Runner.Run(Grid("--points", "2"));
        Assert.True(created.Code == 0, created.Err + created.Out);

        var refused = Runner.Run(Grid("--points", "3", "--trainer", "lbfgs"));
        Assert.Equal(2, refused.Code);
        Assert.Contains("was created with a different search: its trainer differs", refused.Err);
        Assert.Single(refused.Err.TrimEnd().Split('\n'));

        var resumed = Runner.Run(["resume", .. Where()]);
        Assert.True(resumed.Code == 0, resumed.Err + resumed.Out);
        var shown = Runner.Run(["show", .. Where()]);
        Assert.Equal(0, shown.Code);
        Assert.Contains("trainer default", shown.Out);
        Assert.DoesNotContain("trainer lbfgs", shown.Out);
    }

    [Fact]
    public void ASpaceWithKeysDifferingOnlyInCaseIsRefusedNamingBoth()
    {
        var space = _data.Write("twins.json", """{"C": [0.001], "c": [1000]}""");
        var (code, _, err) = Runner.Run("grid", "--dataset", _data.NumericBinary(), "--label-col", "Label", "--space", space);
        Assert.Equal(2, code);
        Assert.Contains("The hyperparameters 'C' and 'c' differ only in case", err);
        Assert.Single(err.TrimEnd().Split('\n'));
    }

    [Theory]
    [InlineData("1e308")]
    [InlineData("NaN")]
    [InlineData("4294968")]
    [InlineData("0")]
    public void ATimeBudgetOutOfRangeIsNamed(string seconds)
    {
        var (code, _, err) = Runner.Run("grid", "--dataset", _data.NumericBinary(), "--label-col", "Label", "--time", seconds);
        Assert.Equal(2, code);
        Assert.StartsWith("mlnet-hpo: --time needs a positive number of seconds, at most 4294967.294 (49.7 days); got ", err);
        Assert.Single(err.TrimEnd().Split('\n'));
    }

    [Fact]
    public void AnOutputThatIsAFileIsRefusedBeforeTheFirstTrial()
    {
        var file = _data.Write("taken.txt", "x");
        var db = _data.PathOf("never.db");
        var (code, _, err) = Runner.Run("grid", "--dataset", _data.NumericBinary(), "--label-col", "Label", "--study", db, "--output", file);
        Assert.Equal(2, code);
        Assert.Contains($"--output '{file}' is a file; give a folder", err);
        Assert.False(File.Exists(db)); // refused before the study was even opened
    }

    [Fact]
    public void AnOutputThatCannotBeWrittenIsRefusedBeforeTheFirstTrial()
    {
        var below = Path.Combine(_data.Write("plain.txt", "x"), "sub");
        var db = _data.PathOf("never.db");
        var (code, _, err) = Runner.Run("grid", "--dataset", _data.NumericBinary(), "--label-col", "Label", "--study", db, "--output", below);
        Assert.Equal(2, code);
        Assert.Contains($"--output '{below}' cannot be written", err);
        Assert.False(File.Exists(db));
    }

    [Fact]
    public void ATestDatasetWithoutTheTrainingColumnsIsRefusedBeforeTheFirstTrial()
    {
        var test = _data.Write("test.csv", "X1,Label\n1,0\n2,1\n");
        var db = _data.PathOf("never.db");
        var (code, _, err) = Runner.Run("grid", "--dataset", _data.NumericBinary(), "--label-col", "Label", "--study", db, "--test-dataset", test);
        Assert.Equal(2, code);
        Assert.Contains("lacks the column(s) X2", err);
        Assert.False(File.Exists(db));
    }

    [Fact]
    public void ACancelledSearchExits130GivesItsTrialsBackAndWritesNoModel()
    {
        // Defect 8: cancelled after the first trial; exit 130, no model.zip, nothing about Refit, leases released.
        var db = _data.PathOf("cancel.db");
        var folder = _data.PathOf("out");
        using var cancel = new CancellationTokenSource();
        using var output = new OnProgress(cancel.Cancel);
        using var error = new StringWriter();

        var code = Cli.Run(
            ["grid", "--dataset", _data.NumericBinary(rows: 200), "--label-col", "Label", "--trainer", "lbfgs", "--points", "6", "--parallel", "1", "--study", db, "--output", folder],
            output,
            error,
            cancel.Token);

        Assert.True(code == 130, error.ToString() + output);
        Assert.Contains("Cancelled after", output.ToString());
        Assert.DoesNotContain("Refit", output.ToString() + error);
        Assert.False(File.Exists(Path.Combine(folder, "model.zip")));
        Assert.True(File.Exists(Path.Combine(folder, "results.json")));
        AssertLeasesReleased(db);
    }

    [SkippableFact]
    public void SigtermIsTreatedLikeCtrlC()
    {
        Skip.If(OperatingSystem.IsWindows(), "SIGTERM is a POSIX signal");
        var db = _data.PathOf("term.db");
        var folder = _data.PathOf("term-out");
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList =
            {
                "exec", typeof(Cli).Assembly.Location, "grid", "--dataset", _data.NumericBinary(rows: 200), "--label-col", "Label", "--trainer", "lbfgs",
                "--points", "12", "--parallel", "1", "--study", db, "--output", folder,
            },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start)!;
        var stdout = new StringBuilder();
        string? line;
        while ((line = process.StandardOutput.ReadLine()) is not null)
        {
            stdout.AppendLine(line);
            if (OnProgress.IsProgress(line))
            {
                break;
            }
        }

        using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            kill.WaitForExit();
        }

        stdout.Append(process.StandardOutput.ReadToEnd());
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();

        Assert.True(process.ExitCode == 130, $"exit {process.ExitCode}\n{stdout}\n{stderr}");
        Assert.Contains("Cancelled after", stdout.ToString());
        Assert.False(File.Exists(Path.Combine(folder, "model.zip")));
        AssertLeasesReleased(db);
    }

    /// <summary>The next claim gets the first unfinished trial and no trial is still leased.</summary>
    private static void AssertLeasesReleased(string db)
    {
        using var store = new SqliteTrialStore(db);
        var completed = store.LoadCompleted("mlnet-hpo").Count;
        Assert.Equal(new TrialClaim(completed, 0), store.ClaimNext("mlnet-hpo", "probe", null, TimeSpan.FromMinutes(1)) with { ParametersJson = null });
    }
}
