using MlNetHpo.Cli.Trainers;
using MlNetHpo.Scoring;
using MlNetHpo.Sweeping;
using MlNetHpo.AutoML;

namespace MlNetHpo.Cli.Tests;

/// <summary>The CLI's trainers are the library's ready trainers, under their short names, with the ready spaces.</summary>
public class TrainerTableTests
{
    [Theory]
    [InlineData(SearchTask.BinaryClassification, "lr", nameof(ReadySpaces.LogisticRegression))]
    [InlineData(SearchTask.BinaryClassification, "fasttree", nameof(ReadySpaces.FastTree))]
    [InlineData(SearchTask.BinaryClassification, "averagedperceptron", nameof(ReadySpaces.AveragedPerceptron))]
    [InlineData(SearchTask.BinaryClassification, "linearsvm", nameof(ReadySpaces.LinearSvm))]
    [InlineData(SearchTask.MulticlassClassification, "lr", nameof(ReadySpaces.LogisticRegression))]
    [InlineData(SearchTask.MulticlassClassification, "lightgbm", nameof(ReadySpaces.LightGbm))]
    [InlineData(SearchTask.MulticlassClassification, "sdca", nameof(ReadySpaces.Sdca))]
    [InlineData(SearchTask.Regression, "lbfgs", nameof(ReadySpaces.Lbfgs))]
    [InlineData(SearchTask.Regression, "ogd", nameof(ReadySpaces.OnlineGradientDescent))]
    [InlineData(SearchTask.Regression, "fastforest", nameof(ReadySpaces.FastForest))]
    [InlineData(SearchTask.Regression, "ridge", nameof(ReadySpaces.Ridge))]
    [InlineData(SearchTask.Regression, "elasticnet", nameof(ReadySpaces.ElasticNet))]
    public void EachShortNameIsAReadyTrainerWithItsReadySpace(SearchTask task, string name, string space)
    {
        var entry = TrainerTable.Find(task, name, "y");
        var ready = typeof(ReadySpaces).GetMethods().Single(m => m.Name == space);
        var expected = (SearchSpace)ready.Invoke(null, [.. ready.GetParameters().Select(p => p.DefaultValue)])!;

        Assert.Equal(name, entry.Estimator.Name);
        Assert.Equal(expected.ToString(), entry.DefaultSpace.ToString());
    }

    [Fact]
    public void EveryTaskListsItsTrainersInOrder()
    {
        Assert.Equal(["lr", "lbfgs", "sdca", "averagedperceptron", "linearsvm", "fasttree", "fastforest", "lightgbm"], TrainerTable.For(SearchTask.BinaryClassification, "y").Select(t => t.Name));
        Assert.Equal(["lr", "lbfgs", "sdca", "fasttree", "fastforest", "lightgbm"], TrainerTable.For(SearchTask.MulticlassClassification, "y").Select(t => t.Name));
        Assert.Equal(["ridge", "lasso", "elasticnet", "linear", "sdca", "lbfgs", "ogd", "fasttree", "fastforest", "lightgbm"], TrainerTable.For(SearchTask.Regression, "y").Select(t => t.Name));
    }
}
