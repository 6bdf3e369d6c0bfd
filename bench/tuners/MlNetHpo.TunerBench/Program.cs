// bench/tuners: random search vs TPE vs CFO (and ECI over a choice of trainers) on three generated problems, several seeds,
// a trial budget each; best-so-far against trials (deterministic: same seeds, same curves) and against time (measured,
// noisy unless the machine is idle). Writes trials.jsonl (one line per search), table.md and tuners.svg to --out, and prints the table.
//   MlNetHpo.TunerBench [--seeds 10] [--trials 50] [--problems binary,regression,multiclass] [--methods random,tpe,cfo,eci]
//                       [--parallel 2] [--out bench/tuners/out] [--summarize trials.jsonl]
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.ML;
using MlNetHpo.TunerBench;

var options = new Dictionary<string, string>();
for (var i = 0; i + 1 < args.Length; i += 2)
{
    options[args[i].TrimStart('-')] = args[i + 1];
}

string Option(string name, string fallback) => options.TryGetValue(name, out var v) ? v : fallback;
var output = Option("out", Path.Combine("bench", "tuners", "out"));
Directory.CreateDirectory(output);
var json = new JsonSerializerOptions { WriteIndented = false };

List<RunRecord> runs;
if (options.TryGetValue("summarize", out var from))
{
    runs = [.. File.ReadLines(from).Where(l => l.Length > 0).Select(l => JsonSerializer.Deserialize<RunRecord>(l)!)];
}
else
{
    var seeds = int.Parse(Option("seeds", "10"), CultureInfo.InvariantCulture);
    var trials = int.Parse(Option("trials", "50"), CultureInfo.InvariantCulture);
    var parallel = int.Parse(Option("parallel", "2"), CultureInfo.InvariantCulture);
    var names = Option("problems", "binary,regression,multiclass").Split(',');
    var methodNames = Option("methods", "random,tpe,cfo,eci").Split(',');
    var problems = Problem.All(new MLContext(0)).Where(p => names.Contains(p.Name)).ToList();
    var methods = TunerMethod.All.Where(m => methodNames.Contains(m.Name)).ToList();
    // Seed by seed, so an interrupted run still has every problem and method for its first seeds.
    var jobs = (from s in Enumerable.Range(0, seeds) from p in problems from m in methods select (Problem: p, Method: m, Seed: s)).ToList();
    var clock = Stopwatch.StartNew();
    var done = 0;
    var records = new RunRecord[jobs.Count];
    var lines = Path.Combine(output, "trials.jsonl");
    File.WriteAllText(lines, string.Empty);
    var write = new object();
    // Several searches at once, each with one worker: the tuners stay sequential (batch 1), the cores stay busy.
    // Jobs are taken in list order (not Parallel.For's chunks), so what has finished is always the first seeds.
    var next = -1;
    void Work()
    {
        for (int j; (j = Interlocked.Increment(ref next)) < jobs.Count;)
        {
            Run(j);
        }
    }

    void Run(int j)
    {
        var (problem, method, seed) = jobs[j];
        var points = method.Run(problem, seed, trials);
        records[j] = new RunRecord(problem.Name, problem.Description, problem.Metric.Name, problem.Metric.HigherIsBetter, method.Name, seed,
            [.. points.Select(p => p.Score)], [.. points.Select(p => p.Seconds)]);
        lock (write)
        {
            // One line per finished search, so an interrupted run keeps what it did (--summarize reads it back).
            File.AppendAllText(lines, JsonSerializer.Serialize(records[j], json) + "\n");
        }

        Console.Error.WriteLine($"[{Interlocked.Increment(ref done)}/{jobs.Count}, {clock.Elapsed.TotalSeconds:0} s] {problem.Name} {method.Name} seed {seed}: best {records[j].Best:0.0000} in {points.Sum(p => p.Seconds):0.0} s");
    }

    var threads = Enumerable.Range(0, parallel).Select(_ => new Thread(Work)).ToList();
    threads.ForEach(t => t.Start());
    threads.ForEach(t => t.Join());
    runs = [.. records];
    Console.Error.WriteLine($"{jobs.Count} searches in {clock.Elapsed.TotalSeconds:0} s wall time ({parallel} at once).");
}

var table = Summary.Table(runs);
Console.WriteLine(table);
File.WriteAllText(Path.Combine(output, "table.md"), table);
File.WriteAllText(Path.Combine(output, "tuners.svg"), Summary.Svg(runs));
Console.Error.WriteLine($"Wrote table.md and tuners.svg to {output}.");
