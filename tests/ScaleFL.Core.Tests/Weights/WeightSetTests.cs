using ScaleFL.Core.Weights;

namespace ScaleFL.Core.Tests.Weights;

public class WeightSetTests
{
    private static NamedArray Array(string name, params float[] values) => new(name, [values.Length], values);

    [Fact]
    public void Shape_that_disagrees_with_the_values_is_rejected()
    {
        var error = Assert.Throws<ArgumentException>(() => new WeightSet([new NamedArray("w", [2, 2], [1f, 2f, 3f])]));

        Assert.Contains("'w'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Duplicate_names_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => new WeightSet([Array("w", 1f), Array("w", 2f)]));
    }

    [Fact]
    public void With_replaces_only_the_named_arrays_and_keeps_order()
    {
        var model = new WeightSet([Array("a", 1f), Array("b", 2f), Array("c", 3f)]);

        var merged = model.With(new WeightSet([Array("b", 20f)]));

        Assert.Equal(["a", "b", "c"], merged.Names);
        Assert.Equal(20f, merged["b"].Values[0]);
        Assert.Equal(1f, merged["a"].Values[0]);
        Assert.Equal(2f, model["b"].Values[0]);
    }

    [Fact]
    public void With_refuses_an_unknown_name_or_a_different_shape()
    {
        var model = new WeightSet([Array("a", 1f, 2f)]);

        Assert.Throws<ArgumentException>(() => model.With(new WeightSet([Array("z", 1f, 2f)])));
        Assert.Throws<ArgumentException>(() => model.With(new WeightSet([Array("a", 1f)])));
    }

    [Fact]
    public void IsFinite_detects_nan_and_infinity()
    {
        Assert.True(new WeightSet([Array("a", 1f, 2f)]).IsFinite);
        Assert.False(new WeightSet([Array("a", 1f, float.NaN)]).IsFinite);
        Assert.False(new WeightSet([Array("a", float.PositiveInfinity)]).IsFinite);
    }

    [Fact]
    public void ByteCount_is_four_bytes_per_value()
    {
        Assert.Equal(20, new WeightSet([Array("a", 1f, 2f), Array("b", 1f, 2f, 3f)]).ByteCount);
    }
}
