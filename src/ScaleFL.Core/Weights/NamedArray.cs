namespace ScaleFL.Core.Weights;

/// <summary>
/// One parameter or buffer as plain managed data: its state-dict name, its shape and its values.
/// This is how weights cross thread, actor and node boundaries; a TorchSharp tensor never does.
/// </summary>
/// <param name="Name">State-dict name, for example <c>blocks.1.0.conv1.weight</c>.</param>
/// <param name="Shape">Tensor shape; the product of its dimensions equals <c>Values.Length</c>.</param>
/// <param name="Values">The values in row-major order. Treated as immutable once constructed.</param>
public sealed record NamedArray(string Name, long[] Shape, float[] Values)
{
    /// <summary>Number of elements implied by <see cref="Shape"/>.</summary>
    public long ElementCount => Shape.Aggregate(1L, (product, dimension) => product * dimension);

    /// <summary>Size of the values in bytes (float32).</summary>
    public long ByteCount => Values.LongLength * sizeof(float);

    /// <summary>True when no value is NaN or infinite.</summary>
    public bool IsFinite => Values.All(float.IsFinite);

    /// <summary>True when both arrays have the same name and shape (values may differ).</summary>
    public bool HasSameLayoutAs(NamedArray other) =>
        Name == other.Name && Shape.AsSpan().SequenceEqual(other.Shape);
}
