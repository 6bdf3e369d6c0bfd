using System.Globalization;
using System.Text;

namespace MlNetHpo.Cli.Tests;

/// <summary>How the command line reads its input: labels, cell types, separators, and what it checks before reading data.</summary>
public sealed class InputTests : IDisposable
{
    private readonly TestData _data = new();

    public void Dispose() => _data.Dispose();

    [Theory]
    [InlineData("True", "False")]
    [InlineData("true", "false")]
    [InlineData("TRUE", "false")]
    public void TrueFalseLabelsAreBinary(string yes, string no)
    {
        var csv = _data.Write("bool.csv", Numeric(80, (i, y) => y ? yes : no));
        var (code, stdout, stderr) = Runner.Run("grid", "--dataset", csv, "--label-col", "Label", "--trainer", "lbfgs", "--cv", "2");

        Assert.True(code == 0, stderr + stdout);
        Assert.Contains("Task: binary classification (inferred: the label has two distinct values); label Label, positive class 'true'.", stdout);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("1e40")]
    [InlineData("-inf")]
    public void OneBadCellInANumericColumnNamesItsLineColumnAndValue(string bad)
    {
        var csv = _data.Write("bad.csv", Numeric(80, (i, y) => y ? "1" : "0", badRow: 4, badValue: bad));
        var (code, stdout, stderr) = Runner.Run("grid", "--dataset", csv, "--label-col", "Label");

        Assert.Equal(2, code);
        Assert.Equal(
            $"mlnet-hpo: Column 'X1' of '{csv}': line 6 has '{bad}'; expected a finite number (a 32-bit float, |x| < 3.4e38) like the other 79 values of the column; leave the cell empty if it is missing.{Environment.NewLine}",
            stderr);
        Assert.Empty(stdout);
    }

    [Fact]
    public void ABadCellFarDownIsFoundAndCountedWithTheOthers()
    {
        var text = new StringBuilder(Numeric(2600, (i, y) => y ? "1" : "0", badRow: 2500, badValue: "n/a"));
        text.Append("oops,1,0\nmissing,2,1\n");
        var csv = _data.Write("late.csv", text.ToString());
        var (code, _, stderr) = Runner.Run("grid", "--dataset", csv, "--label-col", "Label");

        Assert.Equal(2, code);
        Assert.Equal(
            $"mlnet-hpo: Column 'X1' of '{csv}': line 2502 has 'n/a', line 2602 has 'oops', line 2603 has 'missing'; expected a finite number (a 32-bit float, |x| < 3.4e38) like the other 2599 values of the column; leave the cell empty if it is missing.{Environment.NewLine}",
            stderr);
    }

    [Fact]
    public void SemicolonsWithDecimalCommasAreDetectedAndSaid()
    {
        var csv = _data.Write("semicolon.csv", Numeric(80, (i, y) => y ? "1" : "0").Replace(",", ";").Replace(".", ","));
        var (code, stdout, stderr) = Runner.Run("grid", "--dataset", csv, "--label-col", "Label", "--trainer", "lbfgs", "--cv", "2");

        Assert.True(code == 0, stderr + stdout);
        Assert.Contains($"Dataset {csv}: 80 rows, 3 columns, separator ';' (detected; --separator to choose), decimal commas.", stdout);
        Assert.Matches(@"X1\s+numeric\s+number", stdout);

        var given = Runner.Run("grid", "--dataset", csv, "--label-col", "Label", "--trainer", "lbfgs", "--cv", "2", "--separator", ";");
        Assert.True(given.Code == 0, given.Err);
        Assert.Contains("3 columns, separator ';' (given), decimal commas.", given.Out);
    }

    [Fact]
    public void AWrongSeparatorNamesTheLineAndTheFieldCounts()
    {
        var csv = _data.Write("semicolon.csv", "X1;X2;Label\n0,5;1,5;1\n1;2;0\n");
        var (code, _, stderr) = Runner.Run("grid", "--dataset", csv, "--label-col", "Label", "--separator", ",");

        Assert.Equal(2, code);
        Assert.Equal($"mlnet-hpo: Line 2 of '{csv}' has 3 field(s) separated by ','; the header has 1.{Environment.NewLine}", stderr);
    }

    [Fact]
    public void AnUnknownSeparatorIsRefusedBeforeReading() =>
        AssertError(Runner.Run("grid", "--dataset", _data.PathOf("nope.csv"), "--label-col", "Label", "--separator", "ab"),
            "mlnet-hpo: --separator 'ab' is not a separator; give one character such as ',' ';' '|' or the word tab.");

