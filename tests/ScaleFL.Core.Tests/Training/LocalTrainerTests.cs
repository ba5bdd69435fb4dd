using ScaleFL.Core.Data;
using ScaleFL.Core.Harmonizer;
using ScaleFL.Core.Models;
using ScaleFL.Core.Objective;
using ScaleFL.Core.Training;
using ScaleFL.Core.Weights;
using static TorchSharp.torch;

namespace ScaleFL.Core.Tests.Training;

[Collection(TorchCollection.Name)]
public sealed class LocalTrainerTests : IDisposable
{
    private static readonly TrainingOptions Options = new() { LearningRate = 0.05, BatchSize = 16 };
    private readonly ImageDataset data = TinyData.Create(48, seed: 3);
    private readonly LocalTrainer trainer = new();

    [Fact]
    public void Only_the_trainable_set_changes_and_only_it_is_returned()
    {
        using var model = TinyData.Model();
        var global = ModuleWeights.Extract(model);
        var trainable = CoAdaptationPlan.ForStage(model, 1, coAdapt: false);

        var update = Train(model, global, trainable, seed: 7);

        var after = ModuleWeights.Extract(model);
        Assert.Equal(global.Names.Where(trainable.Contains), update.Weights.Names);
        Assert.Contains("blocks.1.bn1.running_mean", update.Weights.Names);
        // Cross-entropy never reaches the projection head, so SGD leaves it alone.
        foreach (var array in global.Where(name => !name.Contains(".projection.", StringComparison.Ordinal)))
        {
            var unchanged = array.Values.SequenceEqual(after[array.Name].Values);
            Assert.True(unchanged != trainable.Contains(array.Name), $"{array.Name}: unchanged = {unchanged}");
        }
    }

    [Fact]
    public void Co_adapted_tail_changes_while_the_rest_of_the_previous_block_does_not()
    {
        using var model = TinyData.Model();
        var global = ModuleWeights.Extract(model);
        var trainable = CoAdaptationPlan.ForStage(model, 2, coAdapt: true);

        var update = Train(model, global, trainable, seed: 7);

        var after = ModuleWeights.Extract(model);
        foreach (var name in new[] { "blocks.1.conv2.weight", "blocks.1.bn2.weight", "blocks.1.bn2.running_var" })
        {
            Assert.False(global[name].Values.SequenceEqual(after[name].Values), name);
            Assert.Contains(name, update.Weights.Names);
        }

        foreach (var name in new[] { "blocks.1.conv1.weight", "blocks.1.bn1.weight", "blocks.1.bn1.running_mean", "blocks.0.bn2.running_var" })
        {
            Assert.Equal(global[name].Values, after[name].Values);
            Assert.DoesNotContain(name, update.Weights.Names);
        }
    }

    [Fact]
    public void Same_seed_gives_an_identical_update_and_another_seed_does_not()
    {
        using var model = TinyData.Model();
        var global = ModuleWeights.Extract(model);
        var trainable = CoAdaptationPlan.ForStage(model, 1, coAdapt: true);

        var first = Train(model, global, trainable, seed: 11);
        var again = Train(model, global, trainable, seed: 11);
        var other = Train(model, global, trainable, seed: 12);

        Assert.Equal(first.MeanLoss, again.MeanLoss);
        Assert.All(first.Weights, array => Assert.Equal(array.Values, again.Weights[array.Name].Values));
        Assert.Contains(first.Weights, array => !array.Values.SequenceEqual(other.Weights[array.Name].Values));
    }

    [Fact]
    public void A_reused_model_trains_exactly_like_a_fresh_one()
    {
        using var reused = TinyData.Model();
        using var fresh = TinyData.Model();
        var global = ModuleWeights.Extract(fresh);
        Train(reused, global, CoAdaptationPlan.FullModel(reused), seed: 5);

        var fromReused = Train(reused, global, CoAdaptationPlan.ForStage(reused, 1, coAdapt: true), seed: 9);
        var fromFresh = Train(fresh, global, CoAdaptationPlan.ForStage(fresh, 1, coAdapt: true), seed: 9);

        Assert.All(fromFresh.Weights, array => Assert.Equal(array.Values, fromReused.Weights[array.Name].Values));
    }

