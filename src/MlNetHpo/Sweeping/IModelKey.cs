namespace MlNetHpo.Sweeping;

/// <summary>
/// Implemented by an Options class whose different settings can train the same model (scikit-learn's lbfgs, newton-cg,
/// sag and saga reach one optimum; C is ignored without a penalty): candidates with equal keys are fitted once per fold
/// and the scores shared, each still reported as its own row.
/// </summary>
public interface IModelKey
{
    /// <summary>A key equal for settings that train the same model on the same data; null when it cannot tell (e.g. invalid settings).</summary>
    string? ModelKey();
}
