using ScaleFL.Core.Harmonizer;
using ScaleFL.Core.Memory;
using ScaleFL.Core.SubModels;

namespace ScaleFL.Core.Tests.Memory;

public sealed class DeviceMemoryCheckTests
{
    private const long MiB = 1024 * 1024;

    [Fact]
    public void The_measured_peak_decides_not_the_estimate_and_the_line_gives_both()
    {
        var below = DeviceMemoryCheck.Judge("stage 1", 64, budgetBytes: 90 * MiB, estimateBytes: 110 * MiB, measuredBytes: 91 * MiB);
        var above = DeviceMemoryCheck.Judge("stage 1", 64, budgetBytes: 92 * MiB, estimateBytes: 110 * MiB, measuredBytes: 91 * MiB);

        Assert.False(below.Fits);
        Assert.True(above.Fits);
        Assert.Equal("stage 1 at batch 64: measured peak 91.0 MiB, estimate 110.0 MiB, budget 90.0 MiB (--memory-mb): does not fit", below.Line);
    }

    [Fact]
    public void Without_a_measurement_the_estimate_decides()
    {
        Assert.False(DeviceMemoryCheck.Judge("stage 0", 64, 99 * MiB, 100 * MiB, null).Fits);
        Assert.True(DeviceMemoryCheck.Judge("stage 0", 64, 100 * MiB, 100 * MiB, null).Fits);
    }

    [Fact]
    public void An_estimate_of_zero_means_the_method_ignores_memory()
    {
        Assert.True(DeviceMemoryCheck.Judge("stage 0", 64, 1, 0, 500 * MiB).Fits);
    }
}

[Collection(TorchCollection.Name)]
public sealed class MemoryProbeRequestForTaskTests
{
    private const long MiB = 1024 * 1024;

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

    [Fact]
    public void A_sub_model_task_measures_the_sub_model_it_names_not_the_full_width_model()
    {
        using var model = TinyData.Model();
        var full = CoAdaptationPlan.FullModel(model);

        var quarter = MemoryProbeRequest.ForTask("tiny", full, 16, new SubModelSpec(0.25, WidthSlicing.Rolling));
        var depth = MemoryProbeRequest.ForTask("tiny", full, 16, SubModelSpec.OfDepth(1));

        Assert.Equal((MemoryProbeRequest.FullModel, 0.25, "width 1/4"), (quarter.Stage, quarter.SubModel!.WidthRatio, quarter.Subject));
        Assert.NotEqual(MeasurementCache.StageKey(MemoryProbeRequest.ForTask("tiny", full, 16)), MeasurementCache.StageKey(quarter));
        Assert.Equal((0, "depth 1"), (depth.Stage, depth.Subject));
        Assert.Equal(DepthSubModel.For(model, 1).Prefixes, depth.TrainableSetFor(model).Prefixes);
    }

    [Fact]
    public void A_device_whose_budget_fits_the_quarter_width_but_not_the_full_width_trains_its_quarter()
    {
        // What the device measures decides: the slice it was sent (60 MiB), not the full width (200 MiB).
        var verdict = DeviceMemoryCheck.Judge(new SubModelSpec(0.25, WidthSlicing.Prefix).ToString(), 64, budgetBytes: 100 * MiB, estimateBytes: 70 * MiB, measuredBytes: 60 * MiB);

        Assert.True(verdict.Fits);
        Assert.StartsWith("width 1/4 at batch 64: measured peak 60.0 MiB", verdict.Line, StringComparison.Ordinal);
    }
}
