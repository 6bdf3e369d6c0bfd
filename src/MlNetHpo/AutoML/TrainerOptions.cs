using Microsoft.ML.SearchSpace;

// AutoML generates these classes from its CodeGen/*_search_space.json files into Microsoft.ML.AutoML.CodeGen; the same
// members, types, defaults and ranges here, so that code passing them to BinaryClassification / MultiClassification /
// Regression ports with its using lines changed.
namespace MlNetHpo.AutoML.CodeGen;

/// <summary>AutoML's options of the L-BFGS trainers (<c>lbfgs_search_space.json</c>): both strengths log [0.03125, 32768], default 1.</summary>
public class LbfgsOption
{
    /// <summary>The L1 strength.</summary>
    [Range(0.03125f, 32768f, init: 1f, logBase: true)]
    public float L1Regularization { get; set; } = 1f;

    /// <summary>The L2 strength.</summary>
    [Range(0.03125f, 32768f, init: 1f, logBase: true)]
    public float L2Regularization { get; set; } = 1f;

    /// <summary>The label column (the catalog method's column is used).</summary>
    public string LabelColumnName { get; set; } = "Label";

    /// <summary>The feature column (the catalog method's column is used).</summary>
    public string FeatureColumnName { get; set; } = "Feature";

    /// <summary>The example weight column (the catalog method's column is used).</summary>
    public string? ExampleWeightColumnName { get; set; }
}

/// <summary>AutoML's options of the SDCA trainers (<c>sdca_search_space.json</c>): both strengths log [0.03125, 32768], defaults 1 and 0.1.</summary>
public class SdcaOption
{
    /// <summary>The L1 strength.</summary>
    [Range(0.03125f, 32768f, init: 1f, logBase: true)]
    public float L1Regularization { get; set; } = 1f;

    /// <summary>The L2 strength.</summary>
    [Range(0.03125f, 32768f, init: 0.1f, logBase: true)]
    public float L2Regularization { get; set; } = 0.1f;

    /// <summary>The label column (the catalog method's column is used).</summary>
    public string LabelColumnName { get; set; } = "Label";

    /// <summary>The feature column (the catalog method's column is used).</summary>
    public string FeatureColumnName { get; set; } = "Feature";

    /// <summary>The example weight column (the catalog method's column is used).</summary>
    public string? ExampleWeightColumnName { get; set; }
}

/// <summary>AutoML's options of the FastTree trainers (<c>fast_tree_search_space.json</c>).</summary>
public class FastTreeOption
{
    /// <summary>Leaves per tree: log-int [4, 32768], default 4.</summary>
    [Range(4, 32768, init: 4, logBase: true)]
    public int NumberOfLeaves { get; set; } = 4;

    /// <summary>Examples per leaf: log-int [2, 128], default 20.</summary>
    [Range(2, 128, init: 20, logBase: true)]
    public int MinimumExampleCountPerLeaf { get; set; } = 20;

    /// <summary>Trees: log-int [4, 32768], default 4.</summary>
    [Range(4, 32768, init: 4, logBase: true)]
    public int NumberOfTrees { get; set; } = 4;

    /// <summary>Bins per feature: log-int [8, 1024], default 256.</summary>
    [Range(8, 1024, init: 256, logBase: true)]
    public int MaximumBinCountPerFeature { get; set; } = 256;

    /// <summary>Fraction of features per tree: uniform [2e-10, 1], default 1.</summary>
    [Range(2e-10, 1.0, init: 1.0, logBase: false)]
    public double FeatureFraction { get; set; } = 1;

    /// <summary>Learning rate: log [2e-10, 1], default 0.1.</summary>
    [Range(2e-10, 1.0, init: 0.1, logBase: true)]
    public double LearningRate { get; set; } = 0.1;

    /// <summary>The label column (the catalog method's column is used).</summary>
    public string LabelColumnName { get; set; } = "Label";

    /// <summary>The feature column (the catalog method's column is used).</summary>
    public string FeatureColumnName { get; set; } = "Feature";

    /// <summary>The example weight column (the catalog method's column is used).</summary>
    public string? ExampleWeightColumnName { get; set; }

