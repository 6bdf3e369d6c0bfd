using AutoMLStyle;
using Microsoft.ML;
using Microsoft.ML.SearchSpace;
using MlNetHpo.AutoML;

namespace MlNetHpo.Tests.Tuners;

/// <summary>
/// AutoML's CFO starts from its space's defaults; ours does where the space declares them (a SearchSpace&lt;T&gt;), else from
/// FLAML's low-cost corner. The start is part of the tuners' fingerprints, so a study made with another start is refused.
/// </summary>
public sealed class DeclaredStartTests
{
    [Fact]
    public void CfoStartsAtTheDefaultsASearchSpaceOfTDeclares()
    {
        var declared = new SearchSpace<Options>();
        var tuner = new CostFrugalTuner(declared, 5);

        // Init values where given (Rate: 0.01, Kind: "b"), the initializer's value otherwise (Depth = 7).
        Assert.Equal(new Parameter([new("Depth", 7L), new("Kind", "b"), new("Rate", 0.01)]), tuner.Propose(new TrialSettings { TrialId = 0 }));
        Assert.Equal("{Rate: 0.01, Depth: 7, Kind: b}", declared.Default.ToString());
    }

    [Fact]
    public void WithoutDeclaredDefaultsCfoStartsAtTheLowCostCornerAsBefore()
    {
        var plain = SearchSpace.FromAttributes<Options>();
        var tuner = new CostFrugalTuner(plain, 5);

        // The lower bound of integer ranges, the log midpoint of real ones, the first choice; the fingerprint as before.
        var logMidpoint = Math.Exp(0.5 * (Math.Log(0.0001) + Math.Log(1.0)));
        Assert.Equal(new Parameter([new("Depth", 1L), new("Kind", "a"), new("Rate", logMidpoint)]), tuner.Propose(new TrialSettings { TrialId = 0 }));
        Assert.Equal($"cfo {plain} trials=5 seed=0 batch=1 initial=", tuner.Fingerprint);
    }

    [Fact]
    public void AnInitialPointOverridesTheDefaultsItNames()
    {
        var tuner = new CostFrugalTuner(new SearchSpace<Options>(), 5, initial: new Parameter([new("Depth", 3L)]));

        Assert.Equal(new Parameter([new("Depth", 3L), new("Kind", "b"), new("Rate", 0.01)]), tuner.Propose(new TrialSettings { TrialId = 0 }));
        Assert.Equal($"cfo {SearchSpace.FromAttributes<Options>()} trials=5 seed=0 batch=1 initial={{Depth: 3, Kind: b, Rate: 0.01}}", tuner.Fingerprint);
    }

    [Fact]
    public void EciStartsEachTrainerAtItsDeclaredDefaults()
    {
        var choice = SweepableEstimator.Choice(
            SweepableEstimator.FromFactory((_, _) => throw new NotSupportedException(), "first").WithSearchSpace(new SearchSpace<Options>(new Options { Depth = 4, Rate = 0.5, Kind = "c" })),
            SweepableEstimator.FromFactory((_, _) => throw new NotSupportedException(), "second").WithSearchSpace(SearchSpace.FromAttributes<Options>()));
        var tuner = new EciCostFrugalTuner(choice.SearchSpace!, 5);

        // Trial 0 takes the first trainer, at its defaults; the second trainer declares none, so it has no start in the fingerprint.
        Assert.Equal(new Parameter([new("Depth", 4L), new("Kind", "c"), new("Rate", 0.5), new("Trainer", "first")]), tuner.Propose(new TrialSettings { TrialId = 0 }));
        Assert.EndsWith(" start0={Depth: 4, Kind: c, Rate: 0.5}", tuner.Fingerprint);
        Assert.DoesNotContain("start", new EciCostFrugalTuner(SearchSpace.FromAttributes<Options>(), 5).Fingerprint);
    }

    [Fact]
    public void TheStartChangesTheFingerprintSoAStudyOfTheOtherStartIsRefused()
    {
        Assert.NotEqual(new CostFrugalTuner(SearchSpace.FromAttributes<Options>(), 5).Fingerprint, new CostFrugalTuner(new SearchSpace<Options>(), 5).Fingerprint);
        Assert.NotEqual(new EciCostFrugalTuner(SearchSpace.FromAttributes<Options>(), 5).Fingerprint, new EciCostFrugalTuner(new SearchSpace<Options>(), 5).Fingerprint);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void TheExperimentsCostFrugalTunersStartAtThePipelinesDeclaredDefaults(bool eci)
    {
        var ml = new MLContext(0);
        var train = ml.Data.LoadFromTextFile<TitanicPassenger>(SharedData.TitanicTrain("tutorial-2023"), separatorChar: ',', hasHeader: true);
        var first = new FirstTrial();
        var experiment = CustomSearchSpaceExperiment.CreateExperiment(ml, CustomSearchSpaceExperiment.CreatePipeline(ml), train, first, maxModels: 1);

        (eci ? experiment.SetEciCostFrugalTuner() : experiment.SetCostFrugalTuner()).Run();

        // LbfgsOption's init: 1e-10f for both (AutoML's start), not the log midpoint of [1e-10, 1].
        Assert.Equal(
            new Parameter([new("_pipeline_._SCHEMA_", "e0 * e1"), new("_pipeline_.e1.L1Regularization", (double)1e-10f), new("_pipeline_.e1.L2Regularization", (double)1e-10f)]),
            first.Parameter);
    }

    public sealed class Options
    {
        [Range(0.0001, 1.0, init: 0.01, logBase: true)]
        public double Rate { get; set; }

        [Range(1, 10)]
        public int Depth { get; set; } = 7;

        [Choice(new object[] { "a", "b", "c" }, "b")]
        public string Kind { get; set; } = "a";
    }

    private sealed class FirstTrial : IMonitor
    {
        public Parameter? Parameter { get; private set; }

        public void ReportRunningTrial(TrialSettings settings) => Parameter ??= settings.Parameter;

        public void ReportCompletedTrial(TrialResult result)
        {
        }

        public void ReportFailTrial(TrialSettings settings, Exception? exception = null)
        {
        }

        public void ReportBestTrial(TrialResult result)
        {
        }
    }
}
