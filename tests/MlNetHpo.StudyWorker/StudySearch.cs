using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.FastTree;
using MlNetHpo.Experiments;
using MlNetHpo.AutoML;

namespace MlNetHpo.StudyWorker;

/// <summary>
/// The searches the persistence tests run, in a child process or in the test itself: a FastTree grid on a
/// Titanic file whose fits take long enough (tens of milliseconds) to kill a process in the middle of one.
/// </summary>
public static class StudySearch
{
    /// <summary>Number of candidates in the grid.</summary>
    public const int Candidates = 12;

    /// <summary>Loads a Titanic CSV: Survived as the Boolean label, the other columns as features.</summary>
    public static (IDataView Data, string[] Features) Load(MLContext ml, string path)
    {
        var header = File.ReadLines(path).First().Split(',');
        var columns = header.Select((name, i) => name == "Survived"
            ? new TextLoader.Column("Label", DataKind.Boolean, i)
            : new TextLoader.Column(name, DataKind.Single, i)).ToArray();
        var loader = ml.Data.CreateTextLoader(new TextLoader.Options { Columns = columns, HasHeader = true, Separators = [','] });
        return (loader.Load(path), header.Where(h => h != "Survived").ToArray());
    }

    /// <summary>The search, writing to <paramref name="options"/>' store.</summary>
    public static CrossValidatedSearch Create(MLContext ml, string[] features, SearchOptions options) =>
        ml.BinaryClassification.GridSearch(
            ml.Transforms.Concatenate("Features", features),
            (MLContext c, FastTreeBinaryTrainer.Options o) => c.BinaryClassification.Trainers.FastTree(o),
            new ParameterGrid
            {
                ["NumberOfLeaves"] = [4, 8, 16],
                ["LearningRate"] = [0.05, 0.2],
                ["NumberOfTrees"] = [40, 80],
            },
            options: options);

    /// <summary>Rung entries (trials) of the ASHA search.</summary>
    public const int AshaTrials = 12;

    /// <summary>
    /// The ASHA search on the same data: FastTree configurations (leaves, learning rate) with NumberOfTrees as the resource,
    /// rungs of 5, 15 and 45 trees, proposals in batches of 2.
    /// </summary>
    public static CrossValidatedSearch CreateAsha(MLContext ml, string[] features, SearchOptions options) =>
        ml.BinaryClassification.Search(
            ml.Transforms.Concatenate("Features", features),
            SweepableEstimator.FromOptions((MLContext c, FastTreeBinaryTrainer.Options o) => c.BinaryClassification.Trainers.FastTree(o)),
            new AshaTuner(
                new SearchSpace { ["NumberOfLeaves"] = Distribution.UniformInt(2, 32), ["LearningRate"] = Distribution.LogUniform(0.02, 0.5) },
                "NumberOfTrees",
                minResource: 5,
                maxResource: 45,
                trials: AshaTrials,
                seed: 3,
                batchSize: 2),
            options: options);
}

/// <summary>Prints "completed ID" for every trial this process records, so a parent can kill it at a known point.</summary>
public sealed class PrintingMonitor(TextWriter output) : IMonitor
{
    /// <inheritdoc/>
    public void ReportRunningTrial(TrialSettings settings) => Print($"running {settings.TrialId}");

    /// <inheritdoc/>
    public void ReportCompletedTrial(TrialResult result) => Print($"completed {result.TrialSettings.TrialId}");

    /// <inheritdoc/>
    public void ReportFailTrial(TrialSettings settings, Exception? exception = null) => Print($"completed {settings.TrialId}");

    /// <inheritdoc/>
    public void ReportBestTrial(TrialResult result)
    {
    }

    private void Print(string line)
    {
        output.WriteLine(line);
        output.Flush();
    }
}

/// <summary>
/// Once <paramref name="after"/> trials are recorded, holds the next trial it is told about (before its fit, with its
/// parameters recorded and its lease renewed by the search's heartbeat), printing "holding ID", until
/// <paramref name="input"/> ends. The parent kills the process while it holds, so the kill point is known, not raced.
/// </summary>
public sealed class HoldingMonitor(int after, TextWriter output, TextReader input) : IMonitor
{
    private int _recorded;
    private int _held;

    /// <inheritdoc/>
    public void ReportRunningTrial(TrialSettings settings)
    {
        if (Volatile.Read(ref _recorded) < after || Interlocked.Exchange(ref _held, 1) == 1)
        {
            return;
        }

        output.WriteLine($"holding {settings.TrialId}");
        output.Flush();
        while (input.ReadLine() is not null)
        {
        }
    }

    /// <inheritdoc/>
    public void ReportCompletedTrial(TrialResult result) => Interlocked.Increment(ref _recorded);

    /// <inheritdoc/>
    public void ReportFailTrial(TrialSettings settings, Exception? exception = null) => Interlocked.Increment(ref _recorded);

    /// <inheritdoc/>
    public void ReportBestTrial(TrialResult result)
    {
    }
}

/// <summary>Holds every trial it is told about for a while before its fit starts, so a study lasts long enough to be interrupted.</summary>
public sealed class PausingMonitor(TimeSpan pause) : IMonitor
{
    /// <inheritdoc/>
    public void ReportRunningTrial(TrialSettings settings) => Thread.Sleep(pause);

    /// <inheritdoc/>
    public void ReportCompletedTrial(TrialResult result)
    {
    }

    /// <inheritdoc/>
    public void ReportFailTrial(TrialSettings settings, Exception? exception = null)
    {
    }

    /// <inheritdoc/>
    public void ReportBestTrial(TrialResult result)
    {
    }
}
