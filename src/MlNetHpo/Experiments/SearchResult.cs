using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetHpo.Scoring;
using MlNetHpo.AutoML;
using MlNetHpo.Storage;
using MlNetHpo.Sweeping;

namespace MlNetHpo.Experiments;

/// <summary>
/// What a search returns: the ranked per-candidate table, the best candidate and, when refitted, the best
/// model trained on all the data. The result is itself a transformer that delegates to that model, and
/// saving it with <c>mlContext.Model.Save</c> writes the standard ML.NET model (which loads back as such).
/// </summary>
public sealed class SearchResult : ITransformer
{
    internal SearchResult(
        IReadOnlyList<Metric> metrics,
        int folds,
        IReadOnlyList<CandidateResult> candidates,
        ITransformer? model,
        IReadOnlyList<string> warnings,
        TimeSpan elapsed)
    {
        Metrics = metrics;
        NumberOfFolds = folds;
        Candidates = candidates;
        Model = model;
        Warnings = warnings;
        Elapsed = elapsed;
        Best = Ranking.Best(candidates, metrics[0].HigherIsBetter);
        FailureSummary = FailureReport.Summarize(candidates);
    }

    /// <summary>The same table (ranks as computed once) with the refitted <paramref name="model"/>.</summary>
    internal SearchResult WithModel(ITransformer model, TimeSpan elapsed) =>
        new(Metrics, NumberOfFolds, Candidates, model, Warnings, elapsed)
        {
            StopReason = StopReason,
            NotRun = NotRun,
            StudyName = StudyName,
            StorePolls = StorePolls,
            Trainer = Trainer,
            RefitTime = elapsed - Elapsed,
        };

    /// <summary>Every metric scored; the first ranked the candidates and chose the one refitted.</summary>
    public IReadOnlyList<Metric> Metrics { get; }

    /// <summary>The metric candidates were ranked by.</summary>
    public Metric Metric => Metrics[0];

    /// <summary>Name of the metric candidates were ranked by.</summary>
    public string MetricName => Metric.Name;

    /// <summary>True when a larger value of the ranking metric is better.</summary>
    public bool HigherIsBetter => Metric.HigherIsBetter;

    /// <summary>Number of cross-validation folds.</summary>
    public int NumberOfFolds { get; }

    /// <summary>Every evaluated candidate, in evaluation order.</summary>
    public IReadOnlyList<CandidateResult> Candidates { get; }

    /// <summary>
    /// The best candidate: the first of rank 1 in evaluation order with a finite mean score; when no candidate has one (each
    /// failed on some fold) but a fit succeeded, the first candidate, as scikit-learn does; null when every fit failed.
    /// With successive halving (its <see cref="CandidateResult.Iteration"/> set), chosen the same way among the highest iteration
    /// with a finite mean only: the last one, as scikit-learn's halving search; ASHA's highest rung reached.
    /// </summary>
    public CandidateResult? Best { get; }

    /// <summary>Index of the best candidate, or -1.</summary>
    public int BestIndex => Best?.Index ?? -1;

    /// <summary>The best candidate's hyperparameters, typed as given in the space.</summary>
    public Parameter BestParameters => Best?.Parameters ?? throw new InvalidOperationException($"No candidate completed successfully (the search stopped: {StopReason}); there are no best parameters.");

    /// <summary>The best candidate's mean cross-validated score; NaN when no candidate has a finite mean.</summary>
    public double BestScore => Best?.MeanScore ?? double.NaN;

    /// <summary>The best candidate refitted on all the data; null when refitting was turned off.</summary>
    public ITransformer? Model { get; }

    /// <summary>Number of candidates with at least one failed fold.</summary>
    public int FailedCount => Candidates.Count(c => c.Failed);

    /// <summary>Identical errors grouped with their counts (scikit-learn's failure summary); null when nothing failed.</summary>
    public string? FailureSummary { get; }

    /// <summary>Warnings raised while setting up or running the search.</summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>Wall time of the whole search, refit included.</summary>
    public TimeSpan Elapsed { get; }

