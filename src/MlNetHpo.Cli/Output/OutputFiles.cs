using System.Text;
using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetHpo.Cli.Data;
using MlNetHpo.Cli.Running;
using MlNetHpo.Scoring;

namespace MlNetHpo.Cli.Output;

/// <summary>
/// Writes a finished search to a folder: <c>model.zip</c> (the best candidate refitted on all the data, a standard
/// ML.NET model), <c>results.json</c>, <c>cv_results.csv</c> (scikit-learn's <c>cv_results_</c> layout) and
/// <c>report.html</c> (a self-contained page).
/// </summary>
internal static class OutputFiles
{
    /// <summary>Writes every file; returns their paths.</summary>
    public static IReadOnlyList<string> Write(MLContext ml, SearchOutcome outcome, string folder)
    {
        try
        {
            Directory.CreateDirectory(folder);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"Cannot create the output folder '{folder}': {e.Message}");
        }

        var result = outcome.Result;
        var model = Path.Combine(folder, "model.zip");
        ITransformer saved = result;
        if (outcome.Data.Plan.Task == SearchTask.MulticlassClassification)
        {
            // Predict the class names, not their key indices.
            var keyToValue = ml.Transforms.Conversion.MapKeyToValue("PredictedLabel").Fit(result.Transform(outcome.Data.Data));
            saved = new TransformerChain<ITransformer>(result.Model!, keyToValue);
        }

        ml.Model.Save(saved, outcome.Data.Data.Schema, model);
        var json = Path.Combine(folder, "results.json");
        File.WriteAllText(json, Json(outcome));
        var csv = Path.Combine(folder, "cv_results.csv");
        result.SaveCsv(csv);
        var html = Path.Combine(folder, "report.html");
        File.WriteAllText(html, HtmlReport.Build(outcome));
        return [model, json, csv, html];
    }

    /// <summary>results.json: task, metric, best parameters and score, the test score when a test set was given, every candidate.</summary>
    public static string Json(SearchOutcome outcome)
    {
        var result = outcome.Result;
        var plan = outcome.Data.Plan;
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("task", TaskNames.Short(plan.Task));
            w.WriteString("search", outcome.Settings.Mode == SearchMode.Grid ? "grid" : "random");
            w.WriteString("trainer", outcome.Trainer.Name);
            w.WriteString("dataset", outcome.Settings.Dataset);
            w.WriteString("label", plan.LabelName);
            w.WriteString("metric", result.MetricName);
            w.WriteBoolean("higher_is_better", result.HigherIsBetter);
            w.WriteNumber("folds", result.NumberOfFolds);
            w.WritePropertyName("best_parameters");
            if (result.Best is null)
            {
                w.WriteNullValue();
            }
            else
            {
                result.Best.Parameters.WriteJson(w);
            }

            Number(w, "best_score", result.BestScore);
            if (outcome.TestScore is { } test)
            {
                Number(w, "test_score", test);
                w.WriteString("test_dataset", outcome.Settings.TestDataset);
            }

            w.WriteBoolean("stopped_by_time_budget", outcome.StoppedByBudget);
            w.WriteNumber("seconds", result.Elapsed.TotalSeconds);
            w.WriteStartObject("columns");
            foreach (var c in plan.Columns)
            {
                w.WriteString(c.Name, c.Role.ToString().ToLowerInvariant());
            }

            w.WriteEndObject();
            w.WriteStartArray("candidates");
            foreach (var c in result.Candidates)
            {
                w.WriteStartObject();
                w.WriteNumber("index", c.Index);
                w.WritePropertyName("parameters");
                c.Parameters.WriteJson(w);
                w.WriteStartArray("split_scores");
                foreach (var s in c.SplitScores)
                {
                    Number(w, null, s);
                }

                w.WriteEndArray();
                Number(w, "mean_score", c.MeanScore);
                Number(w, "std_score", c.StdScore);
                w.WriteNumber("rank", c.Rank);
                Number(w, "mean_fit_time", c.MeanFitTime);
                w.WriteString("error", c.Error);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void Number(Utf8JsonWriter w, string? name, double value)
    {
        if (name is not null)
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
}
