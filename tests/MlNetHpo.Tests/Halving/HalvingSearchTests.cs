using System.Globalization;
using System.Text.Json;
using Microsoft.ML;
using MlNetHpo.AutoML;
using MlNetHpo.Experiments;
using MlNetHpo.Halving;
using MlNetHpo.Storage;
using MlNetHpo.Tests.Trainers;
using MlNetHpo.Trainers;
using Xunit.Abstractions;

namespace MlNetHpo.Tests.Halving;

/// <summary>Whole successive-halving searches against scikit-learn 1.2's HalvingGridSearchCV (tests/references/halving/searches.json).</summary>
public class HalvingSearchTests(ITestOutputHelper output)
{
    private static readonly MLContext Ml = new(0);

    public static TheoryData<int> Runs => [.. Enumerable.Range(0, Reference().GetProperty("runs").GetArrayLength())];

    [Fact]
    public void ArgSortIsNumpys()
    {
        foreach (var c in Reference().GetProperty("argsorts").EnumerateArray())
        {
            var values = c.GetProperty("values").EnumerateArray().Select(v => v.ValueKind == JsonValueKind.Null ? double.NaN : v.GetDouble()).ToArray();
            Assert.Equal(c.GetProperty("argsort").EnumerateArray().Select(v => v.GetInt32()), NumpyArgSort.ArgSort(values));
        }
    }

    [Fact]
    public void RowSubsampleIsScikitLearnsResample()
    {
        foreach (var c in Reference().GetProperty("resamples").EnumerateArray())
        {
            var n = c.GetProperty("n").GetInt32();
            var fraction = (double)c.GetProperty("n_samples").GetInt32() / n;
            var taken = RowSubsample.Take([.. Enumerable.Range(0, n)], fraction, c.GetProperty("seed").GetUInt32());
            Assert.Equal(c.GetProperty("indices").EnumerateArray().Select(v => v.GetInt32()), taken);
        }
    }

    [Theory]
    [MemberData(nameof(Runs))]
    public void TheSearchIsScikitLearns(int index)
    {
        var run = Reference().GetProperty("runs")[index];
        var rows = run.GetProperty("rows").EnumerateArray().ToArray();
        var result = Search(run, new SearchOptions { MaxDegreeOfParallelism = 2 }).Fit(Data(run));
        output.WriteLine(result.ToCsv());

        Assert.Equal(rows.Length, result.Candidates.Count);
        for (var i = 0; i < rows.Length; i++)
        {
            var (expected, actual) = (rows[i], result.Candidates[i]);
            Assert.Equal(expected.GetProperty("iter").GetInt32(), actual.Iteration);
            Assert.Equal(expected.GetProperty("n_resources").GetInt64(), actual.Resources);
            Assert.Equal(Format(expected.GetProperty("params")), Format(actual.Parameters));
            var mean = expected.GetProperty("mean_test_score");
            if (mean.ValueKind == JsonValueKind.Null)
            {
                Assert.True(double.IsNaN(actual.MeanScore), $"row {i}: {actual.MeanScore} where scikit-learn failed");
            }
            else
            {
                // Accuracy is exact when the predictions are; R² of the float32 model within 1e-6.
                Assert.True(Math.Abs(mean.GetDouble() - actual.MeanScore) <= 1e-6, $"row {i}: {actual.MeanScore} vs {mean.GetDouble()}");
            }
        }

        Assert.Equal(run.GetProperty("best_index_").GetInt32(), result.BestIndex);
        Assert.Equal(Format(run.GetProperty("best_params_")), Format(result.BestParameters));
        Assert.NotNull(result.Model);
    }

