using ScaleFL.Core.Data;

namespace ScaleFL.Core.Tests.Data;

public sealed class DirichletPartitionerTests
{
    [Fact]
    public void Dirichlet_skew_grows_as_alpha_falls()
    {
        var labels = PartitionerTests.BalancedLabels();

        var nearIid = MeanDominantClassShare(labels, alpha: 100);
        var moderate = MeanDominantClassShare(labels, alpha: 1);
        var strong = MeanDominantClassShare(labels, alpha: 0.1);

        // An IID client's largest class is a little over 1/10 of its data; alpha 0.1 leaves most
        // clients dominated by one class.
        Assert.InRange(nearIid, 0.1, 0.2);
        Assert.True(nearIid < moderate, $"alpha 100 gave {nearIid}, alpha 1 gave {moderate}");
        Assert.True(moderate < strong, $"alpha 1 gave {moderate}, alpha 0.1 gave {strong}");
        Assert.True(strong > 0.5, $"alpha 0.1 gave {strong}");
    }

    [Fact]
    public void Every_client_gets_a_sample_even_when_every_draw_leaves_some_empty()
    {
        // Two classes at alpha 0.001 land on about two clients per draw, so 30 clients can only
        // be filled by the fix-up.
        var labels = PartitionerTests.BalancedLabels(classCount: 2, perClass: 30);

        var clients = new DirichletPartitioner(0.001).Split(labels, 2, 30, seed: 4);

        Assert.All(clients, client => Assert.NotEmpty(client));
        Assert.Equal(Enumerable.Range(0, 60), clients.SelectMany(client => client).Order());
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Alpha_must_be_positive_and_finite(double alpha)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new DirichletPartitioner(alpha));
    }

    /// <summary>Mean over clients and three seeds of the share of a client's largest class.</summary>
    private static double MeanDominantClassShare(long[] labels, double alpha)
    {
        var partitioner = new DirichletPartitioner(alpha);
        return Enumerable.Range(0, 3)
            .SelectMany(seed => partitioner.Split(labels, 10, 10, seed))
            .Average(client => client.GroupBy(i => labels[i]).Max(group => group.Count()) / (double)client.Length);
    }
}
