// A small grid search as a user writes it, against the packed packages, recorded in a SQLite study file: prints the target
// framework, the runtime, the best and what the study file holds.
using System.Runtime.InteropServices;
using Microsoft.ML;
using MlNetHpo.Experiments;
using MlNetHpo.AutoML;
using MlNetHpo.Storage;
using MlNetHpo.Trainers;

var ml = new MLContext(seed: 1);
var random = new Random(7);
var rows = Enumerable.Range(0, 300).Select(_ =>
{
    var (x1, x2) = ((float)random.NextDouble() * 4 - 2, (float)random.NextDouble() * 4 - 2);
    return new Row { X1 = x1, X2 = x2, Label = x1 + (0.5f * x2) + (float)(random.NextDouble() - 0.5) > 0 };
}).ToArray();   // materialized: ML.NET reads the rows several times
var data = ml.Data.LoadFromEnumerable(rows);

// Two sub-grids through a params method: callable from C# 12, the language version of a net8.0 project.
var grid = ParameterGrid.Union(
    new ParameterGrid { ["C"] = [0.01, 1.0, 100.0], ["Penalty"] = [Penalty.L1, Penalty.L2], ["Solver"] = [Solver.Liblinear] },
    new ParameterGrid { ["C"] = [0.01, 1.0, 100.0], ["Penalty"] = [Penalty.L2], ["Solver"] = [Solver.Lbfgs] });
var studyFile = Path.Combine(Path.GetTempPath(), $"consumer-{Guid.NewGuid():N}.study");
SearchResult result;
int stored;
using (var store = new SqliteTrialStore(studyFile))
{
    result = ml.BinaryClassification.GridSearch(
            ml.Transforms.Concatenate("Features", "X1", "X2"),
            (LogisticRegressionOptions o) => ml.BinaryClassification.Trainers.LogisticRegression(o),
            grid, folds: 3, options: new SearchOptions { Store = store, StudyName = "consumer" })
        .Fit(data);
    stored = SearchResult.FromStudy(store, "consumer").Candidates.Count;
}

File.Delete(studyFile);
Console.WriteLine($"consumer {AppContext.TargetFrameworkName} on {RuntimeInformation.FrameworkDescription}: " +
    $"{result.Candidates.Count} candidates, best {result.BestParameters} accuracy {result.BestScore:F4}, study file {stored} trials");

internal sealed class Row
{
    public float X1 { get; set; }

    public float X2 { get; set; }

    public bool Label { get; set; }
}