    [Fact]
    public void RandomHalvingHasScikitLearnsDefaultsOnAMulticlassTask()
    {
        // HalvingRandomSearchCV's defaults: n_candidates = max // min with min "smallest" = 2 rows x 5 folds x 3 classes.
        var expected = Reference().GetProperty("random_iris");
        var result = Ml.MulticlassClassification.HalvingRandomSearch(null,
            (LogisticRegressionOptions o) => Ml.MulticlassClassification.Trainers.LogisticRegression(o),
            new SearchSpace { ["C"] = Distribution.LogUniform(0.01, 100) }, seed: 3).Fit(LogisticReferences.MulticlassData(Ml, LogisticReferences.Rows));

        Assert.Equal(expected.GetProperty("n_candidates_").EnumerateArray().Select(v => v.GetInt32()), result.Candidates.GroupBy(c => c.Iteration).Select(g => g.Count()));
        Assert.Equal(expected.GetProperty("n_resources_").EnumerateArray().Select(v => v.GetInt64()), result.Candidates.GroupBy(c => c.Iteration).Select(g => g.First().Resources!.Value));

        // The kept candidates are the best of the first iteration, in ascending order of their scores; the best is the last iteration's.
        var first = result.Candidates.Where(c => c.Iteration == 0).ToArray();
        var kept = result.Candidates.Where(c => c.Iteration == 1).ToArray();
        Assert.Equal(first.OrderBy(c => c.MeanScore).TakeLast(2).Select(c => c.MeanScore), kept.Select(c => first.Single(f => f.Parameters.ToJson() == c.Parameters.ToJson()).MeanScore));
        Assert.Equal(kept.MaxBy(c => c.MeanScore)!.Index, result.BestIndex);
        Assert.NotNull(result.Model);
    }

    [Fact]
    public void ResultsAreTheSameForAnyNumberOfWorkers()
    {
        var run = Reference().GetProperty("runs")[2];
        string Table(int workers) => Summary(Search(run, new SearchOptions { MaxDegreeOfParallelism = workers, Refit = false }).Fit(Data(run)));

        var one = Table(1);
        Assert.Equal(one, Table(4));
    }

    [Fact]
    public void AnInterruptedStudyResumesToTheSameTable()
    {
        var run = Reference().GetProperty("runs")[2];
        var data = Data(run);
        var whole = Summary(Search(run, new SearchOptions { Refit = false }).Fit(data));

        // Stopped in the middle of iteration 1 (iteration 0 has 30 trials), then reopened with no budget.
        using var store = new InMemoryTrialStore();
        var first = Search(run, new SearchOptions { Store = store, MaxTrials = 35, Refit = false, MaxDegreeOfParallelism = 3 }).Fit(data);
        Assert.Equal(35, first.Candidates.Count);
        Assert.Equal(StopReason.TrialBudget, first.StopReason);
        var resumed = Search(run, new SearchOptions { Store = store, Refit = false, MaxDegreeOfParallelism = 2 }).Fit(data);

        Assert.Equal(whole, Summary(resumed));

        // The study on its own (mlnet-hpo show/export) has the iterations and the same best.
        Assert.Equal(whole, Summary(SearchResult.FromStudy(store, resumed.StudyName)));
    }

    [Fact]
    public void TheTableHasIterationAndResourceColumns()
    {
        var run = Reference().GetProperty("runs")[0];
        var result = Search(run, new SearchOptions { Refit = false }).Fit(Data(run));
        var csv = result.ToCsv().Split('\n');

        Assert.StartsWith("candidate,params,param_C,iter,n_resources,mean_test_score,", csv[0]);
        Assert.StartsWith("12,\"{\"\"C\"\":", csv[13]);
        Assert.Contains(",1,348,", csv[13]);
        using var json = JsonDocument.Parse(result.ToJson());
        var last = json.RootElement.GetProperty("candidates")[17];
        Assert.Equal(2, last.GetProperty("iteration").GetInt32());
        Assert.Equal(1044, last.GetProperty("resources").GetInt64());

        // A plain grid search's table keeps its columns.
        var (data, features) = TitanicData.Load(Ml, SharedData.TitanicTrain("tutorial-2023"));
        var plain = Ml.BinaryClassification.GridSearch(TitanicData.Features(Ml, features), (LogisticRegressionOptions o) => Ml.BinaryClassification.Trainers.LogisticRegression(o),
            new ParameterGrid { ["C"] = [1.0] }, options: new SearchOptions { Refit = false }).Fit(data);
        Assert.StartsWith("candidate,params,param_C,mean_test_score,", plain.ToCsv());
        Assert.Null(plain.Candidates[0].Iteration);
    }

