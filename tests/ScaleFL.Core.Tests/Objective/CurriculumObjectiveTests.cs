using ScaleFL.Core.Models;
using ScaleFL.Core.Objective;
using TorchSharp;
using static TorchSharp.torch;

namespace ScaleFL.Core.Tests.Objective;

[Collection(TorchCollection.Name)]
public sealed class CurriculumObjectiveTests
{
    [Fact]
    public void Loss_equals_cross_entropy_when_both_weights_are_zero()
    {
        using var batch = Batch.Create(9);
        var objective = new CurriculumObjective(CurriculumSchedule.FromValues([0.0], [0.0], 1));

        using var loss = objective.Loss(batch.Inputs, batch.Labels, batch.Outputs, 0);
        using var crossEntropy = nn.functional.cross_entropy(batch.Outputs.Logits, batch.Labels);

        Assert.Equal(crossEntropy.ToDouble(), loss.ToDouble(), 6);
    }

    [Fact]
    public void Loss_subtracts_the_weighted_normalized_hsic_terms_from_cross_entropy()
    {
        using var batch = Batch.Create(10);
        var objective = new CurriculumObjective(CurriculumSchedule.FromValues([0.5, 0.3], [0.1, 0.4], 2));

        using var loss = objective.Loss(batch.Inputs, batch.Labels, batch.Outputs, 1);
        using var crossEntropy = nn.functional.cross_entropy(batch.Outputs.Logits, batch.Labels);
        using var inputTerm = Hsic.Normalized(batch.Outputs.Features, batch.Inputs, KernelBandwidth.Paper);
        using var oneHot = Hsic.OneHot(batch.Labels, 3);
        using var labelTerm = Hsic.Normalized(batch.Outputs.Projection, oneHot, KernelBandwidth.Paper);

        Assert.True(inputTerm.ToDouble() > 0 && labelTerm.ToDouble() > 0);
        Assert.True(loss.ToDouble() < crossEntropy.ToDouble());
        var expected = crossEntropy.ToDouble() - (0.3 * inputTerm.ToDouble()) - (0.4 * labelTerm.ToDouble());
        Assert.Equal(expected, loss.ToDouble(), 5);
    }

    [Fact]
    public void Gradients_of_the_loss_reach_features_and_projection()
    {
        using var batch = Batch.Create(11);
        var objective = new CurriculumObjective(CurriculumSchedule.Default(2), KernelBandwidth.MedianHeuristic);

        using var loss = objective.Loss(batch.Inputs, batch.Labels, batch.Outputs, 0);
        loss.backward();

        // The logits are an independent leaf, so these gradients can only come from the HSIC terms.
        Assert.True(batch.Outputs.Features.grad!.abs().sum().ToDouble() > 0);
        Assert.True(batch.Outputs.Projection.grad!.abs().sum().ToDouble() > 0);
        Assert.True(batch.Outputs.Logits.grad!.isfinite().all().ToBoolean());
    }

    [Fact]
    public void Objective_is_named_curriculum_and_defaults_to_the_paper_kernel()
    {
        var objective = new CurriculumObjective(CurriculumSchedule.Default(4));

        Assert.Equal("curriculum", objective.Name);
        Assert.Equal(KernelBandwidth.Paper, objective.Bandwidth);
    }

    internal sealed class Batch : IDisposable
    {
        private Batch(Tensor inputs, Tensor labels, StageOutputs outputs)
        {
            Inputs = inputs;
            Labels = labels;
            Outputs = outputs;
        }

        public Tensor Inputs { get; }

        public Tensor Labels { get; }

        public StageOutputs Outputs { get; }

        // Features and projection are leaves computed from the inputs and labels so both nHSIC
        // terms are clearly positive.
        public static Batch Create(int seed)
        {
            using var generator = new Generator().manual_seed(seed);
            var inputs = randn([12, 2, 4, 4], generator: generator);
            var labels = arange(12L) % 3;
            using var oneHot = Hsic.OneHot(labels, 3);
            var features = (inputs.reshape(12, 2, 16)[.., .., ..8].tanh() + (0.1 * randn([12, 2, 8], generator: generator))).requires_grad_();
            var projection = (oneHot.matmul(randn([3, 5], generator: generator)) + randn([12, 5], generator: generator)).requires_grad_();
            var logits = randn([12, 3], generator: generator).requires_grad_();
            return new Batch(inputs, labels, new StageOutputs(features, logits, projection));
        }

        public void Dispose()
        {
            Inputs.Dispose();
            Labels.Dispose();
            Outputs.Features.Dispose();
            Outputs.Logits.Dispose();
            Outputs.Projection.Dispose();
        }
    }
}
