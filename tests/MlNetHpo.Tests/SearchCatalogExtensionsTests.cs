using System.Reflection;
using Microsoft.ML;

namespace MlNetHpo.Tests;

public sealed class SearchCatalogExtensionsTests
{
    [Fact]
    public void TheEntryPointsExistOnlyOnTheCatalogsOfTheThreeTasks()
    {
        var byCatalog = typeof(SearchCatalogExtensions).GetMethods(BindingFlags.Public | BindingFlags.Static)
            .GroupBy(m => m.GetParameters()[0].ParameterType.Name)
            .ToDictionary(g => g.Key, g => g.Select(m => m.Name).Order(StringComparer.Ordinal).ToList());

        string[] each = ["GridSearch", "GridSearch", "GridSearch", "HalvingGridSearch", "HalvingGridSearch", "HalvingGridSearch",
            "HalvingRandomSearch", "HalvingRandomSearch", "HalvingRandomSearch", "RandomSearch", "RandomSearch", "RandomSearch", "Search"];
        Assert.Equal(["BinaryClassificationCatalog", "MulticlassClassificationCatalog", "RegressionCatalog"], byCatalog.Keys.Order(StringComparer.Ordinal));
        Assert.All(byCatalog.Values, names => Assert.Equal(each, names));
    }
}
