using ScaleFL.Core.Data;
using ScaleFL.Core.Harmonizer;
using ScaleFL.Core.Memory;
using ScaleFL.Core.Models;
using static TorchSharp.torch;

namespace ScaleFL.Core.Tests.Memory;

/// <summary>
/// What the estimate missed on VGG-11 and the ViT (issue 15): the optimizer step's temporaries
/// where weights dominate activations, and the tensors pooling, GELU and attention keep.
/// </summary>
[Collection(TorchCollection.Name)]
public sealed class ProbedMemoryModelWeightHeavyTests
{
    private const int Float = sizeof(float);

    [Fact]
    public void The_steps_decayed_gradients_count_where_they_exceed_the_room_backward_released()
    {
        using var model = new Vgg11Bn(new ImageShape(3, 16, 16), 10);
        var crossEntropy = new ProbedMemoryModel();
        var curriculum = new ProbedMemoryModel(countCurriculumKernels: true);
        var head = model.named_parameters()
            .Where(pair => pair.name.StartsWith($"outputs.3.{OutputModule.ProjectionName}.", StringComparison.Ordinal))
            .Sum(pair => pair.parameter.numel() * Float);

        // Batch 1: 49 MiB of 512x512 convolutions and projection head against under 1 MiB of activations.
        var momentum = crossEntropy.FullModelFootprint(model, 1, OptimizerKind.SgdMomentum);
        var adam = crossEntropy.FullModelFootprint(model, 1, OptimizerKind.Adam);
        var withHead = curriculum.FullModelFootprint(model, 1, OptimizerKind.SgdMomentum);
        var room = momentum.ActivationBytes + momentum.BackwardBytes + momentum.TransientBytes;
        var headRoom = withHead.ActivationBytes + withHead.BackwardBytes + withHead.TransientBytes;

        // Under cross-entropy the projection head has no gradient, so the step skips it.
        Assert.True(momentum.GradientBytes - head > room, $"{momentum}");
        Assert.Equal(momentum.GradientBytes + (momentum.GradientBytes - head - room), momentum.OptimizerStateBytes);
        Assert.Equal((2 * adam.GradientBytes) + (3 * (adam.GradientBytes - head)) - room, adam.OptimizerStateBytes);
        Assert.Equal(withHead.GradientBytes + (withHead.GradientBytes - headRoom), withHead.OptimizerStateBytes);
    }

    [Fact]
    public void The_steps_temporaries_fit_in_the_activations_room_at_a_large_batch()
    {
        using var model = new ConvProbeModel("tiny-step-large");

        var footprint = new ProbedMemoryModel().StageFootprint(model, 1, coAdapt: false, 64, OptimizerKind.SgdMomentum);

        Assert.Equal(footprint.GradientBytes, footprint.OptimizerStateBytes);
    }

    [Fact]
    public void A_max_pool_module_keeps_its_input_and_int64_indices()
    {
        using var model = new PoolModel();

        var footprint = new ProbedMemoryModel().Estimate(model, CoAdaptationPlan.FullModel(model), 1, OptimizerKind.Sgd);

        // The input 3x8x8, conv1's output (BN's input) and the ReLU's output (the pool's input),
        // 8x8x8 each, the pool's indices (8x4x4 int64, 256 floats' worth), its output (conv2's
        // input) and conv2's output, 8x4x4 each, the classifier's input 8 and the projection's output 16.
        Assert.Equal((192 + 512 + 512 + 256 + 128 + 128 + 8 + 16) * Float, footprint.ActivationBytes);
    }

    [Fact]
    public void Vgg_pools_and_vit_attention_and_gelu_are_modules_the_probe_sees()
    {
        using var vgg = new Vgg11Bn(new ImageShape(3, 16, 16), 10);
        using var vit = new VisionTransformer(new ImageShape(1, 28, 28), 10);

        var vggLeaves = vgg.named_modules().Select(pair => pair.name).ToHashSet(StringComparer.Ordinal);
        var vitLeaves = vit.named_modules().Select(pair => pair.name).ToHashSet(StringComparer.Ordinal);

        Assert.Contains("blocks.1.pool", vggLeaves);
        Assert.Contains("blocks.0.layers.0.attention", vitLeaves);
        Assert.Contains("blocks.0.layers.0.gelu", vitLeaves);
    }

    private sealed class PoolModel() : StagedModel(
        "pool", new ModelDescription("pool", new ImageShape(3, 8, 8), 2), [new PoolBlock()], [new TinyOutputModule(0, [8], 2)])
    {
        public override IReadOnlyList<string> TailPrefixes(int stage) => ["blocks.0.conv2."];

        private sealed class PoolBlock : nn.Module<Tensor, Tensor>
        {
            private readonly TorchSharp.Modules.Conv2d conv1 = nn.Conv2d(3, 8, 3, padding: 1, bias: false);
            private readonly TorchSharp.Modules.BatchNorm2d bn1 = nn.BatchNorm2d(8);
            private readonly TorchSharp.Modules.MaxPool2d pool = nn.MaxPool2d(2, 2);
            private readonly TorchSharp.Modules.Conv2d conv2 = nn.Conv2d(8, 8, 3, padding: 1, bias: false);

            public PoolBlock() : base("pool-block")
            {
                RegisterComponents();
            }

            public override Tensor forward(Tensor input)
            {
                using var scope = NewDisposeScope();
                return conv2.call(pool.call(nn.functional.relu(bn1.call(conv1.call(input))))).MoveToOuterDisposeScope();
            }
        }
    }
}
