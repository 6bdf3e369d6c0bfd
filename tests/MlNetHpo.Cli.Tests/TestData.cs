using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace MlNetHpo.Cli.Tests;

/// <summary>Small generated datasets in a fresh temporary folder, deleted with the fixture.</summary>
public sealed class TestData : IDisposable
{
    private static readonly string[] Good = ["great", "lovely", "excellent", "nice", "fine"];
    private static readonly string[] Bad = ["awful", "terrible", "poor", "boring", "bad"];

    public TestData()
    {
        Folder = Path.Combine(Path.GetTempPath(), "mlnethpo-cli-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Folder);
    }

    public string Folder { get; }

    public string PathOf(params string[] parts) => Path.Combine([Folder, .. parts]);

    /// <summary>
    /// Binary data: Age (numeric, some missing), Income (numeric), Color (3 values), Review (long text that carries the
    /// signal), Id (to ignore), Outcome yes/no.
    /// </summary>
    public string Binary(string name = "binary.csv", int rows = 80, int seed = 1, char separator = ',')
    {
        var random = new Random(seed);
        var text = new StringBuilder();
        var s = separator.ToString();
        text.AppendLine(string.Join(s, "Age", "Income", "Color", "Review", "Id", "Outcome"));
        for (var i = 0; i < rows; i++)
        {
            var good = i % 2 == 0;
            var words = good ? Good : Bad;
            var review = string.Join(" ", Enumerable.Range(0, 6).Select(_ => words[random.Next(words.Length)])) + " said the customer";
            var outcome = good ^ (random.NextDouble() < 0.1) ? "yes" : "no";
            var age = i % 13 == 0 ? string.Empty : random.Next(18, 70).ToString(CultureInfo.InvariantCulture);
            var income = (40 + (random.NextDouble() * 30)).ToString("0.00", CultureInfo.InvariantCulture);
            var color = new[] { "red", "green", "blue" }[random.Next(3)];
            text.AppendLine(string.Join(s, age, income, color, review, i.ToString(CultureInfo.InvariantCulture), outcome));
        }

        return Write(name, text.ToString());
    }

    /// <summary>Numeric binary data: X1, X2, Label 0/1 depending on X1 + X2.</summary>
    public string NumericBinary(string name = "numeric.csv", int rows = 80, int seed = 2)
    {
        var random = new Random(seed);
        var text = new StringBuilder("X1,X2,Label\n");
        for (var i = 0; i < rows; i++)
        {
            var (x1, x2) = (random.NextDouble() * 4 - 2, random.NextDouble() * 4 - 2);
            var y = x1 + x2 + (random.NextDouble() - 0.5) > 0 ? 1 : 0;
            text.Append(CultureInfo.InvariantCulture, $"{x1:0.000},{x2:0.000},{y}\n");
        }

        return Write(name, text.ToString());
    }

    /// <summary>Three classes named a, b, c by the sign pattern of two features.</summary>
    public string Multiclass(string name = "multi.csv", int rows = 90, int seed = 3)
    {
        var random = new Random(seed);
        var text = new StringBuilder("X1,X2,Species\n");
        for (var i = 0; i < rows; i++)
        {
            var c = i % 3;
            var (x1, x2) = (c + (random.NextDouble() * 0.8), (2 - c) + (random.NextDouble() * 0.8));
            text.Append(CultureInfo.InvariantCulture, $"{x1:0.000},{x2:0.000},{"abc"[c]}\n");
        }

        return Write(name, text.ToString());
    }

    /// <summary>A real-valued target: Y = 3 X1 - X2 + noise.</summary>
    public string Regression(string name = "reg.csv", int rows = 60, int seed = 4)
    {
        var random = new Random(seed);
        var text = new StringBuilder("X1,X2,Y\n");
        for (var i = 0; i < rows; i++)
        {
            var (x1, x2) = (random.NextDouble(), random.NextDouble());
            text.Append(CultureInfo.InvariantCulture, $"{x1:0.000},{x2:0.000},{(3 * x1) - x2 + (random.NextDouble() * 0.1):0.0000}\n");
        }

        return Write(name, text.ToString());
    }

    public string Write(string name, string content)
    {
        var path = PathOf(name);
        File.WriteAllText(path, content);
        return path;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>Runs the CLI in-process and keeps what it printed.</summary>
public static class Runner
{
    public static (int Code, string Out, string Err) Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = Cli.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }
}

/// <summary>
/// Runs an action at every progress line ("3/12 trials, ...", written after each trial): cancelling the search there is
/// a user's Ctrl+C after the first trial; setting an event there tells a test the study is under way.
/// </summary>
public sealed partial class OnProgress(Action action) : StringWriter
{
    /// <summary>Whether <paramref name="line"/> is a progress line ("3/12 trials, ...").</summary>
    public static bool IsProgress(string line) => Progress().IsMatch(line);

    public override void WriteLine(string? value)
    {
        base.WriteLine(value);
        if (value is not null && IsProgress(value))
        {
            action();
        }
    }

    [GeneratedRegex(@"^\d+/\d+ trials")]
    private static partial Regex Progress();
}