    [Fact]
    public void WhenEveryFitFailsTheSearchFailsAsScikitLearns()
    {
        // l1 with lbfgs is refused by every fit: no best, the grouped errors (scikit-learn raises "All the ... fits failed").
        var (data, features) = TitanicData.Load(Ml, SharedData.TitanicTrain("tutorial-2023"));
        var search = Ml.BinaryClassification.HalvingGridSearch(TitanicData.Features(Ml, features),
            (LogisticRegressionOptions o) => Ml.BinaryClassification.Trainers.LogisticRegression(o),
            new ParameterGrid { ["C"] = [0.1, 1.0, 10.0], ["Penalty"] = ["l1"], ["Solver"] = ["lbfgs"] });

        Assert.StartsWith("All the 20 fits failed.", Assert.Throws<SearchFailedException>(() => search.Fit(data)).Message);
    }

    [Fact]
    public void BadSettingsAreRefusedByName()
    {
        var grid = new ParameterGrid { ["Alpha"] = [0.1, 1.0], ["MaximumIterations"] = [5, 10] };
        var data = LinearReferences.Load(Ml, "diabetes");
        CrossValidatedSearch Lasso(HalvingOptions halving, ParameterGrid g) =>
            Ml.Regression.HalvingGridSearch(null, (LassoOptions o) => Ml.Regression.Trainers.Lasso(o), g, halving);

        Assert.Equal("Cannot use parameter MaximumIterations as the resource since it is part of the searched parameters. (Parameter 'options')",
            Assert.Throws<ArgumentException>(() => Lasso(new HalvingOptions { Resource = "MaximumIterations", MaxResources = 27 }, grid).Fit(data)).Message);
        Assert.Equal("HalvingOptions.MaxResources must be set when the resource is a parameter (MaximumIterations); only rows default to the row count. (Parameter 'options')",
            Assert.Throws<ArgumentException>(() => Lasso(new HalvingOptions { Resource = "MaximumIterations" }, grid)).Message);
        Assert.Equal("HalvingOptions.Factor must be a finite number above 1; got 1. (Parameter 'options')",
            Assert.Throws<ArgumentException>(() => Lasso(new HalvingOptions { Factor = 1 }, grid)).Message);
        Assert.StartsWith("HalvingOptions.MinResources (500) is greater than MaxResources (442).",
            Assert.Throws<ArgumentException>(() => Lasso(new HalvingOptions { MinResources = MinResources.Of(500) }, new ParameterGrid { ["Alpha"] = [0.1, 1.0] }).Fit(data)).Message);
        Assert.StartsWith("candidates and HalvingOptions.MinResources cannot both be \"exhaust\"",
            Assert.Throws<ArgumentException>(() => Ml.Regression.HalvingRandomSearch(null, (LassoOptions o) => Ml.Regression.Trainers.Lasso(o),
                new SearchSpace { ["Alpha"] = Distribution.LogUniform(0.01, 1) }, halving: new HalvingOptions())).Message);
    }

    /// <summary>The rows that make the table: iteration, resources, parameters, split scores, rank; and the best.</summary>
    private static string Summary(SearchResult result) =>
        string.Join("\n", result.Candidates.Select(c =>
            $"{c.Index} {c.Iteration} {c.Resources} {c.Parameters} {string.Join(",", c.SplitScores.Select(s => s.ToString("R", CultureInfo.InvariantCulture)))} {c.Rank}"))
        + $"\nbest {result.BestIndex}";

    private static bool IsTitanic(JsonElement run) => run.GetProperty("name").GetString()!.StartsWith("titanic", StringComparison.Ordinal);

