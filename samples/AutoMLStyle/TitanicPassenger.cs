using Microsoft.ML.Data;

namespace AutoMLStyle;

/// <summary>A row of the tutorial's cleaned Titanic files (data/titanic/tutorial-2023), as the examples load it.</summary>
public class TitanicPassenger
{
    /// <summary>The files beside the sample's binaries (copied at build time).</summary>
    public static string DataPath(string file) => Path.Combine(AppContext.BaseDirectory, "data", "titanic", "tutorial-2023", file);

    [LoadColumn(0)]
    public float Pclass { get; set; }

    [LoadColumn(1)]
    public float Fare { get; set; }

    [LoadColumn(2)]
    public float Sex_n { get; set; }

    [LoadColumn(3)]
    public float Embarked_n { get; set; }

    [LoadColumn(4)]
    public float FamMembers { get; set; }

    [LoadColumn(5), ColumnName("Label")]
    public bool Survived { get; set; }
}
