// A study worker for the persistence tests: joins a study (a SQLite file or a postgresql:// URI) and evaluates its
// candidates until none is left.
// Usage: MlNetHpo.StudyWorker [--asha] STUDY.sqlite|URI NAME TRAIN.csv LEASE_SECONDS [PAUSE_MS]
// PAUSE_MS (default 0) holds each claimed trial that long before fitting it, to stretch a study across a server restart.
// --asha runs the ASHA search (StudySearch.CreateAsha) instead of the FastTree grid.
using Microsoft.ML;
using MlNetHpo.Experiments;
using MlNetHpo.Storage;
using MlNetHpo.StudyWorker;

var asha = args.Length > 0 && args[0] == "--asha";
args = asha ? args[1..] : args;
if (args.Length is not (4 or 5))
{
    Console.Error.WriteLine("Usage: MlNetHpo.StudyWorker [--asha] STUDY.sqlite|URI NAME TRAIN.csv LEASE_SECONDS [PAUSE_MS]");
    return 2;
}

var ml = new MLContext(0);
var (data, features) = StudySearch.Load(ml, args[2]);
using var store = TrialStores.Open(args[0]);
var options = new SearchOptions
{
    Store = store,
    StudyName = args[1],
    MaxDegreeOfParallelism = 1,
    LeaseDuration = TimeSpan.FromSeconds(double.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture)),
    Refit = false,
};
options.Monitors.Add(new PrintingMonitor(Console.Out));
if (args.Length == 5)
{
    options.Monitors.Add(new PausingMonitor(TimeSpan.FromMilliseconds(int.Parse(args[4], System.Globalization.CultureInfo.InvariantCulture))));
}

var result = (asha ? StudySearch.CreateAsha(ml, features, options) : StudySearch.Create(ml, features, options)).Fit(data);
Console.WriteLine($"done {result.Candidates.Count}");
return 0;