    private static IDataView Data(JsonElement run) =>
        IsTitanic(run) ? TitanicData.Load(Ml, SharedData.TitanicTrain("tutorial-2023")).Data : LinearReferences.Load(Ml, "diabetes");

    /// <summary>The reference's search: its first iteration's candidates, in order, are the grid; its settings, ours.</summary>
    private static CrossValidatedSearch Search(JsonElement run, SearchOptions options)
    {
        var settings = run.GetProperty("settings");
        var min = settings.GetProperty("min_resources");
        var halving = new HalvingOptions
        {
            Factor = settings.GetProperty("factor").GetDouble(),
            Resource = settings.TryGetProperty("resource", out var r) ? "MaximumIterations" : HalvingOptions.Rows,
            MinResources = min.ValueKind == JsonValueKind.Number ? MinResources.Of(min.GetInt64())
                : min.GetString() == "exhaust" ? MinResources.Exhaust : MinResources.Smallest,
            MaxResources = settings.TryGetProperty("max_resources", out var max) ? max.GetInt64() : null,
            AggressiveElimination = settings.TryGetProperty("aggressive_elimination", out var a) && a.GetBoolean(),
        };
        var first = run.GetProperty("rows").EnumerateArray().Where(row => row.GetProperty("iter").GetInt32() == 0).Select(row => row.GetProperty("params")).ToArray();
        var grid = new ParameterGrid();
        foreach (var name in first[0].EnumerateObject().Select(p => p.Name).Where(n => n != "max_iter"))
        {
            grid[Our(name)] = [.. first.Select(p => Value(p.GetProperty(name))).Distinct()];
        }

        if (IsTitanic(run))
        {
            var (_, features) = TitanicData.Load(Ml, SharedData.TitanicTrain("tutorial-2023"));
            return Ml.BinaryClassification.HalvingGridSearch(TitanicData.Features(Ml, features),
                (LogisticRegressionOptions o) => Ml.BinaryClassification.Trainers.LogisticRegression(o), grid, halving, seed: 0, options: options);
        }

        return Ml.Regression.HalvingGridSearch(null, (LassoOptions o) => Ml.Regression.Trainers.Lasso(o), grid, halving, seed: 0,
            folds: MlNetHpo.Validation.Folds.KFold(5), options: options);
    }

    private static string Our(string name) => name switch
    {
        "C" => "C",
        "penalty" => "Penalty",
        "alpha" => "Alpha",
        "max_iter" => "MaximumIterations",
        _ => throw new ArgumentException(name),
    };

    private static object? Value(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Null => null,
        JsonValueKind.String => value.GetString(),
        _ => value.GetDouble(),
    };

    /// <summary>Parameters as "name=value" in sorted names, scikit-learn's and ours alike.</summary>
    private static string Format(JsonElement parameters) =>
        string.Join(" ", parameters.EnumerateObject().Select(p => $"{Our(p.Name)}={Text(Value(p.Value))}").Order(StringComparer.Ordinal));

    private static string Format(Parameter parameters) =>
        string.Join(" ", parameters.Select(p => $"{p.Key}={Text(p.Value)}").Order(StringComparer.Ordinal));

    private static string Text(object? value) => value switch
    {
        null => "none",
        Penalty.L2 => "l2",
        Penalty.None => "none",
        IConvertible c when value is not string => Convert.ToDouble(c, CultureInfo.InvariantCulture).ToString("R", CultureInfo.InvariantCulture),
        _ => value.ToString()!.ToLowerInvariant(),
    };

    private static JsonElement Reference()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder != null && !File.Exists(Path.Combine(folder.FullName, "MlNetHpo.sln")))
        {
            folder = folder.Parent;
        }

        var path = Path.Combine(folder?.FullName ?? throw new DirectoryNotFoundException("No MlNetHpo.sln above the test binaries."), "tests", "references", "halving", "searches.json");
        return JsonDocument.Parse(File.ReadAllText(path)).RootElement;
    }
}
