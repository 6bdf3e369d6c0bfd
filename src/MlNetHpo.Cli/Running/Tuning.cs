using System.Globalization;
using MlNetHpo.AutoML;
using MlNetHpo.Cli.Spaces;
using MlNetHpo.Cli.Trainers;
using MlNetHpo.Experiments;
using MlNetHpo.Scoring;

namespace MlNetHpo.Cli.Running;

/// <summary>
/// The tune command's tuners (--tuner): tpe (<see cref="TpeTuner"/>), cfo (<see cref="CostFrugalTuner"/>, one trainer),
/// eci (<see cref="EciCostFrugalTuner"/>, a choice of trainers), asha (<see cref="AshaTuner"/>, with --resource,
/// --min-resources, --max-resources and --factor) and random (<see cref="RandomSearchTuner"/>), each made from
/// --trials, --seed and --batch-size alone: the proposals, and so the table, never depend on --parallel.
/// </summary>
internal static class Tuning
{
    /// <summary>The --tuner names.</summary>
    public static readonly IReadOnlyList<string> Names = ["tpe", "cfo", "eci", "asha", "random"];

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

    /// <summary>
    /// The space the tuner searches: with --tuner asha, a ready space that searches the resource (fasttree's NumberOfTrees)
    /// drops it, since ASHA sets it per rung; a --space file that has it is refused by the tuner, naming it.
    /// </summary>
    public static SearchSpace Searched(SearchSettings s, SearchSpace space) =>
        s.Tuner != "asha" || s.SpaceFile is not null || s.Resource is not { } resource ? space
        : SearchSpace.Union(space.SubSpaces.Select(sub =>
        {
            var kept = new SearchSpace();
            foreach (var (name, distribution) in sub.Where(p => !string.Equals(p.Key, resource.Trim(), StringComparison.OrdinalIgnoreCase)))
            {
                kept.Add(name, distribution);
            }

            return kept;
        }));

    /// <summary>The tuner the settings name, over <paramref name="space"/> (<see cref="Searched"/> first).</summary>
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
            "asha" => Asha(s, space, trainer),
            _ => new RandomSearchTuner(space, s.Trials, s.Seed),
        };
    }

    /// <summary>
    /// Refuses ASHA's settings out of range, naming the option: --resource (a trainer option) and --max-resources are
    /// needed, --min-resources is a number (default 1), --factor an integer of at least 2 (default 3).
    /// </summary>
    /// <exception cref="CliException">The first problem found.</exception>
    public static void CheckAsha(SearchSettings s)
    {
        if (s.Resource is not { } resource || string.IsNullOrWhiteSpace(resource) || string.Equals(resource.Trim(), "rows", StringComparison.OrdinalIgnoreCase))
        {
            throw new CliException("--tuner asha needs --resource: the trainer option each rung sets, such as NumberOfTrees or NumberOfIterations.");
        }

        if (s.MaxResources is not { } max)
        {
            throw new CliException($"--tuner asha needs --max-resources: the top rung's {resource}.");
        }

        if (s.Factor is { } factor && !(factor >= 2 && factor == Math.Floor(factor) && factor <= int.MaxValue))
        {
            throw new CliException(string.Create(CultureInfo.InvariantCulture, $"--factor needs an integer of at least 2 with --tuner asha; got {factor}."));
        }

        var min = AshaMin(s);
        if (max < min || max > int.MaxValue)
        {
            throw new CliException($"--max-resources needs at least --min-resources ({min}) and at most {int.MaxValue}; got {max}.");
        }
    }

    private static int AshaMin(SearchSettings s) =>
        s.MinResources is null ? 1
        : int.TryParse(s.MinResources.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 1 ? n
        : throw new CliException($"--min-resources needs a positive integer with --tuner asha; got '{s.MinResources}'.");

    /// <summary>ASHA over <paramref name="space"/> (see <see cref="Searched"/>) with --resource set per rung.</summary>
    private static AshaTuner Asha(SearchSettings s, SearchSpace space, TrainerEntry trainer)
    {
        CheckAsha(s);
        var resource = s.Resource!.Trim();
        var (min, max) = (AshaMin(s), (int)s.MaxResources!.Value);
        SpaceFile.Validate(new SearchSpace { [resource] = Distribution.Choice(min, max) }, trainer.Estimator);
        try
        {
            return new AshaTuner(space, resource, min, max, s.Trials, (int)(s.Factor ?? 3), s.Seed, s.BatchSize);
        }
        catch (ArgumentException e)
        {
            throw new CliException($"--tuner asha: {CliException.Clean(e.Message)}");
        }
    }

    /// <summary>The line announcing the search.</summary>
    public static string Describe(SearchSettings s, TrainerEntry trainer, Metric metric) =>
        $"{s.Tuner switch { "tpe" => "TPE", "cfo" => "Cost-frugal (CFO)", "eci" => "ECI cost-frugal", "asha" => "ASHA", _ => "Random" }} search: {trainer.Name} ({trainer.Description}), " +
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
