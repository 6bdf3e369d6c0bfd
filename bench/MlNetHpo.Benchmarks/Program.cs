// The MlNetHpo benchmark suite (BenchmarkDotNet). Run by hand, in Release:
//   dotnet run -c Release --project bench/MlNetHpo.Benchmarks -- --filter '*'
// Pass --titanic PATH (or set MLNETHPO_TITANIC_TRAIN) to choose the Titanic train file; by default the repository's
// data/titanic/tutorial-2023/clean_titanic_train.csv is searched for upwards from the working directory.
using BenchmarkDotNet.Running;
using MlNetHpo.Benchmarks;

var rest = new List<string>();
for (var i = 0; i < args.Length; i++)
{
    if (args[i] == "--titanic" && i + 1 < args.Length)
    {
        Environment.SetEnvironmentVariable(TitanicData.EnvironmentVariable, Path.GetFullPath(args[++i]));
    }
    else
    {
        rest.Add(args[i]);
    }
}

// The path is resolved here, in the host process, and handed to BenchmarkDotNet's child processes by environment.
Environment.SetEnvironmentVariable(TitanicData.EnvironmentVariable, TitanicData.TrainPath());
BenchmarkSwitcher.FromAssembly(typeof(TitanicData).Assembly).Run([.. rest]);
