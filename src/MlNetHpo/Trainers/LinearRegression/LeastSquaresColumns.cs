using Microsoft.ML;
using Microsoft.ML.Data;

namespace MlNetHpo.Trainers;

/// <summary>Column checks of the least-squares trainers, on a data view's schema and on a schema shape, with one wording.</summary>
internal static class LeastSquaresColumns
{
    public static DataViewSchema.Column Find(DataViewSchema schema, string role, string name) =>
        schema.GetColumnOrNull(name) ?? throw Missing(role, name, string.Join(", ", schema.Select(c => $"'{c.Name}'")));

    /// <summary>Checks the label (Single), features (vector of Single) and optional weight (Single) columns of a schema shape.</summary>
    public static void Check(SchemaShape schema, LeastSquaresOptions o)
    {
        var available = string.Join(", ", schema.Select(c => $"'{c.Name}'"));
        var label = Find(schema, "Label", o.LabelColumnName, available);
        if (label.Kind != SchemaShape.Column.VectorKind.Scalar || !label.ItemType.Equals(NumberDataViewType.Single))
        {
            throw WrongType("Label", o.LabelColumnName, "Single", $"{label.Kind} of {label.ItemType}");
        }

        var features = Find(schema, "Feature", o.FeatureColumnName, available);
        if (features.Kind != SchemaShape.Column.VectorKind.Vector || !features.ItemType.Equals(NumberDataViewType.Single))
        {
            throw WrongType("Feature", o.FeatureColumnName, "a known-size vector of Single", $"{features.Kind} of {features.ItemType}");
        }

        if (o.ExampleWeightColumnName is { } weightName)
        {
            var weight = Find(schema, "Example weight", weightName, available);
            if (weight.Kind != SchemaShape.Column.VectorKind.Scalar || !weight.ItemType.Equals(NumberDataViewType.Single))
            {
                throw WrongType("Example weight", weightName, "Single", $"{weight.Kind} of {weight.ItemType}");
            }
        }
    }

    public static ArgumentException WrongType(string role, string name, string expected, string actual) =>
        new($"{role} column '{name}' must be {expected}, but is {actual}.", "input");

    private static SchemaShape.Column Find(SchemaShape schema, string role, string name, string available)
    {
        // SchemaShape.TryFindColumn is internal; the last column of a name is the visible one, as in a DataViewSchema.
        SchemaShape.Column? found = null;
        foreach (var column in schema)
        {
            if (column.Name == name)
            {
                found = column;
            }
        }

        return found ?? throw Missing(role, name, available);
    }

    private static ArgumentException Missing(string role, string name, string available) =>
        new($"{role} column '{name}' not found in the data; available columns: {available}.", "input");
}
