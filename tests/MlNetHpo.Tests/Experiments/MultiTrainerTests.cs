using Microsoft.ML;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.FastTree;
using MlNetHpo.Experiments;
using MlNetHpo.Scoring;
using MlNetHpo.AutoML;
using MlNetHpo.Sweeping;
using MlNetHpo.Trainers;

namespace MlNetHpo.Tests.Experiments;

public class MultiTrainerTests
{
    private static readonly MLContext Ml = new(0);

    [Fact]
    public void ACandidateNamesItsTrainerAndTheBestIsRefittedWithIt()
    {
        var (data, features) = TitanicData.Load(Ml, SharedData.TitanicTrain("tutorial-2023"));
        var choice = SweepableEstimator.Choice(
            SweepableEstimator.FromOptions((MLContext c, LogisticRegressionOptions o) => c.BinaryClassification.Trainers.LogisticRegression(o)),
            SweepableEstimator.FromOptions((MLContext c, FastTreeBinaryTrainer.Options o) => c.BinaryClassification.Trainers.FastTree(o)));
        var grid = ParameterGrid.Union(
            new ParameterGrid { ["Trainer"] = ["LogisticRegression"], ["C"] = [0.01, 10.0] },
            new ParameterGrid { ["Trainer"] = ["FastTreeBinary"], ["NumberOfLeaves"] = [2, 8], ["NumberOfTrees"] = [20] });

        var result = Ml.BinaryClassification.GridSearch(TitanicData.Features(Ml, features), choice, grid).Fit(data);

        Assert.Equal(4, result.Candidates.Count);
        Assert.True(result.FailedCount == 0, result.FailureSummary);
        Assert.Equal(["LogisticRegression", "LogisticRegression", "FastTreeBinary", "FastTreeBinary"],
            result.Candidates.Select(c => c.Parameters.Get<string>("Trainer")));
        var bestTrainer = result.BestParameters.Get<string>("Trainer");
        var scored = result.Model!.Transform(data).Schema;
        Assert.Contains(bestTrainer, result.ToCsv());
        Assert.True(scored.GetColumnOrNull("Score").HasValue);
        var unknown = Assert.Throws<ArgumentException>(() => choice.BuildFromOption(Ml, new Parameter([new("Trainer", "Sdca")])));
        Assert.Contains("FastTreeBinary", unknown.Message);
    }

    [Fact]
    public void MultiMetricSearchRanksByTheFirstAndReportsEveryMetric()
    {
        var (data, features) = TitanicData.Load(Ml, SharedData.TitanicTrain("tutorial-2023"));
        var options = new SearchOptions();
        options.AdditionalMetrics.Add(BinaryClassificationMetric.Accuracy);
        options.AdditionalMetrics.Add(BinaryClassificationMetric.LogLoss);

        var result = Ml.BinaryClassification.GridSearch(
            TitanicData.Features(Ml, features),
            (LogisticRegressionOptions o) => Ml.BinaryClassification.Trainers.LogisticRegression(o),
            new ParameterGrid { ["C"] = [0.001, 0.1, 10.0] },
            metric: BinaryClassificationMetric.AreaUnderRocCurve,
            options: options).Fit(data);

        Assert.Equal(["AreaUnderRocCurve", "Accuracy", "LogLoss"], result.Metrics.Select(m => m.Name));
        Assert.All(result.Candidates, c => Assert.Equal(3, c.Scores.Count));
        var best = result.Candidates.MaxBy(c => c["AreaUnderRocCurve"].Mean)!;
        Assert.Equal(best.Index, result.BestIndex);
        var bestLogLoss = result.Candidates.MinBy(c => c["LogLoss"].Mean)!;
        Assert.Equal(1, bestLogLoss["LogLoss"].Rank); // lower is better for log-loss
        Assert.Contains("rank_test_LogLoss", result.ToCsv());
        Assert.Contains("\"LogLoss\"", result.ToJson());
    }

    [Fact]
    public void AMetricOfAnotherTaskIsRejected()
    {
        var e = Assert.Throws<ArgumentException>(() => Ml.BinaryClassification.GridSearch(
            null,
            (LbfgsLogisticRegressionBinaryTrainer.Options o) => Ml.BinaryClassification.Trainers.LbfgsLogisticRegression(o),
            new ParameterGrid { ["L2Regularization"] = [1.0] },
            metric: RegressionMetric.RSquared));
        Assert.Contains("RSquared is a regression metric", e.Message);
        Assert.Contains("AreaUnderRocCurve", e.Message);
    }
}
