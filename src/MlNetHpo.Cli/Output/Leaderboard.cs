using System.Globalization;
using MlNetHpo.Experiments;
using MlNetHpo.AutoML;

namespace MlNetHpo.Cli.Output;

/// <summary>The console's table of the best candidates: rank, mean score ± std over the folds, parameters.</summary>
internal static class Leaderboard
{
    /// <summary>The candidates in leaderboard order: by rank, then evaluation order.</summary>
    public static IEnumerable<CandidateResult> Ordered(SearchResult result) =>
        result.Candidates.OrderBy(c => c.Rank).ThenBy(c => c.Index);

    /// <summary>Writes the top <paramref name="top"/> candidates.</summary>
    public static void Write(TextWriter output, SearchResult result, int top)
    {
        var rows = Ordered(result).Take(top).ToList();
        output.WriteLine();
        output.WriteLine($"Top {rows.Count} of {result.Candidates.Count} candidates by {result.MetricName} ({(result.HigherIsBetter ? "higher" : "lower")} is better, mean ± std over {result.NumberOfFolds} folds):");
        output.WriteLine($"  {"rank",4}  {"score",-17}  {"#",4}  parameters");
        foreach (var c in rows)
        {
            output.WriteLine($"  {c.Rank,4}  {Score(c),-17}  {c.Index,4}  {Text(c.Parameters)}{(c.Error is null ? string.Empty : "  [failed]")}");
        }

        output.WriteLine();
    }

    /// <summary>Parameters for people: reals with 6 significant digits (the files keep full precision).</summary>
    public static string Text(Parameter parameters) =>
        "{" + string.Join(", ", parameters.Select(p => $"{p.Key}: {(p.Value is double d ? d.ToString("G6", CultureInfo.InvariantCulture) : Parameter.FormatValue(p.Value))}")) + "}";

    /// <summary>"0.8512 ± 0.0123", or "failed".</summary>
    public static string Score(CandidateResult c) => double.IsNaN(c.MeanScore)
        ? "failed"
        : string.Create(CultureInfo.InvariantCulture, $"{c.MeanScore:0.0000} ± {c.StdScore:0.0000}");
}
