using MlNetHpo.AutoML;
using MlNetHpo.Trainers;

namespace MlNetHpo.Sweeping;

/// <summary>
/// The search spaces of the ready trainers (<see cref="ReadyTrainers"/>), one fresh <see cref="SearchSpace"/> per call, named by
/// the trainers' Options members. Ranges follow ML.NET AutoML's default search spaces for its trainers
/// (<c>src/Microsoft.ML.AutoML/CodeGen/*_search_space.json</c> in dotnet/machinelearning) and scikit-learn's common practice for
/// <see cref="LogisticRegression"/>, with maxima cut where AutoML's would make one fit take minutes and SDCA's strengths rescaled
/// (each change is stated and why).
/// Every space suits random search as it is and grid search through <see cref="SearchSpace.ToGrid(int)"/> (bounds included,
/// log ranges spaced in log, integer ranges rounded without duplicates).
/// </summary>
public static class ReadySpaces
{
    /// <summary>The most trees (FastTree, FastForest) or boosting iterations (LightGBM) a ready space draws; AutoML goes to 32768.</summary>
    public const int MaximumTrees = 500;

    /// <summary>The most leaves per tree a ready space draws; AutoML goes to 32768.</summary>
    public const int MaximumLeaves = 1024;

    /// <summary>
    /// FastTree (binary, regression, Tweedie; multiclass through one-versus-all):
    /// <c>NumberOfLeaves</c> log-int [4, 1024] (AutoML [4, 32768], cut: more leaves than rows per leaf allow only overfit and slow down);
    /// <c>MinimumExampleCountPerLeaf</c> log-int [2, 128] (AutoML);
    /// <c>NumberOfTrees</c> log-int [4, 500] (AutoML [4, 32768], cut: fit time grows with the trees);
    /// <c>MaximumBinCountPerFeature</c> log-int [8, 1024] (AutoML);
    /// <c>FeatureFraction</c> uniform [0.1, 1] (AutoML [2e-10, 1], cut: near 0 a tree sees no feature);
    /// <c>LearningRate</c> log [1e-3, 1] (AutoML [2e-10, 1], cut: below 1e-3, 500 trees barely leave the prior).
    /// </summary>
    /// <param name="maximumTrees">The upper bound of the tree count (default <see cref="MaximumTrees"/>); lower it for a quick search.</param>
    /// <param name="maximumLeaves">The upper bound of the leaves per tree (default <see cref="MaximumLeaves"/>).</param>
    public static SearchSpace FastTree(int maximumTrees = MaximumTrees, int maximumLeaves = MaximumLeaves) => new()
    {
        ["NumberOfLeaves"] = Distribution.LogUniformInt(4, maximumLeaves),
        ["MinimumExampleCountPerLeaf"] = Distribution.LogUniformInt(2, 128),
        ["NumberOfTrees"] = Distribution.LogUniformInt(4, maximumTrees),
        ["MaximumBinCountPerFeature"] = Distribution.LogUniformInt(8, 1024),
        ["FeatureFraction"] = Distribution.Uniform(0.1, 1),
        ["LearningRate"] = Distribution.LogUniform(1e-3, 1),
    };

    /// <summary>
    /// FastTree Tweedie regression: the <see cref="FastTree"/> space plus <c>Index</c> uniform [1, 2], the Tweedie variance power over
    /// its whole valid range (1 is Poisson, 2 is gamma; ML.NET's documentation of the option; AutoML does not search it).
    /// </summary>
    public static SearchSpace FastTreeTweedie()
    {
        var space = FastTree();
        space["Index"] = Distribution.Uniform(1, 2);
        return space;
    }

    /// <summary>
    /// FastForest (binary, regression; multiclass through one-versus-all):
    /// <c>NumberOfTrees</c> log-int [4, 500] (AutoML [4, 32768], cut as for FastTree);
    /// <c>NumberOfLeaves</c> log-int [4, 1024] (AutoML [4, 32768], cut as for FastTree);
    /// <c>FeatureFraction</c> uniform [0.1, 1] (AutoML [2e-10, 1], cut as for FastTree).
    /// </summary>
    /// <param name="maximumTrees">The upper bound of the tree count (default <see cref="MaximumTrees"/>); lower it for a quick search.</param>
    /// <param name="maximumLeaves">The upper bound of the leaves per tree (default <see cref="MaximumLeaves"/>).</param>
    public static SearchSpace FastForest(int maximumTrees = MaximumTrees, int maximumLeaves = MaximumLeaves) => new()
    {
        ["NumberOfTrees"] = Distribution.LogUniformInt(4, maximumTrees),
        ["NumberOfLeaves"] = Distribution.LogUniformInt(4, maximumLeaves),
        ["FeatureFraction"] = Distribution.Uniform(0.1, 1),
    };

