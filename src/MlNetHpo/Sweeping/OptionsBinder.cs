using System.Reflection;
using MlNetHpo.AutoML;

namespace MlNetHpo.Sweeping;

/// <summary>
/// Writes a <see cref="Parameter"/> onto an Options object by member name. ML.NET's trainer Options
/// expose hyperparameters as public fields (often nullable, like <c>int? NumberOfThreads</c>), other
/// classes as properties: both are bound, with int/long/float/double/bool/string/enum conversions.
/// </summary>
public static class OptionsBinder
{
    /// <summary>
    /// Sets each hyperparameter of <paramref name="parameter"/> on <paramref name="options"/>; a dotted name
    /// (<c>Outer.Inner</c>) sets a member of a nested options object, created when null.
    /// </summary>
    /// <exception cref="ArgumentException">A name matches no writable member (the message lists the valid ones), or a value does not convert.</exception>
    public static T Bind<T>(T options, Parameter parameter)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(parameter);
        var bound = new Dictionary<MemberInfo, string>();
        var nested = new Dictionary<string, List<KeyValuePair<string, object?>>>(StringComparer.Ordinal);
        foreach (var (name, value) in parameter)
        {
            // "Outer.Inner" sets Inner on the object held by Outer (a [NestOption] member), as AutoML's nested Parameter does.
            if (name.IndexOf('.') is > 0 and var dot)
            {
                var head = name[..dot];
                if (!nested.TryGetValue(head, out var items))
                {
                    nested[head] = items = [];
                }

                items.Add(new(name[(dot + 1)..], value));
                continue;
            }

            var member = FindMember(options.GetType(), name);
            if (!bound.TryAdd(member, name))
            {
                throw new ArgumentException($"The hyperparameters '{bound[member]}' and '{name}' both set {options.GetType().Name}.{member.Name}; keep one of them.", nameof(parameter));
            }

            switch (member)
            {
                case FieldInfo field:
                    field.SetValue(options, ValueConverter.Convert(value, field.FieldType, name));
                    break;
                case PropertyInfo property:
                    property.SetValue(options, ValueConverter.Convert(value, property.PropertyType, name));
                    break;
            }
        }

        foreach (var (head, items) in nested)
        {
            BindNested(options, head, items, bound);
        }

        return options;
    }

    private static void BindNested(object options, string head, List<KeyValuePair<string, object?>> items, Dictionary<MemberInfo, string> bound)
    {
        var member = FindMember(options.GetType(), head);
        if (bound.TryGetValue(member, out var whole))
        {
            throw new ArgumentException($"The hyperparameters '{whole}' and '{head}.{items[0].Key}' both set {options.GetType().Name}.{member.Name}; keep one of them.", nameof(options));
        }

        var (type, current) = member is FieldInfo field ? (field.FieldType, field.GetValue(options)) : (((PropertyInfo)member).PropertyType, ((PropertyInfo)member).GetValue(options));
        if (current is null)
        {
            current = type.IsValueType || type.GetConstructor(Type.EmptyTypes) is null
                ? throw new ArgumentException($"'{head}' is null on {options.GetType().Name} and {type.Name} has no public parameterless constructor; cannot set '{head}.{items[0].Key}'.", nameof(options))
                : Activator.CreateInstance(type)!;
        }

        Bind(current, new Parameter(items));
        if (member is FieldInfo f)
        {
            f.SetValue(options, current);
        }
        else
        {
            ((PropertyInfo)member).SetValue(options, current);
        }
    }

    /// <summary>
    /// Sets a <c>NumberOfThreads</c> member to 1, when the Options class has one: a search runs trials in parallel
    /// instead, and a trainer's result must not depend on how its work was split between threads. A value in the
    /// searched parameters still overrides it, since binding comes after.
    /// </summary>
    public static T SingleThreaded<T>(T options)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(options);
        var member = Writable(options.GetType()).FirstOrDefault(m => m.Name == "NumberOfThreads");
        switch (member)
        {
            case FieldInfo field when field.FieldType == typeof(int) || field.FieldType == typeof(int?):
                field.SetValue(options, 1);
                break;
            case PropertyInfo property when property.PropertyType == typeof(int) || property.PropertyType == typeof(int?):
                property.SetValue(options, 1);
                break;
        }

        return options;
    }

    /// <summary>
    /// Sets <c>NumberOfThreads</c> to 1 when the Options class has one that is still unset (null or 0), except for
    /// ML.NET's FastTree family (FastTree, FastForest, GAM): ML.NET trains those under one process-wide lock
    /// (<c>FastTreeShared.TrainLock</c>), so fits never overlap and one thread each would leave every other core idle
    /// (measured: a FastTree grid took as long with 16 workers as with 1). They keep ML.NET's default, every core; their
    /// result does not depend on the thread count (features are split between threads, each summed by one).
    /// </summary>
    internal static void SingleThreadedUnlessSet(object options)
    {
        if (options.GetType().Namespace == "Microsoft.ML.Trainers.FastTree")
        {
            return;
        }

        var member = Writable(options.GetType()).FirstOrDefault(m => m.Name == "NumberOfThreads");
        var current = member switch
        {
            FieldInfo f when f.FieldType == typeof(int) || f.FieldType == typeof(int?) => f.GetValue(options),
            PropertyInfo p when p.PropertyType == typeof(int) || p.PropertyType == typeof(int?) => p.GetValue(options),
            _ => -1,
        };
        if (current is null or 0)
        {
            SingleThreaded(options);
        }
    }

    /// <summary>Names of the public writable fields and properties of <paramref name="optionsType"/>.</summary>
    public static IReadOnlyList<string> BindableNames(Type optionsType) =>
        [.. Writable(optionsType).Select(m => m.Name).Order(StringComparer.Ordinal)];

    private static MemberInfo FindMember(Type type, string name)
    {
        var members = Writable(type).ToArray();
        var exact = members.Where(m => m.Name == name).ToArray();
        var matches = exact.Length > 0 ? exact : members.Where(m => string.Equals(m.Name, name, StringComparison.OrdinalIgnoreCase)).ToArray();
        return matches.Length switch
        {
            1 => matches[0],
            0 => throw new ArgumentException(
                $"'{name}' is not a hyperparameter of {type.Name}. Valid names: {string.Join(", ", BindableNames(type))}.", nameof(name)),
            _ => throw new ArgumentException($"'{name}' matches several members of {type.Name} that differ only by case; use the exact name.", nameof(name)),
        };
    }

    private static IEnumerable<MemberInfo> Writable(Type type) =>
        type.GetMembers(BindingFlags.Public | BindingFlags.Instance).Where(m => m switch
        {
            FieldInfo f => !f.IsInitOnly && !f.IsLiteral,
            PropertyInfo p => p.CanWrite && p.SetMethod!.IsPublic && p.GetIndexParameters().Length == 0,
            _ => false,
        });
}
