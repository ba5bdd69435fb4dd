using ScaleFL.Core.Harmonizer;
using ScaleFL.Core.Memory;

namespace ScaleFL.Core.Tests.Memory;

public sealed class DeviceMemoryCheckTests
{
    private const long MiB = 1024 * 1024;

    [Fact]
    public void The_measured_peak_decides_not_the_estimate_and_the_line_gives_both()
    {
        var below = DeviceMemoryCheck.Judge(1, 64, budgetBytes: 90 * MiB, estimateBytes: 110 * MiB, measuredBytes: 91 * MiB);
        var above = DeviceMemoryCheck.Judge(1, 64, budgetBytes: 92 * MiB, estimateBytes: 110 * MiB, measuredBytes: 91 * MiB);

        Assert.False(below.Fits);
        Assert.True(above.Fits);
        Assert.Equal("stage 1 at batch 64: measured peak 91.0 MiB, estimate 110.0 MiB, budget 90.0 MiB (--memory-mb): does not fit", below.Line);
    }

    [Fact]
    public void Without_a_measurement_the_estimate_decides()
    {
        Assert.False(DeviceMemoryCheck.Judge(0, 64, 99 * MiB, 100 * MiB, null).Fits);
        Assert.True(DeviceMemoryCheck.Judge(0, 64, 100 * MiB, 100 * MiB, null).Fits);
    }

    [Fact]
    public void An_estimate_of_zero_means_the_method_ignores_memory()
    {
        Assert.True(DeviceMemoryCheck.Judge(0, 64, 1, 0, 500 * MiB).Fits);
    }
}

[Collection(TorchCollection.Name)]
public sealed class MemoryProbeRequestForTaskTests
{
    [Fact]
    public void A_task_maps_to_its_stage_harmonizer_flag_or_the_full_model()
    {
        using var model = TinyData.Model();

        var stage0 = MemoryProbeRequest.ForTask("tiny", CoAdaptationPlan.ForStage(model, 0, coAdapt: true), 16);
        var stage1 = MemoryProbeRequest.ForTask("tiny", CoAdaptationPlan.ForStage(model, 1, coAdapt: true), 16);
        var stage1Alone = MemoryProbeRequest.ForTask("tiny", CoAdaptationPlan.ForStage(model, 1, coAdapt: false), 8);
        var full = MemoryProbeRequest.ForTask("tiny", CoAdaptationPlan.FullModel(model), 16);

        Assert.Equal((0, false, 16), (stage0.Stage, stage0.Harmonizer, stage0.BatchSize));
        Assert.Equal((1, true), (stage1.Stage, stage1.Harmonizer));
        Assert.Equal((1, false, 8), (stage1Alone.Stage, stage1Alone.Harmonizer, stage1Alone.BatchSize));
        Assert.True(full.IsFullModel);
    }
}
