using System.Diagnostics;

namespace MlNetHpo.Tests.Storage;

/// <summary>
/// The PostgreSQL server the tests use: the URI in MLNETHPO_TEST_POSTGRES when set (CI and tests/postgres/start.sh set
/// it); otherwise a throwaway cluster this test run starts with tests/postgres/start.sh and stops when it exits. Tests
/// skip, saying why, only when neither works.
/// </summary>
internal static class PostgresServer
{
    public const string Variable = "MLNETHPO_TEST_POSTGRES";

    private static readonly Lazy<(string? Uri, string? Reason)> Server = new(Find);

    /// <summary>The server's URI; skips the calling test when there is none.</summary>
    public static string Uri
    {
        get
        {
            var (uri, reason) = Server.Value;
            Skip.If(uri is null, reason);
            return uri!;
        }
    }

    /// <summary>A study name no earlier run used (the database outlives test runs when given by the variable).</summary>
    public static string NewStudy(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    /// <summary>
    /// A cluster of the calling test's own (for tests that restart the server, which the shared one must not see);
    /// skips the test, saying why, when none can be started.
    /// </summary>
    public static Cluster StartOwn()
    {
        var (uri, dir, reason) = Start();
        Skip.If(uri is null || dir is null, reason ?? "tests/postgres/start.sh printed no cluster folder.");
        return new Cluster(uri!, dir!);
    }

    private static (string? Uri, string? Reason) Find()
    {
        if (Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } given)
        {
            return (given, null);
        }

        var (uri, dir, reason) = Start();
        if (dir is not null)
        {
            AppDomain.CurrentDomain.ProcessExit += (_, _) => Script("stop.sh", dir);
        }

        return (uri, reason);
    }

    private static (string? Uri, string? Dir, string? Reason) Start()
    {
        var script = FindScript();
        if (script is null)
        {
            return (null, null, $"{Variable} is not set and tests/postgres/start.sh was not found to start a server.");
        }

        var start = new ProcessStartInfo("bash") { ArgumentList = { script }, RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        var values = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(l => l.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1]);
        if (process.ExitCode != 0 || !values.TryGetValue(Variable, out var uri))
        {
            return (null, null, $"{Variable} is not set and no PostgreSQL server could be started: {error.Trim()}");
        }

        return (uri, values.GetValueOrDefault(Variable + "_DIR"), null);
    }

    /// <summary>Runs tests/postgres/<paramref name="name"/> on cluster folder <paramref name="dir"/>; its error output when it fails.</summary>
    private static string? Script(string name, string dir)
    {
        var start = new ProcessStartInfo("bash") { ArgumentList = { Path.Combine(Path.GetDirectoryName(FindScript()!)!, name), dir }, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0 ? null : error;
    }

    private static string? FindScript()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var script = Path.Combine(dir.FullName, "tests", "postgres", "start.sh");
            if (File.Exists(script))
            {
                return script;
            }
        }

        return null;
    }

    /// <summary>A throwaway cluster: its URI, restarted on demand, stopped and deleted when disposed.</summary>
    public sealed class Cluster(string uri, string dir) : IDisposable
    {
        public string Uri { get; } = uri;

        /// <summary>Restarts the server with a fast shutdown (open sessions get 57P01), as an administrator would.</summary>
        public void Restart() => Assert.Null(Script("restart.sh", dir));

        public void Dispose() => Script("stop.sh", dir);
    }
}
