using MlNetHpo.AutoML;

namespace MlNetHpo.AutoML;

/// <summary>Proposes every point of a <see cref="ParameterGrid"/> exactly once, in scikit-learn's order, then is exhausted.</summary>
public sealed class GridSearchTuner : ITuner
{
    private readonly ParameterGrid _grid;

    /// <summary>Creates a tuner over <paramref name="grid"/>.</summary>
    public GridSearchTuner(ParameterGrid grid)
    {
        ArgumentNullException.ThrowIfNull(grid);
        _grid = grid;
        Count = grid.Count;
    }

    /// <summary>Number of grid points.</summary>
    public long Count { get; }

    long? ITuner.Count => Count;

    /// <inheritdoc/>
    public string Fingerprint => $"grid {_grid}";

    /// <inheritdoc/>
    public Parameter? Propose(TrialSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return settings.TrialId < Count ? _grid[settings.TrialId] : null;
    }

    /// <inheritdoc/>
    public void Update(TrialResult result)
    {
    }
}
