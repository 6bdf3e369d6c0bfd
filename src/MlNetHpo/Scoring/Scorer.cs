using Microsoft.ML;
using Microsoft.ML.Data;

namespace MlNetHpo.Scoring;

/// <summary>A binary model that counts its decisions on rows itself, as ML.NET's evaluator would count its predictions.</summary>
internal interface IConfusionCounter
{
    /// <summary>The confusion counts of the model's decisions (Score &gt; 0) against <paramref name="labelColumnName"/>, or null when it cannot count them (then its predictions are scored).</summary>
    ConfusionCounts? Count(IDataView data, string labelColumnName);
}

/// <summary>
/// Scores a model's predictions on held-out rows: one evaluator call per fold gives every requested
/// metric of the task. The first metric ranks the candidates and picks the one to refit.
/// </summary>
internal sealed class Scorer
{
    private readonly Func<IDataView, object> _evaluate;

    /// <summary>Creates a scorer for <paramref name="task"/>.</summary>
    /// <param name="task">The task, which picks ML.NET's evaluator.</param>
    /// <param name="metrics">The metrics to compute; the first ranks candidates. Each must belong to <paramref name="task"/>.</param>
    /// <param name="labelColumnName">The label column the predictions are scored against.</param>
    /// <exception cref="ArgumentException">No metric, a repeated metric, or a metric of another task.</exception>
    internal Scorer(SearchTask task, IEnumerable<Metric> metrics, string labelColumnName = "Label")
    {
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentException.ThrowIfNullOrEmpty(labelColumnName);
        Metrics = metrics.ToArray();
        if (Metrics.Count == 0)
        {
            throw new ArgumentException("A search needs at least one metric.", nameof(metrics));
        }

        foreach (var metric in Metrics)
        {
            if (metric is null || metric.Task != task)
            {
                throw new ArgumentException(
                    $"The metric {metric?.Name ?? "null"} is a {(metric is null ? "missing" : Metric.Describe(metric.Task))} metric; this is a {Metric.Describe(task)} search. " +
                    $"Valid metrics: {string.Join(", ", Metric.All(task).Select(m => m.Name))}.",
                    nameof(metrics));
            }
        }

        if (Metrics.Select(m => m.Name).Distinct().Count() != Metrics.Count)
        {
            throw new ArgumentException("A metric is listed twice.", nameof(metrics));
        }

        (Task, LabelColumnName) = (task, labelColumnName);
        // One context per thread: trials are scored in parallel.
        var contexts = new ThreadLocal<MLContext>(() => new MLContext());
        _evaluate = task switch
        {
            // Uncalibrated models (no Probability column) still get every metric but the log-losses.
            SearchTask.BinaryClassification => p => p.Schema.GetColumnOrNull("Probability") is null
                ? contexts.Value!.BinaryClassification.EvaluateNonCalibrated(p, labelColumnName)
                : contexts.Value!.BinaryClassification.Evaluate(p, labelColumnName),
            SearchTask.MulticlassClassification => p => contexts.Value!.MulticlassClassification.Evaluate(p, labelColumnName),
            _ => p => contexts.Value!.Regression.Evaluate(p, labelColumnName),
        };
    }

    /// <summary>The task.</summary>
    public SearchTask Task { get; }

    /// <summary>
    /// The confusion matrix as ML.NET's evaluator counts it by default (a row is predicted positive when its raw Score is
    /// above 0, whatever PredictedLabel says), or null when the label is not Boolean or there is no Single Score column.
    /// </summary>
    private ConfusionCounts? Count(IDataView predictions)
    {
        var label = predictions.Schema.GetColumnOrNull(LabelColumnName);
        var score = predictions.Schema.GetColumnOrNull("Score");
        if (label?.Type is not BooleanDataViewType || score?.Type != NumberDataViewType.Single)
        {
            return null;
        }

        var (tp, fp, tn, fn) = (0L, 0L, 0L, 0L);
        // A cursor set of one, read on this thread: GetRowCursor over a transform's output splits the pipeline into parallel
        // cursors (ML.NET: at least two threads plus a consolidating one, whatever the core count), which for a fold's
        // predictions costs more than the scoring and steals the cores the search's other workers use. Counting does not
        // depend on row order, so any cursors the view returns are read one after the other.
        var cursors = predictions.GetRowCursorSet([label.Value, score.Value], 1);
        try
        {
            foreach (var cursor in cursors)
            {
                var getLabel = cursor.GetGetter<bool>(label.Value);
                var getScore = cursor.GetGetter<float>(score.Value);
                var truth = false;
                var value = 0f;
                while (cursor.MoveNext())
                {
                    getLabel(ref truth);
                    getScore(ref value);
                    if (float.IsNaN(value))
                    {
                        return null; // the evaluator skips such rows: let it count
                    }

                    _ = (truth, value > 0) switch
                    {
                        (true, true) => tp++,
                        (false, true) => fp++,
                        (false, false) => tn++,
                        _ => fn++,
                    };
                }
            }
        }
        finally
        {
            foreach (var cursor in cursors)
            {
                cursor.Dispose();
            }
        }

        return new ConfusionCounts(tp, fp, tn, fn);
    }

    /// <summary>The metrics computed for every fold; the first ranks the candidates.</summary>
    public IReadOnlyList<Metric> Metrics { get; }

    /// <summary>The metric that ranks candidates and chooses the one to refit.</summary>
    public Metric Primary => Metrics[0];

    /// <summary>The label column the predictions are scored against (and classification folds are stratified on).</summary>
    public string LabelColumnName { get; }

    /// <summary>True for classification tasks (which are split with stratified folds by default).</summary>
    public bool IsClassification => Task != SearchTask.Regression;

    /// <summary>
    /// Scores <paramref name="model"/> on <paramref name="data"/>: one value per metric, in the order of <see cref="Metrics"/>.
    /// A model that counts its own decisions (<see cref="IConfusionCounter"/>) is asked first, so a search's many fits on one
    /// fold do not each pay an ML.NET prediction pipeline; otherwise the model's predictions are scored.
    /// </summary>
    public double[] Score(ITransformer model, IDataView data)
    {
        if (Task == SearchTask.BinaryClassification && model is IConfusionCounter counter && Metrics.All(m => m.FromCounts != null)
            && counter.Count(data, LabelColumnName) is { } counts)
        {
            return [.. Metrics.Select(m => m.FromCounts!(counts))];
        }

        return Score(model.Transform(data));
    }

    /// <summary>Scores <paramref name="predictions"/>: one value per metric, in the order of <see cref="Metrics"/>.</summary>
    public double[] Score(IDataView predictions)
    {
        ArgumentNullException.ThrowIfNull(predictions);
        if (Task == SearchTask.BinaryClassification && Metrics.All(m => m.FromCounts != null) && Count(predictions) is { } counts)
        {
            return [.. Metrics.Select(m => m.FromCounts!(counts))];
        }

        var evaluated = _evaluate(predictions);
        return [.. Metrics.Select(m => m.Pick(evaluated))];
    }
}
