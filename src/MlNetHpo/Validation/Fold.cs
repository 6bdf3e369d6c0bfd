namespace MlNetHpo.Validation;

/// <summary>One train/test split of a cross-validation, as 0-based row positions in the data, ascending.</summary>
/// <param name="Index">The fold's number (0-based).</param>
/// <param name="TrainIndices">Rows the candidate is trained on.</param>
/// <param name="TestIndices">Rows it is scored on.</param>
public sealed record Fold(int Index, IReadOnlyList<int> TrainIndices, IReadOnlyList<int> TestIndices);
