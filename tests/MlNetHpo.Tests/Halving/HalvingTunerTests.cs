using MlNetHpo.AutoML;
using MlNetHpo.Experiments;
using MlNetHpo.Halving;

namespace MlNetHpo.Tests.Halving;

/// <summary>The halving tuner's promotion rule (scikit-learn's _top_k), its barrier and its resource binding.</summary>
public class HalvingTunerTests
{
    // 6 candidates a = 0..5, factor 3, resources 1 then 3: iteration 0 is trials 0-5, iteration 1 trials 6-7.
    private static HalvingTuner Tuner(bool higherIsBetter = true, double errorScore = double.NaN) =>
        new(new GridSearchTuner(new ParameterGrid { ["a"] = [0, 1, 2, 3, 4, 5] }), HalvingSchedule.Plan(6, 3, MinResourcesRule.Number, 1, 9, false), "N", "test")
        {
            HigherIsBetter = higherIsBetter,
            ErrorScore = errorScore,
        };

    [Fact]
    public void TrialsRunThroughTheIterationsBehindABarrier()
    {
        var tuner = Tuner();

        Assert.Equal(8, tuner.Count);
        Assert.Equal([0, 0, 0, 0, 0, 0, 6, 6, 0], Enumerable.Range(0, 9).Select(tuner.ProposalsDependOnTrialsBelow));
        Assert.Equal((1, 3L), tuner.RungOf(7));
        Assert.Null(tuner.RungOf(8));
        Assert.Equal("{a: 4, N: 1}", tuner.Propose(new TrialSettings { TrialId = 4 })!.ToString());
        Assert.Null(tuner.Propose(new TrialSettings { TrialId = 8 }));
    }

    [Fact]
    public void TheBestAreKeptInNumpysOrderWithFailuresLowest()
    {
        // argsort of [0.5, NaN, 0.9, 0.9, 0.1, NaN] is [4, 0, 2, 3, 1, 5]; rolled by the 2 NaN: [1, 5, 4, 0, 2, 3]; the last 2.
        var tuner = Tuner();
        Feed(tuner, [0.5, double.NaN, 0.9, 0.9, 0.1, double.NaN]);

        Assert.Equal(["{a: 2, N: 3}", "{a: 3, N: 3}"], Kept(tuner));
    }

    [Fact]
    public void AnErrorMetricIsNegatedAsScikitLearnsScorers()
    {
        // Lower is better: scores [-0.5, NaN, -0.9, -0.9, -0.1, NaN] sort to [2, 3, 0, 4, 1, 5], rolled [1, 5, 2, 3, 0, 4].
        var tuner = Tuner(higherIsBetter: false);
        Feed(tuner, [0.5, double.NaN, 0.9, 0.9, 0.1, double.NaN]);

        Assert.Equal(["{a: 0, N: 3}", "{a: 4, N: 3}"], Kept(tuner));
    }

    [Fact]
    public void FailedFoldsScoreTheErrorScore()
    {
        // With error_score 0.95, trial 1 (folds NaN, 1.0) means 0.975 and trial 5 (both failed) 0.95: they are the best two.
        var tuner = Tuner(errorScore: 0.95);
        Feed(tuner, [0.5, double.NaN, 0.9, 0.9, 0.1, double.NaN], id => id == 1 ? [double.NaN, 1.0] : id == 5 ? [double.NaN, double.NaN] : null);

        Assert.Equal(["{a: 5, N: 3}", "{a: 1, N: 3}"], Kept(tuner));
    }

    private static string[] Kept(HalvingTuner tuner) =>
        [.. Enumerable.Range(6, 2).Select(id => tuner.Propose(new TrialSettings { TrialId = id })!.ToString())];

    private static void Feed(HalvingTuner tuner, double[] means, Func<int, double[]?>? failedSplits = null)
    {
        // Completions arrive in any order: the rule reads them by trial id.
        foreach (var id in new[] { 5, 0, 3, 1, 4, 2 })
        {
            var parameter = tuner.Propose(new TrialSettings { TrialId = id })!;
            var splits = failedSplits?.Invoke(id) ?? [means[id], means[id]];
            var candidate = new CandidateResult
            {
                Index = id,
                Parameters = parameter,
                Scores = [new MetricScores { Metric = "m", SplitScores = splits }],
                FitTimes = [0, 0],
                ScoreTimes = [0, 0],
                Error = splits.Any(double.IsNaN) ? "failed" : null,
            };
            tuner.Update(new TrialResult
            {
                TrialSettings = new TrialSettings { TrialId = id, Parameter = parameter },
                Metric = candidate.MeanScore,
                Loss = tuner.HigherIsBetter ? -candidate.MeanScore : candidate.MeanScore,
                SplitScores = splits,
                Candidate = candidate,
                Error = candidate.Error,
            });
        }
    }
}
