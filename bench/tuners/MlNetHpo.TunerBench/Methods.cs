using MlNetHpo.AutoML;
using MlNetHpo.Experiments;

namespace MlNetHpo.TunerBench;

/// <summary>One finished trial as the benchmark plots it: its validation score and its fit + score seconds.</summary>
internal sealed record TrialPoint(double Score, double Seconds);

/// <summary>
/// A way of spending the trial budget on a problem. Tuners are one kind (<see cref="TunerMethod"/>); successive halving
/// is the hook left for another: a method whose trials are cheaper rungs returns them here with their seconds, and the
/// summary plots it against time like the rest (its trial axis counts full-resource trials only, or rungs: say which).
/// </summary>
internal interface IMethod
{
    string Name { get; }

    /// <summary>The trials, in the order they were proposed.</summary>
    IReadOnlyList<TrialPoint> Run(Problem problem, int seed, int trials);
}

/// <summary>A tuner searching the problem's trainer (or, for ECI, its choice of trainers), one trial at a time.</summary>
internal sealed class TunerMethod(string name, Func<SearchSpace, int, int, ITuner> tuner, bool choice = false) : IMethod
{
    public string Name => name;

    public IReadOnlyList<TrialPoint> Run(Problem problem, int seed, int trials)
    {
        var trainer = choice ? problem.Choice : problem.Trainer;
        // One worker per search (sequential tuners, batch 1): the bench runs several searches at once instead.
        var result = TrialRunnerSearch.Run(problem.Runner(trainer), tuner(trainer.SearchSpace!, trials, seed), new SearchOptions { MaxDegreeOfParallelism = 1, Seed = seed });
        return [.. result.Candidates.OrderBy(c => c.Index).Select(c => new TrialPoint(c.MeanScore, c.FitTimes.Sum() + c.ScoreTimes.Sum()))];
    }

    /// <summary>random, tpe, cfo and eci, with their defaults (batch 1: each proposal learns from every earlier trial).</summary>
    public static IReadOnlyList<IMethod> All =>
    [
        new TunerMethod("random", (space, trials, seed) => new RandomSearchTuner(space, trials, seed)),
        new TunerMethod("tpe", (space, trials, seed) => new TpeTuner(space, trials, seed)),
        new TunerMethod("cfo", (space, trials, seed) => new CostFrugalTuner(space, trials, seed)),
        new TunerMethod("eci", (space, trials, seed) => new EciCostFrugalTuner(space, trials, seed), choice: true),
        // Hook: successive halving (HalvingRandomSearch) goes here as an IMethod of its own once it exists.
    ];
}
