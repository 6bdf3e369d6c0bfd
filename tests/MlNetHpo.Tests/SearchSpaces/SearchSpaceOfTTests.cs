using Microsoft.ML.SearchSpace;
using MlNetHpo.AutoML;

namespace MlNetHpo.Tests.SearchSpaces;

public class SearchSpaceOfTTests
{
    public sealed class Inner
    {
        [Range(1, 100, 10, true)]
        public int Leaves { get; set; }

        [BooleanChoice(false)]
        public bool Flag;
    }

    public sealed class Declared
    {
        [Range(0.001, 1.0, true)]
        public double LearningRate = 0.1; // no init: the initializer is the default

        [Range(2, 8)]
        public int Depth = 50; // initializer outside the range: the lower bound is

        [Range(0.5f, 4f, 2f, false)]
        public float Ratio = 3f; // the attribute's init wins over the initializer

        [Choice(new object[] { "a", "b", "c" }, "b")]
        public string Kind = "c";

        [NestOption]
        public Inner? Nested { get; set; }

        public int NotSearched = 3;
    }

    private static IEnumerable<KeyValuePair<string, object?>> Sorted(Parameter p) => p.OrderBy(e => e.Key, StringComparer.Ordinal);

    [Fact]
    public void AttributesGiveRangesLogScaleChoicesAndNestedNames()
    {
        SearchSpace space = new SearchSpace<Declared>();
        Assert.Equal(
            "{Depth: int[2, 8], Kind: choice[a, b, c], LearningRate: loguniform[0.001, 1], Nested.Flag: choice[true, false], Nested.Leaves: logint[1, 100], Ratio: uniform[0.5, 4]}",
            space.ToString());
    }

    [Fact]
    public void DefaultsComeFromInitThenInitializerThenLowerBound()
    {
        var space = new SearchSpace<Declared>();
        Assert.Equal(
            [new("Depth", 2L), new("Kind", "b"), new("LearningRate", 0.1), new("Nested.Flag", false), new("Nested.Leaves", 10L), new("Ratio", 2.0)],
            Sorted(space.Default));
    }

    [Fact]
    public void DefaultOptionGivesTheDefaultsAndIsRefusedOutsideTheSpace()
    {
        var space = new SearchSpace<Declared>(new Declared { Depth = 5, Kind = "a", Ratio = 0.5f, Nested = new Inner { Leaves = 64, Flag = true } });
        Assert.Equal(
            [new("Depth", 5L), new("Kind", "a"), new("LearningRate", 0.1), new("Nested.Flag", true), new("Nested.Leaves", 64L), new("Ratio", 0.5)],
            Sorted(space.Default));

        var e = Assert.Throws<ArgumentException>(() => new SearchSpace<Declared>(new Declared { Nested = new Inner { Leaves = 64 } }));
        Assert.Contains("The default of 'Depth' is 50, outside its space int[2, 8]", e.Message);
    }

    [Fact]
    public void AnOptionSetByNameReplacesThatMembersRangeAndDefaultAsAutoMLsDocsDo()
    {
        var space = new SearchSpace<Declared>();
        space["Ratio"] = new UniformSingleOption(min: 0.01f, max: 2.0f, logBase: true, defaultValue: 0.5f);
        space["Depth"] = new UniformIntOption(1, 4);
        space["Nested.Flag"] = new ChoiceOption([true, false], true);

        Assert.Equal(
            "{Depth: int[1, 4], Kind: choice[a, b, c], LearningRate: loguniform[0.001, 1], Nested.Flag: choice[true, false], Nested.Leaves: logint[1, 100], Ratio: loguniform[0.009999999776482582, 2]}",
            ((SearchSpace)space).ToString());
        Assert.Equal(
            [new("Depth", 1L), new("Kind", "b"), new("LearningRate", 0.1), new("Nested.Flag", true), new("Nested.Leaves", 10L), new("Ratio", 0.5)],
            Sorted(space.Default));
        // The cost-frugal tuners start at the new defaults.
        Assert.Equal(Sorted(space.Default), Sorted(new CostFrugalTuner(space, trials: 10).Propose(new TrialSettings { TrialId = 0 })!));
        Assert.Equal(0.01f, (float)new UniformSingleOption(0.01f, 2f).Min);
    }

    [Fact]
    public void AnOptionForAMemberTheSpaceDoesNotSearchOrADefaultOutsideItsRangeIsOneLine()
    {
        var space = new SearchSpace<Declared>();

        var e = Assert.Throws<ArgumentException>(() => space["NotSearched"] = new UniformIntOption(1, 4));
        Assert.Equal("'NotSearched' is not a member Declared's space searches; it searches Depth, Kind, LearningRate, Nested.Flag, Nested.Leaves, Ratio. (Parameter 'key')", e.Message);
        var outside = Assert.Throws<ArgumentException>(() => new UniformDoubleOption(0, 1, defaultValue: 2));
        Assert.StartsWith("The default value 2 is outside uniform[0, 1].", outside.Message);
    }

    [Fact]
    public void AsTypeSetsValuesNestedIncluded()
    {
        var parameter = new Parameter([new("LearningRate", 0.25), new("Depth", 7L), new("Ratio", 1.5), new("Kind", "c"), new("Nested.Leaves", 42L), new("Nested.Flag", true)]);
        var options = parameter.AsType<Declared>();
        Assert.Equal((0.25, 7, 1.5f, "c", 3), (options.LearningRate, options.Depth, options.Ratio, options.Kind, options.NotSearched));
        Assert.Equal((42, true), (options.Nested!.Leaves, options.Nested.Flag));
    }

    [Fact]
    public void TheIndexerReadsDottedNamesAsAutoMLsNestedParameter()
    {
        var parameter = new Parameter([new("Kind", "c"), new("Nested.Leaves", 42L), new("Nested.Flag", true)]);

        // A value comes as a one-value parameter, a head of dotted names as the parameter of the names under it.
        Assert.Equal("c", parameter["Kind"].AsType<string>());
        Assert.Equal(42, parameter["Nested"]["Leaves"].AsType<int>());
        Assert.Equal((42, true), (parameter["Nested"].AsType<Inner>().Leaves, parameter["Nested"].AsType<Inner>().Flag));
        Assert.Equal(new Parameter([new("Leaves", 42L), new("Flag", true)]), parameter["Nested"]);
        Assert.Equal("42", parameter["Nested"]["Leaves"].ToString());
        var e = Assert.Throws<KeyNotFoundException>(() => parameter["Nest"]);
        Assert.Equal("No hyperparameter named 'Nest'. This parameter set has: Kind, Nested.Leaves, Nested.Flag.", e.Message);
    }

    [Fact]
    public void AsTypeNamesAMissingNestedMember()
    {
        var e = Assert.Throws<ArgumentException>(() => new Parameter([new("Nested.Leafs", 3L)]).AsType<Declared>());
        Assert.Contains("'Leafs' is not a hyperparameter of Inner", e.Message);
    }

    [Fact]
    public void TunersTakeTheSpaceAndItsPointsMapBack()
    {
        var tuner = new RandomSearchTuner(new SearchSpace<Declared>(), iterations: 20, seed: 3);
        for (var trial = 0; trial < 20; trial++)
        {
            var options = tuner.Propose(new TrialSettings { TrialId = trial })!.AsType<Declared>();
            Assert.InRange(options.LearningRate, 0.001, 1.0);
            Assert.InRange(options.Depth, 2, 8);
            Assert.InRange(options.Nested!.Leaves, 1, 100);
            Assert.Contains(options.Kind, new[] { "a", "b", "c" });
        }
    }
}
