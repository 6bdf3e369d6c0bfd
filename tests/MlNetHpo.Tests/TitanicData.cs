using Microsoft.ML;
using Microsoft.ML.Data;

namespace MlNetHpo.Tests;

/// <summary>Loads a Titanic CSV of ../shared: every column but Survived as a Single feature, Survived (0/1) as the Boolean label "Label".</summary>
internal static class TitanicData
{
    public static (IDataView Data, string[] Features) Load(MLContext ml, string path)
    {
        var header = File.ReadLines(path).First().Split(',');
        var columns = header.Select((name, i) => name == "Survived"
            ? new TextLoader.Column("Label", DataKind.Boolean, i)
            : new TextLoader.Column(name, DataKind.Single, i)).ToArray();
        var loader = ml.Data.CreateTextLoader(new TextLoader.Options { Columns = columns, HasHeader = true, Separators = [','] });
        return (loader.Load(path), header.Where(h => h != "Survived").ToArray());
    }

    public static IEstimator<ITransformer> Features(MLContext ml, string[] features) =>
        ml.Transforms.Concatenate("Features", features);
}
