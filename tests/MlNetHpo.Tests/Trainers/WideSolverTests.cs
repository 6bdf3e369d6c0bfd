using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetHpo.Trainers;
using Xunit.Abstractions;

namespace MlNetHpo.Tests.Trainers;

/// <summary>The quasi-Newton path on sparse rows (chosen for wide features) reaches the dense Newton path's optimum.</summary>
public sealed class WideSolverTests(ITestOutputHelper output)
{
    private const int Width = 150; // above MulticlassLogisticRegressionTrainer.WideFeatures: the trainer picks the sparse path
    private const int Rows = 400;

    // Both stop when the largest (sub)gradient entry is below 1e-8 * C * sum(weights) (Tolerance 1e-6); on this
    // problem that leaves the coefficients within 3e-6 of each other.
    private const double Agreement = 1e-5;

    public static TheoryData<Penalty, Solver, double> Cases => new()
    {
        { Penalty.L2, Solver.Lbfgs, 1.0 },
        { Penalty.L1, Solver.Saga, 0.5 },
        { Penalty.L2, Solver.Liblinear, 0.1 },
        { Penalty.L1, Solver.Liblinear, 2.0 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void SparsePathReachesTheDenseOptimum(Penalty penalty, Solver solver, double c)
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(SparseRows(seed: 7));
        var options = new LogisticRegressionOptions { C = c, Penalty = penalty, Solver = solver, Tolerance = 1e-6, MaximumIterations = 1000 };
        var model = ml.BinaryClassification.Trainers.LogisticRegression(options).FitModel(data);
        Assert.True(model.Converged);

        // The dense Newton path on the same rows.
        var read = ClassificationData.Read(data, options, keyLabel: false);
        Assert.True(read.Rows.Density < 0.2);
        var dense = LogisticRegressionSolver.Solve(read.Dense(1, read.SampleWeights, intercept: true), LogisticRegressionTrainer.ToSolverSettings(options));
        Assert.True(dense.Converged);
        var difference = Math.Abs(model.Intercept - dense.Theta[Width]);
        for (var j = 0; j < Width; j++)
        {
            difference = Math.Max(difference, Math.Abs(model.Coefficients[j] - dense.Theta[j]));
        }

        output.WriteLine($"{penalty}/{solver}/C={c}: {model.Iterations} quasi-Newton steps, {dense.Iterations} Newton steps, coefficients within {difference:G3}");
        Assert.True(difference <= Agreement, $"coefficients differ by {difference}");
        if (penalty == Penalty.L1)
        {
            Assert.Contains(model.Coefficients, w => w == 0); // OWL-QN keeps exact zeros, as the L1 optimum has
        }
    }

    /// <summary>Rows with about 10% non-zero features and a label from a sparse true model plus noise.</summary>
    private static IEnumerable<Row> SparseRows(int seed)
    {
        var random = new Random(seed);
        var truth = Enumerable.Range(0, Width).Select(j => j % 10 == 0 ? random.NextDouble() * 4 - 2 : 0).ToArray();
        for (var i = 0; i < Rows; i++)
        {
            var x = new float[Width];
            var logit = 0.3;
            for (var j = 0; j < Width; j++)
            {
                if (random.NextDouble() < 0.1)
                {
                    x[j] = (float)(random.NextDouble() * 2);
                    logit += truth[j] * x[j];
                }
            }

            yield return new Row { Features = x, Label = random.NextDouble() < 1 / (1 + Math.Exp(-logit)) };
        }
    }

    private sealed class Row
    {
        [VectorType(Width)]
        public float[] Features { get; set; } = [];

        public bool Label { get; set; }
    }
}
