using BenchmarkDotNet.Attributes;
using Microsoft.ML;
using MlNetHpo.AutoML;
using MlNetHpo.Sweeping;
using MlNetHpo.Trainers;
using MlNetHpo.Validation;

namespace MlNetHpo.Benchmarks;

/// <summary>The tutorial's spaces: the 140-point grid and the 400-point random-search space.</summary>
internal static class TutorialSpaces
{
    public static ParameterGrid Grid() => new()
    {
        ["C"] = [0.001, 0.01, 0.1, 1, 10, 100, 1000],
        ["Penalty"] = [Penalty.L1, Penalty.L2, Penalty.ElasticNet, Penalty.None],
        ["Solver"] = [Solver.NewtonCg, Solver.Lbfgs, Solver.Liblinear, Solver.Sag, Solver.Saga],
    };

    public static ParameterGrid RandomSpace() => new()
    {
        ["C"] = [.. Enumerable.Range(0, 20).Select(i => (object?)Math.Pow(10, -4 + (8.0 * i / 19)))],
        ["Penalty"] = [Penalty.L1, Penalty.L2, Penalty.ElasticNet, Penalty.None],
        ["Solver"] = [Solver.NewtonCg, Solver.Lbfgs, Solver.Liblinear, Solver.Sag, Solver.Saga],
    };
}

/// <summary>Proposals per second: every candidate of the tutorial's grid and random search, as the search loop asks for them.</summary>
[MemoryDiagnoser]
public class TunerBenchmarks
{
    private readonly ParameterGrid _grid = TutorialSpaces.Grid();
    private readonly SearchSpace _space = TutorialSpaces.RandomSpace();

    /// <summary>All 140 grid proposals (divide by 140 for one).</summary>
    [Benchmark(OperationsPerInvoke = 140)]
    public int GridSearchTunerPropose()
    {
        var tuner = new GridSearchTuner(_grid);
        var n = 0;
        for (var id = 0; tuner.Propose(new TrialSettings { TrialId = id }) is { } p; id++)
        {
            n += p.Count;
        }

        return n;
    }

    /// <summary>100 random proposals (without replacement from the 400-point list space), including the tuner's set-up.</summary>
    [Benchmark(OperationsPerInvoke = 100)]
    public int RandomSearchTunerPropose()
    {
        var tuner = new RandomSearchTuner(_space, 100, seed: 42);
        var n = 0;
        for (var id = 0; tuner.Propose(new TrialSettings { TrialId = id }) is { } p; id++)
        {
            n += p.Count;
        }

        return n;
    }

    /// <summary>100 random proposals from continuous distributions (with replacement).</summary>
    [Benchmark(OperationsPerInvoke = 100)]
    public int RandomSearchTunerProposeContinuous()
    {
        var space = new SearchSpace
        {
            { "C", Distribution.LogUniform(1e-4, 1e4) },
            { "Penalty", [Penalty.L1, Penalty.L2] },
        };
        var tuner = new RandomSearchTuner(space, 100, seed: 42);
        var n = 0;
        for (var id = 0; tuner.Propose(new TrialSettings { TrialId = id }) is { } p; id++)
        {
            n += p.Count;
        }

        return n;
    }
}

/// <summary>Decoding grid points by index (scikit-learn's <c>ParameterGrid.__getitem__</c>).</summary>
[MemoryDiagnoser]
public class ParameterGridBenchmarks
{
    private readonly ParameterGrid _grid = TutorialSpaces.Grid();
    private readonly ParameterGrid _large = new()
    {
        ["a"] = [.. Enumerable.Range(0, 100).Select(i => (object?)i)],
        ["b"] = [.. Enumerable.Range(0, 100).Select(i => (object?)(i * 0.5))],
        ["c"] = [.. Enumerable.Range(0, 100).Select(i => (object?)$"v{i}")],
        ["d"] = [true, false],
    };

    /// <summary>One index into the tutorial's 140-point grid.</summary>
    [Benchmark]
    public Parameter IndexTutorialGrid() => _grid[97];

    /// <summary>One index into a 2,000,000-point grid (never listed).</summary>
    [Benchmark]
    public Parameter IndexLargeGrid() => _large[1_234_567];

    /// <summary>Counting the grid's points.</summary>
    [Benchmark]
    public long Count() => _grid.Count;
}

/// <summary>Stratified 5-fold splitting of the Titanic train file (1047 rows), as a search does once.</summary>
[MemoryDiagnoser]
public class FoldBenchmarks
{
    private IDataView _data = null!;

    /// <summary>Loads the data.</summary>
    [GlobalSetup]
    public void Setup() => _data = TitanicData.Load(new MLContext(seed: 0), out _);

    /// <summary>Folds.Stratified(5).Split: reads the label column and assigns rows as scikit-learn's StratifiedKFold.</summary>
    [Benchmark]
    public int StratifiedFiveFold() => Folds.Stratified(5).Split(_data, "Label").Count;

    /// <summary>The same, shuffled with a seed.</summary>
    [Benchmark]
    public int StratifiedFiveFoldShuffled() => Folds.Stratified(5, shuffle: true, seed: 1).Split(_data, "Label").Count;
}

/// <summary>Binding a candidate onto an Options object (reflection by member name, value conversion).</summary>
[MemoryDiagnoser]
public class BindingBenchmarks
{
    private readonly Parameter _parameter = TutorialSpaces.Grid()[97];
    private readonly Parameter _mlNetParameter = new([new("L1Regularization", 0.5), new("L2Regularization", 1e-3), new("NumberOfThreads", 1)]);

    /// <summary>C, Penalty, Solver onto our LogisticRegressionOptions (properties; enums by name).</summary>
    [Benchmark]
    public LogisticRegressionOptions BindLogisticRegressionOptions() => OptionsBinder.Bind(new LogisticRegressionOptions(), _parameter);

    /// <summary>Three values onto ML.NET's L-BFGS Options (public nullable fields; double to float and int conversions).</summary>
    [Benchmark]
    public Microsoft.ML.Trainers.LbfgsLogisticRegressionBinaryTrainer.Options BindMlNetOptions() =>
        OptionsBinder.Bind(new Microsoft.ML.Trainers.LbfgsLogisticRegressionBinaryTrainer.Options(), _mlNetParameter);
}

/// <summary>One LogisticRegression fit on the Titanic train file (1047 x 5): data extraction, solver, ML.NET model emission.</summary>
[MemoryDiagnoser]
public class LogisticRegressionBenchmarks
{
    private IDataView _data = null!;
    private LogisticRegressionTrainer _default = null!;
    private LogisticRegressionTrainer _l1 = null!;

    /// <summary>Loads the data and builds the trainers.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var ml = new MLContext(seed: 0);
        _data = TitanicData.Load(ml, out _);
        _default = ml.BinaryClassification.Trainers.LogisticRegression();
        _l1 = ml.BinaryClassification.Trainers.LogisticRegression(c: 10, penalty: Penalty.L1, solver: Solver.Liblinear);
    }

    /// <summary>LogisticRegression() with scikit-learn's defaults (C=1, l2, lbfgs).</summary>
    [Benchmark(Baseline = true)]
    public LogisticRegressionModel FitDefault() => _default.FitModel(_data);

    /// <summary>The tutorial's best: C=10, l1, liblinear (coordinate descent inside proximal Newton).</summary>
    [Benchmark]
    public LogisticRegressionModel FitL1Liblinear() => _l1.FitModel(_data);
}