    /// <summary>
    /// How long the search waited for the refitted model once its trials were done: the refit's fit, or what was left of it
    /// when a worker without units had started it during the last trials (scikit-learn's <c>refit_time_</c> times the fit
    /// alone); null when nothing was refitted.
    /// </summary>
    public TimeSpan? RefitTime { get; private init; }

    /// <summary>Why the search stopped.</summary>
    public StopReason StopReason { get; init; } = StopReason.Exhausted;

    /// <summary>
    /// Trial ids of candidates the tuner would propose that were not evaluated (budgets, cancellation), as ranges; empty when
    /// complete or unknown.
    /// </summary>
    public TrialIdRanges NotRun { get; init; } = TrialIdRanges.Empty;

    /// <summary>How many times this run waited on the store's poll for trials held by other processes (for tests).</summary>
    internal int StorePolls { get; init; }

    /// <summary>The study the trials are stored under.</summary>
    public string StudyName { get; init; } = "default";

    /// <summary>
    /// The results table of a study in a store, without a model: for exporting or inspecting a study on disk while
    /// or after it runs. Parameters come back as stored in JSON (numbers, strings, booleans, null). A successive-halving or
    /// ASHA study has its iteration columns and the same best as the search's result.
    /// </summary>
    /// <exception cref="KeyNotFoundException">No such study.</exception>
    public static SearchResult FromStudy(ITrialStore store, string studyName)
    {
        ArgumentNullException.ThrowIfNull(store);
        var definition = store.GetDefinition(studyName) ?? throw new KeyNotFoundException($"No study named '{studyName}' in this store.");
        var json = System.Text.Json.Nodes.JsonNode.Parse(definition)!;
        var task = Enum.Parse<SearchTask>((string)json["task"]!);
        var metrics = json["metrics"]!.AsArray().Select(m => Metric.Parse(task, (string)m!)).ToArray();
        var names = metrics.Select(m => m.Name).ToArray();
        var candidates = store.LoadCompleted(studyName).Select(r => FromRecord(r, Parameter.FromJson(r.ParametersJson), names)).ToArray();
        TrialRunnerSearch.SetRungs(candidates, Halving.RungMap.FromJson(store.GetAttribute(studyName, Halving.RungMap.Attribute)));
        Ranking.AssignAll(candidates, metrics);

        var folds = candidates.Length == 0 ? 0 : candidates[0].SplitScores.Count;
        return new SearchResult(metrics, folds, candidates, null, [], TimeSpan.Zero) { StudyName = studyName };
    }

    /// <summary>
    /// A stored trial as a table row, scores in the order of <paramref name="metricNames"/>. In a trial with an error, the NaN
    /// folds are its failed fits: they score <paramref name="errorScore"/> (scikit-learn's <c>error_score</c>), test and train.
    /// </summary>
    internal static CandidateResult FromRecord(TrialRecord record, Parameter parameters, IReadOnlyList<string> metricNames, double errorScore = double.NaN)
    {
        var byName = record.Scores.ToDictionary(s => s.Key, s => s.Value);
        var ranking = byName.TryGetValue(metricNames[0], out var first) ? first : [];
        double[] Scored(double[] splits) =>
            record.Error is null || double.IsNaN(errorScore) ? splits : [.. splits.Select(s => double.IsNaN(s) ? errorScore : s)];
        return new CandidateResult
        {
            Index = record.TrialId,
            Parameters = parameters,
            Scores = [.. metricNames.Select(name => new MetricScores
            {
                Metric = name,
                SplitScores = byName.TryGetValue(name, out var splits)
                    ? Scored(splits)
                    : throw new InvalidDataException($"Trial {record.TrialId} has no scores for the metric {name}."),
                TrainSplitScores = byName.TryGetValue(FinishedTrial.TrainKey(name), out var train) ? Scored(train) : null,
            })],
            FitTimes = record.FitTimes,
            ScoreTimes = record.ScoreTimes,
            Error = record.Error,
            Warnings = record.Warnings,
            FailedFolds = record.Error is null ? 0 : ranking.Count(double.IsNaN),
        };
    }

