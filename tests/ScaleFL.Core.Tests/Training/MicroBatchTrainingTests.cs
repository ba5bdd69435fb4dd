using ScaleFL.Core.Data;
using ScaleFL.Core.Harmonizer;
using ScaleFL.Core.Models;
using ScaleFL.Core.Objective;
using ScaleFL.Core.Training;
using ScaleFL.Core.Weights;
using static TorchSharp.torch;

namespace ScaleFL.Core.Tests.Training;

[Collection(TorchCollection.Name)]
public sealed class MicroBatchTrainingTests : IDisposable
{
    // One SGD step of learning rate 1 without momentum or decay: the change of each weight is its gradient.
    private static readonly TrainingOptions OneStep = new()
    {
        LearningRate = 1, Momentum = 0, WeightDecay = 0, BatchSize = 32, MaxBatchesPerEpoch = 1,
    };

    private readonly ImageDataset data = SyntheticDataset.Create(32, new ImageShape(3, 8, 8), 2, seed: 5, noise: 1.0f);
    private readonly LocalTrainer trainer = new();

    [Fact]
    public void Gradient_accumulated_over_four_micro_batches_equals_the_full_batch_gradient_without_batch_norm()
    {
        using var model = new ConvOnlyModel();
        var global = ModuleWeights.Extract(model);
        var trainable = CoAdaptationPlan.FullModel(model);

        var full = Step(model, global, trainable, OneStep);
        var accumulated = Step(model, global, trainable, OneStep with { MicroBatchSize = 8 });

        Assert.All(full.Weights, array =>
        {
            var difference = array.Values.Zip(accumulated.Weights[array.Name].Values, (a, b) => Math.Abs(a - b)).Max();
            Assert.True(difference <= 1e-5, $"{array.Name}: largest difference {difference}");
        });
        Assert.Equal(full.MeanLoss, accumulated.MeanLoss, 5);
        Assert.Equal(1, accumulated.Steps);
    }

    [Fact]
    public void With_batch_norm_micro_batches_normalize_over_their_own_samples_so_the_step_differs()
    {
        using var model = TinyData.Model();
        var global = ModuleWeights.Extract(model);
        var trainable = CoAdaptationPlan.ForStage(model, 0, coAdapt: false);
        using var tiny = TinyData.Create(32, seed: 5);
        var options = OneStep with { LearningRate = 0.01 };

        var full = trainer.Train(model, global, trainable, new CrossEntropyObjective(), tiny.All(), options, seed: 3, CancellationToken.None);
        var accumulated = trainer.Train(
            model, global, trainable, new CrossEntropyObjective(), tiny.All(), options with { MicroBatchSize = 8 }, seed: 3, CancellationToken.None);

        // The weights' step and the running statistics (updated once per micro-batch) both differ.
        Assert.Contains(full.Weights, array => array.Name.EndsWith(".weight", StringComparison.Ordinal)
            && !array.Name.Contains("bn", StringComparison.Ordinal)
            && MaxDifference(array, accumulated.Weights[array.Name]) > 1e-5);
        Assert.Contains(full.Weights, array => array.Name.EndsWith("running_mean", StringComparison.Ordinal)
            && MaxDifference(array, accumulated.Weights[array.Name]) > 1e-5);
    }

    [Theory]
    [InlineData(64, new[] { 64, 32, 16, 8 })]
    [InlineData(16, new[] { 16, 8 })]
    [InlineData(100, new[] { 100, 50, 25, 13 })]
    [InlineData(8, new[] { 8 })]
    [InlineData(4, new[] { 4 })]
    public void The_ladder_halves_the_batch_down_to_the_floor_of_eight(int batch, int[] expected) =>
        Assert.Equal(expected, MicroBatches.Ladder(batch));

    [Fact]
    public void A_batch_splits_into_micro_batches_in_order_with_a_shorter_last_one()
    {
        int[] batch = [.. Enumerable.Range(0, 10)];

        var parts = MicroBatches.Split(batch, 4);

        Assert.Equal([[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]], parts);
    }

    [Fact]
    public void A_last_micro_batch_below_the_batch_norm_floor_joins_the_one_before()
    {
        int[] batch = [.. Enumerable.Range(0, 9)];

        var parts = MicroBatches.Split(batch, 4, floor: 2);

        Assert.Equal([[0, 1, 2, 3], [4, 5, 6, 7, 8]], parts);
    }

    [Fact]
    public void A_micro_batch_larger_than_the_batch_is_refused_by_validation()
    {
        var error = Assert.Throws<ArgumentException>(() => (new TrainingOptions { BatchSize = 16, MicroBatchSize = 32 }).Validate());

        Assert.Contains("MicroBatchSize", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => data.Dispose();

    private static float MaxDifference(NamedArray a, NamedArray b) => a.Values.Zip(b.Values, (x, y) => Math.Abs(x - y)).Max();

    private LocalUpdate Step(StagedModel model, WeightSet global, TrainableSet trainable, TrainingOptions options) =>
        trainer.Train(model, global, trainable, new CrossEntropyObjective(), data.All(), options, seed: 3, CancellationToken.None);

    /// <summary>Two conv blocks without BatchNorm on 3x8x8 inputs, two classes.</summary>
    private sealed class ConvOnlyModel() : StagedModel(
        "conv-only",
        new ModelDescription("conv-only", new ImageShape(3, 8, 8), 2),
        [ConvBlock(3, 8), ConvBlock(8, 16)],
        [new Memory.TinyOutputModule(0, [8, 16], 2), new Memory.TinyOutputModule(1, [8, 16], 2)])
    {
        public override IReadOnlyList<string> TailPrefixes(int stage) => [$"blocks.{stage}.2."];

        private static TorchSharp.Modules.Sequential ConvBlock(int input, int output) => nn.Sequential(
            nn.Conv2d(input, output, 3, padding: 1), nn.ReLU(), nn.Conv2d(output, output, 3, padding: 1), nn.ReLU());
    }
}