    /// <summary>
    /// LightGBM (binary, multiclass, regression):
    /// <c>NumberOfLeaves</c> log-int [4, 1024] (AutoML uniform-int [4, 32768]: cut as for FastTree, and log-scaled, since a uniform draw
    /// there lands above 1000 leaves 97% of the time);
    /// <c>MinimumExampleCountPerLeaf</c> log-int [2, 128] (AutoML [20, 1024]; FastTree's range instead, so small data sets still split);
    /// <c>NumberOfIterations</c> log-int [4, 500] (AutoML's NumberOfTrees, uniform-int [4, 32768]: cut and log-scaled as for FastTree);
    /// <c>LearningRate</c> log [1e-3, 1] (AutoML [2e-10, 1], cut as for FastTree);
    /// <c>MaximumBinCountPerFeature</c> log-int [8, 1024] (AutoML);
    /// and the gradient booster's <c>FeatureFraction</c> uniform [0.1, 1] (AutoML [2e-10, 1], cut as for FastTree),
    /// <c>L1Regularization</c> and <c>L2Regularization</c> log [2e-10, 1] (AutoML). These three are members of
    /// <c>Options.Booster</c>: the ready LightGBM trainers route them there (plain <see cref="OptionsBinder"/> binding would not find them).
    /// AutoML's <c>SubsampleFraction</c> is left out: LightGBM ignores it unless <c>SubsampleFrequency</c> is above 0.
    /// </summary>
    /// <param name="maximumTrees">The upper bound of the tree count (default <see cref="MaximumTrees"/>); lower it for a quick search.</param>
    /// <param name="maximumLeaves">The upper bound of the leaves per tree (default <see cref="MaximumLeaves"/>).</param>
    public static SearchSpace LightGbm(int maximumTrees = MaximumTrees, int maximumLeaves = MaximumLeaves) => new()
    {
        ["NumberOfLeaves"] = Distribution.LogUniformInt(4, maximumLeaves),
        ["MinimumExampleCountPerLeaf"] = Distribution.LogUniformInt(2, 128),
        ["NumberOfIterations"] = Distribution.LogUniformInt(4, maximumTrees),
        ["LearningRate"] = Distribution.LogUniform(1e-3, 1),
        ["MaximumBinCountPerFeature"] = Distribution.LogUniformInt(8, 1024),
        ["FeatureFraction"] = Distribution.Uniform(0.1, 1),
        ["L1Regularization"] = Distribution.LogUniform(2e-10, 1),
        ["L2Regularization"] = Distribution.LogUniform(2e-10, 1),
    };

    /// <summary>
    /// ML.NET's L-BFGS trainers (logistic regression, maximum entropy, Poisson regression): <c>L1Regularization</c> and
    /// <c>L2Regularization</c> log [0.03125, 32768], AutoML's ranges (<c>lbfgs_search_space.json</c>), kept whole since a fit costs the
    /// same at any strength. L-BFGS adds the penalty to the summed loss, so the useful strengths grow with the number of rows.
    /// </summary>
    public static SearchSpace Lbfgs() => new()
    {
        ["L1Regularization"] = Distribution.LogUniform(0.03125, 32768),
        ["L2Regularization"] = Distribution.LogUniform(0.03125, 32768),
    };

    /// <summary>
    /// ML.NET's SDCA trainers (logistic regression, maximum entropy, regression): <c>L2Regularization</c> log [1e-4, 1] and
    /// <c>L1Regularization</c> log [1e-6, 1]. AutoML uses [0.03125, 32768] for both (<c>sdca_search_space.json</c>), but SDCA applies
    /// the penalty to the mean loss, so strengths are about n times smaller than L-BFGS's: measured on 420 rows of min-max-scaled
    /// 3-class data, SDCA maximum entropy fell from 0.80-0.82 accuracy (L2 from 1e-6 to 0.03) to 0.64-0.70 at L2 = 1 and to the
    /// majority rate (0.335) at L2 = 32 with L1 &gt;= 0.03, i.e. most of AutoML's range. L2 stops at 1e-4 below: weaker L2 gave the
    /// same accuracy there (0.79-0.80 at 1e-6), and SDCA's automatic number of passes grows as L2 times the row count shrinks
    /// (SDCA regression on 80 rows: 2 ms at L2 = 1e-2, 0.8-4.5 s at 1e-4, same R-squared within 0.001). On small data, fix
    /// <c>MaximumNumberOfIterations</c> with the ready trainer's <c>configure</c> (e.g. 100: 2-12 ms there, R-squared 0.76-0.78 for 0.79).
    /// </summary>
    public static SearchSpace Sdca() => new()
    {
        ["L1Regularization"] = Distribution.LogUniform(1e-6, 1),
        ["L2Regularization"] = Distribution.LogUniform(1e-4, 1),
    };

