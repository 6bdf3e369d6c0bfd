using System.Text.RegularExpressions;
using MlNetHpo.AutoML;

namespace MlNetHpo.Cli;

/// <summary>A user error: printed as one line on standard error, exit code 2, never a stack trace.</summary>
internal sealed partial class CliException(string message) : Exception(message)
{
    /// <summary>An exception message without .NET's " (Parameter 'x')" suffix, on one line.</summary>
    public static string Clean(string message) => ParameterSuffix().Replace(message, string.Empty).ReplaceLineEndings(" ").Trim();

    [GeneratedRegex(@"\s*\(Parameter '[^']*'\)")]
    private static partial Regex ParameterSuffix();
}
