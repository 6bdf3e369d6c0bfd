namespace MlNetHpo.Tests;

/// <summary>Locates ../shared (scikit-learn references and the Titanic data) from the test's working directory.</summary>
internal static class SharedData
{
    private static readonly Lazy<string> Root = new(FindRoot);

    public static string Path(params string[] parts) => System.IO.Path.Combine([Root.Value, .. parts]);

    public static string TitanicTrain(string revision) => Path("data", "titanic", revision, "clean_titanic_train.csv");

    public static string TitanicTest(string revision) => Path("data", "titanic", revision, "clean_titanic_test.csv");

    public static string Reference(params string[] parts) => Path(["reference", "sklearn", .. parts]);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            var candidate = System.IO.Path.Combine(dir.FullName, "shared");
            if (File.Exists(System.IO.Path.Combine(candidate, "reference", "sklearn", "lr_reference.json")))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException(
            $"The shared/ folder (scikit-learn references, Titanic data) was not found above {AppContext.BaseDirectory}; it must sit beside the repository.");
    }
}