    /// <summary>
    /// The <typeparamref name="TOptions"/> the best candidate was built with: made by the same sequence as in the search
    /// (fixed settings, single-thread, the best hyperparameters, columns; LightGBM's booster members on <c>Booster</c> for
    /// MlNetHpo.Trees's ready LightGBM trainers);
    /// for an estimator without such Options, a new <typeparamref name="TOptions"/> with the best hyperparameters bound.
    /// </summary>
    public TOptions BestOptions<TOptions>()
        where TOptions : class, new() =>
        Trainer?.OptionsFor(typeof(TOptions), BestParameters) as TOptions
            ?? OptionsSequence.Make<TOptions>(new Parameter(BestParameters.Where(p => p.Key != SweepableEstimator.TrainerKey)));

    /// <summary>The searched estimator, which knows how its Options are made.</summary>
    internal SweepableEstimator? Trainer { get; init; }

    /// <summary>The table as CSV, in scikit-learn's <c>cv_results_</c> layout (NaN written as an empty cell).</summary>
    public string ToCsv() => ToCsv(scikitLearnSigns: false);

    /// <summary>
    /// The table as CSV, in scikit-learn's <c>cv_results_</c> layout (NaN written as an empty cell), with the train scores'
    /// columns when the search computed them (<see cref="SearchOptions.ReturnTrainScore"/>).
    /// </summary>
    /// <param name="scikitLearnSigns">
    /// Write error metrics (lower is better) as scikit-learn's scorers give them: negated, named <c>neg_</c> and the snake-case
    /// name (<c>neg_mean_squared_error</c>), so the table can be diffed against scikit-learn's. Ranks are unchanged.
    /// </param>
    public string ToCsv(bool scikitLearnSigns)
    {
        var names = Candidates.SelectMany(c => c.Parameters.Keys).Distinct().ToArray();
        var withTrain = Candidates.Any(c => c.Scores[0].TrainSplitScores != null);
        var text = new StringBuilder();
        var header = new List<string> { "candidate", "params" };
        header.AddRange(names.Select(n => "param_" + n));
        var halving = Candidates.Any(c => c.Iteration is not null);
        if (halving)
        {
            header.AddRange(["iter", "n_resources"]);
        }

        for (var m = 0; m < Metrics.Count; m++)
        {
            var suffix = m == 0 ? "score" : (scikitLearnSigns ? ScikitLearnName(Metrics[m]) : Metrics[m].Name);
            header.AddRange([$"mean_test_{suffix}", $"std_test_{suffix}", $"rank_test_{suffix}"]);
            header.AddRange(Enumerable.Range(0, NumberOfFolds).Select(k => $"split{k}_test_{suffix}"));
            if (withTrain)
            {
                header.AddRange(Enumerable.Range(0, NumberOfFolds).Select(k => $"split{k}_train_{suffix}"));
                header.AddRange([$"mean_train_{suffix}", $"std_train_{suffix}"]);
            }
        }

        header.AddRange(["mean_fit_time", "std_fit_time", "mean_score_time", "std_score_time", "error", "warnings"]);
        text.AppendLine(string.Join(",", header));
        foreach (var c in Candidates)
        {
            var cells = new List<string> { c.Index.ToString(CultureInfo.InvariantCulture), Quote(c.Parameters.ToJson()) };
            cells.AddRange(names.Select(n => c.Parameters.TryGetValue(n, out var v) ? Quote(Parameter.FormatValue(v)) : string.Empty));
            if (halving)
            {
                cells.AddRange([c.Iteration?.ToString(CultureInfo.InvariantCulture) ?? string.Empty, c.Resources?.ToString(CultureInfo.InvariantCulture) ?? string.Empty]);
            }
            for (var m = 0; m < Metrics.Count; m++)
            {
                var score = c.Scores[m];
                var sign = scikitLearnSigns && !Metrics[m].HigherIsBetter ? -1 : 1;
                string Signed(double value) => Number(sign * value);
                cells.AddRange([Signed(score.Mean), Number(score.Std), score.Rank.ToString(CultureInfo.InvariantCulture)]);
                cells.AddRange(score.SplitScores.Select(Signed));
                if (withTrain)
                {
                    cells.AddRange(score.TrainSplitScores?.Select(Signed) ?? Enumerable.Repeat(string.Empty, NumberOfFolds));
                    cells.AddRange([Signed(score.TrainMean), Number(score.TrainStd)]);
                }
            }

            cells.AddRange([Number(c.MeanFitTime), Number(c.StdFitTime), Number(c.MeanScoreTime), Number(c.StdScoreTime), Quote(c.Error ?? string.Empty), Quote(string.Join(" | ", c.Warnings))]);
            text.AppendLine(string.Join(",", cells));
        }

        return text.ToString();
    }

