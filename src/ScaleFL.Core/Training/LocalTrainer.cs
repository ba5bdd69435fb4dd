using ScaleFL.Core.Data;
using ScaleFL.Core.Harmonizer;
using ScaleFL.Core.Models;
using ScaleFL.Core.Objective;
using ScaleFL.Core.Weights;
using TorchSharp;
using static TorchSharp.torch;

namespace ScaleFL.Core.Training;

/// <summary>
/// One client's local training of one stage: loads the global weights, freezes everything
/// outside the <see cref="TrainableSet"/>, runs the frozen prefix forward-only under no_grad,
/// and steps SGD over the trainable parameters. A trailing batch too small for the stage's
/// BatchNorm layers (<see cref="BatchFloor"/>) joins the batch before it. With
/// <see cref="TrainingOptions.MicroBatchSize"/> each batch is one optimizer step over gradients
/// accumulated on micro-batches (<see cref="MicroBatches"/>). The caller owns the model and may reuse it for
/// the next client: every flag the trainer touches (requires_grad, train/eval) is set afresh.
/// </summary>
public sealed class LocalTrainer
{
    private readonly TimeProvider time;

    /// <summary>Creates a trainer measuring durations with <paramref name="timeProvider"/> (default: system clock).</summary>
    public LocalTrainer(TimeProvider? timeProvider = null)
    {
        time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>
    /// Trains <paramref name="trainable"/> of <paramref name="model"/> on <paramref name="data"/>.
    /// Batch order comes from <paramref name="seed"/>; <paramref name="ct"/> is checked between
    /// batches. The model is left in eval mode.
    /// </summary>
    public LocalUpdate Train(
        StagedModel model,
        WeightSet globalWeights,
        TrainableSet trainable,
        IStageObjective objective,
        ClientDataView data,
        TrainingOptions options,
        int seed,
        CancellationToken ct)
    {
        options.Validate();
        var started = time.GetTimestamp();
        ModuleWeights.Load(model, globalWeights);
        var parameters = Freeze(model, trainable);
        var floor = BatchFloor.Of(model, trainable, data.Dataset.Shape);
        SetModes(model, trainable);

        // Nothing in the blocks draws random numbers today; seeding keeps dropout-style layers repeatable.
        torch.manual_seed(seed);
        var random = new Random(seed);
        using var optimizer = Optimizer(parameters, trainable, options);

        var lossSum = 0.0;
        var lossSamples = 0L;
        var steps = 0;
        for (var epoch = 0; epoch < options.LocalEpochs; epoch++)
        {
            IEnumerable<int[]> batches = BatchFloor.Apply(data.Batches(options.BatchSize, random), floor);
            if (options.MaxBatchesPerEpoch is { } cap)
            {
                batches = batches.Take(cap);
            }

            foreach (var batch in batches)
            {
                ct.ThrowIfCancellationRequested();
                lossSum += Step(model, trainable, objective, data.Dataset, batch, options.MicroBatchSize ?? batch.Length, floor, optimizer) * batch.Length;
                lossSamples += batch.Length;
                steps++;
            }
        }

        model.eval();
        var weights = ModuleWeights.Extract(model, trainable.Contains);
        var meanLoss = lossSamples == 0 ? 0.0 : lossSum / lossSamples;
        return new LocalUpdate(weights, data.Count, meanLoss, time.GetElapsedTime(started), steps);
    }

    /// <summary>
    /// One optimizer step over <paramref name="batch"/>, its gradient accumulated over micro-batches
    /// of <paramref name="microBatchSize"/> samples; returns the batch's mean loss.
    /// </summary>
    private static double Step(
        StagedModel model,
        TrainableSet trainable,
        IStageObjective objective,
        ImageDataset dataset,
        int[] batch,
        int microBatchSize,
        int floor,
        optim.Optimizer optimizer)
    {
        optimizer.zero_grad();
        var loss = 0.0;
        foreach (var micro in MicroBatches.Split(batch, microBatchSize, floor))
        {
            // Each micro-batch's mean loss weighs its share of the batch: the summed gradients are the batch mean's.
            loss += Backward(model, trainable, objective, dataset, micro, (double)micro.Length / batch.Length);
        }

        optimizer.step();
        return loss;
    }

    /// <summary>Forward and backward of one micro-batch, its loss scaled by <paramref name="share"/>; the activations are freed before the next.</summary>
    private static double Backward(StagedModel model, TrainableSet trainable, IStageObjective objective, ImageDataset dataset, int[] micro, double share)
    {
        using var scope = NewDisposeScope();
        // Batches are gathered on the CPU, where the dataset lives, then follow the model.
        var images = model.Place(dataset.Images(micro));
        var labels = model.Place(dataset.LabelsAt(micro));
        var loss = StageLoss.Of(model, trainable, objective, images, labels) * share;
        loss.backward();
        return loss.item<float>();
    }

    private static TorchSharp.Modules.SGD Optimizer(
        List<(string Name, TorchSharp.Modules.Parameter Parameter)> parameters, TrainableSet trainable, TrainingOptions options)
    {
        if (options.OutputLearningRateScale == 1)
        {
            return optim.SGD(parameters.Select(p => p.Parameter), options.LearningRate, options.Momentum, weight_decay: options.WeightDecay);
        }

        var output = StagedModel.OutputPrefix(trainable.Stage);
        var groups = parameters
            .GroupBy(p => p.Name.StartsWith(output, StringComparison.Ordinal))
            .Select(group => new TorchSharp.Modules.SGD.ParamGroup(
                group.Select(p => p.Parameter),
                new TorchSharp.Modules.SGD.Options
                {
                    LearningRate = options.LearningRate * (group.Key ? options.OutputLearningRateScale : 1),
                    momentum = options.Momentum,
                    weight_decay = options.WeightDecay,
                }));
        return optim.SGD(groups, options.LearningRate, options.Momentum, weight_decay: options.WeightDecay);
    }

    private static List<(string Name, TorchSharp.Modules.Parameter Parameter)> Freeze(StagedModel model, TrainableSet trainable)
    {
        var trained = new List<(string, TorchSharp.Modules.Parameter)>();
        foreach (var (name, parameter) in model.named_parameters())
        {
            var train = trainable.Contains(name);
            parameter.requires_grad = train;
            if (train)
            {
                trained.Add((name, parameter));
            }
        }

        if (trained.Count == 0)
        {
            throw new ArgumentException(
                $"The trainable set of stage {trainable.Stage} matches no parameter of model '{model.GetName()}'.",
                nameof(trainable));
        }

        return trained;
    }

    private static void SetModes(StagedModel model, TrainableSet trainable)
    {
        // Frozen modules stay in eval so their BatchNorm statistics cannot drift (PAPER.md [choice]).
        model.eval();
        foreach (var (name, module) in model.named_modules())
        {
            if (name.Length > 0 && trainable.ContainsModule(name))
            {
                module.train();
            }
        }
    }
}
