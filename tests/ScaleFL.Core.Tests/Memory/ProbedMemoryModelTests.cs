using ScaleFL.Core.Data;
using ScaleFL.Core.Harmonizer;
using ScaleFL.Core.Memory;
using ScaleFL.Core.Models;
using static TorchSharp.torch;

namespace ScaleFL.Core.Tests.Memory;

[Collection(TorchCollection.Name)]
public sealed class ProbedMemoryModelTests
{
    private const int Float = sizeof(float);

    [Fact]
    public void Weights_and_gradients_match_hand_counted_parameters_of_stage_one()
    {
        using var model = new ConvProbeModel("tiny-weights");

        var footprint = new ProbedMemoryModel().StageFootprint(model, 1, coAdapt: false, 8, OptimizerKind.Sgd);

        // Block 0: conv 3->8 (216) + bn (8+8 affine, 8+8 running) + conv 8->8 (576) + bn (32) = 856.
        // Block 1: conv 8->16 (1152) + bn (64) + conv 16->16 (2304) + bn (64) = 3584, of which 3520 parameters.
        // Output 1: stand-in conv 16->32 with bias (4640) + classifier 32->4 (132) + projection 32->16 (528) = 5300.
        Assert.Equal((856 + 3584 + 5300) * Float, footprint.WeightBytes);
        Assert.Equal((3520 + 5300) * Float, footprint.GradientBytes);

        Assert.Equal(0, footprint.OptimizerStateBytes);
    }

    [Fact]
    public void Stage_two_activations_backward_and_transients_match_hand_counted_sizes()
    {
        using var model = new ConvProbeModel("tiny-activations");

        var footprint = new ProbedMemoryModel().StageFootprint(model, 2, coAdapt: false, 1, OptimizerKind.Sgd);

        // Kept: block 2's input 16x8x8 = 1024, the inputs of its five later layers (32x4x4 = 512
        // each), the output module's pooling input (an alias of the block's output, counted
        // again: an upper bound), the classifier's input 32 and the projection's output 16.
        Assert.Equal((1024 + (6 * 512) + 32 + 16) * Float, footprint.ActivationBytes);

        // Backward: the three largest kept tensors.
        Assert.Equal((1024 + (2 * 512)) * Float, footprint.BackwardBytes);

        // Frozen forward: the 3x16x16 input batch, then block 0 holds its input and six outputs of
        // 8x16x16 = 2048 until it returns, plus its result; only the excess over activations and
        // backward adds to the peak.
        var frozenPeak = 768 + 768 + (6 * 2048) + 2048;
        Assert.Equal((frozenPeak - (1024 + (6 * 512) + 32 + 16) - (1024 + (2 * 512))) * Float, footprint.TransientBytes);
    }

    [Fact]
    public void Outputs_of_functional_ops_between_layers_are_kept_activations()
    {
        using var functional = new FunctionalReluModel();
        using var modular = new FunctionalReluModel(reluAsModule: true);
        var memory = new ProbedMemoryModel();

        var withFunction = memory.Estimate(functional, CoAdaptationPlan.FullModel(functional), 1, OptimizerKind.Sgd);
        var withModule = memory.Estimate(modular, CoAdaptationPlan.FullModel(modular), 1, OptimizerKind.Sgd);

        // The input 3x8x8, conv1's output (BN's input) and the functional ReLU's output (conv2's
        // input), 8x8x8 each, conv2's output (an alias of it is the pooling input), the
        // classifier's input 8 and the projection's output 16.
        Assert.Equal((192 + 512 + 512 + 512 + 8 + 16) * Float, withFunction.ActivationBytes);

        // A ReLU module's input (BN's output) is counted too, though autograd does not keep it:
        // leaf inputs are an upper bound.
        Assert.Equal(withFunction.ActivationBytes + (512 * Float), withModule.ActivationBytes);
    }

    [Fact]
    public void The_framework_cost_is_added_once_whatever_the_batch()
    {
        using var model = new ConvProbeModel("tiny-framework");
        var without = new ProbedMemoryModel();
        var with = new ProbedMemoryModel(frameworkBytes: 5 << 20);

        foreach (var batch in new[] { 1, 16 })
        {
            var plain = without.StageFootprint(model, 1, coAdapt: true, batch, OptimizerKind.SgdMomentum);
            var calibrated = with.StageFootprint(model, 1, coAdapt: true, batch, OptimizerKind.SgdMomentum);
            Assert.Equal(plain.TotalBytes + (5 << 20), calibrated.TotalBytes);
            Assert.Equal(5 << 20, calibrated.FrameworkBytes);
        }
    }

