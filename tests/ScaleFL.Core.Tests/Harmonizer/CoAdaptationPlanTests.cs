using ScaleFL.Core.Data;
using ScaleFL.Core.Harmonizer;
using ScaleFL.Core.Models;

namespace ScaleFL.Core.Tests.Harmonizer;

[Collection(TorchCollection.Name)]
public sealed class CoAdaptationPlanTests
{
    [Fact]
    public void Stage_zero_trains_only_block_zero_and_its_output_module()
    {
        using var model = new SmallResNet(new ImageShape(1, 28, 28), 10);

        var plan = CoAdaptationPlan.ForStage(model, 0, coAdapt: true);
        var trained = TrainedParameters(model, plan);

        Assert.Equal(["blocks.0.", "outputs.0."], plan.Prefixes);
        Assert.Empty(plan.CoAdaptedPrefixes);
        Assert.Equal(0, plan.FirstGradientBlock);
        Assert.All(trained, name => Assert.True(name.StartsWith("blocks.0.", StringComparison.Ordinal) || name.StartsWith("outputs.0.", StringComparison.Ordinal)));
        Assert.Contains("blocks.0.stem.0.weight", trained);
        Assert.Contains("outputs.0.standins.0.conv.weight", trained);
    }

    [Fact]
    public void Co_adapted_stage_adds_exactly_the_previous_block_tail()
    {
        using var model = new SmallResNet(new ImageShape(1, 28, 28), 10);

        var plan = CoAdaptationPlan.ForStage(model, 2, coAdapt: true);
        var outsideStage = TrainedParameters(model, plan)
            .Where(name => !name.StartsWith("blocks.2.", StringComparison.Ordinal) && !name.StartsWith("outputs.2.", StringComparison.Ordinal))
            .ToList();

        Assert.Equal(model.TailPrefixes(1), plan.CoAdaptedPrefixes);
        Assert.Equal(1, plan.FirstGradientBlock);
        Assert.Equal(
            ["blocks.1.layer.0.bn2.bias", "blocks.1.layer.0.bn2.weight", "blocks.1.layer.0.conv2.weight"],
            outsideStage.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("small-resnet", 1, 28)]
    [InlineData("resnet18", 3, 8)]
    [InlineData("vgg11-bn", 3, 16)]
    [InlineData("vit-tiny", 1, 8)]
    public void Every_later_stage_co_adapts_the_previous_tail_from_the_previous_block_on(string name, int channels, int side)
    {
        using var model = ModelCatalog.Create(name, new ImageShape(channels, side, side), 10, seed: 1);

        for (var stage = 1; stage < model.StageCount; stage++)
        {
            var plan = CoAdaptationPlan.ForStage(model, stage, coAdapt: true);

            Assert.Equal(
                [StagedModel.BlockPrefix(stage), StagedModel.OutputPrefix(stage), .. model.TailPrefixes(stage - 1)],
                plan.Prefixes);
            Assert.Equal(stage - 1, plan.FirstGradientBlock);
        }
    }

    [Fact]
    public void Co_adapted_vision_transformer_stage_adds_the_previous_block_last_mlp()
    {
        using var model = new VisionTransformer(new ImageShape(1, 8, 8), 10);

        var plan = CoAdaptationPlan.ForStage(model, 1, coAdapt: true);
        var outsideStage = TrainedParameters(model, plan)
            .Where(name => !name.StartsWith("blocks.1.", StringComparison.Ordinal) && !name.StartsWith("outputs.1.", StringComparison.Ordinal))
            .ToList();

        Assert.Equal(0, plan.FirstGradientBlock);
        Assert.Equal(
            [
                "blocks.0.layers.1.fc1.bias", "blocks.0.layers.1.fc1.weight",
                "blocks.0.layers.1.fc2.bias", "blocks.0.layers.1.fc2.weight",
                "blocks.0.layers.1.norm2.bias", "blocks.0.layers.1.norm2.weight",
            ],
            outsideStage.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Without_co_adaptation_a_later_stage_trains_only_its_own_block()
    {
        using var model = new SmallResNet(new ImageShape(1, 28, 28), 10);

        var plan = CoAdaptationPlan.ForStage(model, 3, coAdapt: false);

        Assert.Equal(["blocks.3.", "outputs.3."], plan.Prefixes);
        Assert.Equal(3, plan.FirstGradientBlock);
        Assert.All(TrainedParameters(model, plan), name => Assert.Matches("^(blocks|outputs)\\.3\\.", name));
    }

    [Fact]
    public void Full_model_trains_every_block_and_only_the_last_output_module()
    {
        using var model = new SmallResNet(new ImageShape(1, 28, 28), 10);

        var plan = CoAdaptationPlan.FullModel(model);
        var names = model.named_parameters().Select(p => p.name).ToList();

        Assert.Equal(0, plan.FirstGradientBlock);
        Assert.All(names.Where(name => name.StartsWith("blocks.", StringComparison.Ordinal)), name => Assert.True(plan.Contains(name), name));
        Assert.All(names.Where(name => name.StartsWith("outputs.3.", StringComparison.Ordinal)), name => Assert.True(plan.Contains(name), name));
        Assert.All(
            names.Where(name => name.StartsWith("outputs.", StringComparison.Ordinal) && !name.StartsWith("outputs.3.", StringComparison.Ordinal)),
            name => Assert.False(plan.Contains(name), name));
    }

    private static List<string> TrainedParameters(StagedModel model, TrainableSet plan) =>
        model.named_parameters().Select(p => p.name).Where(plan.Contains).ToList();
}
