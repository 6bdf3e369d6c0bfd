using Microsoft.ML;
using Microsoft.ML.SearchSpace;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.FastTree;
using MlNetHpo.AutoML;
using MlNetHpo.Sweeping;

namespace MlNetHpo.Tests.Sweeping;

public class OptionsBinderTests
{
    public enum Kernel
    {
        None,
        Linear,
        NewtonCg,
    }

    [Fact]
    public void BindsMlNetOptionFieldsIncludingNullables()
    {
        var parameter = new Parameter([
            new("L2Regularization", 0.5),
            new("MaximumNumberOfIterations", 250.0),
            new("NumberOfThreads", 1),
            new("EnforceNonNegativity", true),
        ]);

        var options = OptionsBinder.Bind(new LbfgsLogisticRegressionBinaryTrainer.Options(), parameter);

        Assert.Equal(0.5f, options.L2Regularization);
        Assert.Equal(250, options.MaximumNumberOfIterations);
        Assert.Equal(1, options.NumberOfThreads);
        Assert.True(options.EnforceNonNegativity);
    }

    [Fact]
    public void BindsPropertiesAndEnumsByNameIgnoringCaseAndDashes()
    {
        var options = OptionsBinder.Bind(new PropertyOptions(), new Parameter([
            new("kernel", "newton-cg"), new("Rate", "0.25"), new("Depth", 4L), new("Name", 3)]));
        Assert.Equal(Kernel.NewtonCg, options.Kernel);
        Assert.Equal(0.25, options.Rate);
        Assert.Equal(4, options.Depth);
        Assert.Equal("3", options.Name);

        // scikit-learn's None (no penalty) binds to a member named None.
        Assert.Equal(Kernel.None, OptionsBinder.Bind(new PropertyOptions { Kernel = Kernel.Linear }, new Parameter([new("Kernel", null)])).Kernel);
    }

    [Fact]
    public void UnknownNameListsTheValidNames()
    {
        var e = Assert.Throws<ArgumentException>(() =>
            OptionsBinder.Bind(new LbfgsLogisticRegressionBinaryTrainer.Options(), new Parameter([new("L3Regularization", 1.0)])));
        Assert.Contains("'L3Regularization'", e.Message);
        Assert.Contains("L2Regularization", e.Message);
        Assert.Contains("MaximumNumberOfIterations", e.Message);
    }

    [Fact]
    public void ValuesOfTheWrongTypeAreRejectedNamingTheParameter()
    {
        var notANumber = Assert.Throws<ArgumentException>(() => OptionsBinder.Bind(new PropertyOptions(), new Parameter([new("Rate", "fast")])));
        Assert.Contains("'Rate'", notANumber.Message);
        Assert.Contains("Double", notANumber.Message);

        var fraction = Assert.Throws<ArgumentException>(() => OptionsBinder.Bind(new PropertyOptions(), new Parameter([new("Depth", 2.5)])));
        Assert.Contains("whole number", fraction.Message);

        var badEnum = Assert.Throws<ArgumentException>(() => OptionsBinder.Bind(new PropertyOptions(), new Parameter([new("Kernel", "rbf")])));
        Assert.Contains("Linear", badEnum.Message);

        Assert.Throws<ArgumentException>(() => OptionsBinder.Bind(new PropertyOptions(), new Parameter([new("Depth", null)])));
        Assert.Throws<ArgumentException>(() => OptionsBinder.Bind(new PropertyOptions(), new Parameter([new("Depth", true)])));
    }

    [Fact]
    public void SearchSpaceComesFromAutoMlAttributes()
    {
        var space = SearchSpace.FromAttributes<AttributedOptions>();
        var byName = space.ToDictionary(p => p.Key, p => p.Value);

        var rate = Assert.IsType<UniformDistribution>(byName["LearningRate"]);
        Assert.True(rate.IsLog);
        Assert.Equal((1e-3, 1.0), (rate.Min, rate.Max));
        Assert.IsType<UniformIntDistribution>(byName["Leaves"]);
        Assert.Equal(["a", "b"], Assert.IsType<ChoiceDistribution>(byName["Mode"]).Values);
        Assert.Equal([true, false], Assert.IsType<ChoiceDistribution>(byName["Flag"]).Values);
        Assert.False(byName.ContainsKey("NotSearched"));

        // ML.NET's own options carry these attributes too.
        Assert.Contains("L2Regularization", SearchSpace.FromAttributes<LbfgsLogisticRegressionBinaryTrainer.Options>().Select(p => p.Key));
    }

    [Fact]
    public void SweepableEstimatorBuildsFromOptionsAndFromAFactory()
    {
        var ml = new MLContext(0);
        LbfgsLogisticRegressionBinaryTrainer.Options? seen = null;
        var sweepable = SweepableEstimator.FromOptions((LbfgsLogisticRegressionBinaryTrainer.Options o) =>
        {
            seen = o;
            return ml.BinaryClassification.Trainers.LbfgsLogisticRegression(o);
        });
        sweepable.BuildFromOption(ml, new Parameter([new("L1Regularization", 2.0)]));
        Assert.Equal(2f, seen!.L1Regularization);
        Assert.Equal("LbfgsLogisticRegressionBinary", sweepable.Name);
        Assert.Contains("L2Regularization", sweepable.SearchSpace!.Select(p => p.Key));

        var factory = SweepableEstimator.FromFactory((context, p) => context.BinaryClassification.Trainers.FastTree(
            new FastTreeBinaryTrainer.Options { NumberOfLeaves = p.Get<int>("Leaves") }));
        Assert.NotNull(factory.BuildFromOption(ml, new Parameter([new("Leaves", 4.0)])));
    }

    public sealed class PropertyOptions
    {
        public Kernel Kernel { get; set; } = Kernel.Linear;

        public double Rate { get; set; }

        public int Depth { get; set; }

        public string Name { get; set; } = string.Empty;
    }

    public sealed class AttributedOptions
    {
        [Range(1e-3, 1.0, 0.1, true)]
        public double LearningRate { get; set; }

        [Range(2, 128, 16, false)]
        public int Leaves;

        [Choice("a", "b")]
        public string Mode { get; set; } = "a";

        [BooleanChoice]
        public bool Flag;

        public int NotSearched { get; set; }
    }
}
