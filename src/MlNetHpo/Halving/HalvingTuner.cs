using MlNetHpo.AutoML;

namespace MlNetHpo.Halving;

/// <summary>
/// Successive halving as a tuner on a study: trial ids run through the plan's iterations in order (iteration 0 is the source's
/// candidates 0..n0-1, iteration 1 the next n1 ids...), so a trial's iteration and resources follow from its id alone. The
/// first proposal of an iteration waits for the whole iteration before it (<see cref="ProposalsDependOnTrialsBelow"/>), then
/// the kept candidates are scikit-learn's <c>_top_k</c>: numpy's argsort of the mean scores (higher is better, NaN moved to
/// the front), the last <c>ceil(n / factor)</c>, in that order. With a resource parameter, every proposal carries it set to the
/// iteration's resources, as scikit-learn sets <c>candidate[resource]</c>. Results therefore never depend on the workers, and
/// a resumed study replays its trials through <see cref="Update"/> and proposes what the uninterrupted one would have.
/// </summary>
internal sealed class HalvingTuner : ITuner, IRungTuner
{
    private readonly ITuner _source;
    private readonly ResourceParameter? _parameter;
    private readonly int[] _starts;
    private readonly Dictionary<int, (Parameter Candidate, double Score)> _finished = [];
    private readonly Dictionary<int, Parameter[]> _kept = [];

    /// <param name="source">The first iteration's candidates, by trial id (a grid or random search tuner).</param>
    /// <param name="plan">The iterations.</param>
    /// <param name="parameter">The resource's parameter name; null when the resource is rows (the runner subsamples them).</param>
    /// <param name="fingerprint">What this search is, as stable text.</param>
    public HalvingTuner(ITuner source, HalvingPlan plan, string? parameter, string fingerprint)
    {
        (_source, Plan, Fingerprint) = (source, plan, fingerprint);
        _parameter = parameter is null ? null : new ResourceParameter(parameter);
        _starts = new int[plan.Iterations + 1];
        for (var i = 0; i < plan.Iterations; i++)
        {
            _starts[i + 1] = _starts[i] + plan.Candidates[i];
        }
    }

    public HalvingPlan Plan { get; }

    /// <summary>The score of a failed fold (<see cref="Experiments.SearchOptions.ErrorScore"/>), NaN by default.</summary>
    public double ErrorScore { get; init; } = double.NaN;

    /// <summary>Whether the ranking metric is better higher (else it is negated, as scikit-learn's error scorers).</summary>
    public bool HigherIsBetter { get; init; } = true;

    public long? Count => _starts[^1];

    public string Fingerprint { get; }

    public IReadOnlyList<string> Warnings => _source.Warnings;

    public int ProposalsDependOnTrialsBelow(int trialId) => trialId >= 0 && trialId < Count ? _starts[IterationOf(trialId)] : 0;

    /// <summary>The iteration of trial <paramref name="trialId"/> and its resources: they follow from the id alone.</summary>
    public (int Iteration, long Resources)? RungOf(int trialId) => Rungs.Of(trialId, Parameter.Empty);

    /// <inheritdoc/>
    public RungMap Rungs => new(Plan.Resources, _starts, null);

    public Parameter? Propose(TrialSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var id = settings.TrialId;
        if (id < 0 || id >= Count)
        {
            return null;
        }

        var iteration = IterationOf(id);
        var candidate = iteration == 0
            ? _source.Propose(new TrialSettings { TrialId = id }) ?? throw new InvalidOperationException($"The candidate source has no candidate {id}.")
            : Kept(iteration)[id - _starts[iteration]];
        return WithResource(candidate, Plan.Resources[iteration]);
    }

    public void Update(TrialResult result)
    {
        ArgumentNullException.ThrowIfNull(result);

        // scikit-learn's scores are higher-is-better (error metrics negated). Failed folds score
        // the search's error score (NaN by default) in the mean that ranks, as in scikit-learn's cv_results_.
        var mean = result.Error is null || double.IsNaN(ErrorScore)
            ? result.Metric
            : Experiments.Statistics.Mean([.. result.SplitScores.Select(s => double.IsNaN(s) ? ErrorScore : s)]);
        var score = HigherIsBetter ? mean : -mean;
        _finished[result.TrialSettings.TrialId] = (WithoutResource(result.TrialSettings.Parameter ?? Parameter.Empty), score);
    }

    /// <summary>The candidate with the iteration's resources bound (rows need no parameter: the runner subsamples).</summary>
    private Parameter WithResource(Parameter candidate, long resources) => _parameter?.With(candidate, resources) ?? candidate;

    private Parameter WithoutResource(Parameter candidate) => _parameter?.Without(candidate) ?? candidate;

    private int IterationOf(int trialId)
    {
        var i = Array.BinarySearch(_starts, trialId);
        return i >= 0 ? i : ~i - 1;
    }

    /// <summary>scikit-learn's <c>_top_k</c> over iteration <paramref name="iteration"/> - 1, kept once computed.</summary>
    private Parameter[] Kept(int iteration)
    {
        if (_kept.TryGetValue(iteration, out var kept))
        {
            return kept;
        }

        var (first, end) = (_starts[iteration - 1], _starts[iteration]);
        var previous = Enumerable.Range(first, end - first)
            .Select(id => _finished.TryGetValue(id, out var f) ? f
                : throw new InvalidOperationException($"Iteration {iteration} needs every trial of iteration {iteration - 1}; trial {id} has no result."))
            .ToArray();
        var scores = previous.Select(p => p.Score).ToArray();
        var order = NumpyArgSort.ArgSort(scores);
        var nan = scores.Count(double.IsNaN);
        var rolled = new int[order.Length];
        for (var i = 0; i < order.Length; i++)
        {
            rolled[(i + nan) % order.Length] = order[i];
        }

        kept = [.. rolled.Skip(order.Length - Plan.Candidates[iteration]).Select(i => previous[i].Candidate)];
        _kept[iteration] = kept;
        return kept;
    }
}
