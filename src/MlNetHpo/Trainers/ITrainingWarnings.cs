namespace MlNetHpo.Trainers;

/// <summary>
/// A fitted model that reports the warnings scikit-learn would have issued while fitting it (a <c>ConvergenceWarning</c> when
/// the solver stopped at its iteration limit, parameters ignored...). A search reads them after every fit, from the model or
/// any transformer of a fitted chain, and reports them per candidate (<see cref="Experiments.CandidateResult.Warnings"/>).
/// Implement it on a model of your own to have its warnings reported too.
/// </summary>
public interface ITrainingWarnings
{
    /// <summary>The warnings of this fit, as "Category: message" (e.g. "ConvergenceWarning: ..."); empty when all went well.</summary>
    IReadOnlyList<string> Warnings { get; }
}
