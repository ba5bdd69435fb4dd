using ScaleFL.Core.Aggregation;

namespace ScaleFL.Core.Tests.Aggregation;

public sealed class AggregationStrategyTests
{
    private static readonly ClientResult Small = new(1, FedAvgTests.Weights(("a", [2f])), SampleCount: 1, Loss: 0.5);
    private static readonly ClientResult Large = new(2, FedAvgTests.Weights(("a", [6f])), SampleCount: 3, Loss: 0.7);

    [Fact]
    public void Sample_weighted_fedavg_favours_the_larger_client()
    {
        var average = new SampleWeightedFedAvg().Aggregate(1, [Small, Large], []);

        Assert.Equal([5f], average!["a"].Values);
    }

    [Fact]
    public void Unweighted_mean_counts_every_client_once()
    {
        var average = new UnweightedMean().Aggregate(1, [Small, Large], []);

        Assert.Equal([4f], average!["a"].Values);
    }

    [Fact]
    public void Only_failures_give_no_update()
    {
        ClientFailure[] failures = [new(3, "dropped out")];

        Assert.Null(new SampleWeightedFedAvg().Aggregate(1, [], failures));
        Assert.Null(new UnweightedMean().Aggregate(1, [], failures));
    }
}
