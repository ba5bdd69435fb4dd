using ScaleFL.Core.Aggregation;
using ScaleFL.Core.Weights;

namespace ScaleFL.Core.Tests.Aggregation;

public sealed class RelativeNormBoundTests
{
    private static readonly WeightSet Sent = new([new NamedArray("blocks.0.w", [2], [0f, 0f])]);

    private static ClientResult Moved(int client, float x, float y) => new(client, new WeightSet([new NamedArray("blocks.0.w", [2], [x, y])]), 10, 1);

    [Fact]
    public void Update_far_above_the_others_median_is_rejected_even_in_a_round_of_two()
    {
        var bound = new RelativeNormBound(10);

        var (kept, rejected) = bound.Apply(Sent, [Moved(0, 3, 4), Moved(1, 9999, 0)]);

        Assert.Equal([0], kept.Select(result => result.ClientId));
        Assert.Equal(1, Assert.Single(rejected).ClientId);
        Assert.Contains("median", rejected[0].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Honest_updates_a_few_times_apart_are_all_kept()
    {
        // norms 5, 10, 40: each within 10 x the median of the others
        var (kept, rejected) = new RelativeNormBound(10).Apply(Sent, [Moved(0, 3, 4), Moved(1, 6, 8), Moved(2, 24, 32)]);

        Assert.Equal(3, kept.Count);
        Assert.Empty(rejected);
    }

    [Fact]
    public void A_single_update_has_nothing_to_compare_with_and_is_kept()
    {
        var (kept, _) = new RelativeNormBound(10).Apply(Sent, [Moved(0, 9999, 0)]);

        Assert.Single(kept);
    }

    [Fact]
    public void Multiple_of_one_or_less_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new RelativeNormBound(1));
    }
}
