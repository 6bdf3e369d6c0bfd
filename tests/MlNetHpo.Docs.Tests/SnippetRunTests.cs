using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetHpo.Docs.Tests.Snippets;
using MlNetHpo.AutoML;
using MlNetHpo.Trainers;

namespace MlNetHpo.Docs.Tests;

/// <summary>
/// The README's snippets that run in seconds, run on the tutorial's Titanic data, with the numbers the README states
/// (scikit-learn's, from tests/references/sklearn). ProductionSearches and ReadySpaces are compiled only (a study file and
/// a 30-minute budget; 30 tree-ensemble draws), and SuccessiveHalving's LightGBM search.
/// </summary>
public sealed class SnippetRunTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("mlnethpo-docs-").FullName;
    private readonly MLContext _ml = new(seed: 42);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void TheApiTourFindsTheTutorialsBestAndWritesItsFiles()
    {
        var previous = Environment.CurrentDirectory;
        Environment.CurrentDirectory = _folder;
        try
        {
            var result = ApiTour.Run(Load("clean_titanic_train.csv"));

            Assert.Equal("{C: 10, Penalty: L1, Solver: Liblinear}", result.BestParameters.ToString());
            Assert.Equal(0.8586648439280019, result.BestScore, 1e-12);
            Assert.All(new[] { "cv_results.csv", "results.json", "model.zip" }, f => Assert.True(File.Exists(Path.Combine(_folder, f)), f));
        }
        finally
        {
            Environment.CurrentDirectory = previous;
        }
    }

    [Fact]
    public void TheTutorialSnippetGivesTheTutorialsNumbers()
    {
        var train = Load("clean_titanic_train.csv");
        var test = Load("clean_titanic_test.csv");
        var featurizer = _ml.Transforms.Concatenate("Features", "Pclass", "Fare", "Sex_n", "Embarked_n", "FamMembers");
        var space = new ParameterGrid
        {
            ["C"] = [.. Enumerable.Range(0, 20).Select(i => (object?)Math.Pow(10, -4 + (8.0 * i / 19)))],
            ["Penalty"] = [Penalty.L1, Penalty.L2, Penalty.ElasticNet, Penalty.None],
            ["Solver"] = [Solver.NewtonCg, Solver.Lbfgs, Solver.Liblinear, Solver.Sag, Solver.Saga],
        };

        var (baseModel, grid, random) = TutorialSideBySide.Run(_ml, featurizer, train, space);

        Assert.Equal(0.8473, Accuracy(baseModel, test), 4);
        Assert.Equal("{C: 10, Penalty: L1, Solver: Liblinear}", grid.BestParameters.ToString());
        Assert.Equal(0.8586648439280019, grid.BestScore, 1e-12);
        Assert.Equal(0.8511, Accuracy(grid, test), 4);
        Assert.Equal(0.8586648439280019, random.BestScore, 1e-12);
        Assert.Equal(0.8511, Accuracy(random, test), 4);
    }

    [Fact]
    public void TheSearchSpacesOfTheReadmeHaveTheSizesItStates()
    {
        var (grid, union, space, fromAttributes, cut) = BuildASearchSpace.Run();

        Assert.Equal(6, grid.Count);
        Assert.Equal(12, union.Count);
        Assert.Equal(["C", "L1Ratio", "MaximumIterations", "Penalty", "Solver"], space.Select(p => p.Key));
        Assert.Equal(["Booster", "NumberOfLeaves", "UseCategoricalSplit"], fromAttributes.Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.Equal(27, cut.Count);
    }

    [Fact]
    public void TheMigrationSnippetMapsScikitLearnsAttributes()
    {
        var train = Load("clean_titanic_train.csv");
        var test = Load("clean_titanic_test.csv");
        var featurizer = _ml.Transforms.Concatenate("Features", "Pclass", "Fare", "Sex_n", "Embarked_n", "FamMembers");

        var r = MigratingFromScikitLearn.Run(_ml, featurizer, train, test);

        Assert.Equal("{C: 10, Penalty: l1, Solver: liblinear}", r.BestParams.ToString());   // the values as given
        Assert.Equal(0.8586648439280019, r.BestScore, 1e-12);
        Assert.Equal(4, r.BestIndex);   // C 10 x l1 in (C, Penalty, Solver) order: scikit-learn's best_index_ for the same grid
        Assert.Equal(262, r.Predictions.GetColumn<bool>("PredictedLabel").Count());
        Assert.StartsWith("candidate,params,", r.CvResults, StringComparison.Ordinal);
        Assert.Equal(20, r.Randomized.Candidates.Count);
        Assert.Null(r.NoRefit.Model);
    }

    [Fact]
    public async Task TheAutoMLStyleExperimentReturnsTheBestCompletedTrialAndResumesFromItsCheckpoint()
    {
        var previous = Environment.CurrentDirectory;
        Environment.CurrentDirectory = _folder;
        try
        {
            var train = Load("clean_titanic_train.csv");
            string[] features = ["Pclass", "Fare", "Sex_n", "Embarked_n", "FamMembers"];
            var first = new CompletedTrials();
            var best = await ComingFromAutoML.RunAsync(_ml, train, features, first);

            Assert.Equal(first.Metrics.Max(), best.Metric);
            Assert.Equal(20, first.Metrics.Count);
            Assert.NotNull(best.Model);
            Assert.True(File.Exists(Path.Combine(_folder, "checkpoint", SqliteCheckpointExtension.FileName)));

            // Run again: every trial is in the checkpoint, none runs, and the same best comes back.
            var again = new CompletedTrials();
            var resumed = await ComingFromAutoML.RunAsync(_ml, train, features, again);
            Assert.Empty(again.Metrics);
            Assert.Equal(best.TrialSettings.Parameter, resumed.TrialSettings.Parameter);
            Assert.Equal(best.Metric, resumed.Metric);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Environment.CurrentDirectory = previous;
        }
    }

    private sealed class CompletedTrials : IMonitor
    {
        public List<double> Metrics { get; } = [];

        public void ReportCompletedTrial(TrialResult result) => Metrics.Add(result.Metric);

        public void ReportBestTrial(TrialResult result)
        {
        }

        public void ReportFailTrial(TrialSettings settings, Exception? exception = null)
        {
        }

        public void ReportRunningTrial(TrialSettings settings)
        {
        }
    }

    [Fact]
    public void TheHalvingSnippetGivesScikitLearnsHalvingGridSearch()
    {
        var featurizer = _ml.Transforms.Concatenate("Features", "Pclass", "Fare", "Sex_n", "Embarked_n", "FamMembers");

        var (rows, _) = SuccessiveHalving.Run(_ml, featurizer, Load("clean_titanic_train.csv"));

        // tests/references/halving/searches.json, "titanic rows exhaust": n_resources_ [116, 348, 1044], best_params_ {C: 1}.
        Assert.Equal([12, 4, 2], rows.Candidates.GroupBy(c => c.Iteration).Select(g => g.Count()));
        Assert.Equal([116L, 348L, 1044L], rows.Candidates.GroupBy(c => c.Iteration).Select(g => g.First().Resources!.Value));
        Assert.Equal("{C: 1}", rows.BestParameters.ToString());
        Assert.Equal(0.8570298122929702, rows.BestScore, 1e-12);
        Assert.Equal(17, rows.BestIndex);
    }

    private double Accuracy(ITransformer model, IDataView test) => _ml.BinaryClassification.Evaluate(model.Transform(test)).Accuracy;

    private IDataView Load(string file)
    {
        var path = Repository.Path("data", "titanic", "tutorial-2023", file);
        var header = File.ReadLines(path).First().Split(',');
        var columns = header.Select((name, i) => name == "Survived"
            ? new TextLoader.Column("Label", DataKind.Boolean, i)
            : new TextLoader.Column(name, DataKind.Single, i)).ToArray();
        return _ml.Data.Cache(_ml.Data.LoadFromTextFile(path, columns, separatorChar: ',', hasHeader: true));
    }
}
