namespace MlNetHpo.Cli.Running;

/// <summary><c>resume</c> and <c>show</c>: a search recorded in a study file.</summary>
internal static class StudyCommands
{
    /// <summary>Resumes the study in <paramref name="path"/>.</summary>
    public static int Resume(string path, TextWriter output) => throw Unavailable(path);

    /// <summary>Prints the leaderboard of the study in <paramref name="path"/>.</summary>
    public static int Show(string path, TextWriter output) => throw Unavailable(path);

    private static CliException Unavailable(string path) => File.Exists(path)
        ? new CliException($"Studies need the engine's trial store, which this build does not have yet; cannot read '{path}'.")
        : new CliException($"The study file '{path}' does not exist.");
}
