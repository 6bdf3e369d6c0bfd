using System.Diagnostics;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetHpo.Scoring;
using MlNetHpo.SearchSpaces;
using MlNetHpo.Sweeping;
using MlNetHpo.Tuners;
using MlNetHpo.Validation;

namespace MlNetHpo.Experiments;

/// <summary>
/// A cross-validated hyperparameter search with scikit-learn's semantics, for any ML.NET estimator:
/// the tuner proposes candidates; each is trained and scored on every fold (candidate is the outer
/// loop); failed fits score NaN and rank last; candidates are ranked (ties share the lowest rank) and
/// the first rank-1 candidate is refitted on all the data. The fixed part of the pipeline (the
/// featurizer) is fitted once per fold and its output cached, so candidates only train what changes.
/// A search is an estimator: <see cref="Fit"/> returns a <see cref="SearchResult"/>, itself a transformer.
/// </summary>
public sealed class CrossValidatedSearch : IEstimator<SearchResult>
{
    private readonly IEstimator<ITransformer>? _featurizer;
    private readonly SweepableEstimator _trainer;
    private readonly ITuner _tuner;
    private readonly Scorer _scorer;
    private readonly Folds _folds;
    private readonly SearchOptions _options;

    /// <summary>Creates a search.</summary>
    /// <param name="featurizer">The part of the pipeline no hyperparameter touches; null for none.</param>
    /// <param name="trainer">The estimator built from each candidate's parameters.</param>
    /// <param name="tuner">Where candidates come from (grid, random, or your own).</param>
    /// <param name="scorer">The metric, its direction and the label column.</param>
    /// <param name="folds">How the data is split; an integer gives the task's default k-fold.</param>
    /// <param name="options">Failure policy, refit and seed.</param>
    public CrossValidatedSearch(
        IEstimator<ITransformer>? featurizer,
        SweepableEstimator trainer,
        ITuner tuner,
        Scorer scorer,
        Folds folds,
        SearchOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(trainer);
        ArgumentNullException.ThrowIfNull(tuner);
        ArgumentNullException.ThrowIfNull(scorer);
        ArgumentNullException.ThrowIfNull(folds);
        (_featurizer, _trainer, _tuner, _scorer) = (featurizer, trainer, tuner, scorer);
        _folds = folds.ForTask(scorer.IsClassification);
        _options = options ?? new SearchOptions();
    }

    /// <summary>Runs the search on <paramref name="input"/>.</summary>
    /// <exception cref="SearchFailedException">Every candidate failed (the message groups the errors), or a fit failed and failures are fatal.</exception>
    public SearchResult Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var clock = Stopwatch.StartNew();
        var context = new MLContext(_options.Seed);
        var data = context.Data.Cache(input);
        var rows = DataViewReader.CountRows(data);
        if (rows == 0)
        {
            throw new ArgumentException("The data has no rows.", nameof(input));
        }

        var folds = _folds.Split(data, _scorer.LabelColumnName);
        var prepared = new Lazy<(IDataView Train, IDataView Test)>[folds.Count];
        for (var f = 0; f < folds.Count; f++)
        {
            var fold = folds[f];
            prepared[f] = new(() =>
            {
                var (_, train, test) = Prepare(context, new RowSubsetDataView(data, fold.TrainIndices, rows), new RowSubsetDataView(data, fold.TestIndices, rows));
                return (train, test!);
            });
        }

        var warnings = new List<string>(_tuner.Warnings);
        var candidates = new List<CandidateResult>();
        for (var id = 0; ; id++)
        {
            var parameter = _tuner.Propose(new TrialSettings { TrialId = id });
            if (parameter is null)
            {
                break;
            }

            var candidate = Evaluate(id, parameter, prepared);
            candidates.Add(candidate);
            _tuner.Update(new TrialResult
            {
                TrialSettings = new TrialSettings { TrialId = id, Parameter = parameter },
                Metric = candidate.MeanScore,
                Loss = _scorer.Primary.HigherIsBetter ? -candidate.MeanScore : candidate.MeanScore,
                SplitScores = candidate.SplitScores,
                Error = candidate.Error,
                Duration = TimeSpan.FromSeconds((candidate.MeanFitTime + candidate.MeanScoreTime) * folds.Count),
            });
        }

