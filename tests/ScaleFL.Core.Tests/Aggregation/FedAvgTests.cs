using ScaleFL.Core.Aggregation;
using ScaleFL.Core.Weights;

namespace ScaleFL.Core.Tests.Aggregation;

public sealed class FedAvgTests
{
    [Fact]
    public void Average_weights_each_client_by_its_sample_count()
    {
        var one = Weights(("a", [1f, 2f]), ("b", [10f]));
        var three = Weights(("a", [5f, 6f]), ("b", [-2f]));

        var average = FedAvg.Aggregate([(one, 1), (three, 3)]);

        // (1*1 + 3*5)/4 = 4, (1*2 + 3*6)/4 = 5, (1*10 + 3*-2)/4 = 1
        Assert.NotNull(average);
        Assert.Equal([4f, 5f], average["a"].Values);
        Assert.Equal([1f], average["b"].Values);
        Assert.Equal(["a", "b"], average.Names);
    }

    [Fact]
    public void Nothing_to_average_gives_no_update()
    {
        Assert.Null(FedAvg.Aggregate([]));
        Assert.Null(FedAvg.Aggregate([(Weights(("a", [1f])), 0)]));
    }

    [Fact]
    public void Mismatched_names_are_an_error_naming_the_array()
    {
        var first = Weights(("a", [1f]), ("b", [2f]));
        var second = Weights(("a", [1f]), ("c", [2f]));

        var error = Assert.Throws<ArgumentException>(() => FedAvg.Aggregate([(first, 1), (second, 1)]));

        Assert.Contains("'b'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Mismatched_shapes_are_an_error_naming_the_array()
    {
        var first = Weights(("a", [1f, 2f]));
        var second = new WeightSet([new NamedArray("a", [2, 1], [1f, 2f])]);

        var error = Assert.Throws<ArgumentException>(() => FedAvg.Aggregate([(first, 1), (second, 1)]));

        Assert.Contains("'a'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Averaging_leaves_the_inputs_untouched()
    {
        var one = Weights(("a", [1f]));
        var two = Weights(("a", [3f]));

        FedAvg.Aggregate([(one, 1), (two, 1)]);

        Assert.Equal([1f], one["a"].Values);
        Assert.Equal([3f], two["a"].Values);
    }

    internal static WeightSet Weights(params (string Name, float[] Values)[] arrays) =>
        new(arrays.Select(array => new NamedArray(array.Name, [array.Values.Length], array.Values)));
}
