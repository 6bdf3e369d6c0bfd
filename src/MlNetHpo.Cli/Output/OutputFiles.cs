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
        CreateFolder(folder);

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

        return [.. written, .. WriteReports(Report.From(outcome), folder)];
    }

    /// <summary>Writes results.json, cv_results.csv and report.html (no model: <c>export</c> from a study); returns their paths.</summary>
    public static IReadOnlyList<string> WriteReports(Report report, string folder)
    {
        CreateFolder(folder);
        var json = Path.Combine(folder, "results.json");
        File.WriteAllText(json, Json(report));
        var csv = Path.Combine(folder, "cv_results.csv");
        report.Result.SaveCsv(csv, report.Settings.SklearnSigns);
        var html = Path.Combine(folder, "report.html");
        File.WriteAllText(html, HtmlReport.Build(report));
        return [json, csv, html];
    }

    /// <summary>
    /// results.json: the library's results (metric, best parameters and score, every candidate with its parameters, split scores,
    /// mean, std, rank and error) with the tool's own fields first: task, search, trainer, data set, label, test score, columns.
    /// </summary>
    public static string Json(Report report) => report.Result.ToJson(w =>
    {
        w.WriteString("task", TaskNames.Short(report.Task));
        w.WriteString("search", report.Settings.SearchName);
        w.WriteString("trainer", report.Trainer);
        w.WriteString("dataset", report.Settings.Dataset);
        w.WriteString("label", report.Label);
        w.WriteNumber("seed", report.Settings.Seed);
        if (report.TestScore is { } test)
        {
            // A score is a number, or null when it is NaN (JSON has no NaN).
            if (double.IsFinite(test))
            {
                w.WriteNumber("test_score", test);
            }
            else
            {
                w.WriteNull("test_score");
            }

            w.WriteString("test_dataset", report.Settings.TestDataset);
        }

        w.WriteBoolean("stopped_by_time_budget", report.StoppedByBudget);
        if (report.Columns is not null)
        {
            w.WriteStartObject("columns");
            foreach (var c in report.Columns)
            {
                w.WriteString(c.Name, c.Role.ToString().ToLowerInvariant());
            }

            w.WriteEndObject();
        }
    });

    private static void CreateFolder(string folder)
    {
        try
        {
            Directory.CreateDirectory(folder);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"Cannot create the output folder '{folder}': {e.Message}");
        }
    }
}
