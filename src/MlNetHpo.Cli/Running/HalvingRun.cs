using System.Globalization;
using Microsoft.ML;
using MlNetHpo.AutoML;
using MlNetHpo.Cli.Output;
using MlNetHpo.Experiments;
using MlNetHpo.Halving;
using MlNetHpo.Scoring;

namespace MlNetHpo.Cli.Running;

/// <summary>
/// <c>--halving</c> on <c>grid</c> and <c>random</c>: successive halving (scikit-learn's HalvingGridSearchCV / HalvingRandomSearchCV)
/// over the grid, or over <c>--iterations</c> draws, with <c>--factor</c>, <c>--resource</c>, <c>--min-resources</c>,
/// <c>--max-resources</c> and <c>--aggressive-elimination</c>; the report adds one line per iteration.
/// </summary>
internal static class HalvingRun
{
    /// <summary>Refuses halving settings without --halving (or --tuner asha), and settings out of range, naming the option.</summary>
    /// <exception cref="CliException">The first problem found.</exception>
    public static void Check(SearchSettings s)
    {
        if (s.Mode == SearchMode.Tune && s.Tuner == "asha")
        {
            Tuning.CheckAsha(s);
            return;
        }

        if (!s.Halving)
        {
            var given = new (string Name, bool Set)[]
            {
                ("--factor", s.Factor is not null), ("--resource", s.Resource is not null), ("--min-resources", s.MinResources is not null),
                ("--max-resources", s.MaxResources is not null), ("--aggressive-elimination", s.AggressiveElimination),
            }.FirstOrDefault(o => o.Set);
            if (given.Name is not null)
            {
                throw new CliException(s.Mode == SearchMode.Tune
                    ? $"{given.Name} is a successive-halving setting: use --tuner asha."
                    : $"{given.Name} is a successive-halving setting: add --halving.");
            }

            return;
        }

        if (s.Factor is { } factor && !(factor > 1 && double.IsFinite(factor)))
        {
            throw new CliException(string.Create(CultureInfo.InvariantCulture, $"--factor needs a number above 1; got {factor}."));
        }

        if (s.Resource is { } resource && string.IsNullOrWhiteSpace(resource))
        {
            throw new CliException("--resource needs 'rows' or the name of a trainer option such as NumberOfTrees.");
        }

        if (s.MaxResources is < 1)
        {
            throw new CliException($"--max-resources needs at least 1; got {s.MaxResources}.");
        }

        if (s.Resource is { } named && !IsRows(named) && s.MaxResources is null)
        {
            throw new CliException($"--max-resources is needed with --resource {named}: only rows default to the row count.");
        }

        ParseMin(s);
    }

    /// <summary>The halving settings, or null without --halving.</summary>
    public static HalvingOptions? Options(SearchSettings s) => !s.Halving ? null : new HalvingOptions
    {
        Factor = s.Factor ?? 3,
        Resource = s.Resource is { } r && !IsRows(r) ? r : HalvingOptions.Rows,
        MinResources = ParseMin(s),
        MaxResources = s.MaxResources,
        AggressiveElimination = s.AggressiveElimination,
    };

    /// <summary>The halving search on the task's catalog: over the grid (ranges cut into --points), or over --iterations draws.</summary>
    public static CrossValidatedSearch Search(
        MLContext ml, SearchTask task, IEstimator<ITransformer>? featurizer, SweepableEstimator trainer, SearchSpace space, HalvingOptions halving, SearchSettings s, Metric metric, string label, SearchOptions options, TextWriter output)
    {
        output.WriteLine($"Successive halving: {halving}{(s.Mode == SearchMode.Random ? $", {s.Iterations} first candidates" : string.Empty)}.");
        if (s.Mode == SearchMode.Grid)
        {
            var grid = space.IsGrid ? space.ToGrid() : space.ToGrid(s.Points);
            return task switch
            {
                SearchTask.BinaryClassification => ml.BinaryClassification.HalvingGridSearch(featurizer, trainer, grid, halving, s.Seed, metric, s.Folds, label, options),
                SearchTask.MulticlassClassification => ml.MulticlassClassification.HalvingGridSearch(featurizer, trainer, grid, halving, s.Seed, metric, s.Folds, label, options),
                _ => ml.Regression.HalvingGridSearch(featurizer, trainer, grid, halving, s.Seed, metric, s.Folds, label, options),
            };
        }

        return task switch
        {
            SearchTask.BinaryClassification => ml.BinaryClassification.HalvingRandomSearch(featurizer, trainer, space, s.Iterations, halving, s.Seed, metric, s.Folds, label, options),
            SearchTask.MulticlassClassification => ml.MulticlassClassification.HalvingRandomSearch(featurizer, trainer, space, s.Iterations, halving, s.Seed, metric, s.Folds, label, options),
            _ => ml.Regression.HalvingRandomSearch(featurizer, trainer, space, s.Iterations, halving, s.Seed, metric, s.Folds, label, options),
        };
    }

    /// <summary>One line per iteration: its candidates, resources and best candidate; nothing for a search without iterations.</summary>
    public static void WriteRungs(TextWriter output, SearchResult result)
    {
        var rungs = result.Candidates.Where(c => c.Iteration is not null).GroupBy(c => c.Iteration!.Value).OrderBy(g => g.Key).ToArray();
        if (rungs.Length == 0)
        {
            return;
        }

        output.WriteLine($"Halving iterations ({result.MetricName} of each iteration's best):");
        output.WriteLine("  iter  candidates  resources  best");
        foreach (var rung in rungs)
        {
            var best = Ranking.Best([.. rung], result.HigherIsBetter) ?? rung.First(); // the library's rule; a rung whose fits all failed shows its first
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {rung.Key,4}  {rung.Count(),10}  {rung.First().Resources,9}  {SearchRun.Format(best.MeanScore)} #{best.Index} {Leaderboard.Text(best.Parameters)}"));
        }
    }

    private static bool IsRows(string resource) => string.Equals(resource, HalvingOptions.Rows, StringComparison.OrdinalIgnoreCase);

    private static MinResources ParseMin(SearchSettings s) => s.MinResources?.Trim().ToLowerInvariant() switch
    {
        null => s.Mode == SearchMode.Random ? MinResources.Smallest : MinResources.Exhaust, // scikit-learn's defaults
        "exhaust" => MinResources.Exhaust,
        "smallest" => MinResources.Smallest,
        var text when long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 1 => MinResources.Of(n),
        _ => throw new CliException($"--min-resources needs exhaust, smallest or a positive integer; got '{s.MinResources}'."),
    };
}
