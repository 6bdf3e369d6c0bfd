using MlNetHpo.Storage;

namespace MlNetHpo.AutoML;

/// <summary>AutoML's <c>SetCheckpoint(folder)</c>: the experiment's study in a SQLite file of that folder.</summary>
public static class SqliteCheckpointExtension
{
    /// <summary>The file in the checkpoint folder that holds the experiment's study.</summary>
    public const string FileName = "automl-checkpoint.study";

    /// <summary>
    /// Records every trial in <c>folder/automl-checkpoint.study</c> (created with the folder when missing): running the same
    /// experiment again resumes it. Where AutoML starts a new file for another search space or metric, a study of another
    /// experiment here is refused, naming what differs: give each experiment its own folder.
    /// </summary>
    /// <param name="experiment">The experiment.</param>
    /// <param name="folder">The checkpoint folder.</param>
    public static AutoMLExperiment SetCheckpoint(this AutoMLExperiment experiment, string folder)
    {
        ArgumentNullException.ThrowIfNull(experiment);
        ArgumentException.ThrowIfNullOrEmpty(folder);
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, FileName);
        return experiment.SetCheckpoint(() => new SqliteTrialStore(path), "automl");
    }
}