    [Fact]
    public void Co_adaptation_keeps_the_previous_tail_activations_and_gradients()
    {
        using var model = new ConvProbeModel("tiny-coadapt");
        var memory = new ProbedMemoryModel();

        var plain = memory.StageFootprint(model, 2, coAdapt: false, 1, OptimizerKind.Sgd);
        var coAdapted = memory.StageFootprint(model, 2, coAdapt: true, 1, OptimizerKind.Sgd);

        // Block 1's tail conv 16->16 (2304) and bn (32 parameters) train too; its conv input and
        // the three tail outputs (16x8x8 = 1024 each) are kept, replacing the 1024 input of block 2.
        Assert.Equal(plain.GradientBytes + ((2304 + 32) * Float), coAdapted.GradientBytes);
        Assert.Equal(plain.ActivationBytes + (3 * 1024 * Float), coAdapted.ActivationBytes);
        Assert.Equal(plain.WeightBytes, coAdapted.WeightBytes);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Co_adaptation_costs_more_than_plain_block_training_from_stage_one(int stage)
    {
        using var model = new ConvProbeModel("tiny-coadapt-total");
        var memory = new ProbedMemoryModel();

        var plain = memory.StageFootprint(model, stage, coAdapt: false, 16, OptimizerKind.SgdMomentum);
        var coAdapted = memory.StageFootprint(model, stage, coAdapt: true, 16, OptimizerKind.SgdMomentum);

        Assert.True(coAdapted.TotalBytes > plain.TotalBytes);
    }

    [Fact]
    public void Every_stage_needs_less_than_the_full_model_and_later_stages_less_activation()
    {
        using var model = new ConvProbeModel("tiny-stages");
        var memory = new ProbedMemoryModel();

        var full = memory.FullModelFootprint(model, 16, OptimizerKind.SgdMomentum);
        var coAdapted = Enumerable.Range(0, 3)
            .Select(stage => memory.StageFootprint(model, stage, coAdapt: true, 16, OptimizerKind.SgdMomentum))
            .ToList();
        var plain = Enumerable.Range(0, 3)
            .Select(stage => memory.StageFootprint(model, stage, coAdapt: false, 16, OptimizerKind.SgdMomentum))
            .ToList();

        Assert.All(coAdapted, stage => Assert.True(stage.TotalBytes < full.TotalBytes));

        // With co-adaptation stage 1 keeps block 0's full-resolution tail and overtakes stage 0,
        // so the ordering by resolution holds for plain block training.
        Assert.True(plain[2].ActivationBytes < plain[1].ActivationBytes);
        Assert.True(plain[1].ActivationBytes < plain[0].ActivationBytes);
        Assert.Equal(0, full.TransientBytes);
    }

    [Fact]
    public void Optimizer_state_orders_sgd_below_momentum_below_adam()
    {
        using var model = new ConvProbeModel("tiny-optimizers");
        var memory = new ProbedMemoryModel();

        var sgd = memory.StageFootprint(model, 1, coAdapt: true, 8, OptimizerKind.Sgd);
        var momentum = memory.StageFootprint(model, 1, coAdapt: true, 8, OptimizerKind.SgdMomentum);
        var adam = memory.StageFootprint(model, 1, coAdapt: true, 8, OptimizerKind.Adam);

        Assert.True(sgd.TotalBytes < momentum.TotalBytes && momentum.TotalBytes < adam.TotalBytes);
        Assert.Equal(0, sgd.OptimizerStateBytes);
        Assert.Equal(momentum.GradientBytes, momentum.OptimizerStateBytes);
        Assert.Equal(2 * adam.GradientBytes, adam.OptimizerStateBytes);
    }

    [Fact]
    public void Activation_and_transient_bytes_scale_linearly_with_batch_size()
    {
        using var model = new ConvProbeModel("tiny-batch");
        var memory = new ProbedMemoryModel();

        var one = memory.StageFootprint(model, 1, coAdapt: true, 1, OptimizerKind.Sgd);
        var eight = memory.StageFootprint(model, 1, coAdapt: true, 8, OptimizerKind.Sgd);
        var sixteen = memory.StageFootprint(model, 1, coAdapt: true, 16, OptimizerKind.Sgd);

        Assert.Equal(8 * one.ActivationBytes, eight.ActivationBytes);
        Assert.Equal(2 * eight.ActivationBytes, sixteen.ActivationBytes);
        Assert.Equal(16 * one.TransientBytes, sixteen.TransientBytes);
        Assert.Equal(16 * one.BackwardBytes, sixteen.BackwardBytes);
        Assert.Equal(one.WeightBytes, sixteen.WeightBytes);
    }

    [Fact]
    public void Curriculum_kernels_add_eight_batch_by_batch_float_matrices()
    {
        using var model = new ConvProbeModel("tiny-kernels");

        var plain = new ProbedMemoryModel().StageFootprint(model, 0, coAdapt: false, 8, OptimizerKind.Sgd);
        var curriculum = new ProbedMemoryModel(countCurriculumKernels: true).StageFootprint(model, 0, coAdapt: false, 8, OptimizerKind.Sgd);

        Assert.Equal(plain.ActivationBytes + (8 * 8 * 8 * Float), curriculum.ActivationBytes);
    }

    [Fact]
    public void Probing_restores_the_train_and_eval_flags_of_every_module()
    {
        using var model = new ConvProbeModel("tiny-modes");
        model.train();
        model.Block(0).eval();

        new ProbedMemoryModel().StageFootprint(model, 2, coAdapt: true, 4, OptimizerKind.Sgd);

        Assert.False(model.Block(0).training);
        Assert.True(model.Block(1).training);
        Assert.True(model.Output(2).training);
    }

    [Fact]
    public void Leaf_modules_called_through_forward_are_reported_instead_of_missed()
    {
        using var model = new HookBypassingModel();

        var error = Assert.Throws<InvalidOperationException>(
            () => new ProbedMemoryModel().Estimate(model, CoAdaptationPlan.FullModel(model), 4, OptimizerKind.Sgd));

        Assert.Contains("blocks.0.conv", error.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// One block conv 3->8, BN, ReLU (a function or a module), conv 8->8 on 3x8x8 inputs: the
    /// ReLU's output is conv2's saved input either way.
    /// </summary>
    private sealed class FunctionalReluModel(bool reluAsModule = false) : StagedModel(
        reluAsModule ? "relu-module" : "relu-function",
        new ModelDescription(reluAsModule ? "relu-module" : "relu-function", new ImageShape(3, 8, 8), 2),
        [new ReluBlock(reluAsModule)],
        [new TinyOutputModule(0, [8], 2)])
    {
        public override IReadOnlyList<string> TailPrefixes(int stage) => ["blocks.0.conv2."];

        private sealed class ReluBlock : nn.Module<Tensor, Tensor>
        {
            private readonly TorchSharp.Modules.Conv2d conv1 = nn.Conv2d(3, 8, 3, padding: 1, bias: false);
            private readonly TorchSharp.Modules.BatchNorm2d bn1 = nn.BatchNorm2d(8);
            private readonly TorchSharp.Modules.ReLU? relu;
            private readonly TorchSharp.Modules.Conv2d conv2 = nn.Conv2d(8, 8, 3, padding: 1, bias: false);

            public ReluBlock(bool reluAsModule) : base("relu-block")
            {
                relu = reluAsModule ? nn.ReLU() : null;
                RegisterComponents();
            }

            public override Tensor forward(Tensor input)
            {
                using var scope = NewDisposeScope();
                var normalised = bn1.call(conv1.call(input));
                var activated = relu is null ? nn.functional.relu(normalised) : relu.call(normalised);
                return conv2.call(activated).MoveToOuterDisposeScope();
            }
        }
    }

    /// <summary>One block whose forward calls its conv's forward directly, which hooks cannot see.</summary>
    private sealed class HookBypassingModel() : StagedModel(
        "bypass", new ModelDescription("bypass", new ImageShape(3, 8, 8), 2), [new BypassingBlock()], [new TinyOutputModule(0, [8], 2)])
    {
        public override IReadOnlyList<string> TailPrefixes(int stage) => ["blocks.0.conv."];

        private sealed class BypassingBlock : nn.Module<Tensor, Tensor>
        {
            private readonly TorchSharp.Modules.Conv2d conv = nn.Conv2d(3, 8, 3, padding: 1);

            public BypassingBlock() : base("bypassing")
            {
                RegisterComponents();
            }

            public override Tensor forward(Tensor input) => conv.forward(input);
        }
    }
}
