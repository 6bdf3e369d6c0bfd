using MlNetHpo.AutoML;

namespace MlNetHpo.AutoML;

/// <summary>Proposes every point of a <see cref="ParameterGrid"/> exactly once, in scikit-learn's order, then is exhausted.</summary>
public sealed class GridSearchTuner : ITuner
{
    private readonly ParameterGrid _grid;
    private readonly bool _cycle;

    /// <summary>Creates a tuner over <paramref name="grid"/>.</summary>
    public GridSearchTuner(ParameterGrid grid)
        : this(grid, cycle: false)
    {
    }

    /// <summary>A tuner over <paramref name="grid"/> that, with <paramref name="cycle"/>, starts over after the last point instead of ending (AutoML's grid tuner).</summary>
    internal GridSearchTuner(ParameterGrid grid, bool cycle)
    {
        ArgumentNullException.ThrowIfNull(grid);
        (_grid, _cycle) = (grid, cycle);
        Count = grid.Count;
    }

    /// <summary>Number of grid points.</summary>
    public long Count { get; }

    long? ITuner.Count => _cycle ? null : Count;

    /// <inheritdoc/>
    public string Fingerprint => _cycle ? $"grid {_grid} cycling" : $"grid {_grid}";

    /// <inheritdoc/>
    public Parameter? Propose(TrialSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return _cycle ? _grid[settings.TrialId % Count] : settings.TrialId < Count ? _grid[settings.TrialId] : null;
    }

    /// <inheritdoc/>
    public void Update(TrialResult result)
    {
    }
}
