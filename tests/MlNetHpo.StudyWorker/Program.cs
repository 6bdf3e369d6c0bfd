// A study worker for the persistence tests: joins a study (a SQLite file or a postgresql:// URI) and evaluates its
// candidates until none is left.
// Usage: MlNetHpo.StudyWorker [--asha] [--hold-after N] STUDY.sqlite|URI NAME TRAIN.csv LEASE_SECONDS [PAUSE_MS]
// PAUSE_MS (default 0) holds each claimed trial that long before fitting it, to stretch a study across a server restart.
// --asha runs the ASHA search (StudySearch.CreateAsha) instead of the FastTree grid.
// --hold-after N: once N trials are recorded, the next claimed trial is held (its parameters recorded, its lease renewed)
// and "holding ID" printed, until standard input closes: a parent kills the worker there, at a known point, not by a race.
using Microsoft.ML;
using MlNetHpo.Experiments;
using MlNetHpo.Storage;
using MlNetHpo.StudyWorker;

const string usage = "Usage: MlNetHpo.StudyWorker [--asha] [--hold-after N] STUDY.sqlite|URI NAME TRAIN.csv LEASE_SECONDS [PAUSE_MS]";
var asha = args.Length > 0 && args[0] == "--asha";
args = asha ? args[1..] : args;
int? holdAfter = null;
if (args.Length > 1 && args[0] == "--hold-after")
{
    if (!int.TryParse(args[1], System.Globalization.CultureInfo.InvariantCulture, out var n) || n < 0)
    {
        Console.Error.WriteLine($"--hold-after: expected a count of trials (0 or more), got '{args[1]}'. {usage}");
        return 2;
    }

    holdAfter = n;
    args = args[2..];
}

if (args.Length is not (4 or 5))
{
    Console.Error.WriteLine(usage);
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

if (holdAfter is { } after)
{
    options.Monitors.Add(new HoldingMonitor(after, Console.Out, Console.In));
}

var result = (asha ? StudySearch.CreateAsha(ml, features, options) : StudySearch.Create(ml, features, options)).Fit(data);
Console.WriteLine($"done {result.Candidates.Count}");
return 0;
