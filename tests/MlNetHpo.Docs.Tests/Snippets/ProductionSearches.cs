using Microsoft.Extensions.Logging;
using Microsoft.ML;
using MlNetHpo.Experiments;
using MlNetHpo.Scoring;
using MlNetHpo.AutoML;
using MlNetHpo.Storage;
using MlNetHpo.Trainers;

namespace MlNetHpo.Docs.Tests.Snippets;

/// <summary>README, "Production searches" (compiled, not run: it writes a study file and runs for up to 30 minutes).</summary>
internal static class ProductionSearches
{
    public static (StopReason Reason, TrialIdRanges NotRun) Run(
        MLContext ml, IEstimator<ITransformer> featurizer, ParameterGrid grid, IDataView trainData, ILoggerFactory loggerFactory, IMonitor myMonitor, CancellationToken cancellationToken)
    {
        // <snippet:ProductionSearches>
        using var store = new SqliteTrialStore("titanic.study");            // package MlNetHpo.Sqlite: a study file, resumable, shareable between processes
        var options = new SearchOptions
        {
            MaxDegreeOfParallelism = 2,                // folds at once (default: all cores); results never depend on it
            MaxTrials = 100,                           // the first 100 candidates in the tuner's order
            TimeBudget = TimeSpan.FromMinutes(30),     // then no new trial starts; running ones are abandoned
            Progress = new ConsoleProgressMonitor(),   // [#####...........] 37/140 trials, 0:02 elapsed, ~0:03 left, best Accuracy 0.8587
            Logger = loggerFactory.CreateLogger("search"),
            Store = store,                              // every trial recorded as it finishes
            StudyName = "tutorial-grid",
        };
        options.Monitors.Add(myMonitor);               // IMonitor: running, completed, failed, new best (AutoML's names)
        options.AdditionalMetrics.Add(BinaryClassificationMetric.AreaUnderRocCurve);
        var search = ml.BinaryClassification.GridSearch(featurizer,
            (LogisticRegressionOptions o) => ml.BinaryClassification.Trainers.LogisticRegression(o), grid, options: options);
        var result = search.Fit(trainData, cancellationToken);
        StopReason reason = result.StopReason;          // Exhausted, TrialBudget, TimeBudget or Cancelled
        TrialIdRanges notRun = result.NotRun;           // the trial ids that were not evaluated, as ranges (a huge grid stays small)
        SearchResult.FromStudy(store, "tutorial-grid").SaveCsv("cv_results.csv");   // the table of a study on disk, at any time
        // </snippet:ProductionSearches>
        return (reason, notRun);
    }
}