        if (candidates.Count == 0)
        {
            throw new InvalidOperationException("The tuner proposed no candidate.");
        }

        for (var m = 0; m < _scorer.Metrics.Count; m++)
        {
            Ranking.Assign([.. candidates.Select(c => c.Scores[m])], _scorer.Metrics[m].HigherIsBetter);
        }

        var interim = new SearchResult(_scorer.Metrics, folds.Count, candidates, null, warnings, clock.Elapsed);
        if (interim.Best is null)
        {
            throw new SearchFailedException($"All the {candidates.Count * folds.Count} fits failed. It is very likely that the estimator is misconfigured.\n{interim.FailureSummary}");
        }

        ITransformer? model = null;
        if (_options.Refit)
        {
            var (featurizer, all, _) = Prepare(context, data, null);
            var fitted = _trainer.BuildFromParameter(new MLContext(_options.Seed), interim.BestParameters).Fit(all);
            model = featurizer is null ? fitted : new TransformerChain<ITransformer>(featurizer, fitted);
        }

        return new SearchResult(_scorer.Metrics, folds.Count, candidates, model, warnings, clock.Elapsed);
    }

    /// <summary>The schema the refitted model will produce, from the first candidate's estimator.</summary>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        var parameter = _tuner.Propose(new TrialSettings { TrialId = 0 }) ?? Parameter.Empty;
        var shape = _featurizer?.GetOutputSchema(inputSchema) ?? inputSchema;
        return _trainer.BuildFromParameter(new MLContext(_options.Seed), parameter).GetOutputSchema(shape);
    }

    /// <summary>Fits the featurizer on the train part and caches its output for both parts.</summary>
    private (ITransformer? Featurizer, IDataView Train, IDataView? Test) Prepare(MLContext context, IDataView train, IDataView? test)
    {
        var featurizer = _featurizer?.Fit(train);
        IDataView Featurize(IDataView view) => context.Data.Cache(featurizer?.Transform(view) ?? view);
        return (featurizer, Featurize(train), test is null ? null : Featurize(test));
    }

    private CandidateResult Evaluate(int id, Parameter parameter, Lazy<(IDataView Train, IDataView Test)>[] prepared)
    {
        var k = prepared.Length;
        var metrics = _scorer.Metrics.Count;
        var scores = new double[metrics][];
        for (var m = 0; m < metrics; m++)
        {
            scores[m] = new double[k];
        }

        var (fitTimes, scoreTimes) = (new double[k], new double[k]);
        string? error = null;
        for (var f = 0; f < k; f++)
        {
            var clock = Stopwatch.StartNew();
            try
            {
                // A fresh estimator and context per fit: any randomness depends on the seed, not on fit order.
                var estimator = _trainer.BuildFromParameter(new MLContext(_options.Seed), parameter);
                var (train, test) = prepared[f].Value;
                var model = estimator.Fit(train);
                fitTimes[f] = clock.Elapsed.TotalSeconds;
                clock.Restart();
                var values = _scorer.Score(model.Transform(test));
                scoreTimes[f] = clock.Elapsed.TotalSeconds;
                for (var m = 0; m < metrics; m++)
                {
                    scores[m][f] = values[m];
                }
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                if (_options.FailuresAreFatal)
                {
                    throw new SearchFailedException($"Candidate {id} {parameter} failed on fold {f}: {e.Message}", e);
                }

                for (var m = 0; m < metrics; m++)
                {
                    scores[m][f] = double.NaN;
                }

                fitTimes[f] = clock.Elapsed.TotalSeconds;
                error ??= Describe(e);
            }
        }

        return new CandidateResult
        {
            Index = id,
            Parameters = parameter,
            Scores = [.. _scorer.Metrics.Select((metric, m) => new MetricScores { Metric = metric.Name, SplitScores = scores[m] })],
            FitTimes = fitTimes,
            ScoreTimes = scoreTimes,
            Error = error,
        };
    }

    // ML.NET wraps errors raised inside its pipelines: report the innermost, which names the cause.
    private static string Describe(Exception e)
    {
        while (e.InnerException != null && e is System.Reflection.TargetInvocationException or AggregateException)
        {
            e = e.InnerException;
        }

        return $"{e.GetType().Name}: {e.Message}";
    }
}
