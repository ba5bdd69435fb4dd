using ScaleFL.Core.Methods;

namespace ScaleFL.Core.Tests.Methods;

[Collection(TorchCollection.Name)]
public sealed class TrainingPlanTests
{
    [Fact]
    public void Blockwise_plan_trains_the_scheduled_stage_and_co_adapts_on_request()
    {
        using var model = TinyData.Model();

        var plain = new BlockwisePlan(CoAdapt: false).For(model, 1);
        var coAdapted = new BlockwisePlan(CoAdapt: true).For(model, 1);

        Assert.Equal(1, plain.Stage);
        Assert.Empty(plain.CoAdaptedPrefixes);
        Assert.Equal(["blocks.0.conv2.", "blocks.0.bn2."], coAdapted.CoAdaptedPrefixes);
    }

    [Fact]
    public void Full_model_plan_ignores_the_scheduled_stage()
    {
        using var model = TinyData.Model();

        var trainable = new FullModelPlan().For(model, 0);

        Assert.Equal(2, trainable.Stage);
        Assert.Equal(0, trainable.FirstGradientBlock);
        Assert.True(trainable.Contains("blocks.1.conv1.weight"));
    }
}
