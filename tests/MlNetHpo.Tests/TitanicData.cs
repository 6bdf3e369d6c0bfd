using Microsoft.ML;
using Microsoft.ML.Data;

namespace MlNetHpo.Tests;

/// <summary>Loads a Titanic CSV of data/titanic: every column but Survived as a Single feature, Survived (0/1) as the Boolean label "Label".</summary>
internal static class TitanicData
{
    public static (IDataView Data, string[] Features) Load(MLContext ml, string path) => StudyWorker.StudySearch.Load(ml, path);

    public static IEstimator<ITransformer> Features(MLContext ml, string[] features) =>
        ml.Transforms.Concatenate("Features", features);
}
