using System.Globalization;
using MlNetHpo.AutoML;
using MlNetHpo.Cli.Trainers;
using MlNetHpo.Experiments;
using MlNetHpo.Scoring;

namespace MlNetHpo.Cli.Running;

/// <summary>
/// The tune command's tuners (--tuner): tpe (<see cref="TpeTuner"/>), cfo (<see cref="CostFrugalTuner"/>, one trainer),
/// eci (<see cref="EciCostFrugalTuner"/>, a choice of trainers) and random (<see cref="RandomSearchTuner"/>), each made from
/// --trials, --seed and --batch-size alone: the proposals, and so the table, never depend on --parallel.
/// </summary>
internal static class Tuning
{
    /// <summary>The --tuner names.</summary>
    public static readonly IReadOnlyList<string> Names = ["tpe", "cfo", "eci", "random"];

    /// <summary>Refuses an unknown --tuner before the data is read.</summary>
    /// <exception cref="CliException">The name is not one of <see cref="Names"/>.</exception>
    public static void Check(string? tuner)
    {
        if (!Names.Contains(tuner))
        {
            throw new CliException($"Unknown tuner '{tuner}'. Valid tuners: {string.Join(", ", Names)}.");
        }
    }

    /// <summary>The trainer(s) searched when --trainer is left out: the task's default; for eci, a choice of it and the two boosted-tree trainers.</summary>
    public static string DefaultTrainer(SearchSettings s, SearchTask task) =>
        s.Mode == SearchMode.Tune && s.Tuner == "eci" ? $"{TaskNames.DefaultTrainer(task)},fasttree,lightgbm" : TaskNames.DefaultTrainer(task);

    /// <summary>The tuner the settings name, over <paramref name="space"/>.</summary>
    /// <exception cref="CliException">cfo over a space of several sub-spaces (a choice of trainers, or lr's solver/penalty pairs).</exception>
    public static ITuner Create(SearchSettings s, SearchSpace space, TrainerEntry trainer)
    {
        Check(s.Tuner);
        if (s.Tuner == "cfo" && space.SubSpaces.Count > 1)
        {
            throw new CliException(
                $"--tuner cfo searches one mapping; the space of '{trainer.Name}' has {space.SubSpaces.Count} sub-spaces. Use --tuner eci, which runs one cost-frugal search per sub-space.");
        }

        return s.Tuner switch
        {
            "tpe" => new TpeTuner(space, s.Trials, s.Seed, s.BatchSize),
            "cfo" => new CostFrugalTuner(space, s.Trials, s.Seed, s.BatchSize),
            "eci" => new EciCostFrugalTuner(space, s.Trials, s.Seed, s.BatchSize),
            _ => new RandomSearchTuner(space, s.Trials, s.Seed),
        };
    }

    /// <summary>The line announcing the search.</summary>
    public static string Describe(SearchSettings s, TrainerEntry trainer, Metric metric) =>
        $"{s.Tuner switch { "tpe" => "TPE", "cfo" => "Cost-frugal (CFO)", "eci" => "ECI cost-frugal", _ => "Random" }} search: {trainer.Name} ({trainer.Description}), " +
        $"{s.Trials} trials (seed {s.Seed}{(s.Tuner == "random" ? string.Empty : $", batches of {s.BatchSize}")}) x {s.Folds} folds, metric {metric.Name}.";

    /// <summary>
    /// The tuner's best-so-far curve, compactly: the trials that improved on every earlier one, with the score reached
    /// ("Best so far (trial: Accuracy): 0: 0.7812, 3: 0.8012, ..., of 50 trials"); failed trials are skipped.
    /// </summary>
    public static string Curve(SearchResult result)
    {
        var steps = new List<string>();
        var best = double.NaN;
        foreach (var c in result.Candidates.OrderBy(c => c.Index))
        {
            if (!double.IsNaN(c.MeanScore) && (double.IsNaN(best) || (result.HigherIsBetter ? c.MeanScore > best : c.MeanScore < best)))
            {
                best = c.MeanScore;
                steps.Add(string.Create(CultureInfo.InvariantCulture, $"{c.Index}: {SearchRun.Format(best)}"));
            }
        }

        return $"Best so far (trial: {result.MetricName}): {(steps.Count == 0 ? "none succeeded" : string.Join(", ", steps))}, of {result.Candidates.Count} trials.";
    }
}
