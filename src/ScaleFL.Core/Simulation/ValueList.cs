using System.Collections;

namespace ScaleFL.Core.Simulation;

/// <summary>Creates <see cref="ValueList{T}"/>s.</summary>
public static class ValueList
{
    /// <summary><paramref name="items"/> itself when it is a value list already, else a copy (empty for null).</summary>
    public static ValueList<T> Of<T>(IEnumerable<T>? items) => items as ValueList<T> ?? new ValueList<T>(items ?? []);
}

/// <summary>
/// A read-only list compared by its elements, so records that carry one (round metrics, round
/// events) stay equal when their contents are, as a repeated run's must.
/// </summary>
/// <typeparam name="T">Element type with value equality.</typeparam>
public sealed class ValueList<T> : IReadOnlyList<T>, IEquatable<ValueList<T>>
{
    private readonly T[] items;

    /// <summary>Copies <paramref name="items"/>.</summary>
    public ValueList(IEnumerable<T> items) => this.items = [.. items];

    /// <inheritdoc />
    public int Count => items.Length;

    /// <inheritdoc />
    public T this[int index] => items[index];

    /// <inheritdoc />
    public bool Equals(ValueList<T>? other) =>
        other is not null && items.AsSpan().SequenceEqual(other.items, EqualityComparer<T>.Default);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as ValueList<T>);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var item in items)
        {
            hash.Add(item);
        }

        return hash.ToHashCode();
    }

    /// <inheritdoc />
    public IEnumerator<T> GetEnumerator() => ((IEnumerable<T>)items).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