    /// <summary>
    /// The name scikit-learn's scorer of <paramref name="metric"/> has, in its sign convention: the snake-case name, with
    /// <c>neg_</c> before an error metric (MeanSquaredError: <c>neg_mean_squared_error</c>; LogLoss: <c>neg_log_loss</c>).
    /// </summary>
    internal static string ScikitLearnName(Metric metric)
    {
        var snake = string.Concat(metric.Name.Select((ch, i) => char.IsUpper(ch) && i > 0 ? "_" + char.ToLowerInvariant(ch) : char.ToLowerInvariant(ch).ToString()));
        return metric.HigherIsBetter ? snake : "neg_" + snake;
    }

    /// <summary>Writes <see cref="ToCsv()"/> to <paramref name="path"/>.</summary>
    public void SaveCsv(string path) => File.WriteAllText(path, ToCsv());

    /// <summary>Writes <see cref="ToCsv(bool)"/> to <paramref name="path"/>.</summary>
    /// <param name="path">The file.</param>
    /// <param name="scikitLearnSigns">Error metrics negated and named <c>neg_...</c>, as scikit-learn's scorers.</param>
    public void SaveCsv(string path, bool scikitLearnSigns) => File.WriteAllText(path, ToCsv(scikitLearnSigns));

    /// <summary>The whole result as JSON: metric, best candidate, failures, warnings and every candidate (NaN as null).</summary>
    public string ToJson() => ToJson(null);

    /// <summary>As <see cref="ToJson()"/>, with fields of the caller's written first (a tool adds its task, data set, test score...).</summary>
    /// <param name="extraFields">Writes extra properties into the top-level object.</param>
    public string ToJson(Action<Utf8JsonWriter>? extraFields)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            extraFields?.Invoke(w);
            w.WriteString("metric", MetricName);
            w.WriteBoolean("higher_is_better", HigherIsBetter);
            w.WriteStartArray("metrics");
            foreach (var metric in Metrics)
            {
                w.WriteStringValue(metric.Name);
            }

            w.WriteEndArray();
            w.WriteNumber("folds", NumberOfFolds);
            w.WriteNumber("best_index", BestIndex);
            w.WritePropertyName("best_parameters");
            if (Best is null)
            {
                w.WriteNullValue();
            }
            else
            {
                Best.Parameters.WriteJson(w);
            }

            WriteNumber(w, "best_score", BestScore);
            w.WriteNumber("failed", FailedCount);
            w.WriteString("failure_summary", FailureSummary);
            w.WriteStartArray("warnings");
            foreach (var warning in Warnings)
            {
                w.WriteStringValue(warning);
            }

            w.WriteEndArray();
            w.WriteNumber("seconds", Elapsed.TotalSeconds);
            w.WriteString("stop_reason", StopReason.ToString());
            w.WriteNumber("not_run_count", NotRun.Count);
            w.WriteStartArray("not_run"); // [first, last] pairs: a huge grid's unrun part stays small
            foreach (var range in NotRun.Ranges)
            {
                w.WriteStartArray();
                w.WriteNumberValue(range.Start);
                w.WriteNumberValue(range.Last);
                w.WriteEndArray();
            }

