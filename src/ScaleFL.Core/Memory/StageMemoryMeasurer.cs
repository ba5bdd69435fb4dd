using ScaleFL.Core.Harmonizer;
using ScaleFL.Core.Models;
using ScaleFL.Core.Objective;
using TorchSharp;
using static TorchSharp.torch;

namespace ScaleFL.Core.Memory;

/// <summary>What <see cref="StageMemoryMeasurer"/> saw.</summary>
/// <param name="BaselineBytes">Resident memory before training: before the model was built when the caller passed that figure, else with the model loaded.</param>
/// <param name="PeakBytes">Peak resident memory during the training steps.</param>
/// <param name="Method"><c>vmhwm</c> (kernel high-water mark) or <c>sampled</c> (VmRSS every 5 ms).</param>
public sealed record MemoryMeasurement(long BaselineBytes, long PeakBytes, string Method)
{
    /// <summary>
    /// Peak minus baseline: gradients, optimizer state, activations, transients and the
    /// framework's first-step cost, plus the weights when the baseline was taken before the
    /// model was built (as <c>memory-probe</c> does).
    /// </summary>
    public long PeakAboveBaselineBytes => PeakBytes - BaselineBytes;
}

/// <summary>
/// Measures real training memory in this process: resident memory before, then the peak over a
/// few steps of SGD as local training runs it (momentum 0.9, weight decay 5e-4) of
/// <see cref="TrainableSet"/> on random data of the model's input shape. Resident memory is process-wide, so run it alone in a child process per (model,
/// stage), see <see cref="MemoryProbeRequest"/>. The model is trained in place and its
/// parameters' requires_grad flags are left as the trainable set says: use a throwaway model.
/// </summary>
public static class StageMemoryMeasurer
{
    private static readonly TimeSpan SamplePeriod = TimeSpan.FromMilliseconds(5);

    /// <summary>
    /// Runs <paramref name="steps"/> training steps and reports baseline and peak. Pass
    /// <paramref name="baselineBytes"/> (<see cref="ResidentBytes"/> read before the model was
    /// built) to count the weights and everything the first step costs; without it the baseline
    /// is taken after a warm-up inference pass with the model loaded.
    /// </summary>
    public static MemoryMeasurement Measure(
        StagedModel model, TrainableSet trainable, int batchSize, int steps, IStageObjective? objective = null, int seed = 0, long? baselineBytes = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(trainable);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 1);
        objective ??= trainable.Exits.Count > 1 ? new SelfDistillationObjective() : new CrossEntropyObjective();
        var parameters = PrepareTrainable(model, trainable);
        ReleaseOffDevice(model, trainable);
        using var generator = new Generator().manual_seed(seed);

        NativeAllocator.ReturnLargeBlocksToSystem();
        if (baselineBytes is null)
        {
            WarmUp(model);
        }

        GC.Collect();
        GC.WaitForPendingFinalizers();
        var baseline = baselineBytes ?? ResidentMemory.CurrentBytes();
        var hwmReset = ResidentMemory.TryResetPeak();
        using var sampler = hwmReset ? null : new ResidentMemorySampler(SamplePeriod);

        // The optimizer is created after the baseline: its state is part of training memory.
        using var optimizer = optim.SGD(parameters, 0.01, momentum: 0.9, weight_decay: 5e-4);
        for (var step = 0; step < steps; step++)
        {
            TrainStep(model, trainable, optimizer, objective, batchSize, generator);
        }

        var peak = hwmReset ? ResidentMemory.PeakBytes() : sampler!.PeakBytes;
        return new MemoryMeasurement(baseline, Math.Max(peak, baseline), hwmReset ? "vmhwm" : "sampled");
    }

    /// <summary>This process's resident memory now, in bytes (Linux only).</summary>
    public static long ResidentBytes() => ResidentMemory.CurrentBytes();

    /// <summary>
    /// One inference pass on a single sample before the baseline, so that libtorch's one-time
    /// set-up (thread pools, kernel caches) counts as runtime, not as this stage's training memory.
    /// </summary>
    private static void WarmUp(StagedModel model)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var shape = model.Description.Input;
        var wasTraining = model.training;
        model.eval();
        model.call(zeros(1, shape.Channels, shape.Height, shape.Width));
        model.train(wasTraining);
    }

    /// <summary>
    /// Frees the weights and buffers of the blocks after the trained stage and of the other
    /// stages' output modules: a device training stage k holds blocks 0..k and output module k
    /// only (paper, sequential block-wise training), a DepthFL device blocks 0..k and their
    /// classifiers, and so does the estimate.
    /// </summary>
    private static void ReleaseOffDevice(StagedModel model, TrainableSet trainable)
    {
        var (stage, exits) = (trainable.Stage, trainable.Exits);
        using var noGrad = no_grad();
        foreach (var (name, parameter) in model.named_parameters())
        {
            if (!ActivationProbe.OnDevice(name, stage, exits))
            {
                parameter.set_(empty(0));
            }
        }

        foreach (var (name, buffer) in model.named_buffers())
        {
            if (!ActivationProbe.OnDevice(name, stage, exits))
            {
                buffer.set_(empty(0, dtype: buffer.dtype));
            }
        }
    }

    private static List<TorchSharp.Modules.Parameter> PrepareTrainable(StagedModel model, TrainableSet trainable)
    {
        var parameters = new List<TorchSharp.Modules.Parameter>();
        foreach (var (name, parameter) in model.named_parameters())
        {
            var trained = trainable.Contains(name);
            parameter.requires_grad = trained;
            if (trained)
            {
                parameters.Add(parameter);
            }
        }

        model.train();
        for (var block = 0; block < trainable.FirstGradientBlock; block++)
        {
            model.Block(block).eval();
        }

        return parameters;
    }

    private static void TrainStep(
        StagedModel model, TrainableSet trainable, optim.Optimizer optimizer, IStageObjective objective, int batchSize, Generator generator)
    {
        using var scope = NewDisposeScope();
        var shape = model.Description.Input;
        var inputs = randn([batchSize, shape.Channels, shape.Height, shape.Width], generator: generator);
        var labels = randint(model.Description.ClassCount, [batchSize], generator: generator);
        var loss = Training.StageLoss.Of(model, trainable, objective, inputs, labels);
        optimizer.zero_grad();
        loss.backward();
        optimizer.step();
    }
}
