using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetHpo.Trainers;
using static MlNetHpo.Tests.Trainers.LogisticReferences;

namespace MlNetHpo.Tests.Trainers;

/// <summary>The binary LogisticRegression as an ML.NET ITrainerEstimator: inside OneVersusAll and under Permutation Feature Importance.</summary>
public sealed class TrainerEstimatorTests
{
    [Fact]
    public void OneVersusAllOfTheBinaryTrainerIsScikitLearnsOvr()
    {
        var ml = new MLContext(seed: 1);
        var data = MulticlassData(ml, Rows);
        var options = new LogisticRegressionOptions { Tolerance = 1e-6 };
        var ova = ml.MulticlassClassification.Trainers.OneVersusAll(
            ml.BinaryClassification.Trainers.LogisticRegression(options).AsTrainerEstimator(), useProbabilities: true).Fit(data);
        var fit = Fit("ovr_l2");
        var proba = Matrix(fit.GetProperty("proba"));
        var scores = ova.Transform(data).GetColumn<VBuffer<float>>("Score").Select(v => v.DenseValues().ToArray()).ToArray();
        var difference = scores.SelectMany((row, i) => row.Select((p, k) => Math.Abs(p - proba[i][k]))).Max();

        // scikit-learn's lbfgs stops within 2e-5 of the coefficients (MulticlassLogisticRegressionTests): probabilities within 1e-5.
        Assert.True(difference <= 1e-5, $"probabilities differ by {difference}");
    }

    [Fact]
    public void PermutationFeatureImportanceRanksThePetalFeatures()
    {
        var ml = new MLContext(seed: 1);
        var data = BinaryData(ml, Rows.Skip(50)); // versicolor against virginica
        var model = ml.BinaryClassification.Trainers.LogisticRegression().AsTrainerEstimator().Fit(data);
        var importance = ml.BinaryClassification.PermutationFeatureImportance(model, data, permutationCount: 3);
        Assert.Equal(4, importance.Length);

        // Petal length and width (features 2 and 3) separate these two species; sepal features barely do.
        var drops = importance.Select(m => -m.AreaUnderRocCurve.Mean).ToArray();
        Assert.True(drops[2] > drops[0] && drops[2] > drops[1] && drops[3] > drops[0] && drops[3] > drops[1], string.Join(", ", drops));
    }

    [Fact]
    public void TheTransformerHoldsTheTrainersCoefficients()
    {
        var ml = new MLContext(seed: 1);
        var data = BinaryData(ml, Rows.Skip(50));
        var trainer = ml.BinaryClassification.Trainers.LogisticRegression(c: 0.5);
        var model = trainer.Fit(data);
        var transformer = trainer.AsTrainerEstimator().Fit(data);
        Assert.Equal(model.Coefficients.Select(w => (float)w), transformer.Model.SubModel.Weights);
        Assert.Equal((float)model.Intercept, transformer.Model.SubModel.Bias);
        // The trainer's own model (perceptron-built weights, a separate calibrator) rounds differently in float32: an ulp or two.
        var expected = model.Transform(data).GetColumn<float>("Probability").ToArray();
        var actual = transformer.Transform(data).GetColumn<float>("Probability").ToArray();
        Assert.All(expected.Zip(actual), p => Assert.Equal(p.First, p.Second, 1e-6f));
    }
}
