using MlNetHpo.Experiments;
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
    /// <summary>Writes every file (model.zip only when the search refitted a model: not after a cancellation); returns their paths.</summary>
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
        var written = new List<string>();
        if (result.Model is not null)
        {
            var model = Path.Combine(folder, "model.zip");
            ITransformer saved = result;
            if (outcome.Data.Plan.Task == SearchTask.MulticlassClassification)
            {
                // Predict the class names, not their key indices.
                var keyToValue = ml.Transforms.Conversion.MapKeyToValue("PredictedLabel").Fit(result.Transform(outcome.Data.Data));
                saved = new TransformerChain<ITransformer>(result.Model, keyToValue);
            }

            ml.Model.Save(saved, outcome.Data.Data.Schema, model);
            written.Add(model);
        }

        var json = Path.Combine(folder, "results.json");
        File.WriteAllText(json, Json(outcome));
        var csv = Path.Combine(folder, "cv_results.csv");
        result.SaveCsv(csv, outcome.Settings.SklearnSigns);
        var html = Path.Combine(folder, "report.html");
        File.WriteAllText(html, HtmlReport.Build(outcome));
        return [.. written, json, csv, html];
    }

    /// <summary>
    /// results.json: the library's results (metric, best parameters and score, every candidate with its parameters, split scores,
    /// mean, std, rank and error) with the tool's own fields first: task, search, trainer, data set, label, test score, columns.
    /// </summary>
    public static string Json(SearchOutcome outcome)
    {
        var plan = outcome.Data.Plan;
        return outcome.Result.ToJson(w =>
        {
            w.WriteString("task", TaskNames.Short(plan.Task));
            w.WriteString("search", outcome.Settings.Mode == SearchMode.Grid ? "grid" : "random");
            w.WriteString("trainer", outcome.Trainer.Name);
            w.WriteString("dataset", outcome.Settings.Dataset);
            w.WriteString("label", plan.LabelName);
            if (outcome.TestScore is { } test)
            {
                SearchResult.WriteNumber(w, "test_score", test);
                w.WriteString("test_dataset", outcome.Settings.TestDataset);
            }

            w.WriteBoolean("stopped_by_time_budget", outcome.StoppedByBudget);
            w.WriteStartObject("columns");
            foreach (var c in plan.Columns)
            {
                w.WriteString(c.Name, c.Role.ToString().ToLowerInvariant());
            }

            w.WriteEndObject();
        });
    }
}
