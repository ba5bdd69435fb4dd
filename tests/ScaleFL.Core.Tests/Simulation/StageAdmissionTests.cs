using ScaleFL.Core.Harmonizer;
using ScaleFL.Core.Memory;
using ScaleFL.Core.Methods;
using ScaleFL.Core.Simulation;

namespace ScaleFL.Core.Tests.Simulation;

public sealed class StageAdmissionTests
{
    private static readonly TrainableSet Stage0 = new(0, ["blocks.0.", "outputs.0."], [], 0);
    private static readonly MemoryFootprint Full = Footprint(1000);

    // The stage at batch 64 needs 400 bytes, at 32 300, at 16 250, at 8 225.
    private static readonly IReadOnlyList<BatchFootprint> Ladder =
        [new(64, Footprint(400), Full), new(32, Footprint(300), Full), new(16, Footprint(250), Full), new(8, Footprint(225), Full)];

    private static readonly IParticipationPolicy MemoryAware = new MemoryAwareParticipation();

    [Fact]
    public void Without_elastic_batches_only_budgets_covering_the_configured_batch_join()
    {
        var admitted = StageAdmission.Admit(MemoryAware, Clients(399, 400, 1000), Stage0, Ladder.Take(1).ToList());

        Assert.Equal([(1, 64), (2, 64)], admitted.Select(a => (a.Client.Id, a.MicroBatchSize)));
    }

    [Fact]
    public void A_device_below_the_batch_footprint_trains_at_the_largest_micro_batch_it_can_hold()
    {
        var admitted = StageAdmission.Admit(MemoryAware, Clients(224, 260, 310, 400), Stage0, Ladder);

        Assert.Equal([(1, 16), (2, 32), (3, 64)], admitted.Select(a => (a.Client.Id, a.MicroBatchSize)));
        Assert.Equal(250, admitted[0].Footprint.TotalBytes);
    }

    [Fact]
    public void A_policy_that_ignores_memory_keeps_everyone_at_the_full_batch()
    {
        var admitted = StageAdmission.Admit(new UnlimitedParticipation(), Clients(1, 5000), Stage0, Ladder);

        Assert.All(admitted, a => Assert.Equal(64, a.MicroBatchSize));
        Assert.False(admitted[0].DeviceDecides);
    }

    [Fact]
    public void A_device_that_measures_itself_is_asked_until_it_measured_the_stage_then_its_figure_plans()
    {
        var measurements = new DeviceMeasurements();
        var device = new ClientProfile(0, 380, 1, 0) { MeasuresOwnMemory = true };

        var first = StageAdmission.Admit(MemoryAware, [device], Stage0, Ladder.Take(1).ToList(), measurements);
        measurements.Record(0, Stage0, 64, 350);
        var fits = StageAdmission.Admit(MemoryAware, [device], Stage0, Ladder.Take(1).ToList(), measurements);
        measurements.Record(0, Stage0, 64, 390);
        var doesNotFit = StageAdmission.Admit(MemoryAware, [device], Stage0, Ladder.Take(1).ToList(), measurements);

        Assert.True(Assert.Single(first).DeviceDecides);
        Assert.Equal(350, Assert.Single(fits).Footprint.TotalBytes);
        Assert.False(fits[0].DeviceDecides);
        Assert.Empty(doesNotFit);
    }

    [Fact]
    public void A_measured_figure_counts_only_for_its_device_stage_and_batch()
    {
        var measurements = new DeviceMeasurements();
        measurements.Record(0, Stage0, 64, 100);
        var other = Stage0 with { Stage = 1, Prefixes = ["blocks.1.", "outputs.1."] };

        Assert.Equal(100, measurements.Get(0, Stage0, 64));
        Assert.Null(measurements.Get(1, Stage0, 64));
        Assert.Null(measurements.Get(0, Stage0, 32));
        Assert.Null(measurements.Get(0, other, 64));
    }

    [Fact]
    public void An_elastic_device_that_declined_the_full_batch_is_asked_at_the_next_micro_batch()
    {
        var measurements = new DeviceMeasurements();
        var device = new ClientProfile(0, 280, 1, 0) { MeasuresOwnMemory = true };
        measurements.Record(0, Stage0, 64, 390);

        var admitted = Assert.Single(StageAdmission.Admit(MemoryAware, [device], Stage0, Ladder, measurements));

        Assert.Equal(32, admitted.MicroBatchSize);
        Assert.True(admitted.DeviceDecides);
    }

    private static List<ClientProfile> Clients(params long[] budgets) => [.. ClientProfile.FromBudgets(budgets)];

    private static MemoryFootprint Footprint(long total) => new(total, 0, 0, 0, 0);
}