    [Fact]
    public void AnUnknownTrainerIsReportedBeforeTheDataIsRead() =>
        AssertError(Runner.Run("grid", "--dataset", _data.PathOf("nope.csv"), "--label-col", "Label", "--trainer", "xgboost"),
            "mlnet-hpo: Unknown trainer 'xgboost'. Valid trainers: binary: lr, lbfgs, sdca, averagedperceptron, linearsvm, fasttree, fastforest, lightgbm; " +
            "multiclass: lbfgs, sdca, fasttree, fastforest, lightgbm; regression: ridge, lasso, elasticnet, linear, sdca, lbfgs, ogd, fasttree, fastforest, lightgbm.");

    [Fact]
    public void AnUnknownMetricIsReportedBeforeTheDataIsRead() =>
        AssertError(Runner.Run("random", "--dataset", _data.PathOf("nope.csv"), "--label-col", "Label", "--metric", "Precision"),
            "mlnet-hpo: Unknown metric 'Precision'. Valid metrics: binary: Accuracy, AreaUnderRocCurve, AreaUnderPrecisionRecallCurve, F1Score, " +
            "PositivePrecision, PositiveRecall, NegativePrecision, NegativeRecall, LogLoss, LogLossReduction; multiclass: MicroAccuracy, MacroAccuracy, " +
            "LogLoss, LogLossReduction, TopKAccuracy; regression: RSquared, RootMeanSquaredError, MeanSquaredError, MeanAbsoluteError, LossFunction.");

    [Fact]
    public void IgnoringTheLabelIsRefused() =>
        AssertError(Runner.Run("grid", "--dataset", _data.NumericBinary(), "--label-col", "Label", "--ignore-cols", "X2,Label"),
            "mlnet-hpo: --ignore-cols names the label column 'Label'; the label cannot be ignored (--label-col chooses another).");

    [Theory]
    [InlineData("grid")]
    [InlineData("show")]
    [InlineData("export")]
    public void AnEmptyStudyNameIsRefused(string command)
    {
        string[] args = command == "grid"
            ? ["grid", "--dataset", _data.NumericBinary(), "--label-col", "Label", "--study", _data.PathOf("s.db"), "--study-name", string.Empty]
            : [command, "--study", _data.PathOf("s.db"), "--study-name", string.Empty, .. command == "export" ? new[] { "--output", _data.PathOf("out") } : []];
        var (code, _, stderr) = Runner.Run(args);

        Assert.Equal(2, code);
        Assert.StartsWith("mlnet-hpo: --study-name needs a name; leave the option out for the default name 'mlnet-hpo'.", stderr);
        Assert.False(File.Exists(_data.PathOf("s.db")));
    }

    [Fact]
    public void ADirectoryAsDatasetIsNamedAsSuch() =>
        AssertError(Runner.Run("grid", "--dataset", _data.Folder, "--label-col", "Label"),
            $"mlnet-hpo: The dataset '{_data.Folder}' is a directory; give a CSV or TSV file.");

    [Fact]
    public void TheTestFileIsReadWithTheTrainingTypes()
    {
        var csv = _data.NumericBinary();
        var test = _data.Write("test.csv", Numeric(20, (i, y) => y ? "1" : "0", badRow: 3, badValue: "x"));
        var (code, _, stderr) = Runner.Run("grid", "--dataset", csv, "--label-col", "Label", "--trainer", "lbfgs", "--cv", "2", "--test-dataset", test);

        Assert.Equal(2, code);
        Assert.Equal($"mlnet-hpo: Column 'X1' of '{test}': line 5 has 'x'; expected a finite number, as in the training dataset; leave the cell empty if it is missing.{Environment.NewLine}", stderr);
    }

    /// <summary>X1, X2 (invariant decimals), Label written by <paramref name="label"/>; optionally one bad X1 cell at data row <paramref name="badRow"/> (0-based).</summary>
    private static string Numeric(int rows, Func<int, bool, string> label, int badRow = -1, string badValue = "")
    {
        var random = new Random(5);
        var text = new StringBuilder("X1,X2,Label\n");
        for (var i = 0; i < rows; i++)
        {
            var (x1, x2) = (random.NextDouble() * 4 - 2, random.NextDouble() * 4 - 2);
            var y = x1 + x2 + (random.NextDouble() - 0.5) > 0;
            var first = i == badRow ? badValue : x1.ToString("0.000", CultureInfo.InvariantCulture);
            text.Append(CultureInfo.InvariantCulture, $"{first},{x2:0.000},{label(i, y)}\n");
        }

        return text.ToString();
    }

    private static void AssertError((int Code, string Out, string Err) run, string expected)
    {
        Assert.Equal(2, run.Code);
        Assert.Equal(expected + Environment.NewLine, run.Err);
    }
}
