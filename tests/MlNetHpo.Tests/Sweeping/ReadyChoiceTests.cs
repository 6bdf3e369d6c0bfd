using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.FastTree;
using MlNetHpo.AutoML;
using MlNetHpo.Sweeping;
using MlNetHpo.Trainers;

namespace MlNetHpo.Tests.Sweeping;

public class ReadyChoiceTests
{
    [Fact]
    public void ARandomSearchOverAChoiceOfReadyTrainersNamesEachCandidatesTrainerAndRefitsTheBestWithItsOwn()
    {
        var ml = new MLContext(0);
        var data = ml.Data.Cache(GeneratedData.Binary(ml));
        var fewTrees = ReadySpaces.FastTree();
        fewTrees = new SearchSpace
        {
            ["NumberOfTrees"] = Distribution.LogUniformInt(4, 20), // The ready space goes to 500: a test keeps it small.
            ["NumberOfLeaves"] = Distribution.LogUniformInt(4, 16),
            ["LearningRate"] = fewTrees["LearningRate"],
            ["MinimumExampleCountPerLeaf"] = fewTrees["MinimumExampleCountPerLeaf"],
        };
        var choice = SweepableEstimator.Choice(
            ReadyTrainers.Binary.LogisticRegression(),
            ReadyTreeTrainers.Binary.FastTree().WithSearchSpace(fewTrees));
        Assert.Equal(4, choice.SearchSpace!.SubSpaces.Count); // Three logistic-regression sub-spaces and FastTree's.

        var result = ml.BinaryClassification.RandomSearch(null, choice, choice.SearchSpace, iterations: 8, seed: 2, folds: 3).Fit(data);

        Assert.True(result.FailedCount == 0, result.FailureSummary);
        var trainers = result.Candidates.Select(c => c.Parameters.Get<string>(SweepableEstimator.TrainerKey)).ToArray();
        Assert.Contains("LogisticRegression", trainers);
        Assert.Contains("FastTree", trainers);
        Assert.All(result.Candidates, c => Assert.True(
            c.Parameters.Get<string>("Trainer") == "FastTree" ? c.Parameters.ContainsKey("NumberOfTrees") && !c.Parameters.ContainsKey("C") : c.Parameters.ContainsKey("C") && !c.Parameters.ContainsKey("NumberOfTrees"),
            c.Parameters.ToString()));
        Assert.Contains("param_Trainer", result.ToCsv());

        // The refitted model is the best candidate's own trainer fitted directly (options written out by hand) on the same data;
        // for our LogisticRegression, the model searches fit (FitModel's).
        var best = result.BestParameters;
        ITransformer direct = best.Get<string>("Trainer") switch
        {
            "FastTree" => ml.BinaryClassification.Trainers.FastTree(new FastTreeBinaryTrainer.Options
            {
                NumberOfTrees = best.Get<int>("NumberOfTrees"),
                NumberOfLeaves = best.Get<int>("NumberOfLeaves"),
                LearningRate = best.Get<double>("LearningRate"),
                MinimumExampleCountPerLeaf = best.Get<int>("MinimumExampleCountPerLeaf"),
            }).Fit(data),
            _ => ml.BinaryClassification.Trainers.LogisticRegression(new LogisticRegressionOptions
            {
                C = best.Get<double>("C"),
                Penalty = best.Get<Penalty>("Penalty"),
                Solver = best.Get<Solver>("Solver"),
                L1Ratio = best.ContainsKey("L1Ratio") ? best.Get<double>("L1Ratio") : null,
            }).FitModel(data),
        };
        var expected = direct.Transform(data).GetColumn<float>("Score").ToArray();
        Assert.Equal(expected, result.Model!.Transform(data).GetColumn<float>("Score").ToArray());
    }
}
