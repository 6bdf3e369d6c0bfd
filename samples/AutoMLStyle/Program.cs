// ML.NET AutoML's documented examples, each in its own file, run on the Titanic data with MlNetHpo in place of
// Microsoft.ML.AutoML: in each file only the using lines differ from AutoML's docs.
using AutoMLStyle;

await CustomSearchSpaceExperiment.RunAsync();
await FeaturizerAndTrainersExample.RunAsync(TitanicPassenger.DataPath("clean_titanic_train.csv"));
await CustomSweepableEstimatorExample.RunAsync(TitanicPassenger.DataPath("clean_titanic_train.csv"));
