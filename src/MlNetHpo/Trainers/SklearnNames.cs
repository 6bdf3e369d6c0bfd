namespace MlNetHpo.Trainers;

/// <summary>
/// Converts scikit-learn's lowercase names (<c>"l1"</c>, <c>"elasticnet"</c>, <c>"newton-cg"</c>, ...) to
/// <see cref="Penalty"/> and <see cref="Solver"/> and back. Parsing is case-insensitive and ignores '-' and '_'.
/// </summary>
public static class SklearnNames
{
    /// <summary>Parses a scikit-learn penalty name; <see langword="null"/> and <c>"none"</c> give <see cref="Penalty.None"/>.</summary>
    /// <param name="name">The name, e.g. <c>"l1"</c>, <c>"L2"</c>, <c>"elastic_net"</c>, <c>"none"</c>.</param>
    /// <param name="penalty">The parsed value, or <see cref="Penalty.L2"/> when parsing fails.</param>
    /// <returns>Whether <paramref name="name"/> names a penalty.</returns>
    public static bool TryParsePenalty(string? name, out Penalty penalty)
    {
        // scikit-learn 1.2 accepts the Python value None as well as the string "none".
        switch (name is null ? "none" : Normalize(name))
        {
            case "l1": penalty = Penalty.L1; return true;
            case "l2": penalty = Penalty.L2; return true;
            case "elasticnet": penalty = Penalty.ElasticNet; return true;
            case "none": penalty = Penalty.None; return true;
            default: penalty = Penalty.L2; return false;
        }
    }

    /// <summary>Parses a scikit-learn solver name.</summary>
    /// <param name="name">The name, e.g. <c>"newton-cg"</c>, <c>"NewtonCg"</c>, <c>"lbfgs"</c>, <c>"liblinear"</c>, <c>"sag"</c>, <c>"saga"</c>.</param>
    /// <param name="solver">The parsed value, or <see cref="Solver.Lbfgs"/> when parsing fails.</param>
    /// <returns>Whether <paramref name="name"/> names a solver.</returns>
    public static bool TryParseSolver(string? name, out Solver solver)
    {
        switch (name is null ? string.Empty : Normalize(name))
        {
            case "newtoncg": solver = Solver.NewtonCg; return true;
            case "lbfgs": solver = Solver.Lbfgs; return true;
            case "liblinear": solver = Solver.Liblinear; return true;
            case "sag": solver = Solver.Sag; return true;
            case "saga": solver = Solver.Saga; return true;
            default: solver = Solver.Lbfgs; return false;
        }
    }

    /// <summary>Parses a scikit-learn penalty name, throwing when it is unknown.</summary>
    /// <param name="name">The name; <see langword="null"/> gives <see cref="Penalty.None"/>.</param>
    /// <returns>The penalty.</returns>
    /// <exception cref="ArgumentException"><paramref name="name"/> is not a penalty name.</exception>
    public static Penalty ParsePenalty(string? name) =>
        TryParsePenalty(name, out var penalty)
            ? penalty
            : throw new ArgumentException(
                $"Unknown penalty '{name}'; expected one of 'l1', 'l2', 'elasticnet', 'none'.", nameof(name));

    /// <summary>Parses a scikit-learn solver name, throwing when it is unknown.</summary>
    /// <param name="name">The name.</param>
    /// <returns>The solver.</returns>
    /// <exception cref="ArgumentException"><paramref name="name"/> is not a solver name.</exception>
    public static Solver ParseSolver(string? name) =>
        TryParseSolver(name, out var solver)
            ? solver
            : throw new ArgumentException(
                $"Unknown solver '{name}'; expected one of 'newton-cg', 'lbfgs', 'liblinear', 'sag', 'saga'.", nameof(name));

    /// <summary>scikit-learn's name for a penalty: <c>"l1"</c>, <c>"l2"</c>, <c>"elasticnet"</c> or <c>"none"</c>.</summary>
    /// <param name="penalty">The penalty.</param>
    /// <returns>The lowercase name.</returns>
    public static string ToSklearnName(this Penalty penalty) => penalty switch
    {
        Penalty.L1 => "l1",
        Penalty.L2 => "l2",
        Penalty.ElasticNet => "elasticnet",
        Penalty.None => "none",
        _ => throw new ArgumentOutOfRangeException(nameof(penalty), penalty, "Not a defined Penalty value."),
    };

    /// <summary>scikit-learn's name for a solver: <c>"newton-cg"</c>, <c>"lbfgs"</c>, <c>"liblinear"</c>, <c>"sag"</c> or <c>"saga"</c>.</summary>
    /// <param name="solver">The solver.</param>
    /// <returns>The lowercase name.</returns>
    public static string ToSklearnName(this Solver solver) => solver switch
    {
        Solver.NewtonCg => "newton-cg",
        Solver.Lbfgs => "lbfgs",
        Solver.Liblinear => "liblinear",
        Solver.Sag => "sag",
        Solver.Saga => "saga",
        _ => throw new ArgumentOutOfRangeException(nameof(solver), solver, "Not a defined Solver value."),
    };

    private static string Normalize(string name) =>
        name.Trim().Replace("-", string.Empty, StringComparison.Ordinal).Replace("_", string.Empty, StringComparison.Ordinal).ToLowerInvariant();
}
