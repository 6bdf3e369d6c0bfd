using System.Globalization;

namespace MlNetHpo.Trainers;

/// <summary>
/// Per-class weights (scikit-learn <c>class_weight</c>): each row's weight is its class's weight times its example weight,
/// as scikit-learn multiplies <c>class_weight</c> into <c>sample_weight</c>.
/// </summary>
public sealed class ClassWeight
{
    private readonly Dictionary<string, double>? _weights;

    private ClassWeight(Dictionary<string, double>? weights) => _weights = weights;

    /// <summary>scikit-learn's <c>"balanced"</c>: <c>n_samples / (n_classes * count(class))</c>, from unweighted counts.</summary>
    public static ClassWeight Balanced { get; } = new(null);

    /// <summary>Whether this is <see cref="Balanced"/>.</summary>
    public bool IsBalanced => _weights is null;

    /// <summary>The weights by class, when not balanced (classes absent from the dictionary weigh 1).</summary>
    public IReadOnlyDictionary<string, double>? Weights => _weights;

    /// <summary>
    /// Weights per class, keyed by the class as text: the label's key value (e.g. <c>"setosa"</c> or <c>"2"</c> after
    /// MapValueToKey) or <c>"False"</c>/<c>"True"</c> for a Boolean label (also <c>"0"</c>/<c>"1"</c>).
    /// </summary>
    /// <param name="weights">Non-negative finite weight per class.</param>
    /// <returns>The class weights.</returns>
    public static ClassWeight PerClass(IReadOnlyDictionary<string, double> weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        foreach (var (name, value) in weights)
        {
            if (!(value >= 0 && double.IsFinite(value)))
            {
                throw new ArgumentException(
                    string.Create(CultureInfo.InvariantCulture, $"Class weights must be finite and non-negative; class '{name}' has {value}."), nameof(weights));
            }
        }

        return new ClassWeight(new Dictionary<string, double>(weights));
    }

    /// <summary>Reads <c>"balanced"</c> (the only text form; per-class weights come from <see cref="PerClass"/>).</summary>
    /// <param name="text">The text.</param>
    /// <returns>The class weights.</returns>
    public static ClassWeight Parse(string text) =>
        string.Equals(text?.Trim(), "balanced", StringComparison.OrdinalIgnoreCase)
            ? Balanced
            : throw new FormatException($"Class weight '{text}' is not 'balanced' (per-class weights are given with ClassWeight.PerClass).");

    /// <summary>Weights per class index for the given labels (class index per row) and class names.</summary>
    /// <exception cref="ArgumentException">A dictionary key names no class.</exception>
    internal double[] For(int[] labels, IReadOnlyList<string> classNames, int presentClasses)
    {
        var result = new double[classNames.Count];
        if (_weights is null)
        {
            var counts = new int[classNames.Count];
            foreach (var y in labels)
            {
                counts[y]++;
            }

            for (var k = 0; k < counts.Length; k++)
            {
                result[k] = counts[k] == 0 ? 1 : (double)labels.Length / ((double)presentClasses * counts[k]);
            }

            return result;
        }

        Array.Fill(result, 1.0);
        foreach (var (name, value) in _weights)
        {
            var index = IndexOf(classNames, name);
            if (index < 0)
            {
                throw new ArgumentException(
                    $"The class weight key '{name}' is not a class of the label; classes: {string.Join(", ", classNames.Select(c => $"'{c}'"))}.", "ClassWeight");
            }

            result[index] = value;
        }

        return result;
    }

    private static int IndexOf(IReadOnlyList<string> classNames, string name)
    {
        for (var k = 0; k < classNames.Count; k++)
        {
            if (classNames[k] == name)
            {
                return k;
            }
        }

        // A Boolean label also answers to 0/1 and any letter case.
        if (classNames is ["False", "True"])
        {
            return name.Trim().ToLowerInvariant() switch { "0" or "false" => 0, "1" or "true" => 1, _ => -1 };
        }

        return -1;
    }

    /// <inheritdoc/>
    public override string ToString() =>
        _weights is null ? "balanced" : "{" + string.Join(", ", _weights.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Key}: {p.Value:R}"))) + "}";
}