    [Fact]
    public void Loss_falls_over_successive_rounds_on_synthetic_data()
    {
        using var model = TinyData.Model();
        var weights = ModuleWeights.Extract(model);
        var trainable = CoAdaptationPlan.FullModel(model);
        var losses = new List<double>();

        for (var round = 0; round < 4; round++)
        {
            var update = Train(model, weights, trainable, seed: round);
            losses.Add(update.MeanLoss);
            weights = weights.With(update.Weights);
        }

        Assert.True(losses[^1] < 0.7 * losses[0], $"losses: {string.Join(", ", losses)}");
    }

    [Fact]
    public void Output_learning_rate_scale_multiplies_only_the_output_module_step()
    {
        using var model = TinyData.Model();
        var global = ModuleWeights.Extract(model);
        var trainable = CoAdaptationPlan.ForStage(model, 1, coAdapt: false);
        var oneStep = Options with { MaxBatchesPerEpoch = 1, WeightDecay = 0 };

        var plain = trainer.Train(model, global, trainable, new CrossEntropyObjective(), data.All(), oneStep, seed: 2, CancellationToken.None);
        var scaled = trainer.Train(
            model, global, trainable, new CrossEntropyObjective(), data.All(), oneStep with { OutputLearningRateScale = 10 }, seed: 2, CancellationToken.None);

        // One SGD step from the same weights on the same batch: the block moves the same, the output module ten times as far.
        var blockWeight = StagedModel.BlockPrefix(1) + "conv1.weight";
        var classifier = StagedModel.OutputPrefix(1) + "classifier.weight";
        Assert.Equal(Step(global, plain, blockWeight), Step(global, scaled, blockWeight), 6);
        Assert.Equal(10 * Step(global, plain, classifier), Step(global, scaled, classifier), 4);
    }

    [Fact]
    public void Counts_steps_and_samples_and_respects_the_batch_cap()
    {
        using var model = TinyData.Model();
        var options = Options with { LocalEpochs = 2, MaxBatchesPerEpoch = 2 };

        var update = trainer.Train(
            model, ModuleWeights.Extract(model), CoAdaptationPlan.ForStage(model, 0, coAdapt: true),
            new CrossEntropyObjective(), data.All(), options, seed: 1, CancellationToken.None);

        Assert.Equal(4, update.Steps);
        Assert.Equal(48, update.SampleCount);
        Assert.True(update.MeanLoss > 0);
    }

    [Fact]
    public void Cancellation_stops_training_before_the_next_batch()
    {
        using var model = TinyData.Model();
        using var cancellation = new CancellationTokenSource();
        var objective = new CancellingObjective(cancellation, afterCalls: 2);

        Assert.Throws<OperationCanceledException>(() => trainer.Train(
            model, ModuleWeights.Extract(model), CoAdaptationPlan.ForStage(model, 0, coAdapt: false),
            objective, data.All(), Options with { LocalEpochs = 3 }, seed: 1, cancellation.Token));

        Assert.Equal(2, objective.Calls);
    }

    public void Dispose() => data.Dispose();

    private static double Step(WeightSet before, LocalUpdate after, string name) =>
        before[name].Values.Zip(after.Weights[name].Values, (a, b) => Math.Abs((double)b - a)).Sum();

    private LocalUpdate Train(StagedModel model, WeightSet global, TrainableSet trainable, int seed) =>
        trainer.Train(model, global, trainable, new CrossEntropyObjective(), data.All(), Options, seed, CancellationToken.None);

    private sealed class CancellingObjective(CancellationTokenSource cancellation, int afterCalls) : IStageObjective
    {
        public int Calls { get; private set; }

        public string Name => "cancelling";

        public Tensor Loss(Tensor inputs, Tensor labels, StageOutputs outputs, int stage)
        {
            if (++Calls == afterCalls)
            {
                cancellation.Cancel();
            }

            return nn.functional.cross_entropy(outputs.Logits, labels);
        }
    }
}