            w.WriteEndArray();
            w.WriteStartArray("candidates");
            foreach (var c in Candidates)
            {
                w.WriteStartObject();
                w.WriteNumber("index", c.Index);
                if (c.Iteration is { } iteration)
                {
                    w.WriteNumber("iteration", iteration);
                    w.WriteNumber("resources", c.Resources ?? 0);
                }

                w.WritePropertyName("parameters");
                c.Parameters.WriteJson(w);
                WriteNumbers(w, "split_scores", c.SplitScores);
                WriteNumber(w, "mean_score", c.MeanScore);
                WriteNumber(w, "std_score", c.StdScore);
                w.WriteNumber("rank", c.Rank);
                w.WriteStartObject("scores");
                foreach (var score in c.Scores)
                {
                    w.WriteStartObject(score.Metric);
                    WriteNumbers(w, "split_scores", score.SplitScores);
                    WriteNumber(w, "mean", score.Mean);
                    WriteNumber(w, "std", score.Std);
                    w.WriteNumber("rank", score.Rank);
                    if (score.TrainSplitScores is { } train)
                    {
                        WriteNumbers(w, "split_train_scores", train);
                        WriteNumber(w, "mean_train", score.TrainMean);
                        WriteNumber(w, "std_train", score.TrainStd);
                    }

                    w.WriteEndObject();
                }

                w.WriteEndObject();
                WriteNumber(w, "mean_fit_time", c.MeanFitTime);
                WriteNumber(w, "mean_score_time", c.MeanScoreTime);
                w.WriteNumber("failed_folds", c.FailedFolds);
                w.WriteString("error", c.Error);
                w.WriteStartArray("warnings");
                foreach (var warning in c.Warnings)
                {
                    w.WriteStringValue(warning);
                }

                w.WriteEndArray();
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>Writes <see cref="ToJson()"/> to <paramref name="path"/>.</summary>
    public void SaveJson(string path) => File.WriteAllText(path, ToJson());

    /// <inheritdoc/>
    public bool IsRowToRowMapper => RequireModel().IsRowToRowMapper;

    /// <inheritdoc/>
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema) => RequireModel().GetOutputSchema(inputSchema);

    /// <inheritdoc/>
    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema) => RequireModel().GetRowToRowMapper(inputSchema);

    /// <inheritdoc/>
    public IDataView Transform(IDataView input) => RequireModel().Transform(input);

    /// <summary>Saves the refitted model itself, so that loading gives the standard ML.NET model back.</summary>
    void ICanSaveModel.Save(ModelSaveContext ctx) => RequireModel().Save(ctx);

    private ITransformer RequireModel() =>
        Model ?? throw new InvalidOperationException(StopReason == StopReason.Cancelled
            ? "This search was cancelled before the best candidate was refitted, so it has no model."
            : Best is null
                ? "No candidate of this search succeeded, so it has no model."
                : "This search ran with SearchOptions.Refit = false, so it has no model.");

    private static string Number(double value) =>
        double.IsNaN(value) ? string.Empty : value.ToString("R", CultureInfo.InvariantCulture);

    private static void WriteNumbers(Utf8JsonWriter w, string name, IEnumerable<double> values)
    {
        w.WriteStartArray(name);
        foreach (var value in values)
        {
            WriteNumber(w, null, value);
        }

        w.WriteEndArray();
    }

    /// <summary>Writes a number, or null for NaN and infinities, which JSON lacks.</summary>
    /// <param name="w">The writer.</param>
    /// <param name="name">The property name, or null inside an array.</param>
    /// <param name="value">The value.</param>
    internal static void WriteNumber(Utf8JsonWriter w, string? name, double value)
    {
        if (name != null)
        {
            w.WritePropertyName(name);
        }

        if (double.IsFinite(value))
        {
            w.WriteNumberValue(value);
        }
        else
        {
            w.WriteNullValue();
        }
    }

    private static string Quote(string cell) =>
        cell.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + cell.Replace("\"", "\"\"") + "\"" : cell;
}
