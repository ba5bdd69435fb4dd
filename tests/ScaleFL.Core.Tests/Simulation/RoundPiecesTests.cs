using ScaleFL.Core.Aggregation;
using ScaleFL.Core.Simulation;
using ScaleFL.Core.Weights;

namespace ScaleFL.Core.Tests.Simulation;

public sealed class RoundPiecesTests
{
    [Fact]
    public void Sample_ignores_the_order_clients_are_listed_in()
    {
        var ids = Enumerable.Range(0, 20).ToArray();

        var ordered = ClientSampling.Sample(ids, id => id, seed: 42, round: 3, count: 5);
        var reversed = ClientSampling.Sample(ids.Reverse(), id => id, seed: 42, round: 3, count: 5);

        Assert.Equal(ordered, reversed);
        Assert.Equal(ordered.Order(), ordered);
    }

    [Fact]
    public void Over_committed_sample_contains_the_plain_sample()
    {
        var ids = Enumerable.Range(0, 30);

        var plain = ClientSampling.Sample(ids, id => id, 7, 2, 10);
        var more = ClientSampling.Sample(ids, id => id, 7, 2, ClientSampling.WithOverCommit(10, 0.3));

        Assert.Equal(13, more.Count);
        Assert.Subset(more.ToHashSet(), plain.ToHashSet());
    }

    [Fact]
    public void Over_commit_rounds_up_and_zero_asks_exactly_the_round_size()
    {
        Assert.Equal((10, 11, 2), (ClientSampling.WithOverCommit(10, 0), ClientSampling.WithOverCommit(10, 0.05), ClientSampling.WithOverCommit(1, 0.5)));
    }

    [Fact]
    public void Aggregation_does_not_depend_on_arrival_order()
    {
        var global = Weights(0f);
        float[] values = [0.1f, 0.7f, 1e-7f, 3.3f];
        var results = values
            .Select((value, id) => new ClientResult(id, Weights(value), 3 + id, 0.5))
            .ToList();

        var inOrder = RoundAggregation.Apply(new SampleWeightedFedAvg(), 1, global, results, []);
        var shuffled = RoundAggregation.Apply(new SampleWeightedFedAvg(), 1, global, [results[2], results[0], results[3], results[1]], []);

        Assert.Equal(inOrder["w"].Values, shuffled["w"].Values);
        Assert.NotEqual(0f, inOrder["w"].Values[0]);
    }

    [Fact]
    public void Dropout_draw_is_fixed_by_seed_round_and_client()
    {
        Assert.Equal(Seeds.DropsOut(1, 2, 3, 0.5), Seeds.DropsOut(1, 2, 3, 0.5));
        Assert.False(Seeds.DropsOut(1, 2, 3, 0.0));
        Assert.True(Seeds.DropsOut(1, 2, 3, 1.0));
        Assert.Equal(Seeds.Derive(1, Seeds.Training, 2, 3), Seeds.ForTraining(1, 2, 3));
    }

    private static WeightSet Weights(float value) => new([new NamedArray("w", [3], [value, value * 2, value * 3])]);
}
