using System.Collections;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace MlNetHpo.AutoML;

/// <summary>
/// One point of a search space: an ordered, immutable set of named hyperparameter values.
/// Values are typed as given (double, int, long, bool, string, enum or null); <see cref="Get{T}"/>
/// converts them on the way out. The name mirrors AutoML's <c>Parameter</c>.
/// </summary>
public sealed class Parameter : IReadOnlyDictionary<string, object?>, IEquatable<Parameter>
{
    private readonly KeyValuePair<string, object?>[] _items;

    // A one-value parameter, as the indexer returns for a value (AutoML's Parameter is a tree whose leaves are values).
    private readonly bool _isValue;
    private readonly object? _value;

    /// <summary>Creates a parameter set; the order of <paramref name="items"/> is kept.</summary>
    /// <exception cref="ArgumentException">A name is empty or appears twice.</exception>
    public Parameter(IEnumerable<KeyValuePair<string, object?>> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        _items = items.ToArray();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in _items)
        {
            if (string.IsNullOrEmpty(item.Key))
            {
                throw new ArgumentException("A hyperparameter name must not be empty.", nameof(items));
            }

            if (!seen.Add(item.Key))
            {
                throw new ArgumentException($"The hyperparameter '{item.Key}' appears twice.", nameof(items));
            }
        }
    }

    private Parameter(object? value)
    {
        _items = [];
        (_isValue, _value) = (true, value);
    }

    /// <summary>The empty parameter set (an estimator with nothing to tune).</summary>
    public static Parameter Empty { get; } = new([]);

    /// <summary>Number of hyperparameters.</summary>
    public int Count => _items.Length;

    /// <summary>Hyperparameter names, in order.</summary>
    public IEnumerable<string> Keys => _items.Select(i => i.Key);

    /// <summary>Hyperparameter values, in order.</summary>
    public IEnumerable<object?> Values => _items.Select(i => i.Value);

    /// <summary>
    /// Hyperparameter <paramref name="key"/> as a parameter, as AutoML's nested <c>Parameter</c> is indexed: a value comes as a
    /// one-value parameter (read it with <see cref="AsType{T}"/>), and a name heading dotted names (<c>key.Inner</c>) gives the
    /// parameter of those names without the head, so <c>parameter["_pipeline_"]["e1"]</c> holds the values named
    /// <c>_pipeline_.e1.*</c>. <see cref="TryGetValue"/> and <see cref="Get{T}"/> read a value itself.
    /// </summary>
    /// <exception cref="KeyNotFoundException">No such hyperparameter or head of names; the message lists those that exist.</exception>
    public Parameter this[string key]
    {
        get
        {
            if (TryGetValue(key, out var value))
            {
                return new Parameter(value);
            }

            var head = key + ".";
            var nested = _items.Where(i => i.Key.StartsWith(head, StringComparison.Ordinal)).Select(i => KeyValuePair.Create(i.Key[head.Length..], i.Value)).ToArray();
            return nested.Length > 0 ? new Parameter(nested) : throw NotFound(key);
        }
    }

    object? IReadOnlyDictionary<string, object?>.this[string key] => Value(key);

    /// <summary>The value of <paramref name="key"/> itself (what the indexer wraps).</summary>
    /// <exception cref="KeyNotFoundException">No such hyperparameter.</exception>
    internal object? Value(string key) => TryGetValue(key, out var value) ? value : throw NotFound(key);

    /// <summary>The value of <paramref name="key"/> converted to <typeparamref name="T"/> (numbers, enums by name, strings).</summary>
    public T Get<T>(string key) => TryGetValue(key, out var value) ? (T)ValueConverter.Convert(value, typeof(T), key)! : throw NotFound(key);

    /// <summary>
    /// These values as a <typeparamref name="T"/>, as AutoML's <c>Parameter.AsType&lt;T&gt;()</c>: a one-value parameter (from the
    /// indexer) converts its value (numbers, enums by name, strings); otherwise a new <typeparamref name="T"/> gets the values set,
    /// names matching members (ignoring case), <c>Outer.Inner</c> names setting nested options objects.
    /// </summary>
    /// <exception cref="ArgumentException">A name matches no member, or a value does not convert; the message names it.</exception>
    public T AsType<T>() =>
        _isValue ? (T)ValueConverter.Convert(_value, typeof(T), "value")! : (T)Sweeping.OptionsBinder.Bind((object)Activator.CreateInstance<T>()!, this);

    private KeyNotFoundException NotFound(string key) =>
        new($"No hyperparameter named '{key}'. This parameter set has: {string.Join(", ", Keys)}.");

    /// <inheritdoc/>
    public bool ContainsKey(string key) => TryGetValue(key, out _);

    /// <inheritdoc/>
    public bool TryGetValue(string key, out object? value)
    {
        foreach (var item in _items)
        {
            if (item.Key == key)
            {
                value = item.Value;
                return true;
            }
        }

        value = null;
        return false;
    }

    /// <summary>A copy with <paramref name="key"/> set to <paramref name="value"/> (added at the end if new).</summary>
    public Parameter With(string key, object? value)
    {
        var items = _items.ToList();
        var index = items.FindIndex(i => i.Key == key);
        if (index >= 0)
        {
            items[index] = new(key, value);
        }
        else
        {
            items.Add(new(key, value));
        }

        return new Parameter(items);
    }

    /// <inheritdoc/>
    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => ((IEnumerable<KeyValuePair<string, object?>>)_items).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Same names in the same order with equal values.</summary>
    public bool Equals(Parameter? other) =>
        other is not null && other._isValue == _isValue && Equals(other._value, _value) && other._items.Length == _items.Length &&
        _items.Zip(other._items).All(p => p.First.Key == p.Second.Key && Equals(p.First.Value, p.Second.Value));

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as Parameter);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(_value);
        foreach (var item in _items)
        {
            hash.Add(item.Key);
            hash.Add(item.Value);
        }

        return hash.ToHashCode();
    }

    /// <summary>Readable form, e.g. <c>{C: 10, Penalty: L1, Solver: Liblinear}</c>.</summary>
    public override string ToString()
    {
        if (_isValue)
        {
            return FormatValue(_value);
        }

        var text = new StringBuilder("{");
        for (var i = 0; i < _items.Length; i++)
        {
            text.Append(i == 0 ? string.Empty : ", ").Append(_items[i].Key).Append(": ").Append(FormatValue(_items[i].Value));
        }

        return text.Append('}').ToString();
    }

    /// <summary>The parameter set as a JSON object: numbers and booleans as such, enums by name, null as null.</summary>
    public string ToJson()
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            WriteJson(writer);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>
    /// A parameter set from a JSON object: numbers as double (as long when written without a fraction or exponent),
    /// strings, booleans and null. A value written by the typed form a study stores (<c>{"int": 3}</c>,
    /// <c>{"double": 1}</c>, <c>{"enum": "L1", "type": "..."}</c>...) comes back with its type. Other nested values are rejected.
    /// </summary>
    /// <exception cref="ArgumentException">Not a JSON object of scalars.</exception>
    public static Parameter FromJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        using var document = JsonDocument.Parse(json);
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            throw new ArgumentException($"A parameter set is a JSON object; got {document.RootElement.ValueKind}.", nameof(json));
        }

        return new Parameter(document.RootElement.EnumerateObject().Select(p => new KeyValuePair<string, object?>(p.Name, p.Value.ValueKind switch
        {
            JsonValueKind.Null => null,
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.String => p.Value.GetString(),
            JsonValueKind.Number when p.Value.TryGetInt64(out var whole) && !p.Value.GetRawText().Any(c => c is '.' or 'e' or 'E') => whole,
            JsonValueKind.Number => p.Value.GetDouble(),
            JsonValueKind.Object => ReadTyped(p.Name, p.Value),
            _ => throw new ArgumentException($"The value of '{p.Name}' is a JSON {p.Value.ValueKind}; hyperparameters are scalars.", nameof(json)),
        })).ToArray());
    }

    /// <summary>
    /// The parameter set as JSON that <see cref="FromJson"/> reads back to equal typed values: what a study stores, so a
    /// resumed search or another worker gets the values the tuner proposed (an int stays an int, an enum its enum, a
    /// double that happens to be whole a double). Values plain JSON keeps (string, bool, null, long, fractional double)
    /// are written as such; the others as a one-type object.
    /// </summary>
    internal string ToTypedJson()
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            foreach (var (key, value) in _items)
            {
                writer.WritePropertyName(key);
                WriteTyped(writer, value);
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void WriteTyped(Utf8JsonWriter writer, object? value)
    {
        void Tagged(string type, Action write)
        {
            writer.WriteStartObject();
            writer.WritePropertyName(type);
            write();
            writer.WriteEndObject();
        }

        switch (value)
        {
            case null or bool or string or long:
                WriteJsonValue(writer, value);
                break;
            case double d when double.IsFinite(d) && d.ToString("R", CultureInfo.InvariantCulture).Any(c => c is '.' or 'E' or 'e'):
                writer.WriteNumberValue(d);
                break;
            case double d:
                Tagged("double", () => writer.WriteStringValue(d.ToString("R", CultureInfo.InvariantCulture)));
                break;
            case float f:
                Tagged("float", () => writer.WriteStringValue(f.ToString("R", CultureInfo.InvariantCulture)));
                break;
            case int i:
                Tagged("int", () => writer.WriteNumberValue(i));
                break;
            case Enum e:
                writer.WriteStartObject();
                writer.WriteString("enum", e.ToString());
                writer.WriteString("type", $"{e.GetType().FullName}, {e.GetType().Assembly.GetName().Name}");
                writer.WriteEndObject();
                break;
            case short or byte or uint or ulong or decimal:
                Tagged(value.GetType().Name, () => writer.WriteStringValue(FormatValue(value)));
                break;
            default:
                throw new NotSupportedException($"A hyperparameter value of type {value.GetType().Name} cannot be stored; use a number, string, bool, enum or null.");
        }
    }

    private static object? ReadTyped(string name, JsonElement value)
    {
        var property = value.EnumerateObject().FirstOrDefault();
        string Text() => property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString()! : property.Value.GetRawText();
        var invariant = CultureInfo.InvariantCulture;
        return property.Name switch
        {
            "double" => double.Parse(Text(), invariant),
            "float" => float.Parse(Text(), invariant),
            "int" => int.Parse(Text(), invariant),
            "Int16" => short.Parse(Text(), invariant),
            "Byte" => byte.Parse(Text(), invariant),
            "UInt32" => uint.Parse(Text(), invariant),
            "UInt64" => ulong.Parse(Text(), invariant),
            "Decimal" => decimal.Parse(Text(), invariant),
            "enum" when value.TryGetProperty("type", out var type) && Type.GetType(type.GetString()!) is { IsEnum: true } enumType =>
                Enum.Parse(enumType, Text()),
            "enum" => Text(), // the enum's assembly is not loaded here: its name is what is left
            _ => throw new ArgumentException($"The value of '{name}' is a JSON object; hyperparameters are scalars.", nameof(value)),
        };
    }

    /// <summary>Writes the parameter set as a JSON object.</summary>
    public void WriteJson(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (_isValue)
        {
            WriteJsonValue(writer, _value);
            return;
        }

        writer.WriteStartObject();
        foreach (var (key, value) in _items)
        {
            writer.WritePropertyName(key);
            WriteJsonValue(writer, value);
        }

        writer.WriteEndObject();
    }

    /// <summary>Writes one hyperparameter value as JSON (non-finite numbers as strings, which JSON lacks).</summary>
    internal static void WriteJsonValue(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case null:
                writer.WriteNullValue();
                break;
            case bool b:
                writer.WriteBooleanValue(b);
                break;
            case double d when double.IsFinite(d):
                writer.WriteNumberValue(d);
                break;
            case float f when float.IsFinite(f):
                writer.WriteNumberValue(f);
                break;
            case int or long or short or byte or uint or ulong or decimal:
                writer.WriteRawValue(FormatValue(value));
                break;
            default:
                writer.WriteStringValue(FormatValue(value));
                break;
        }
    }

    /// <summary>Formats one value the way <see cref="ToString"/> does (invariant culture, round-trip doubles).</summary>
    public static string FormatValue(object? value) => value switch
    {
        null => "null",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };
}
