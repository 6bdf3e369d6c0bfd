namespace MlNetHpo.Trainers;

/// <summary>
/// The scikit-learn solver name. It decides which penalties are accepted (scikit-learn's rules) and, for
/// <see cref="Liblinear"/>, that the intercept is penalized; the optimum itself is found by this library's own solver.
/// </summary>
public enum Solver
{
    /// <summary>scikit-learn <c>"newton-cg"</c>: l2 or none.</summary>
    NewtonCg,

    /// <summary>scikit-learn <c>"lbfgs"</c> (the default): l2 or none.</summary>
    Lbfgs,

    /// <summary>scikit-learn <c>"liblinear"</c>: l1 or l2, with the intercept penalized like a weight (intercept_scaling = 1).</summary>
    Liblinear,

    /// <summary>scikit-learn <c>"sag"</c>: l2 or none.</summary>
    Sag,

    /// <summary>scikit-learn <c>"saga"</c>: l1, l2, elasticnet or none.</summary>
    Saga,
}
