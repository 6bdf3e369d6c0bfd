using MlNetHpo.AutoML;

namespace MlNetHpo.AutoML;

/// <summary>A finished trial as a model-based tuner sees it: which sub-space it came from, its values, loss and cost.</summary>
/// <param name="Id">The trial id.</param>
/// <param name="Branch">Index of the sub-space of the search space its parameters belong to.</param>
/// <param name="Parameter">Its hyperparameters.</param>
/// <param name="Loss">Lower is better; NaN when it failed.</param>
/// <param name="Seconds">What it cost: fit and score time of all its units.</param>
internal sealed record Observation(int Id, int Branch, Parameter Parameter, double Loss, double Seconds);

/// <summary>
/// The results a model-based tuner learns from, kept by trial id whatever order they arrive in, so the proposal for
/// trial i reads exactly the trials below <see cref="DependsOnTrialsBelow"/>(i), in id order (the batch rule of
/// <see cref="ITuner.ProposalsDependOnTrialsBelow"/>). Also maps a stored parameter back to its sub-space.
/// </summary>
internal sealed class TrialHistory
{
    private readonly SortedDictionary<int, Observation> _byId = [];

    public TrialHistory(SearchSpace space, int batchSize)
    {
        ArgumentNullException.ThrowIfNull(space);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        (Space, BatchSize) = (space, batchSize);
    }

    public SearchSpace Space { get; }

    public int BatchSize { get; }

    public int DependsOnTrialsBelow(int trialId) => trialId / BatchSize * BatchSize;

    /// <summary>Records a result; one whose parameters fit no sub-space (another space's study) is refused.</summary>
    /// <exception cref="ArgumentException">The parameters fit no sub-space of the space.</exception>
    public void Add(TrialResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var parameter = result.TrialSettings.Parameter;
        var branch = BranchOf(parameter);
        if (branch < 0)
        {
            throw new ArgumentException(
                $"Trial {result.TrialSettings.TrialId} has parameters {parameter} outside the search space {Space}.", nameof(result));
        }

        _byId[result.TrialSettings.TrialId] = new Observation(
            result.TrialSettings.TrialId, branch, parameter, double.IsFinite(result.Loss) ? result.Loss : double.NaN, result.DurationInMilliseconds / 1000);
    }

    /// <summary>The finished trials the proposal for <paramref name="trialId"/> may use, in id order.</summary>
    public IReadOnlyList<Observation> Before(int trialId)
    {
        var below = DependsOnTrialsBelow(trialId);
        return [.. _byId.Values.TakeWhile(o => o.Id < below)];
    }

    /// <summary>The first sub-space whose names are the parameter's and whose distributions hold its values; -1 when none.</summary>
    public int BranchOf(Parameter parameter)
    {
        for (var b = 0; b < Space.SubSpaces.Count; b++)
        {
            var sub = Space.SubSpaces[b];
            if (sub.Count == parameter.Count && sub.All(p => parameter.TryGetValue(p.Key, out var v) && Holds(p.Value, v)))
            {
                return b;
            }
        }

        return -1;
    }

    /// <summary>Index of <paramref name="value"/> among a choice's values (compared as stored text, so typed JSON round trips match); -1 when absent.</summary>
    public static int IndexOf(ChoiceDistribution choice, object? value)
    {
        var text = Parameter.FormatValue(value);
        for (var i = 0; i < choice.Values.Count; i++)
        {
            if (Equals(choice.Values[i], value) || Parameter.FormatValue(choice.Values[i]) == text)
            {
                return i;
            }
        }

        return -1;
    }

    private static bool Holds(Distribution distribution, object? value)
    {
        if (distribution is ChoiceDistribution choice)
        {
            return IndexOf(choice, value) >= 0;
        }

        if (value is null or string or bool)
        {
            return false;
        }

        var x = Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture);
        return distribution switch
        {
            UniformDistribution u => x >= u.Min && x <= u.Max,
            UniformIntDistribution i => x >= i.Min && x <= i.Max,
            LogUniformIntDistribution l => x >= l.Min && x <= l.Max,
            _ => false,
        };
    }
}
