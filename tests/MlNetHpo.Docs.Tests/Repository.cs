namespace MlNetHpo.Docs.Tests;

/// <summary>Files of the repository: its root is the folder holding MlNetHpo.sln, found upwards from the test binaries.</summary>
internal static class Repository
{
    private static readonly Lazy<string> Root = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "MlNetHpo.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException($"MlNetHpo.sln was not found above {AppContext.BaseDirectory}.");
    });

    public static string Path(params string[] parts) => System.IO.Path.Combine([Root.Value, .. parts]);
}
