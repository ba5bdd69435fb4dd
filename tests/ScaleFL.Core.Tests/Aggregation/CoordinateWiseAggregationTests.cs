using ScaleFL.Core.Aggregation;
using ScaleFL.Core.Weights;

namespace ScaleFL.Core.Tests.Aggregation;

public sealed class CoordinateWiseAggregationTests
{
    private static ClientResult Result(int client, int samples, params float[] values) =>
        new(client, new WeightSet([new NamedArray("w", [values.Length], values)]), samples, 1);

    [Fact]
    public void Median_ignores_one_extreme_value_per_coordinate_and_sample_counts()
    {
        var merged = CoordinateWiseAggregation.Median().Aggregate(1, [Result(0, 1, 1, 10), Result(1, 1, 2, 20), Result(2, int.MaxValue, 9999, -9999)], []);

        Assert.Equal([2f, 10f], merged!["w"].Values);
    }

    [Fact]
    public void Median_of_an_even_count_is_the_middle_pair_mean()
    {
        var merged = CoordinateWiseAggregation.Median().Aggregate(1, [Result(0, 1, 1), Result(1, 1, 2), Result(2, 1, 4), Result(3, 1, 100)], []);

        Assert.Equal([3f], merged!["w"].Values);
    }

    [Fact]
    public void Trimmed_mean_drops_the_fraction_at_each_end_before_averaging()
    {
        // n = 10, trim 0.1 drops one value at each end: mean of 1..8 is 4.5
        var results = Enumerable.Range(0, 10).Select(i => Result(i, 1, i == 9 ? 9999f : i)).ToList();

        var merged = CoordinateWiseAggregation.TrimmedMean(0.1).Aggregate(1, results, []);

        Assert.Equal([4.5f], merged!["w"].Values);
    }

    [Fact]
    public void Results_with_different_arrays_are_refused_naming_the_array()
    {
        var other = new ClientResult(1, new WeightSet([new NamedArray("v", [1], [1f])]), 1, 1);

        var error = Assert.Throws<ArgumentException>(() => CoordinateWiseAggregation.Median().Aggregate(1, [Result(0, 1, 1), other], []));

        Assert.Contains("'w'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("fedavg", "fedavg")]
    [InlineData("mean", "mean")]
    [InlineData("median", "median")]
    [InlineData("trimmed-mean:0.1", "trimmed-mean:0.1")]
    public void Catalog_parses_each_form(string spec, string name)
    {
        Assert.Equal(name, AggregationCatalog.Parse(spec).Name);
    }

    [Theory]
    [InlineData("trimmed-mean")]
    [InlineData("trimmed-mean:0.5")]
    [InlineData("trimmed-mean:x")]
    [InlineData("krum")]
    public void Catalog_refuses_unknown_forms_listing_the_allowed_ones(string spec)
    {
        var error = Assert.Throws<ArgumentException>(() => AggregationCatalog.Parse(spec));

        Assert.Contains(AggregationCatalog.Forms, error.Message, StringComparison.Ordinal);
    }
}
