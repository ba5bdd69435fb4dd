using ScaleFL.Core.Weights;

namespace ScaleFL.Cli.Bench;

/// <summary>Weight sets of a given size for the codec and transfer benchmarks.</summary>
internal static class BenchWeights
{
    /// <summary>
    /// About <paramref name="floats"/> values in arrays of ResNet-18's sizes (its largest
    /// convolution holds 2.36M floats), filled with position-dependent values.
    /// </summary>
    public static WeightSet Create(int floats)
    {
        const int Largest = 512 * 512 * 9;
        var arrays = new List<NamedArray>();
        var remaining = floats;
        for (var index = 0; remaining > 0; index++)
        {
            var length = Math.Min(remaining, Largest);
            var values = new float[length];
            for (var i = 0; i < length; i++)
            {
                values[i] = (i % 1021 * 1e-3f) - index;
            }

            arrays.Add(new NamedArray($"blocks.{index}.conv.weight", [length], values));
            remaining -= length;
        }

        return new WeightSet(arrays);
    }

    /// <summary>Whether the two sets hold the same names, shapes and values.</summary>
    public static bool Same(WeightSet expected, WeightSet actual) =>
        expected.Names.SequenceEqual(actual.Names) &&
        expected.All(array => array.Values.AsSpan().SequenceEqual(actual[array.Name].Values));
}
