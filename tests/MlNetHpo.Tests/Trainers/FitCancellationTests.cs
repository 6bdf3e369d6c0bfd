using Microsoft.ML;
using MlNetHpo.AutoML;
using MlNetHpo.Experiments;
using MlNetHpo.Sweeping;
using MlNetHpo.Trainers;
using static MlNetHpo.Tests.Trainers.LogisticReferences;

namespace MlNetHpo.Tests.Trainers;

/// <summary>Our trainers stop inside a fit when their MLContext is cancelled, as ML.NET's do: the solvers check once per iteration.</summary>
public sealed class FitCancellationTests
{
    private const string Message = "The fit was cancelled through its MLContext.";

    public static TheoryData<string> Solvers => ["binary Newton", "binary quasi-Newton", "one-vs-rest Newton", "multinomial quasi-Newton", "Lasso coordinate descent"];

    [Theory]
    [MemberData(nameof(Solvers))]
    public void EachSolverStopsAtTheFirstCheckAfterItsContextIsCancelled(string solver)
    {
        // Uncancelled, the fit checks more often than three times: a stop at the third check is inside it.
        var checks = 0;
        Fit(solver, new FitCancellation(() => ++checks < 0));
        Assert.True(checks > 3, $"{solver} checked {checks} times");

        checks = 0;
        var ex = Assert.Throws<OperationCanceledException>(() => Fit(solver, new FitCancellation(() => ++checks == 3)));
        Assert.Equal(3, checks);
        Assert.Equal(Message, ex.Message);
    }

    [Fact]
    public void TrainersFromACancelledContextsCatalogsStopBeforeTheirFirstStep()
    {
        var ml = new MLContext(0);
        MlContextCancellation.Cancel(ml);
        var titanic = TitanicRevision.Get("tutorial-2023").Train; // data of another context: only our trainers see the cancellation
        var iris = MulticlassData(new MLContext(0), Rows);
        var diabetes = LinearReferences.Load(new MLContext(0), "diabetes");

        Action[] fits =
        [
            () => ml.BinaryClassification.Trainers.LogisticRegression().FitModel(titanic),
            () => ml.BinaryClassification.Trainers.LogisticRegression(new LogisticRegressionOptions()).FitModel(titanic),
            () => ml.MulticlassClassification.Trainers.LogisticRegression().Fit(iris),
            () => ml.MulticlassClassification.Trainers.LogisticRegression(new LogisticRegressionOptions()).Fit(iris),
            () => ml.Regression.Trainers.Lasso(alpha: 0.1).Fit(diabetes),
            () => ml.Regression.Trainers.Lasso(new LassoOptions { Alpha = 0.1 }).Fit(diabetes),
            () => ml.Regression.Trainers.ElasticNet(alpha: 0.1).Fit(diabetes),
            () => ml.Regression.Trainers.ElasticNet(new ElasticNetOptions { Alpha = 0.1 }).Fit(diabetes),
        ];
        Assert.All(fits, fit => Assert.Equal(Message, Assert.Throws<OperationCanceledException>(fit).Message));

        // The same trainers from a live context fit.
        var live = new MLContext(0);
        Assert.Equal(0.8473, live.BinaryClassification.Evaluate(live.BinaryClassification.Trainers.LogisticRegression().Fit(titanic).Transform(TitanicRevision.Get("tutorial-2023").Test)).Accuracy, 4);
        Assert.True(live.Regression.Trainers.Lasso(alpha: 0.1).Fit(diabetes).Converged);
    }

    [Fact]
    public void ASearchStopsOurTrainersThroughTheTrialsContextWhicheverContextMadeThem()
    {
        // Options-only factories make the trainers from the user's context, which the search never cancels.
        var user = new MLContext(0);
        var titanic = TitanicRevision.Get("tutorial-2023").Train;
        var iris = MulticlassData(new MLContext(0), Rows);
        var diabetes = LinearReferences.Load(new MLContext(0), "diabetes");
        (SweepableEstimator Sweepable, IDataView Data)[] searches =
        [
            (SweepableEstimator.FromOptions((LogisticRegressionOptions o) => user.BinaryClassification.Trainers.LogisticRegression(o)), titanic),
            (SweepableEstimator.FromOptions((LogisticRegressionOptions o) => user.MulticlassClassification.Trainers.LogisticRegression(o)), iris),
            (SweepableEstimator.FromOptions((LassoOptions o) => user.Regression.Trainers.Lasso(o)), diabetes),
            (SweepableEstimator.FromOptions((ElasticNetOptions o) => user.Regression.Trainers.ElasticNet(o)), diabetes),
        ];
        foreach (var (sweepable, data) in searches)
        {
            var trial = new MLContext(0);
            var estimator = sweepable.BuildFromOption(trial, Parameter.Empty);
            MlContextCancellation.Cancel(trial);
            Assert.Equal(Message, Assert.Throws<OperationCanceledException>(() => estimator.Fit(data)).Message);
            Assert.NotNull(sweepable.BuildFromOption(new MLContext(0), Parameter.Empty).Fit(data)); // a live trial's context fits
        }
    }

    private static void Fit(string solver, FitCancellation cancellation)
    {
        var titanic = TitanicRevision.Get("tutorial-2023").Train;
        var ml = new MLContext(0);
        _ = solver switch
        {
            "binary Newton" => (object)new LogisticRegressionTrainer(new LogisticRegressionOptions()) { Cancellation = cancellation }.FitModel(titanic),
            "binary quasi-Newton" => new LogisticRegressionTrainer(new LogisticRegressionOptions { MultiClass = MultiClass.Multinomial }) { Cancellation = cancellation }.FitModel(titanic),
            "one-vs-rest Newton" => new MulticlassLogisticRegressionTrainer(new LogisticRegressionOptions { MultiClass = MultiClass.Ovr }) { Cancellation = cancellation }.Fit(MulticlassData(ml, Rows)),
            "multinomial quasi-Newton" => new MulticlassLogisticRegressionTrainer(new LogisticRegressionOptions { MultiClass = MultiClass.Multinomial }) { Cancellation = cancellation }.Fit(MulticlassData(ml, Rows)),
            _ => new LassoTrainer(new LassoOptions { Alpha = 0.1 }) { Cancellation = cancellation }.Fit(LinearReferences.Load(ml, "diabetes")),
        };
    }
}
