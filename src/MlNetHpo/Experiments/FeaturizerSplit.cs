using System.Reflection;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms;

namespace MlNetHpo.Experiments;

/// <summary>
/// A featurizer cut in two: its leading stages that learn nothing from the data and map each row on its own (Concatenate,
/// CopyColumns, ConvertType, ...), applied once to all the rows and cached, and the rest, fitted on each fold. A fold's
/// rows of the first part's output are what that part makes of the fold, so every fold and candidate gets the same
/// values while the rows go through those stages once instead of once per fold part (ML.NET maps them row by row, the
/// costly part of preparing a fold when the rest, a normalizer say, is cheap).
/// </summary>
internal sealed class FeaturizerSplit
{
    private FeaturizerSplit(IDataView data, IEstimator<ITransformer>? perFold, int fixedStages) =>
        (Data, PerFold, FixedStages) = (data, perFold, fixedStages);

    /// <summary>The data with the fixed stages applied, cached; the input itself when there are none.</summary>
    public IDataView Data { get; }

    /// <summary>What each fold still fits: the stages after the fixed ones; null when every stage is fixed.</summary>
    public IEstimator<ITransformer>? PerFold { get; }

    /// <summary>How many leading stages are applied once to all rows.</summary>
    public int FixedStages { get; }

    /// <summary>
    /// Cuts <paramref name="featurizer"/> (an estimator chain's stages, nested chains flattened) after its longest run of
    /// leading fixed stages (see <see cref="IsFixed"/>) whose fit on <paramref name="data"/>'s schema succeeds. A stage that
    /// fails to fit is left to the folds, which report it as they always have.
    /// </summary>
    public static FeaturizerSplit Of(MLContext context, IEstimator<ITransformer>? featurizer, IDataView data)
    {
        if (featurizer is null || Stages(featurizer) is not { } stages)
        {
            return new FeaturizerSplit(data, featurizer, 0);
        }

        var fixedStages = 0;
        var view = data;
        foreach (var stage in stages)
        {
            if (!IsFixed(stage.Estimator) || Applied(stage.Estimator, view) is not { } output)
            {
                break;
            }

            view = output;
            fixedStages++;
        }

        if (fixedStages == 0)
        {
            return new FeaturizerSplit(data, featurizer, 0);
        }

        var rest = new EstimatorChain<ITransformer>();
        foreach (var stage in stages.Skip(fixedStages))
        {
            rest = rest.Append(stage.Estimator, stage.Scope);
            if (stage.CacheAfter)
            {
                rest = rest.AppendCacheCheckpoint(context);
            }
        }

        return new FeaturizerSplit(context.Data.Cache(view), fixedStages < stages.Count ? rest : null, fixedStages);
    }

    /// <summary>
    /// Whether a stage's fit ignores the rows and its transformer maps each row alone: Concatenate, and ML.NET's trivial
    /// estimators except those that carry state from row to row (stateful custom mappings, time-series detectors).
    /// </summary>
    private static bool IsFixed(IEstimator<ITransformer> estimator)
    {
        var type = estimator.GetType();
        if (type == typeof(ColumnConcatenatingEstimator))
        {
            return true;
        }

        if (type.Namespace?.Contains("TimeSeries", StringComparison.Ordinal) == true
            || (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(StatefulCustomMappingEstimator<,,>)))
        {
            return false;
        }

        for (var t = type.BaseType; t != null; t = t.BaseType)
        {
            if (t.IsGenericType && t.GetGenericTypeDefinition() == typeof(TrivialEstimator<>))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The stage's output on <paramref name="view"/> (its fit is a schema check: these stages do not read the rows); null when it fails or maps more than rows alone.</summary>
    private static IDataView? Applied(IEstimator<ITransformer> estimator, IDataView view)
    {
        try
        {
            var transformer = estimator.Fit(view);
            return transformer.IsRowToRowMapper ? transformer.Transform(view) : null;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return null;
        }
    }

    private sealed record Stage(IEstimator<ITransformer> Estimator, TransformerScope Scope, bool CacheAfter);

    /// <summary>
    /// The stages of a chain in order, nested chains flattened; a lone estimator is one stage. ML.NET does not list a chain's
    /// stages publicly: they are read from its fields, and a chain whose fields are not the expected ones gives null (the
    /// featurizer then stays whole, as before).
    /// </summary>
    private static List<Stage>? Stages(IEstimator<ITransformer> estimator)
    {
        if (!IsChain(estimator))
        {
            return [new Stage(estimator, TransformerScope.Everything, false)];
        }

        var type = estimator.GetType();
        const BindingFlags Fields = BindingFlags.NonPublic | BindingFlags.Instance;
        if (type.GetField("_estimators", Fields)?.GetValue(estimator) is not IEstimator<ITransformer>[] estimators
            || type.GetField("_scopes", Fields)?.GetValue(estimator) is not TransformerScope[] scopes
            || type.GetField("_needCacheAfter", Fields)?.GetValue(estimator) is not bool[] cache
            || scopes.Length != estimators.Length
            || cache.Length != estimators.Length)
        {
            return null;
        }

        var stages = new List<Stage>();
        for (var i = 0; i < estimators.Length; i++)
        {
            if (!IsChain(estimators[i]))
            {
                stages.Add(new Stage(estimators[i], scopes[i], cache[i]));
                continue;
            }

            if (Stages(estimators[i]) is not { } inner)
            {
                return null;
            }

            if (cache[i] && inner.Count > 0)
            {
                inner[^1] = inner[^1] with { CacheAfter = true }; // the checkpoint after a nested chain follows its last stage
            }

            stages.AddRange(inner);
        }

        return stages;
    }

    private static bool IsChain(IEstimator<ITransformer> estimator) =>
        estimator.GetType() is { IsGenericType: true } type && type.GetGenericTypeDefinition() == typeof(EstimatorChain<>);
}
