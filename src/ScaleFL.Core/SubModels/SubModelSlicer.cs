using ScaleFL.Core.Weights;

namespace ScaleFL.Core.SubModels;

/// <summary>
/// Cuts a width-scaled sub-model out of the global weights and finds where its values belong:
/// every dimension of an array is sliced on its own by <see cref="WidthWindow"/>, from the
/// global shape and the sub-model's shape, so one rule serves convolutions ([out, in, k, k]),
/// linear layers ([out, in]) and vectors (BatchNorm's [channels], biases).
/// </summary>
public static class SubModelSlicer
{
    /// <summary>
    /// The arrays of <paramref name="global"/> a sub-model with the names and shapes of
    /// <paramref name="layout"/> holds at round <paramref name="round"/> (1-based), in the
    /// layout's order. Throws an <see cref="ArgumentException"/> naming an array the global
    /// model lacks or whose rank or sizes cannot hold the sub-model's.
    /// </summary>
    public static WeightSet Extract(WeightSet global, IEnumerable<NamedArray> layout, WidthSlicing slicing, int round) =>
        new(layout.Select(sub =>
        {
            if (!global.TryGet(sub.Name, out var whole))
            {
                throw new ArgumentException($"The sub-model's array '{sub.Name}' is not in the global model.", nameof(layout));
            }

            var positions = Positions(whole.Shape, sub.Shape, slicing, round);
            var values = new float[positions.Length];
            for (var i = 0; i < positions.Length; i++)
            {
                values[i] = whole.Values[positions[i]];
            }

            return new NamedArray(sub.Name, (long[])sub.Shape.Clone(), values);
        }));

    /// <summary>
    /// For each element of a sub-model array of shape <paramref name="subShape"/> (row-major),
    /// its flat index in the global array of shape <paramref name="globalShape"/>.
    /// </summary>
    public static int[] Positions(long[] globalShape, long[] subShape, WidthSlicing slicing, int round)
    {
        if (globalShape.Length != subShape.Length || subShape.Where((size, d) => size < 1 || size > globalShape[d]).Any())
        {
            throw new ArgumentException(
                $"A sub-model array of shape [{string.Join(",", subShape)}] does not fit the global shape [{string.Join(",", globalShape)}].",
                nameof(subShape));
        }

        var indices = subShape.Select((size, d) => WidthWindow.Indices((int)globalShape[d], (int)size, slicing, round)).ToArray();
        var strides = new long[globalShape.Length];
        var stride = 1L;
        for (var d = globalShape.Length - 1; d >= 0; d--)
        {
            strides[d] = stride;
            stride *= globalShape[d];
        }

        var count = subShape.Aggregate(1L, (product, size) => product * size);
        var positions = new int[count];
        var counter = new int[subShape.Length];
        for (var i = 0; i < count; i++)
        {
            var flat = 0L;
            for (var d = 0; d < counter.Length; d++)
            {
                flat += indices[d][counter[d]] * strides[d];
            }

            positions[i] = (int)flat;
            for (var d = counter.Length - 1; d >= 0; d--)
            {
                if (++counter[d] < subShape[d])
                {
                    break;
                }

                counter[d] = 0;
            }
        }

        return positions;
    }
}
