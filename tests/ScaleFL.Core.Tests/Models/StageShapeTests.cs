using ScaleFL.Core.Data;
using ScaleFL.Core.Models;
using static TorchSharp.torch;

namespace ScaleFL.Core.Tests.Models;

[Collection(TorchCollection.Name)]
public sealed class StageShapeTests
{
    // Expected Z per model, worked out by hand from the strides: small-resnet 28 -> 28, 14, 7, 4;
    // CIFAR ResNets 32 -> 32, 16, 8, 4; VGG 32 -> 16, 8, 4, 2 (the final pool is GAP);
    // ViT 28 / 4 = 7 patches a side, 49 tokens of width 64.
    public static TheoryData<string, int, int, long[], int> Models => new()
    {
        { "small-resnet", 1, 28, [2, 128, 4, 4], 128 },
        { "resnet18", 3, 32, [2, 512, 4, 4], 512 },
        { "vgg11-bn", 3, 32, [2, 512, 2, 2], 512 },
        { "vit-tiny", 1, 28, [2, 49, 64], 128 },
    };

    [Theory]
    [MemberData(nameof(Models))]
    public void Every_stage_yields_logits_projection_and_features_of_the_final_stage_shape(
        string name, int channels, int side, long[] featureShape, int projectionWidth)
    {
        using var model = ModelCatalog.Create(name, new ImageShape(channels, side, side), 10, seed: 1);
        using var input = randn(2, channels, side, side);

        for (var stage = 0; stage < model.StageCount; stage++)
        {
            using var scope = NewDisposeScope();
            var outputs = model.ForwardStage(input, stage);

            Assert.Equal([2L, 10], outputs.Logits.shape);
            Assert.Equal([2L, projectionWidth], outputs.Projection.shape);
            Assert.Equal(featureShape, outputs.Features.shape);
        }
    }

    [Fact]
    public void ResNet34_stages_have_the_CIFAR_shapes_at_batch_one()
    {
        using var model = ModelCatalog.Create("resnet34", new ImageShape(3, 32, 32), 10, seed: 1);
        using var input = randn(1, 3, 32, 32);
        using var noGrad = no_grad();

        for (var stage = 0; stage < model.StageCount; stage++)
        {
            using var scope = NewDisposeScope();
            var outputs = model.ForwardStage(input, stage);

            Assert.Equal([1L, 10], outputs.Logits.shape);
            Assert.Equal([1L, 512], outputs.Projection.shape);
            Assert.Equal([1L, 512, 4, 4], outputs.Features.shape);
        }
    }

    [Fact]
    public void Small_resnet_blocks_halve_the_map_after_the_first_stage()
    {
        using var model = new SmallResNet(new ImageShape(1, 28, 28), 10);
        using var input = randn(2, 1, 28, 28);
        long[][] expected = [[2, 16, 28, 28], [2, 32, 14, 14], [2, 64, 7, 7], [2, 128, 4, 4]];

        for (var stage = 0; stage < model.StageCount; stage++)
        {
            using var output = model.ForwardBlocks(input, 0, stage);

            Assert.Equal(expected[stage], output.shape);
        }
    }

    [Fact]
    public void Small_resnet_takes_three_channel_images_as_small_as_the_minimum_side()
    {
        using var model = new SmallResNet(new ImageShape(3, ResNet.MinimumSide, ResNet.MinimumSide), 4);
        using var input = randn(2, 3, ResNet.MinimumSide, ResNet.MinimumSide);

        using var logits = model.call(input);

        Assert.Equal([2L, 4], logits.shape);
    }

    [Fact]
    public void Vision_transformer_drops_the_remainder_of_a_side_not_divisible_by_the_patch()
    {
        var shape = new ImageShape(3, 30, 30);
        using var model = new VisionTransformer(shape, 10);
        using var input = randn(2, 3, 30, 30);

        using var scope = NewDisposeScope();
        var outputs = model.ForwardStage(input, 0);

        Assert.Equal(49, VisionTransformer.TokenCount(shape));
        Assert.Equal([2L, 49, VisionTransformer.Dimension], outputs.Features.shape);
    }

    [Fact]
    public void Full_forward_returns_the_last_stage_logits()
    {
        using var model = ModelCatalog.Create("small-resnet", new ImageShape(1, 28, 28), 10, seed: 3);
        using var input = randn(2, 1, 28, 28);
        model.eval();

        using var scope = NewDisposeScope();
        var logits = model.call(input);
        var staged = model.ForwardStage(input, model.StageCount - 1);

        Assert.True(logits.allclose(staged.Logits));
    }
}
