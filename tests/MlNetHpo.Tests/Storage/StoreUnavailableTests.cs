using System.Net;
using System.Net.Sockets;
using MlNetHpo.Storage;
using MlNetHpo.Sweeping;

namespace MlNetHpo.Tests.Storage;

/// <summary>A PostgreSQL server that never answers (retried up to the deadline, then one line without the password), and the package split.</summary>
public sealed class StoreUnavailableTests
{
    [Fact]
    public void AServerThatNeverAnswersIsReportedInOneLineWithoutItsPassword()
    {
        // A port nothing listens on: bound, then closed.
        int port;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
        }

        var uri = $"postgresql://user:secret@127.0.0.1:{port}/studies";
        var retried = new StoreRetry { Deadline = TimeSpan.FromMilliseconds(300) };
        var e = Assert.Throws<StoreUnavailableException>(() => new PostgresTrialStore(uri, retried));
        Assert.StartsWith(
            $"The trial store postgresql://user:***@127.0.0.1:{port}/studies stayed unavailable while opening the store, past its retry deadline of 0.3 s (StoreRetry.Deadline); last error: ",
            e.Message);
        Assert.EndsWith(". Completed trials are kept; run again once the store is back.", e.Message);
        Assert.DoesNotContain("secret", e.Message);
        Assert.DoesNotContain("\n", e.Message);
    }

    [Theory]
    [InlineData("57P01", true)] // admin shutdown: pg_ctl stop/restart -m fast
    [InlineData("57P02", true)] // crash shutdown
    [InlineData("57P03", true)] // cannot connect now: starting up
    [InlineData("40001", true)] // serialization failure
    [InlineData("40P01", true)] // deadlock
    [InlineData("53300", true)] // too many connections
    [InlineData("08006", true)] // connection failure
    [InlineData("28P01", false)] // wrong password: retrying cannot help
    [InlineData("42P01", false)] // undefined table
    [InlineData("23505", false)] // unique violation
    public void OnlyPassingServerErrorsAreRetried(string sqlState, bool transient) =>
        Assert.Equal(transient, PostgresTrialStore.IsTransientState(sqlState));

    [Fact]
    public void TheCorePackageReferencesNoDatabaseDriver()
    {
        var references = typeof(SqlTrialStore).Assembly.GetReferencedAssemblies().Select(a => a.Name).ToList();
        Assert.DoesNotContain("Npgsql", references);
        Assert.DoesNotContain("Microsoft.Data.Sqlite", references);
        // Nor the tree trainers (LightGBM brings a native library): they are in MlNetHpo.Trees.
        Assert.DoesNotContain("Microsoft.ML.FastTree", references);
        Assert.DoesNotContain("Microsoft.ML.LightGbm", references);
        Assert.Contains("MlNetHpo", typeof(ReadyTreeTrainers).Assembly.GetReferencedAssemblies().Select(a => a.Name));
        Assert.Contains("MlNetHpo", typeof(SqliteTrialStore).Assembly.GetReferencedAssemblies().Select(a => a.Name));
    }
}
