using ScaleFL.Core.Aggregation;
using ScaleFL.Core.SubModels;
using ScaleFL.Core.Weights;

namespace ScaleFL.Core.Tests.Aggregation;

public sealed class PerElementFedAvgTests
{
    private static readonly WeightSet GlobalVector = new([new NamedArray("v", [4], [10f, 10f, 10f, 10f])]);

    [Fact]
    public void Each_element_is_the_sample_weighted_mean_of_the_devices_holding_its_prefix()
    {
        // Widths 1, 1/2, 1/4 with 1, 2 and 3 samples.
        var results = new[] { Result(0, [1f, 2f, 3f, 4f], 1), Result(1, [5f, 6f], 2), Result(2, [7f], 3) };

        var aggregated = new PerElementFedAvg(WidthSlicing.Prefix).Aggregate(1, GlobalVector, results, []);

        // e0: (1*1 + 2*5 + 3*7)/6, e1: (1*2 + 2*6)/3, e2 and e3: the full-width device alone.
        Assert.NotNull(aggregated);
        AssertClose([32f / 6, 14f / 3, 3f, 4f], aggregated["v"].Values);
    }

    [Fact]
    public void An_element_no_device_holds_keeps_its_global_value()
    {
        var results = new[] { Result(1, [5f, 6f], 2), Result(2, [7f], 3) };

        var aggregated = new PerElementFedAvg(WidthSlicing.Prefix).Aggregate(1, GlobalVector, results, []);

        AssertClose([(10f + 21f) / 5, 6f, 10f, 10f], aggregated!["v"].Values);
    }

    [Fact]
    public void Rolling_windows_place_each_value_where_the_round_put_the_window()
    {
        // Round 3 over 4 channels: the windows start at index 2.
        var results = new[] { Result(0, [1f, 2f, 3f, 4f], 1), Result(1, [5f, 6f], 2), Result(2, [7f], 3) };

        var aggregated = new PerElementFedAvg(WidthSlicing.Rolling).Aggregate(3, GlobalVector, results, []);

        AssertClose([1f, 2f, 34f / 6, 16f / 3], aggregated!["v"].Values);
    }

    [Fact]
    public void A_convolution_is_averaged_per_output_and_input_channel()
    {
        // [out 4, in 2, 1, 1]; the full device holds 1..8, the half one [2,1] of 10s, the quarter one [1,1] of 100.
        var global = new WeightSet([new NamedArray("conv.weight", [4, 2, 1, 1], new float[8])]);
        var results = new[]
        {
            new ClientResult(0, new WeightSet([new NamedArray("conv.weight", [4, 2, 1, 1], [1f, 2f, 3f, 4f, 5f, 6f, 7f, 8f])]), 1, 0),
            new ClientResult(1, new WeightSet([new NamedArray("conv.weight", [2, 1, 1, 1], [10f, 10f])]), 1, 0),
            new ClientResult(2, new WeightSet([new NamedArray("conv.weight", [1, 1, 1, 1], [100f])]), 2, 0),
        };

        var aggregated = new PerElementFedAvg(WidthSlicing.Prefix).Aggregate(1, global, results, []);

        // w[0,0] = (1 + 10 + 2*100)/4, w[1,0] = (3 + 10)/2; the rest only the full device holds.
        AssertClose([211f / 4, 2f, 6.5f, 4f, 5f, 6f, 7f, 8f], aggregated!["conv.weight"].Values);
        Assert.Equal([4L, 2, 1, 1], aggregated["conv.weight"].Shape);
    }

    [Fact]
    public void DepthFL_averages_each_block_and_classifier_over_the_devices_deep_enough_to_hold_it()
    {
        // Depths 1, 2, 3 with 1, 2 and 3 samples, every value of a device equal to 1, 4 and 7; block 3 nobody holds.
        NamedArray Array(string name, float value, int length = 2) => new(name, [length], Enumerable.Repeat(value, length).ToArray());
        WeightSet Depth(int depth, float value) =>
            new(Enumerable.Range(0, depth).SelectMany(k => new[] { Array($"blocks.{k}.w", value), Array($"outputs.{k}.w", value, 1) }));
        var global = new WeightSet(Depth(4, 9f).Select(array => array));
        var results = new[] { new ClientResult(0, Depth(1, 1f), 1, 0), new ClientResult(1, Depth(2, 4f), 2, 0), new ClientResult(2, Depth(3, 7f), 3, 0) };

        var aggregated = Core.Simulation.RoundAggregation.Apply(new PerElementFedAvg(WidthSlicing.Prefix), 1, global, results, []);

        // Depth 0: (1 + 2*4 + 3*7)/6 = 5; depth 1: (2*4 + 3*7)/5 = 5.8; depth 2: the deepest device alone; depth 3 keeps 9.
        foreach (var (depth, expected) in new[] { (0, 5f), (1, 5.8f), (2, 7f), (3, 9f) })
        {
            AssertClose([expected, expected], aggregated[$"blocks.{depth}.w"].Values);
            AssertClose([expected], aggregated[$"outputs.{depth}.w"].Values);
        }
    }

    [Fact]
    public void Results_without_samples_give_no_update()
    {
        Assert.Null(new PerElementFedAvg(WidthSlicing.Prefix).Aggregate(1, GlobalVector, [Result(0, [1f], 0)], []));
    }

    private static ClientResult Result(int client, float[] values, int samples) =>
        new(client, new WeightSet([new NamedArray("v", [values.Length], values)]), samples, 0);

    private static void AssertClose(float[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], actual[i], 4);
        }
    }
}
