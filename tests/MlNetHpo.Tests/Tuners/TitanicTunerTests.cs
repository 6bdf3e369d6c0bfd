using Microsoft.ML;
using MlNetHpo.Experiments;
using MlNetHpo.AutoML;
using MlNetHpo.Sweeping;
using MlNetHpo.Trainers;

namespace MlNetHpo.Tests.Tuners;

/// <summary>The model-based tuners through the catalog on a real fit: typed parameters round trip, workers change nothing.</summary>
public class TitanicTunerTests
{
    private static readonly MLContext Ml = new(0);

    private static SearchSpace Space => new()
    {
        ["C"] = Distribution.LogUniform(1e-3, 1e3),
        ["Penalty"] = Distribution.Choice("l1", "l2"),
        ["Solver"] = Distribution.Choice("saga"),
    };

    public static TheoryData<string> Tuners => ["tpe", "cfo"];

    [Theory]
    [MemberData(nameof(Tuners))]
    public void LogisticRegressionOnTitanicGivesTheSameTableWithOneAndThreeWorkers(string kind)
    {
        var (data, features) = TitanicData.Load(Ml, SharedData.TitanicTrain("tutorial-2023"));
        string Run(int workers)
        {
            ITuner tuner = kind == "tpe" ? new TpeTuner(Space, 12, seed: 1, batchSize: 3, startupTrials: 3) : new CostFrugalTuner(Space, 12, seed: 1, batchSize: 3);
            var result = Ml.BinaryClassification.Search(
                TitanicData.Features(Ml, features),
                SweepableEstimator.FromOptions((LogisticRegressionOptions o) => Ml.BinaryClassification.Trainers.LogisticRegression(o)),
                tuner,
                options: new SearchOptions { Refit = false, MaxDegreeOfParallelism = workers }).Fit(data);
            Assert.Equal(12, result.Candidates.Count);
            return TpeTunerTests.Table(result);
        }

        Assert.Equal(Run(1), Run(3));
    }
}
