using System.Collections.Concurrent;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetHpo.AutoML;
using MlNetHpo.Experiments;
using MlNetHpo.Sweeping;
using MlNetHpo.Trainers;

namespace MlNetHpo.Tests.Experiments;

public class RefitAheadTests
{
    private const int Rows = 1000;
    private const double Weak = 1e-4; // so regularized that it predicts the majority class: never the best
    private const double Strong = 1.0;
    private static readonly MLContext Ml = new(0);
    private static readonly IDataView Data = Ml.Data.Cache(Ml.Data.LoadFromEnumerable(Points()));

    [Fact]
    public void TheWorkerLeftWithoutUnitsFitsTheLeaderOnAllTheDataAndThatFitIsTheRefit()
    {
        var fits = new Recorder();

        var result = Search(fits, workers: 1).Fit(Data);

        // One worker: it is left without units once every trial is in, so its leader is the best. The refit is its fit,
        // made on a task of its own rather than on the thread that called Fit, and no second fit follows.
        var full = Assert.Single(fits.Calls, c => c.Rows == Rows);
        Assert.Equal(Strong, full.C);
        Assert.NotEqual(Environment.CurrentManagedThreadId, full.Thread);
        Assert.Equal(Strong, result.BestParameters["C"].AsType<double>());
        Assert.Equal(DirectScores(Strong), result.Model!.Transform(Data).GetColumn<float>("Score"));
        Assert.NotNull(result.RefitTime);
        Assert.Null(Search(new Recorder(), workers: 1, refit: false).Fit(Data).RefitTime); // nothing refitted, no refit time
    }

    [SkippableFact]
    public void WhenAnotherCandidateOvertakesTheLeaderTheBestIsRefittedAndItsModelReturned()
    {
        // One worker per core: a one-core machine runs a single worker, which would hold the fold itself.
        Skip.If(Environment.ProcessorCount < 2, "needs two cores for two workers");
        // The strong candidate's last fold waits until the refit of the weak one (then the only finished trial) has started.
        var fits = new Recorder { HoldLastFoldOf = Strong };

        var result = Search(fits, workers: 2).Fit(Data);

        Assert.Equal(new[] { Weak, Strong }, fits.Calls.Where(c => c.Rows == Rows).Select(c => c.C));
        Assert.Equal(Strong, result.BestParameters["C"].AsType<double>());
        Assert.Equal(DirectScores(Strong), result.Model!.Transform(Data).GetColumn<float>("Score"));
    }

    [SkippableFact]
    public void ACancelledSearchReturnsOnlyOnceItsEarlyRefitHasStopped()
    {
        Skip.If(Environment.ProcessorCount < 2, "needs two cores for two workers");
        // As above, the strong candidate's last fold waits for the early refit of the weak one; that fit cancels the search
        // and runs on until its own context is cancelled, which the search does as it ends.
        using var cancel = new CancellationTokenSource();
        var fits = new Recorder { HoldLastFoldOf = Strong, OnFullFit = cancel.Cancel };

        var result = Search(fits, workers: 2).Fit(Data, cancel.Token);

        Assert.Equal(StopReason.Cancelled, result.StopReason);
        Assert.Null(result.Model);
        Assert.Equal(new[] { Weak }, fits.Calls.Where(c => c.Rows == Rows).Select(c => c.C));
        Assert.Equal(1, fits.FullFitsStoppedByTheirContext); // it stopped through its context, before Fit returned
    }

    private static CrossValidatedSearch Search(Recorder fits, int workers, bool refit = true) => Ml.BinaryClassification.Search(
        Ml.Transforms.Concatenate("Features", "A", "B"),
        SweepableEstimator.FromOptions((MLContext c, LogisticRegressionOptions o) => new RecordingTrainer(c, o, fits)),
        new GridSearchTuner(new ParameterGrid { ["C"] = [Weak, Strong] }),
        folds: 5,
        options: new SearchOptions { MaxDegreeOfParallelism = workers, Refit = refit });

