namespace MlNetHpo.Cli.Tests;

public sealed class BadInputTests : IDisposable
{
    private readonly TestData _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public void MissingDataset() =>
        AssertError(Runner.Run("grid", "--dataset", _data.PathOf("nope.csv"), "--label-col", "y"), "does not exist");

    [Fact]
    public void UnknownLabelColumnListsTheColumns() =>
        AssertError(Runner.Run("grid", "--dataset", _data.NumericBinary(), "--label-col", "Target"), "The label column 'Target' is not in the dataset. Columns: X1, X2, Label.");

    [Fact]
    public void LabelWithOneClass()
    {
        var csv = _data.Write("one.csv", "X,Y\n1,a\n2,a\n3,a\n");
        AssertError(Runner.Run("grid", "--dataset", csv, "--label-col", "Y"), "has only one value ('a')");
    }

    [Fact]
    public void BadJson()
    {
        var space = _data.Write("bad.json", """{"C": [0.1, 1""");
        AssertError(Runner.Run("grid", "--dataset", _data.NumericBinary(), "--label-col", "Label", "--space", space), "is not valid JSON");
    }

    [Fact]
    public void ScalarInTheSpaceUsesScikitLearnWording()
    {
        var space = _data.Write("scalar.json", """{"C": 0.1}""");
        AssertError(Runner.Run("grid", "--dataset", _data.NumericBinary(), "--label-col", "Label", "--space", space), "needs to be a list");
    }

    [Fact]
    public void UnknownHyperparameterListsTheValidOnes()
    {
        var space = _data.Write("unknown.json", """{"Cee": [0.1]}""");
        AssertError(Runner.Run("grid", "--dataset", _data.NumericBinary(), "--label-col", "Label", "--space", space), "Cee");
    }

    [Fact]
    public void UnknownTrainerListsTheValidOnes() =>
        AssertError(Runner.Run("grid", "--dataset", _data.NumericBinary(), "--label-col", "Label", "--task", "binary", "--trainer", "xgboost"),
            "Unknown trainer 'xgboost' for binary classification. Valid trainers: lr, lbfgs, sdca");

    [Fact]
    public void UnknownMetricListsTheValidOnes() =>
        AssertError(Runner.Run("grid", "--dataset", _data.NumericBinary(), "--label-col", "Label", "--task", "binary", "--metric", "Precision"),
            "Unknown metric 'Precision' for binary classification. Valid metrics: Accuracy, AreaUnderRocCurve");

    [Fact]
    public void TrainerOfATaskTheLabelDoesNotHave() =>
        AssertError(Runner.Run("grid", "--dataset", _data.NumericBinary(), "--label-col", "Label", "--trainer", "ogd"),
            "Unknown trainer 'ogd' for binary classification. Valid trainers: lr, lbfgs, sdca");

    [Fact]
    public void MetricOfAnotherTask() =>
        AssertError(Runner.Run("grid", "--dataset", _data.NumericBinary(), "--label-col", "Label", "--metric", "RSquared"),
            "The metric 'RSquared' is a regression metric; this is a binary classification search. Valid metrics: Accuracy");

    [Fact]
    public void UnknownTask() =>
        AssertError(Runner.Run("grid", "--dataset", _data.NumericBinary(), "--label-col", "Label", "--task", "ranking"), "Unknown task 'ranking'. Valid tasks: binary, multiclass, regression.");

    [Fact]
    public void RegressionOnATextLabel() =>
        AssertError(Runner.Run("grid", "--dataset", _data.Multiclass(), "--label-col", "Species", "--task", "regression"), "--task regression needs a numeric label");

    [Fact]
    public void MissingRequiredOptionIsAParseError()
    {
        var (code, _, err) = Runner.Run("grid", "--dataset", "x.csv");
        Assert.Equal(2, code);
        Assert.Contains("--label-col", err);
        Assert.DoesNotContain("   at ", err);
    }

    private static void AssertError((int Code, string Out, string Err) run, string expected)
    {
        Assert.Equal(2, run.Code);
        Assert.Contains(expected, run.Err);
        Assert.StartsWith("mlnet-hpo: ", run.Err);
        Assert.Single(run.Err.TrimEnd().Split('\n'));
        Assert.DoesNotContain("   at ", run.Err);
    }
}
