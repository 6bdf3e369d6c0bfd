using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using MlNetHpo.Experiments;
using MlNetHpo.AutoML;
using MlNetHpo.Sweeping;
using MlNetHpo.Validation;

namespace MlNetHpo.Tests.Experiments;

/// <summary>
/// Partial failures follow scikit-learn 1.2: the search raises only when every fit failed; a candidate with a NaN mean ranks
/// last; when no candidate has a finite mean, every one ranks 1, the best is candidate 0 with a NaN score, and it is refitted.
/// </summary>
public class PartialFailureTests
{
    [Fact]
    public void ATrainerFailingOnOneFoldForEveryCandidateRefitsCandidateZeroWithANaNScore()
    {
        var ml = new MLContext(0);
        var data = ml.Data.LoadFromEnumerable(Rows(60));
        var result = ml.BinaryClassification.GridSearch(
            ml.Transforms.Concatenate("Features", nameof(Row.X1), nameof(Row.X2)),
            SweepableEstimator.FromOptions((MLContext c, LbfgsLogisticRegressionBinaryTrainer.Options o) =>
                new FailsWithoutRowZero(c.BinaryClassification.Trainers.LbfgsLogisticRegression(o))),
            new ParameterGrid { ["L2Regularization"] = [0.1, 1.0, 10.0] },
            folds: Folds.KFold(3)).Fit(data);

        // Row 0 is in the test part of exactly one fold: that fit fails for every candidate, the other two succeed.
        Assert.All(result.Candidates, c =>
        {
            Assert.Equal(1, c.FailedFolds);
            Assert.True(double.IsNaN(c.MeanScore));
            Assert.Equal(1, c.Rank);
            Assert.Equal("InvalidOperationException: row 0 is not in this training part", c.Error);
        });
        Assert.Equal(0, result.BestIndex);
        Assert.Same(result.Candidates[0], result.Best);
        Assert.True(double.IsNaN(result.BestScore));
        Assert.Equal(0.1, result.BestParameters.Get<double>("L2Regularization"));
        Assert.NotNull(result.Model); // refitted on all the data, which holds row 0
        Assert.StartsWith("3 fits failed out of a total of 9 (3 of 3 candidates).", result.FailureSummary);
        Assert.Contains("3 fits failed out of a total of 9. The score on these train-test partitions for these parameters will be set to nan (see FailureSummary).", result.Warnings);
        Assert.Contains("Every candidate's mean test score is non-finite: the best candidate is the first one, and its score is NaN.", result.Warnings);
    }

    [Fact]
    public void CandidatesWithANaNMeanRankAfterEveryFiniteOne()
    {
        var ml = new MLContext(0);
        var data = ml.Data.LoadFromEnumerable(Rows(60));
        var result = ml.BinaryClassification.GridSearch(
            ml.Transforms.Concatenate("Features", nameof(Row.X1), nameof(Row.X2)),
            SweepableEstimator.FromOptions((MLContext c, LbfgsLogisticRegressionBinaryTrainer.Options o) =>
                o.L2Regularization > 5 ? new FailsWithoutRowZero(c.BinaryClassification.Trainers.LbfgsLogisticRegression(o)) : c.BinaryClassification.Trainers.LbfgsLogisticRegression(o)),
            new ParameterGrid { ["L2Regularization"] = [10.0, 0.1, 1.0] },
            folds: Folds.KFold(3)).Fit(data);

        Assert.True(double.IsNaN(result.Candidates[0].MeanScore));
        Assert.Equal(3, result.Candidates[0].Rank);
        Assert.InRange(result.BestIndex, 1, 2);
        Assert.True(double.IsFinite(result.BestScore));
        Assert.Contains("1 fits failed out of a total of 9. The score on these train-test partitions for these parameters will be set to nan (see FailureSummary).", result.Warnings);
        Assert.Contains("One or more of the mean test scores are non-finite (candidates 0): they rank last.", result.Warnings);
    }

    private static IEnumerable<Row> Rows(int count)
    {
        var random = new Random(3);
        for (var i = 0; i < count; i++)
        {
            var (x1, x2) = ((float)random.NextDouble(), (float)random.NextDouble());
            yield return new Row { Id = i, X1 = x1, X2 = x2, Label = x1 + x2 + (0.3 * random.NextDouble()) > 1.15 };
        }
    }

    private sealed class Row
    {
        public float Id { get; set; }

        public float X1 { get; set; }

        public float X2 { get; set; }

        public bool Label { get; set; }
    }

    /// <summary>A trainer that fails when row 0 (Id 0) is not in the data it is fitted on: one fold of a k-fold split.</summary>
    private sealed class FailsWithoutRowZero(IEstimator<ITransformer> inner) : IEstimator<ITransformer>
    {
        public ITransformer Fit(IDataView input)
        {
            if (!input.GetColumn<float>(nameof(Row.Id)).Contains(0f))
            {
                throw new InvalidOperationException("row 0 is not in this training part");
            }

            return inner.Fit(input);
        }

        public SchemaShape GetOutputSchema(SchemaShape inputSchema) => inner.GetOutputSchema(inputSchema);
    }
}
