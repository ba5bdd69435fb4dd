using System.Collections;

namespace ScaleFL.Core.Weights;

/// <summary>
/// An immutable, name-keyed collection of <see cref="NamedArray"/>s: a whole model, one block, or
/// the part of a model that one stage trains. Order follows insertion so that serialization and
/// aggregation are deterministic.
/// </summary>
public sealed class WeightSet : IReadOnlyCollection<NamedArray>
{
    private readonly Dictionary<string, NamedArray> byName;
    private readonly List<NamedArray> ordered;

    /// <summary>Creates a set; names must be unique and every shape must match its values.</summary>
    public WeightSet(IEnumerable<NamedArray> arrays)
    {
        ordered = arrays.ToList();
        byName = new Dictionary<string, NamedArray>(ordered.Count, StringComparer.Ordinal);
        foreach (var array in ordered)
        {
            if (array.ElementCount != array.Values.LongLength)
            {
                throw new ArgumentException(
                    $"Array '{array.Name}' has shape [{string.Join(",", array.Shape)}] but {array.Values.Length} values.");
            }

            if (!byName.TryAdd(array.Name, array))
            {
                throw new ArgumentException($"Array name '{array.Name}' appears twice.");
            }
        }
    }

    /// <summary>The empty set.</summary>
    public static WeightSet Empty { get; } = new([]);

    /// <inheritdoc />
    public int Count => ordered.Count;

    /// <summary>Names in insertion order.</summary>
    public IEnumerable<string> Names => ordered.Select(array => array.Name);

    /// <summary>Total size of all values in bytes.</summary>
    public long ByteCount => ordered.Sum(array => array.ByteCount);

    /// <summary>The array with this name.</summary>
    public NamedArray this[string name] => byName.TryGetValue(name, out var array)
        ? array
        : throw new KeyNotFoundException($"No array named '{name}'.");

    /// <summary>True when an array with this name exists.</summary>
    public bool Contains(string name) => byName.ContainsKey(name);

    /// <summary>Looks up an array by name.</summary>
    public bool TryGet(string name, out NamedArray array) => byName.TryGetValue(name, out array!);

    /// <summary>True when every value of every array is finite.</summary>
    public bool IsFinite => ordered.All(array => array.IsFinite);

    /// <summary>The arrays whose names satisfy <paramref name="include"/>, in order.</summary>
    public WeightSet Where(Func<string, bool> include) => new(ordered.Where(array => include(array.Name)));

    /// <summary>
    /// A new set with every array of <paramref name="updates"/> replacing the array of the same
    /// name. An update whose name is unknown or whose shape differs is an error: merging must never
    /// change the model's layout.
    /// </summary>
    public WeightSet With(WeightSet updates)
    {
        foreach (var update in updates)
        {
            if (!byName.TryGetValue(update.Name, out var existing))
            {
                throw new ArgumentException($"Update names '{update.Name}', which the model does not have.");
            }

            if (!existing.HasSameLayoutAs(update))
            {
                throw new ArgumentException(
                    $"Update '{update.Name}' has shape [{string.Join(",", update.Shape)}], the model has [{string.Join(",", existing.Shape)}].");
            }
        }

        return new WeightSet(ordered.Select(array => updates.TryGet(array.Name, out var replacement) ? replacement : array));
    }

    /// <inheritdoc />
    public IEnumerator<NamedArray> GetEnumerator() => ordered.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
