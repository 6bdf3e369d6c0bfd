using System.Text.Json;

namespace MlNetHpo.Cli.Tests;

/// <summary><c>export</c> of a study on disk, and what report.html shows.</summary>
public sealed class ExportTests : IDisposable
{
    private readonly TestData _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public void ExportWritesTheSameTableAsTheRunFromTheStudyAlone()
    {
        var csv = _data.NumericBinary();
        var study = _data.PathOf("study.db");
        var space = _data.Write("space.json", """{"Solver": ["lbfgs", "liblinear"], "Penalty": ["l1"], "C": [0.1, 1]}""");
        var run = Runner.Run("grid", "--dataset", csv, "--label-col", "Label", "--trainer", "lr", "--space", space, "--cv", "3", "--seed", "3",
            "--study", study, "--output", _data.PathOf("run"));
        Assert.True(run.Code == 0, run.Err + run.Out);

        // The data set is gone: export reads the study only.
        File.Delete(csv);
        var export = Runner.Run("export", "--study", study, "--output", _data.PathOf("export"));

        Assert.True(export.Code == 0, export.Err + export.Out);
        Assert.Equal($"{study}: 4 trial(s) finished so far, 2 failed.{Environment.NewLine}Wrote results.json, cv_results.csv, report.html to {_data.PathOf("export")}{Environment.NewLine}", export.Out);
        Assert.False(File.Exists(_data.PathOf("export", "model.zip")));
        Assert.Equal(File.ReadAllText(_data.PathOf("run", "cv_results.csv")), File.ReadAllText(_data.PathOf("export", "cv_results.csv")));
        using var ran = JsonDocument.Parse(File.ReadAllText(_data.PathOf("run", "results.json")));
        using var exported = JsonDocument.Parse(File.ReadAllText(_data.PathOf("export", "results.json")));
        Assert.Equal(ran.RootElement.GetProperty("candidates").GetRawText(), exported.RootElement.GetProperty("candidates").GetRawText());
        foreach (var field in new[] { "task", "search", "trainer", "label", "best_score", "best_parameters", "seed" })
        {
            Assert.Equal(ran.RootElement.GetProperty(field).GetRawText(), exported.RootElement.GetProperty(field).GetRawText());
        }

        var html = File.ReadAllText(_data.PathOf("export", "report.html"));
        Assert.Contains($"exported from the study 'mlnet-hpo' in {study} with the trials finished so far", html);
    }

    [Fact]
    public void ExportOfAMissingStudyIsOneLine()
    {
        var (code, _, stderr) = Runner.Run("export", "--study", _data.PathOf("none.db"), "--output", _data.PathOf("out"));
        Assert.Equal(2, code);
        Assert.StartsWith("mlnet-hpo: ", stderr);
        Assert.Contains("does not exist", stderr);
        Assert.DoesNotContain("   at ", stderr);
    }

    [Fact]
    public void TheReportShowsTheSearchAndMarksAllFailedValues()
    {
        var csv = _data.NumericBinary();
        var space = _data.Write("space.json", """{"Solver": ["lbfgs", "liblinear"], "Penalty": ["l1"], "C": [0.1, 1]}""");
        var run = Runner.Run("grid", "--dataset", csv, "--label-col", "Label", "--trainer", "lr", "--space", space, "--cv", "3", "--seed", "11",
            "--output", _data.PathOf("out"));
        Assert.True(run.Code == 0, run.Err + run.Out);

        var html = File.ReadAllText(_data.PathOf("out", "report.html"));
        Assert.Contains($"<tr><td>Search space</td><td>{{C: choice[0.1, 1], Penalty: choice[l1], Solver: choice[lbfgs, liblinear]}} ({System.Net.WebUtility.HtmlEncode(space)})</td></tr>", html);
        Assert.Contains("<tr><td>Seed</td><td>11</td></tr>", html);
        Assert.Contains("<tr><td>Metric</td><td>Accuracy (higher is better), 3-fold cross-validation</td></tr>", html);
        Assert.Matches(@"<tr><td>Versions</td><td>mlnet-hpo [0-9.]+[^,]*, MlNetHpo [0-9.]+[^,]*, Microsoft.ML [0-9.]+[^,]*, \.NET [0-9]", html);
        Assert.Contains("<div class=\"chart wide\">", html);

        // lbfgs with l1 always fails: its band stays on the Solver chart, marked, and its two candidates are crosses.
        var solver = html[html.IndexOf("<h3>Solver</h3>", StringComparison.Ordinal)..];
        solver = solver[..solver.IndexOf("</svg>", StringComparison.Ordinal)];
        Assert.Contains(">lbfgs</text>", solver);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(solver, "all failed"));
        Assert.Equal(2, System.Text.RegularExpressions.Regex.Matches(solver, "<title>#[0-9]+ failed:").Count);
        Assert.Equal(2, System.Text.RegularExpressions.Regex.Matches(solver, "<circle ").Count);
    }
}
