using System.Diagnostics;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetHpo.Experiments;
using MlNetHpo.Sweeping;
using MlNetHpo.Trainers;
using MlNetHpo.AutoML;

namespace MlNetHpo.Compare;

/// <summary>
/// Where the time of a whole search goes, measured from outside the engine: the trainer is wrapped so every fit is split
/// into data extraction and solver (the ML.NET model is built on first use, which a search's folds never make); the engine's own per-candidate fit and score times give the
/// scoring share (our LogisticRegression counts its own decisions; other models Transform plus the metric); the remainder is the engine (folds, featurizer fits and caches,
/// binding, refit, ranking). Then one typical fold's scoring is split into Transform-only and Evaluate.
/// </summary>
internal static class Profiler
{
    /// <summary>Profiles one search; at one worker by default, since the fit timings are summed without locking.</summary>
    public static void Run(MLContext ml, IDataView data, IEstimator<ITransformer> featurizer, ITuner tuner, int workers = 1)
    {
        var stats = new FitStats();
        var trainer = SweepableEstimator.FromOptions((LogisticRegressionOptions o) => new TimedTrainer(new LogisticRegressionTrainer(o), stats));
        var clock = Stopwatch.StartNew();
        var result = ml.BinaryClassification.Search(featurizer, trainer, tuner, folds: 5, options: new SearchOptions { MaxDegreeOfParallelism = workers }).Fit(data);
        var total = clock.Elapsed.TotalSeconds;
        var k = result.NumberOfFolds;
        // Candidates that train the same model (IModelKey) share one fit and one scoring per fold and report the same
        // timings: count each distinct (fit, score) timing once, so the shares add up to the search.
        var distinct = result.Candidates.Where(c => !c.Failed).DistinctBy(c => (c.MeanFitTime, c.MeanScoreTime)).ToList();
        var failed = result.Candidates.Where(c => c.Failed).Sum(c => c.MeanFitTime * k);
        var engineFit = distinct.Sum(c => c.MeanFitTime * k) + failed;
        var engineScore = distinct.Sum(c => c.MeanScoreTime * k);

        Console.WriteLine($"search at {workers} worker(s): {result.Candidates.Count} candidates x {k} folds ({result.FailedCount} failed, {distinct.Count} distinct models), {total:F3} s in all (incl. refit)");
        Row("successful LogisticRegression fits", stats.Fit, total, $"{stats.Count} fits, {1000 * stats.Fit / Math.Max(stats.Count, 1):F3} ms each");
        Row("  data extraction (IDataView to double[])", stats.Fit - stats.Solver, total, "Fit minus solver (the ML.NET model is built on first use: never in a search's folds)");
        Row("  solver", stats.Solver, total, $"{1000 * stats.Solver / Math.Max(stats.Count, 1):F3} ms each");
        Row("failed fits (validation throws)", failed, total, "engine fit time of failed candidates");
        Row("engine fit time minus the above", engineFit - failed - stats.Fit, total, "building the estimator from the parameter (binding, MLContext), refit excluded");
        Row("scoring: the model's own counts, else Transform + metric", engineScore, total, $"{1000 * engineScore / Math.Max(distinct.Count * k, 1):F3} ms per fold");
        Row("rest: folds, featurizer fit + cache per fold, refit, ranking", total - engineFit - engineScore, total, "");

        // One fold's scoring, split: Transform and read the predictions ourselves vs ML.NET's Evaluate.
        var fitted = featurizer.Fit(data);
        var featurized = ml.Data.Cache(fitted.Transform(data));
        var model = new LogisticRegressionTrainer(new LogisticRegressionOptions()).FitModel(featurized);
        var test = featurized;
        var evaluate = Median(200, () => ml.BinaryClassification.Evaluate(model.Transform(test)).Accuracy);
        var manual = Median(200, () =>
        {
            var scored = model.Transform(test);
            var correct = 0;
            var n = 0;
            using var cursor = scored.GetRowCursor(scored.Schema.Where(c => c.Name is "Label" or "PredictedLabel"));
            var label = cursor.GetGetter<bool>(scored.Schema["Label"]);
            var predicted = cursor.GetGetter<bool>(scored.Schema["PredictedLabel"]);
            bool y = false, p = false;
            while (cursor.MoveNext())
            {
                label(ref y);
                predicted(ref p);
                correct += y == p ? 1 : 0;
                n++;
            }

            return (double)correct / n;
        });
        var fitOnly = Median(200, () => new LogisticRegressionTrainer(new LogisticRegressionOptions()).FitModel(featurized).Iterations);
        Console.WriteLine($"scoring all {data.GetRowCount()} rows once: Transform + Evaluate {evaluate:F3} ms; Transform + reading PredictedLabel with a cursor {manual:F3} ms (medians of 200)");
        Console.WriteLine($"one default fit on all rows: {fitOnly:F3} ms (median of 200)");
    }

    private static void Row(string what, double seconds, double total, string note) =>
        Console.WriteLine($"  {what,-62} {seconds,8:F3} s {100 * seconds / total,5:F1} %  {note}");

    private static double Median(int runs, Func<double> action)
    {
        var times = new double[runs];
        for (var i = 0; i < runs; i++)
        {
            var clock = Stopwatch.StartNew();
            _ = action();
            times[i] = clock.Elapsed.TotalMilliseconds;
        }

        Array.Sort(times);
        return times[runs / 2];
    }

    private sealed class FitStats
    {
        public int Count;
        public double Fit;
        public double Solver;
    }

    /// <summary>Our trainer, timed.</summary>
    private sealed class TimedTrainer(LogisticRegressionTrainer inner, FitStats stats) : IEstimator<ITransformer>
    {
        public ITransformer Fit(IDataView input)
        {
            var clock = Stopwatch.StartNew();
            var model = inner.FitModel(input);
            stats.Fit += clock.Elapsed.TotalSeconds;
            stats.Solver += model.SolverTime.TotalSeconds;
            stats.Count++;
            return model;
        }

        public SchemaShape GetOutputSchema(SchemaShape inputSchema) => inner.GetOutputSchema(inputSchema);
    }
}