    /// <summary>FastTree's <c>DiskTranspose</c>, not searched: fixed on every trial's trainer.</summary>
    public bool DiskTranspose { get; set; }
}

/// <summary>AutoML's options of the FastForest trainers (<c>fast_forest_search_space.json</c>).</summary>
public class FastForestOption
{
    /// <summary>Trees: log-int [4, 32768], default 4.</summary>
    [Range(4, 32768, init: 4, logBase: true)]
    public int NumberOfTrees { get; set; } = 4;

    /// <summary>Leaves per tree: log-int [4, 32768], default 4.</summary>
    [Range(4, 32768, init: 4, logBase: true)]
    public int NumberOfLeaves { get; set; } = 4;

    /// <summary>Fraction of features per tree: uniform [2e-10, 1], default 1.</summary>
    [Range(2e-10f, 1f, init: 1f, logBase: false)]
    public float FeatureFraction { get; set; } = 1f;

    /// <summary>The label column (the catalog method's column is used).</summary>
    public string LabelColumnName { get; set; } = "Label";

    /// <summary>The feature column (the catalog method's column is used).</summary>
    public string FeatureColumnName { get; set; } = "Feature";

    /// <summary>The example weight column (the catalog method's column is used).</summary>
    public string? ExampleWeightColumnName { get; set; }
}

/// <summary>
/// AutoML's options of the LightGBM trainers (<c>lgbm_search_space.json</c>). <c>NumberOfTrees</c> sets LightGBM's
/// <c>NumberOfIterations</c>; <c>SubsampleFraction</c>, <c>FeatureFraction</c>, <c>L1Regularization</c> and <c>L2Regularization</c> its booster's.
/// </summary>
public class LgbmOption
{
    /// <summary>Leaves per tree: uniform-int [4, 32768], default 4.</summary>
    [Range(4, 32768, init: 4, logBase: false)]
    public int NumberOfLeaves { get; set; } = 4;

    /// <summary>Examples per leaf: log-int [20, 1024], default 20.</summary>
    [Range(20, 1024, init: 20, logBase: true)]
    public int MinimumExampleCountPerLeaf { get; set; } = 20;

    /// <summary>Learning rate: log [2e-10, 1], default 1.</summary>
    [Range(2e-10, 1.0, init: 1.0, logBase: true)]
    public double LearningRate { get; set; } = 1;

    /// <summary>Boosting iterations: uniform-int [4, 32768], default 4.</summary>
    [Range(4, 32768, init: 4, logBase: false)]
    public int NumberOfTrees { get; set; } = 4;

    /// <summary>The booster's row subsampling: log [2e-10, 1], default 1.</summary>
    [Range(2e-10, 1.0, init: 1.0, logBase: true)]
    public double SubsampleFraction { get; set; } = 1;

    /// <summary>Bins per feature: log-int [8, 1024], default 256.</summary>
    [Range(8, 1024, init: 256, logBase: true)]
    public int MaximumBinCountPerFeature { get; set; } = 256;

    /// <summary>The booster's fraction of features per tree: uniform [2e-10, 1], default 1.</summary>
    [Range(2e-10, 1.0, init: 1.0, logBase: false)]
    public double FeatureFraction { get; set; } = 1;

    /// <summary>The booster's L1 strength: log [2e-10, 1], default 2e-10.</summary>
    [Range(2e-10, 1.0, init: 2e-10, logBase: true)]
    public double L1Regularization { get; set; } = 2e-10;

    /// <summary>The booster's L2 strength: log [2e-10, 1], default 1.</summary>
    [Range(2e-10, 1.0, init: 1.0, logBase: true)]
    public double L2Regularization { get; set; } = 1;

    /// <summary>The label column (the catalog method's column is used).</summary>
    public string LabelColumnName { get; set; } = "Label";

    /// <summary>The feature column (the catalog method's column is used).</summary>
    public string FeatureColumnName { get; set; } = "Feature";

    /// <summary>The example weight column (the catalog method's column is used).</summary>
    public string? ExampleWeightColumnName { get; set; }
}
