using System.Text.Json;
using MlNetHpo.Halving;
using MlNetHpo.AutoML;

namespace MlNetHpo.Tests.Halving;

/// <summary>The successive-halving schedule against scikit-learn 1.2's HalvingGridSearchCV (tests/references/halving).</summary>
public class HalvingScheduleTests
{
    public static TheoryData<int> Cases => [.. Enumerable.Range(0, Reference().GetArrayLength())];

    [Theory]
    [MemberData(nameof(Cases))]
    public void TheScheduleIsScikitLearns(int index)
    {
        var c = Reference()[index];
        var min = c.GetProperty("min_resources");
        var rule = min.ValueKind == JsonValueKind.Number ? MinResourcesRule.Number
            : min.GetString() == "exhaust" ? MinResourcesRule.Exhaust : MinResourcesRule.Smallest;
        var minimum = rule == MinResourcesRule.Number ? min.GetInt64()
            : HalvingSchedule.Smallest(resourceIsRows: true, c.GetProperty("n_splits").GetInt32(), c.GetProperty("n_classes").GetInt32());
        var max = c.GetProperty("max_resources") is { ValueKind: JsonValueKind.Number } m ? m.GetInt64() : c.GetProperty("n_samples").GetInt64();

        var plan = HalvingSchedule.Plan(
            c.GetProperty("n_candidates").GetInt32(), c.GetProperty("factor").GetDouble(), rule, minimum, max, c.GetProperty("aggressive_elimination").GetBoolean());

        Assert.Equal(c.GetProperty("n_candidates_").EnumerateArray().Select(v => v.GetInt32()), plan.Candidates);
        Assert.Equal(c.GetProperty("n_resources_").EnumerateArray().Select(v => v.GetInt64()), plan.Resources);
        Assert.Equal(c.GetProperty("n_iterations_").GetInt32(), plan.Iterations);
        Assert.Equal(c.GetProperty("n_required_iterations_").GetInt32(), plan.RequiredIterations);
        Assert.Equal(c.GetProperty("n_possible_iterations_").GetInt32(), plan.PossibleIterations);
        Assert.Equal(c.GetProperty("min_resources_").GetInt64(), plan.MinResources);
    }

    [Fact]
    public void BadSettingsAreRefusedByName()
    {
        Assert.Equal("Factor must be a finite number above 1; got 1. (Parameter 'factor')",
            Assert.Throws<ArgumentException>(() => HalvingSchedule.Plan(10, 1, MinResourcesRule.Number, 5, 100, false)).Message);
        Assert.StartsWith("MinResources (200) is greater than MaxResources (100).",
            Assert.Throws<ArgumentException>(() => HalvingSchedule.Plan(10, 3, MinResourcesRule.Number, 200, 100, false)).Message);
        Assert.StartsWith("Successive halving needs at least one candidate; got 0.",
            Assert.Throws<ArgumentException>(() => HalvingSchedule.Plan(0, 3, MinResourcesRule.Smallest, 20, 100, false)).Message);
    }

    private static JsonElement Reference()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder != null && !File.Exists(Path.Combine(folder.FullName, "MlNetHpo.sln")))
        {
            folder = folder.Parent;
        }

        var path = Path.Combine(folder?.FullName ?? throw new DirectoryNotFoundException("No MlNetHpo.sln above the test binaries."), "tests", "references", "halving", "schedules.json");
        return JsonDocument.Parse(File.ReadAllText(path)).RootElement.GetProperty("cases");
    }
}