    private static IEnumerable<float> DirectScores(double c)
    {
        var features = Ml.Transforms.Concatenate("Features", "A", "B").Fit(Data).Transform(Data);
        return new LogisticRegressionTrainer(new LogisticRegressionOptions { C = c }).FitModel(features).Transform(features).GetColumn<float>("Score");
    }

    private static IEnumerable<Point> Points()
    {
        var random = new Random(3);
        for (var i = 0; i < Rows; i++)
        {
            var (a, b) = ((float)random.NextDouble(), (float)random.NextDouble());
            yield return new Point { A = a, B = b, Label = a - b + (0.3 * (random.NextDouble() - 0.5)) > 0.2 };
        }
    }

    private sealed class Point
    {
        public float A { get; set; }

        public float B { get; set; }

        public bool Label { get; set; }
    }

    /// <summary>Every fit's C, rows and thread; optionally holds the fifth fold fit of one C until a fit on all rows starts, and makes a fit on all rows run until its context is cancelled.</summary>
    private sealed class Recorder
    {
        private readonly ConcurrentQueue<(double C, long Rows, int Thread)> _calls = new();
        private readonly ManualResetEventSlim _fullFitStarted = new();
        private int _foldFitsHeld;

        private int _fullFitsStopped;

        public double? HoldLastFoldOf { get; init; }

        /// <summary>When set, run by a fit on all the rows, which then lasts until its context is cancelled.</summary>
        public Action? OnFullFit { get; init; }

        public int FullFitsStoppedByTheirContext => Volatile.Read(ref _fullFitsStopped);

        public IEnumerable<(double C, long Rows, int Thread)> Calls => _calls;

        public void Fitting(double c, IDataView input, MLContext context)
        {
            var rows = input.GetRowCount() ?? -1;
            _calls.Enqueue((c, rows, Environment.CurrentManagedThreadId));
            if (rows == Rows)
            {
                _fullFitStarted.Set();
                if (OnFullFit is { } onFullFit)
                {
                    onFullFit();
                    WaitForCancellation(context, input);
                }
            }
            else if (c == HoldLastFoldOf && Interlocked.Increment(ref _foldFitsHeld) == 5 && !_fullFitStarted.Wait(TimeSpan.FromMinutes(2)))
            {
                throw new TimeoutException("No fit on all the rows started while the last fold of the leader-to-be ran.");
            }
        }

        // A fit that runs until its context is cancelled, as a long fit of ours would, checking it between iterations.
        private void WaitForCancellation(MLContext context, IDataView input)
        {
            var cancellation = FitCancellation.Of(context.BinaryClassification.Trainers);
            var spin = new SpinWait();
            var guard = System.Diagnostics.Stopwatch.StartNew();
            while (!cancellation.IsRequested)
            {
                if (guard.Elapsed > TimeSpan.FromMinutes(2))
                {
                    throw new TimeoutException("The search ended without cancelling the early refit's context.");
                }

                spin.SpinOnce();
            }

            // The work a fit still does after the check (here a whole fit, a millisecond or so): the search must wait for it.
            _ = new LogisticRegressionTrainer(new LogisticRegressionOptions()).FitModel(input);
            Interlocked.Increment(ref _fullFitsStopped);
            cancellation.ThrowIfRequested();
        }
    }

    private sealed class RecordingTrainer(MLContext context, LogisticRegressionOptions options, Recorder recorder) : IEstimator<ITransformer>
    {
        public ITransformer Fit(IDataView input)
        {
            recorder.Fitting(options.C, input, context);
            return new LogisticRegressionTrainer(options).FitModel(input);
        }

        public SchemaShape GetOutputSchema(SchemaShape inputSchema) => new LogisticRegressionTrainer(options).GetOutputSchema(inputSchema);
    }
}
