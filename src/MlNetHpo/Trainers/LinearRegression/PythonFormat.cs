using System.Globalization;

namespace MlNetHpo.Trainers;

/// <summary>Numbers written as Python's <c>repr</c> writes them, so our messages read as scikit-learn's (<c>-1.0</c>, <c>1e-05</c>, <c>inf</c>, <c>nan</c>).</summary>
internal static class PythonFormat
{
    public static string Float(double value)
    {
        if (double.IsNaN(value))
        {
            return "nan";
        }

        if (double.IsInfinity(value))
        {
            return value > 0 ? "inf" : "-inf";
        }

        // .NET's shortest round-trip text differs from Python's only in the exponent's letter case and in "1" for "1.0".
        var text = value.ToString("R", CultureInfo.InvariantCulture).Replace('E', 'e');
        return text.Contains('.', StringComparison.Ordinal) || text.Contains('e', StringComparison.Ordinal) ? text : text + ".0";
    }
}
