using System.Globalization;
using MlNetHpo.AutoML;

namespace MlNetHpo;

/// <summary>
/// Converts a hyperparameter value to the type of the member it is bound to. One place for the
/// rules, so that binding onto Options classes and <see cref="Parameter.Get{T}"/> agree.
/// </summary>
internal static class ValueConverter
{
    /// <summary>Converts <paramref name="value"/> to <paramref name="target"/>, or throws naming <paramref name="name"/>.</summary>
    public static object? Convert(object? value, Type target, string name)
    {
        var underlying = Nullable.GetUnderlyingType(target);
        if (value is null)
        {
            if (underlying != null || !target.IsValueType)
            {
                return null;
            }

            // scikit-learn writes "no penalty" as None: map null onto an enum member called None.
            if (target.IsEnum && TryParseEnum(target, "None", out var none))
            {
                return none;
            }

            throw Mismatch(value, target, name);
        }

        var type = underlying ?? target;
        if (type.IsInstanceOfType(value))
        {
            return value;
        }

        try
        {
            if (type.IsEnum)
            {
                return value is string text && TryParseEnum(type, text, out var parsed)
                    ? parsed
                    : throw Mismatch(value, target, name, $" Valid values: {string.Join(", ", Enum.GetNames(type))}.");
            }

            if (type == typeof(string))
            {
                return value is IFormattable f ? f.ToString(null, CultureInfo.InvariantCulture) : value.ToString();
            }

            if (type == typeof(bool))
            {
                return value switch
                {
                    string s when bool.TryParse(s, out var b) => b,
                    _ => throw Mismatch(value, target, name),
                };
            }

            if (value is bool || value is Enum)
            {
                throw Mismatch(value, target, name);
            }

            if (type == typeof(double) || type == typeof(float) || type == typeof(decimal))
            {
                var number = value is string s
                    ? double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture)
                    : System.Convert.ToDouble(value, CultureInfo.InvariantCulture);
                return System.Convert.ChangeType(number, type, CultureInfo.InvariantCulture);
            }

            if (type == typeof(int) || type == typeof(long) || type == typeof(short) || type == typeof(byte) ||
                type == typeof(uint) || type == typeof(ulong))
            {
                var number = value is string s
                    ? double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture)
                    : System.Convert.ToDouble(value, CultureInfo.InvariantCulture);
                if (number != Math.Floor(number) || double.IsInfinity(number))
                {
                    throw Mismatch(value, target, name, " The value is not a whole number.");
                }

                return System.Convert.ChangeType(number, type, CultureInfo.InvariantCulture);
            }
        }
        catch (Exception e) when (e is FormatException or OverflowException or InvalidCastException)
        {
            throw Mismatch(value, target, name, $" {e.Message}");
        }

        throw Mismatch(value, target, name);
    }

    /// <summary>Enum names match case-insensitively, ignoring '-' and '_' ("newton-cg" is NewtonCg).</summary>
    public static bool TryParseEnum(Type enumType, string text, out object? value)
    {
        var wanted = Normalize(text);
        foreach (var name in Enum.GetNames(enumType))
        {
            if (Normalize(name) == wanted)
            {
                value = Enum.Parse(enumType, name);
                return true;
            }
        }

        value = null;
        return false;
    }

    private static string Normalize(string text) =>
        new string(text.Where(c => c != '-' && c != '_' && !char.IsWhiteSpace(c)).ToArray()).ToUpperInvariant();

    private static ArgumentException Mismatch(object? value, Type target, string name, string detail = "") =>
        new($"Hyperparameter '{name}' expects a value of type {TypeName(target)}; got {Describe(value)}.{detail}", name);

    private static string Describe(object? value) => value is null
        ? "null"
        : $"'{Parameter.FormatValue(value)}' ({value.GetType().Name})";

    private static string TypeName(Type type) =>
        Nullable.GetUnderlyingType(type) is { } inner ? $"{inner.Name}?" : type.Name;
}
