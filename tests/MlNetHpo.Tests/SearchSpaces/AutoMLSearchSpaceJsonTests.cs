using MlNetHpo.AutoML;

namespace MlNetHpo.Tests.SearchSpaces;

public class AutoMLSearchSpaceJsonTests
{
    // dotnet/machinelearning test/Microsoft.ML.SearchSpace.Tests/ApprovalTests/SearchSpaceTest.Sgd_default_search_space_test.approved.txt:
    // what AutoML itself wrote (its NumericOptionConverter leaves "type" out when writing).
    private const string AutoMLSgd = """
        {
          "L2Regularization": {
            "default": 1,
            "min": 0.03125,
            "max": 32768,
            "log_base": true
          },
          "ConvergenceTolerance": {
            "default": 0.1,
            "min": 1E-06,
            "max": 0.1,
            "log_base": true
          },
          "NumberOfIterations": {
            "default": 1,
            "min": 1,
            "max": 20,
            "log_base": true
          },
          "LearningRate": {
            "default": 0.001,
            "min": 0.001,
            "max": 1,
            "log_base": true
          }
        }
        """;

    // The shapes AutoML's converters read: NumericOptionConverter's schema (type, default, min, max, log_base),
    // ChoiceOptionConverter's (default, choices) and SearchSpaceConverter's nested object of options.
    private const string AutoMLNested = """
        {
          "NumberOfLeaves": { "type": "int", "default": 4, "min": 4, "max": 1024, "log_base": true },
          "Ratio": { "type": "float", "default": 0.5, "min": 0, "max": 1, "log_base": false },
          "Booster": {
            "Kind": { "default": "gbdt", "choices": ["gbdt", "dart", "goss"] },
            "Lambda": { "type": "double", "default": 1, "min": 1E-10, "max": 100, "log_base": true }
          },
          "UseCats": { "default": true, "choices": [true, false] }
        }
        """;

    [Fact]
    public void ReadsAFileAutoMLWrote()
    {
        var (space, defaults) = AutoMLSearchSpaceJson.Read(AutoMLSgd);
        Assert.Equal(
            "{ConvergenceTolerance: loguniform[1E-06, 0.1], L2Regularization: loguniform[0.03125, 32768], LearningRate: loguniform[0.001, 1], NumberOfIterations: logint[1, 20]}",
            space.ToString());
        Assert.Equal(new Parameter([new("L2Regularization", 1.0), new("ConvergenceTolerance", 0.1), new("NumberOfIterations", 1L), new("LearningRate", 0.001)]), defaults);
    }

    [Fact]
    public void ReadsTypedRangesChoicesAndNestedSpaces()
    {
        var (space, defaults) = AutoMLSearchSpaceJson.Read(AutoMLNested);
        Assert.Equal(
            "{Booster.Kind: choice[gbdt, dart, goss], Booster.Lambda: loguniform[1E-10, 100], NumberOfLeaves: logint[4, 1024], Ratio: uniform[0, 1], UseCats: choice[true, false]}",
            space.ToString());
        Assert.Equal(
            new Parameter([new("NumberOfLeaves", 4L), new("Ratio", 0.5), new("Booster.Kind", "gbdt"), new("Booster.Lambda", 1.0), new("UseCats", true)]),
            defaults);
    }

    [Fact]
    public void RoundTripGivesTheSameSpaceAndDefaults()
    {
        var (space, defaults) = AutoMLSearchSpaceJson.Read(AutoMLNested);
        var json = AutoMLSearchSpaceJson.Write(space, defaults);
        var (again, againDefaults) = AutoMLSearchSpaceJson.Read(json);
        Assert.Equal(space.ToString(), again.ToString());
        Assert.Equal(defaults, againDefaults);
        Assert.Equal(json, AutoMLSearchSpaceJson.Write(again, againDefaults));
    }

    [Fact]
    public void WritesAutoMLsShapeNestingDottedNames()
    {
        var space = new SearchSpace { ["Booster.Lambda"] = Distribution.LogUniform(0.5, 2), ["Leaves"] = Distribution.UniformInt(2, 9), ["Kind"] = Distribution.Choice("a", "b") };
        var json = AutoMLSearchSpaceJson.Write(space, new Parameter([new("Leaves", 3L)]));
        Assert.Equal(
            """{"Leaves":{"type":"int","default":3,"min":2,"max":9,"log_base":false},"Booster":{"Lambda":{"type":"double","default":0.5,"min":0.5,"max":2,"log_base":true}},"Kind":{"default":"a","choices":["a","b"]}}""",
            System.Text.Json.JsonSerializer.Serialize(System.Text.Json.JsonDocument.Parse(json).RootElement));
    }

    [Fact]
    public void SearchSpaceOfTRoundTrips()
    {
        var typed = new SearchSpace<SearchSpaceOfTTests.Declared>();
        var (space, defaults) = AutoMLSearchSpaceJson.Read(AutoMLSearchSpaceJson.Write(typed, typed.Default));
        Assert.Equal(typed.Space.ToString(), space.ToString());
        Assert.Equal(typed.Default.OrderBy(e => e.Key, StringComparer.Ordinal), defaults.OrderBy(e => e.Key, StringComparer.Ordinal));
    }

    [Fact]
    public void UnknownRangeTypeIsNamed()
    {
        var e = Assert.Throws<ArgumentException>(() => AutoMLSearchSpaceJson.Read("""{"A": {"B": {"type": "decimal", "min": 0, "max": 1}}}"""));
        Assert.Contains("'A.B': \"type\" must be int, float or double, got 'decimal'", e.Message);
    }
}
