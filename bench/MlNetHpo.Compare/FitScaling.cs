using System.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetHpo.Trainers;

namespace MlNetHpo.Compare;

/// <summary>
/// How one fit slows down when others run beside it, with the engine out of the picture: the workload's data featurized
/// once and split into 5 cached training views (as a search's folds), then T threads released together, each fitting the
/// same LogisticRegression on view (thread mod 5) again and again for two seconds. If the median fit at T threads is s times the one at 1, no
/// scheduling can make a search over such fits more than T / s times faster than at one worker on this machine.
/// </summary>
internal static class FitScaling
{
    private const int Folds = 5;
    /// <summary>Each thread count runs this long: every thread fits until then, so the count stays the same throughout.</summary>
    private static readonly TimeSpan Round = TimeSpan.FromSeconds(2);

    public static JsonObject Run(MLContext ml, IDataView data, IEstimator<ITransformer> featurizer, string workload, IReadOnlyList<int> threadCounts)
    {
        var featurized = featurizer.Fit(data).Transform(data);
        var views = ml.Data.CrossValidationSplit(featurized, Folds, seed: 0).Select(f => ml.Data.Cache(f.TrainSet)).ToArray();

        // The fit of the workload's best candidate: C=0.01, l2, liblinear (W3: l1 saga), dense Newton steps.
        var options = workload == "W3"
            ? new LogisticRegressionOptions { C = 0.01, Penalty = Penalty.L1, Solver = Solver.Saga }
            : new LogisticRegressionOptions { C = 0.01, Penalty = Penalty.L2, Solver = Solver.Liblinear };
        double Fit(int view)
        {
            var clock = Stopwatch.StartNew();
            _ = ml.BinaryClassification.Trainers.LogisticRegression(options).Fit(views[view]);
            return clock.Elapsed.TotalSeconds;
        }

        // The median fit while `threads` threads fit side by side for one round.
        double Median(int threads)
        {
            var seconds = new List<double>[threads];
            using var start = new Barrier(threads);
            var workers = Enumerable.Range(0, threads).Select(t => new Thread(() =>
            {
                seconds[t] = [];
                start.SignalAndWait();
                var round = Stopwatch.StartNew();
                while (round.Elapsed < Round)
                {
                    seconds[t].Add(Fit(t % Folds));
                }
            })).ToList();
            workers.ForEach(w => w.Start());
            workers.ForEach(w => w.Join());
            var all = seconds.SelectMany(s => s).Order().ToArray();
            return all[all.Length / 2];
        }

        // A discarded first round reads each view into the solver's rows once (cached per view) and runs long enough for the
        // JIT's optimized tier: the first seconds of a process run slower code.
        Median(Folds);

        var medians = new JsonArray();
        var slowdowns = new JsonArray();
        double? alone = null;
        foreach (var threads in threadCounts)
        {
            var median = Median(threads);
            alone ??= median;
            medians.Add(Math.Round(median, 4));
            slowdowns.Add(Math.Round(median / alone.Value, 3));
        }

        return new JsonObject
        {
            ["side"] = "ours",
            ["mode"] = "fit_scaling",
            ["workload"] = workload,
            ["rows"] = data.GetColumn<bool>("Label").Count(),
            ["threads"] = new JsonArray([.. threadCounts.Select(t => (JsonNode)t)]),
            ["median_fit_seconds"] = medians,
            ["slowdown"] = slowdowns,
            ["processor_count"] = Environment.ProcessorCount,
        };
    }
}
