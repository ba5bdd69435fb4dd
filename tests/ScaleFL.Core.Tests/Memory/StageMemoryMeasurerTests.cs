using ScaleFL.Core.Harmonizer;
using ScaleFL.Core.Memory;
using ScaleFL.Core.Objective;

namespace ScaleFL.Core.Tests.Memory;

[Collection(TorchCollection.Name)]
public sealed class StageMemoryMeasurerTests
{
    [Fact]
    public void Training_a_stage_raises_resident_memory_above_the_baseline()
    {
        using var model = new ConvProbeModel("tiny-measure", size: 32);
        var trainable = CoAdaptationPlan.FullModel(model);

        var measurement = StageMemoryMeasurer.Measure(model, trainable, 32, 2);

        Assert.True(measurement.PeakAboveBaselineBytes > 0, $"{measurement}");
        Assert.True(measurement.Method is "vmhwm" or "sampled");
    }

    [Fact]
    public void Measuring_with_the_curriculum_trains_only_the_trainable_set()
    {
        using var model = new ConvProbeModel("tiny-measure-curriculum");
        var trainable = CoAdaptationPlan.ForStage(model, 2, coAdapt: true);
        var frozenBefore = model.Block(0).parameters().First().detach().clone();
        var tailBefore = model.Block(1).parameters().Last().detach().clone();

        StageMemoryMeasurer.Measure(model, trainable, 8, 2, new CurriculumObjective(CurriculumSchedule.Default(3)));

        Assert.True(frozenBefore.allclose(model.Block(0).parameters().First(), rtol: 0, atol: 0));
        Assert.False(tailBefore.allclose(model.Block(1).parameters().Last(), rtol: 0, atol: 0));
    }
}