    /// <summary>
    /// Our scikit-learn-equivalent <see cref="LogisticRegression"/>: <c>C</c> log [1e-4, 1e4] (scikit-learn's customary
    /// <c>np.logspace(-4, 4)</c>) in three sub-spaces of compatible penalty and solver, so that no candidate is rejected:
    /// {Solver: Lbfgs, Penalty: L2}, {Solver: Liblinear, Penalty: L1 or L2}, {Solver: Saga, Penalty: ElasticNet, L1Ratio: uniform [0, 1]}.
    /// </summary>
    public static SearchSpace LogisticRegression()
    {
        var c = Distribution.LogUniform(1e-4, 1e4);
        return SearchSpace.Union(
            new SearchSpace { ["C"] = c, ["Penalty"] = Distribution.Choice(Penalty.L2), ["Solver"] = Distribution.Choice(Solver.Lbfgs) },
            new SearchSpace { ["C"] = c, ["Penalty"] = Distribution.Choice(Penalty.L1, Penalty.L2), ["Solver"] = Distribution.Choice(Solver.Liblinear) },
            new SearchSpace
            {
                ["C"] = c,
                ["Penalty"] = Distribution.Choice(Penalty.ElasticNet),
                ["Solver"] = Distribution.Choice(Solver.Saga),
                ["L1Ratio"] = Distribution.Uniform(0, 1),
            });
    }

    /// <summary>The largest Lasso / ElasticNet alpha a ready space draws by default.</summary>
    public const double MaximumCoordinateDescentAlpha = 10;

    /// <summary>
    /// Our scikit-learn-equivalent <see cref="RidgeTrainer"/>: <c>Alpha</c> log [1e-3, 1e3], scikit-learn's customary
    /// <c>np.logspace(-3, 3)</c>. Ridge penalizes the summed squared error, so with standardized features an alpha near the row count
    /// halves the coefficients: the range spans nearly unregularized to strongly shrunk fits for a few hundred to a few thousand rows.
    /// </summary>
    public static SearchSpace Ridge() => new() { ["Alpha"] = Distribution.LogUniform(1e-3, 1e3) };

    /// <summary>
    /// Our scikit-learn-equivalent <see cref="LassoTrainer"/>: <c>Alpha</c> log [maximumAlpha * 1e-5, maximumAlpha] (default [1e-4, 10]).
    /// Lasso penalizes half the mean squared error, so alpha is on the target's scale: every coefficient is zero from
    /// <c>alpha_max = max |X^T y| / n</c> on, which with standardized features is at most the target's standard deviation, and
    /// scikit-learn's LassoCV path stops at 1e-3 alpha_max. The default suits targets with a standard deviation up to about 10; pass
    /// about that standard deviation as <paramref name="maximumAlpha"/> for other targets.
    /// </summary>
    /// <param name="maximumAlpha">The upper bound of alpha (about the target's standard deviation).</param>
    public static SearchSpace Lasso(double maximumAlpha = MaximumCoordinateDescentAlpha) =>
        new() { ["Alpha"] = Distribution.LogUniform(maximumAlpha * 1e-5, maximumAlpha) };

    /// <summary>
    /// Our scikit-learn-equivalent <see cref="ElasticNetTrainer"/>: <c>Alpha</c> as for <see cref="Lasso"/> (the L1 part alone empties
    /// the model from alpha_max / l1_ratio on) and <c>L1Ratio</c> uniform [0, 1], from a ridge penalty to the Lasso.
    /// </summary>
    /// <param name="maximumAlpha">The upper bound of alpha (about the target's standard deviation).</param>
    public static SearchSpace ElasticNet(double maximumAlpha = MaximumCoordinateDescentAlpha) => new()
    {
        ["Alpha"] = Distribution.LogUniform(maximumAlpha * 1e-5, maximumAlpha),
        ["L1Ratio"] = Distribution.Uniform(0, 1),
    };

    /// <summary>
    /// Our scikit-learn-equivalent <see cref="LinearRegressionTrainer"/> (ordinary least squares): nothing to tune, an empty space
    /// (one point, as scikit-learn's empty grid), so it can still take part in a <see cref="SweepableEstimator.Choice(SweepableEstimator[])"/> of trainers.
    /// </summary>
    public static SearchSpace LinearRegression() => new();

    /// <summary>
    /// Averaged perceptron (binary): <c>LearningRate</c> log [0.01, 1] and <c>NumberOfIterations</c> int [1, 20]: the ranges the
    /// command line searched (AutoML has no space for it); a pass over the data per iteration keeps each fit cheap.
    /// </summary>
    public static SearchSpace AveragedPerceptron() => new()
    {
        ["LearningRate"] = Distribution.LogUniform(0.01, 1),
        ["NumberOfIterations"] = Distribution.UniformInt(1, 20),
    };

    /// <summary>Linear SVM (binary): <c>Lambda</c> log [1e-5, 1] and <c>NumberOfIterations</c> int [1, 20] (the command line's ranges; not in AutoML).</summary>
    public static SearchSpace LinearSvm() => new()
    {
        ["Lambda"] = Distribution.LogUniform(1e-5, 1),
        ["NumberOfIterations"] = Distribution.UniformInt(1, 20),
    };

    /// <summary>Online gradient descent (regression): <c>LearningRate</c> log [1e-3, 1] and <c>NumberOfIterations</c> int [1, 20] (the command line's ranges; not in AutoML).</summary>
    public static SearchSpace OnlineGradientDescent() => new()
    {
        ["LearningRate"] = Distribution.LogUniform(0.001, 1),
        ["NumberOfIterations"] = Distribution.UniformInt(1, 20),
    };
}
