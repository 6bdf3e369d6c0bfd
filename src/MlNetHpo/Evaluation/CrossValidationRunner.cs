using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.ML;
using MlNetHpo.Experiments;
using MlNetHpo.Scoring;
using MlNetHpo.AutoML;
using MlNetHpo.Sweeping;
using MlNetHpo.Validation;

namespace MlNetHpo.Evaluation;

/// <summary>
/// The cross-validation runner: unit k fits the candidate on split k's train part and scores it on its test part.
/// Splits are prepared lazily (the featurizer fitted once per split, its output cached, or read once by this library's
/// trainers) and shared by every candidate.
/// Candidates whose <see cref="SweepableEstimator.ModelKey"/> is equal are one model (scikit-learn's lbfgs, newton-cg,
/// sag and saga are one here): the first evaluation of a (model, split) is shared by all of them.
/// A holdout is the same runner over one split (<see cref="HoldoutRunner"/>).
/// </summary>
internal sealed class CrossValidationRunner : IUnitTrialRunner, IUnitPreparation, ICoreBoundRunner
{
    private readonly int _seed;
    private readonly Lazy<(IDataView Train, IDataView Test)>[] _splits;
    private readonly SweepableEstimator _trainer;
    private readonly Scorer _scorer;
    private readonly bool _failuresAreFatal;
    private readonly bool _returnTrainScore;
    private readonly ConcurrentDictionary<(string Model, int Unit), Lazy<UnitResult>> _models = new();
    private readonly int[] _asked;

    public CrossValidationRunner(int seed, Lazy<(IDataView Train, IDataView Test)>[] splits, SweepableEstimator trainer, Scorer scorer, bool failuresAreFatal, string fingerprint, bool returnTrainScore = false)
    {
        (_seed, _splits, _trainer, _scorer, _failuresAreFatal, Fingerprint, _returnTrainScore) = (seed, splits, trainer, scorer, failuresAreFatal, fingerprint, returnTrainScore);
        _asked = new int[splits.Length];
    }

    public IReadOnlyList<Metric> Metrics => _scorer.Metrics;

    public int UnitCount => _splits.Length;

    public string Fingerprint { get; }

    /// <summary>Split <paramref name="unit"/> was asked for and is not made yet: its featurizer is being fitted.</summary>
    public bool IsBeingPrepared(int unit) => Volatile.Read(ref _asked[unit]) == 1 && !_splits[unit].IsValueCreated;

    public UnitResult Run(TrialSettings trial, int unit, CancellationToken cancellationToken)
    {
        var parameter = trial.Parameter;
        if (_trainer.ModelKey(parameter) is not { } key)
        {
            return Evaluate(trial.TrialId, parameter, unit, cancellationToken);
        }

        while (true)
        {
            var shared = _models.GetOrAdd((key, unit), _ => new Lazy<UnitResult>(() => Evaluate(trial.TrialId, parameter, unit, cancellationToken)));
            try
            {
                return shared.Value;
            }
            catch (OperationCanceledException)
            {
                _models.TryRemove(new KeyValuePair<(string, int), Lazy<UnitResult>>((key, unit), shared)); // not evaluated: the next one tries again
                if (cancellationToken.IsCancellationRequested)
                {
                    throw;
                }

                // Another trial's evaluation, cancelled by that trial's performance monitor: evaluate again under this one's token.
            }
        }
    }

    private UnitResult Evaluate(int id, Parameter parameter, int unit, CancellationToken token)
    {
        token.ThrowIfCancellationRequested();
        var clock = Stopwatch.StartNew();
        try
        {
            // A fresh estimator and context per fit: any randomness depends on the seed, not on fit order,
            // and cancelling the search can stop ML.NET's trainers through their context.
            var context = new MLContext(_seed);
            using var stop = token.Register(() => MlContextCancellation.Cancel(context));
            var estimator = _trainer.BuildFromOption(context, parameter);
            Volatile.Write(ref _asked[unit], 1);
            var (train, test) = _splits[unit].Value;
            var model = estimator.Fit(train);
            var fit = clock.Elapsed.TotalSeconds;
            clock.Restart();
            var values = _scorer.Score(model, test);
            var score = clock.Elapsed.TotalSeconds;
            return new UnitResult
            {
                Scores = values,
                TrainScores = _returnTrainScore ? _scorer.Score(model, train) : null,
                Warnings = [.. WarningsOf(model).Distinct()],
                FitSeconds = fit,
                ScoreSeconds = score,
            };
        }
        catch (Exception e) when (token.IsCancellationRequested)
        {
            throw new OperationCanceledException("The search was cancelled during a fit.", e, token);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            if (_failuresAreFatal)
            {
                throw new SearchFailedException($"Candidate {id} {parameter} failed on fold {unit}: {e.Message}", e);
            }

            double[] failed = [.. _scorer.Metrics.Select(_ => double.NaN)];
            return new UnitResult { Scores = failed, TrainScores = _returnTrainScore ? failed : null, FitSeconds = clock.Elapsed.TotalSeconds, Error = Describe(e), Exception = e };
        }
    }

    // The warnings of a fitted model, or of every transformer of a fitted chain (a trainer may end a pipeline).
    private static IEnumerable<string> WarningsOf(ITransformer model) => model switch
    {
        Trainers.ITrainingWarnings reported => reported.Warnings,
        IEnumerable<ITransformer> chain => chain.SelectMany(WarningsOf),
        _ => [],
    };

    // ML.NET wraps errors raised inside its pipelines: report the innermost, which names the cause.
    private static string Describe(Exception e)
    {
        while (e.InnerException != null && e is System.Reflection.TargetInvocationException or AggregateException)
        {
            e = e.InnerException;
        }

        return $"{e.GetType().Name}: {e.Message}";
    }

    /// <summary>
    /// Splits whose featurized train and test parts are made on first use, once, then cached. With
    /// <paramref name="readRowsOnce"/>, this library's trainers read the featurized rows once on their own thread instead,
    /// and only other trainers fill the cache (<see cref="FoldPartView"/>): for searches with a worker on every core, where
    /// ML.NET's thread per core for a read only contends with the other workers. With cores to spare, ML.NET's parallel read
    /// into the cache used them: W5's text folds at 1 worker on 2 cores took 0.97 s that way and 1.08 s read on one thread
    /// (bench/results/scaling-2core-fold-reads.md).
    /// </summary>
    public static Lazy<(IDataView Train, IDataView Test)>[] Prepare(
        MLContext context, IEstimator<ITransformer>? featurizer, IEnumerable<(IDataView Train, IDataView Test)> splits, bool readRowsOnce = false) =>
        [.. splits.Select(split => new Lazy<(IDataView Train, IDataView Test)>(() =>
        {
            var fitted = featurizer?.Fit(split.Train);
            IDataView Featurize(IDataView view)
            {
                var rows = fitted?.Transform(view) ?? view;
                var cache = context.Data.Cache(rows);
                return readRowsOnce ? new FoldPartView(rows, cache) : cache;
            }

            return (Featurize(split.Train), Featurize(split.Test));
        }))];
}
