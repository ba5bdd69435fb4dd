using ScaleFL.Core.Aggregation;
using ScaleFL.Core.Simulation;
using ScaleFL.Core.Weights;

namespace ScaleFL.Core.Tests.Simulation;

public sealed class RoundAggregationGuardTests
{
    [Fact]
    public void Non_finite_aggregate_leaves_the_global_model_unchanged()
    {
        var global = new WeightSet([new NamedArray("w", [2], [1f, 2f])]);
        var results = new[] { new ClientResult(0, global, 1, 0) };

        var next = RoundAggregation.Apply(new PoisonedStrategy(), 1, global, results, []);

        Assert.Same(global, next);
    }

    /// <summary>A strategy whose arithmetic went wrong: it returns NaN whatever it is given.</summary>
    private sealed class PoisonedStrategy : IAggregationStrategy
    {
        public string Name => "poisoned";

        public WeightSet? Aggregate(int round, IReadOnlyList<ClientResult> results, IReadOnlyList<ClientFailure> failures) =>
            new([new NamedArray("w", [2], [float.NaN, 0f])]);
    }
}
