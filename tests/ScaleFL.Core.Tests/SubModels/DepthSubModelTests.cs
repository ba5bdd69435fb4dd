using ScaleFL.Core.Aggregation;
using ScaleFL.Core.Data;
using ScaleFL.Core.Harmonizer;
using ScaleFL.Core.Memory;
using ScaleFL.Core.Methods;
using ScaleFL.Core.Models;
using ScaleFL.Core.Objective;
using ScaleFL.Core.SubModels;
using ScaleFL.Core.Training;
using ScaleFL.Core.Weights;
using static TorchSharp.torch;

namespace ScaleFL.Core.Tests.SubModels;

[Collection(TorchCollection.Name)]
public sealed class DepthSubModelTests
{
    [Fact]
    public void Depth_d_holds_blocks_0_to_d_minus_1_and_their_classifiers_and_trains_every_classifier()
    {
        using var model = TinyData.Model();

        var depth2 = DepthSubModel.For(model, 2);

        Assert.Equal(["blocks.0.", "outputs.0.", "blocks.1.", "outputs.1."], depth2.Prefixes);
        Assert.Equal([0, 1], depth2.Exits);
        Assert.Equal((1, 0), (depth2.Stage, depth2.FirstGradientBlock));
        Assert.Equal([2], CoAdaptationPlan.ForStage(model, 2, coAdapt: true).Exits);
        Assert.Throws<ArgumentOutOfRangeException>(() => DepthSubModel.For(model, 4));
        Assert.Throws<ArgumentOutOfRangeException>(() => DepthSubModel.For(model, 0));
    }

    [Fact]
    public void The_plan_cuts_the_deepest_sub_model_that_fits_with_exactly_its_arrays()
    {
        using var model = TinyData.Model();
        var global = ModuleWeights.Extract(model);
        var ladder = SubModelLadder.Probe(SubModelFamily.Depth, model, new DepthMemoryModel(300), 16, OptimizerKind.Sgd);
        var plan = new SubModelPlan(SubModelFamily.Depth, WidthSlicing.Prefix);

        var task = plan.Assign(ladder, global, budgetBytes: 700, round: 5)!;

        Assert.Equal([3, 2, 1], ladder.Rungs.Select(rung => rung.Spec.Depth ?? 0));
        Assert.Equal(SubModelSpec.OfDepth(2), task.Spec);
        Assert.Equal(global.Names.Where(DepthSubModel.For(model, 2).Contains), task.Weights.Names);
        Assert.All(task.Weights, array => Assert.Equal(global[array.Name].Values, array.Values));
        Assert.Null(plan.Assign(ladder, global, budgetBytes: 299, round: 5));
    }

    [Fact]
    public void Training_depth_2_changes_only_blocks_0_and_1_and_their_classifiers()
    {
        using var data = TinyData.Create(64, seed: 3);
        using var model = TinyData.Model();
        var global = ModuleWeights.Extract(model);
        var depth2 = DepthSubModel.For(model, 2);
        var sent = new WeightSet(global.Where(array => depth2.Contains(array.Name)));

        var update = DeviceTraining.Train(
            new LocalTrainer(), model, sent, CoAdaptationPlan.FullModel(model), SubModelSpec.OfDepth(2), new SelfDistillationObjective(),
            new ClientDataView(data, Enumerable.Range(0, 64).ToArray()), new TrainingOptions { LearningRate = 0.1, BatchSize = 16 }, 7, CancellationToken.None);
        var merged = global.With(new PerElementFedAvg(WidthSlicing.Prefix).Aggregate(1, global, [new ClientResult(0, update.Weights, 64, 0)], [])!);

        Assert.Equal(sent.Names, update.Weights.Names);
        var changed = global.Where(array => !array.Values.SequenceEqual(merged[array.Name].Values)).Select(array => array.Name).ToList();
        Assert.Contains(changed, name => name.StartsWith("outputs.0.", StringComparison.Ordinal));
        Assert.Contains(changed, name => name.StartsWith("blocks.1.", StringComparison.Ordinal));
        Assert.All(changed, name => Assert.True(depth2.Contains(name), name));
    }

    [Fact]
    public void The_memory_model_counts_every_classifier_of_a_depth_sub_model()
    {
        using var model = TinyData.Model();
        var memory = new ProbedMemoryModel();

        var withClassifiers = memory.Estimate(model, DepthSubModel.For(model, 3), 16, OptimizerKind.SgdMomentum);
        var headOnly = memory.Estimate(model, CoAdaptationPlan.FullModel(model), 16, OptimizerKind.SgdMomentum);
        var auxiliaryWeights = model.named_parameters()
            .Where(pair => pair.name.StartsWith("outputs.0.", StringComparison.Ordinal) || pair.name.StartsWith("outputs.1.", StringComparison.Ordinal))
            .Sum(pair => pair.parameter.numel() * sizeof(float));

        Assert.Equal(headOnly.WeightBytes + auxiliaryWeights, withClassifiers.WeightBytes);
        Assert.True(withClassifiers.ActivationBytes > headOnly.ActivationBytes);
        Assert.True(withClassifiers.TotalBytes > headOnly.TotalBytes);
    }

    [Fact]
    public void The_ensemble_prediction_is_the_mean_of_every_classifiers_logits()
    {
        using var data = TinyData.Create(40, seed: 9);
        using var model = TinyData.Model();
        var indices = Enumerable.Range(0, 40).ToArray();
        long correct;
        using (no_grad())
        {
            model.eval();
            var logits = Enumerable.Range(0, model.StageCount).Select(stage => model.ForwardStage(data.Images(indices), stage).Logits).ToList();
            correct = stack(logits).mean([0]).argmax(1).eq(data.LabelsAt(indices)).sum().item<long>();
        }

        var ensemble = Evaluator.EvaluateEnsemble(model, data, batchSize: 16, maxSamples: null);

        Assert.Equal(correct / 40.0, ensemble.Accuracy);
    }
}
