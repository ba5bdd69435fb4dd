using System.Collections.Concurrent;
using ScaleFL.Core.Harmonizer;
using ScaleFL.Core.Models;

namespace ScaleFL.Core.Memory;

/// <summary>
/// An <see cref="IMemoryModel"/> that counts weights exactly and measures activations by probing
/// the model with one sample and forward hooks on its leaf modules, then scales linearly with the
/// batch size. It is meant as an upper bound of the resident peak of one training step (within
/// 25 % of it on the catalog models, see BENCHMARKS.md), counting:
/// <list type="bullet">
/// <item>Saved activations: from the first trainable leaf on, every distinct tensor a leaf takes as
/// input (convolutions, BatchNorm and linear layers save their input; a ReLU's saved output is
/// the next layer's input, whether the ReLU is a module or a function), plus the last output
/// and a max pool's int64 indices. An op that keeps its input (pooling) must be a module for
/// that input to be seen: a function's input is seen only when a later module receives it.
/// With the harmonizer this starts at the co-adapted tail of the previous block.</item>
/// <item>Backward: buffers the size of the three largest of those tensors: while autograd passes
/// a gradient through one op its output's and input's gradients are alive, and a tensor used
/// twice (a residual block's input) accumulates a third.</item>
/// <item>Frozen-prefix leaves keep nothing for backward; their forward holds the input batch and
/// the largest frozen composite module's input and intermediates (all alive until it returns).
/// That comes before the trained part holds anything, so the transient is only its excess over
/// activations plus backward.</item>
/// <item>Optimizer: 0, 1 or 2 copies of the trainable parameters of state, plus what the step's
/// temporaries need beyond the room backward has released. TorchSharp's SGD makes a decayed
/// gradient per parameter (Adam also a square root and a quotient) inside one dispose scope
/// that ends when the step returns, so all of them are alive together: one (Adam: three)
/// copies of the trainable parameters that have a gradient (not the projection head unless
/// the curriculum kernels are counted). That comes after backward has freed the activations, their
/// gradients and any frozen-prefix transient, so only its excess over those counts; it matters
/// where weights dominate activations (VGG's 512x512 convolutions at a small batch).</item>
/// <item>Framework: a fixed cost of the first training step in a process, given by the caller,
/// measured once per process by <see cref="FrameworkOverhead"/>.</item>
/// </list>
/// A DepthFL sub-model (several <see cref="TrainableSet.Exits"/>) is probed with every classifier
/// it trains, their weights and inputs counted like the blocks'.
/// Probe results are cached per (model description, stage count, stage, exits). Models must invoke
/// submodules with <c>call</c> so hooks fire; a leaf with parameters that never fires is an error.
/// </summary>
public sealed class ProbedMemoryModel : IMemoryModel
{
    /// <summary>
    /// m x m float matrices the curriculum objective keeps for backward: for each of its two nHSIC
    /// terms the distances, kernel and centred kernel of the trained side and the centred kernel
    /// of the other side.
    /// </summary>
    public const int CurriculumKernelMatrices = 8;

    private readonly ConcurrentDictionary<(ModelDescription Description, int StageCount, int Stage, string Exits), IReadOnlyList<LeafCall>> probes = new();

    /// <summary>
    /// Creates the model; <paramref name="countCurriculumKernels"/> adds the HSIC kernels to
    /// activations, <paramref name="frameworkBytes"/> (at least 0) is added to every footprint.
    /// </summary>
    public ProbedMemoryModel(bool countCurriculumKernels = false, long frameworkBytes = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(frameworkBytes);
        CountsCurriculumKernels = countCurriculumKernels;
        FrameworkBytes = frameworkBytes;
    }

    /// <summary>The fixed per-process cost added to every footprint, in bytes.</summary>
    public long FrameworkBytes { get; }

    /// <summary>Whether activations include <see cref="CurriculumKernelMatrices"/> m x m float matrices.</summary>
    public bool CountsCurriculumKernels { get; }

    /// <inheritdoc />
    public MemoryFootprint Estimate(StagedModel model, TrainableSet trainable, int batchSize, OptimizerKind optimizer)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(trainable);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        var stage = trainable.Stage;
        var exits = trainable.Exits;
        var weightBytes = 0L;
        var trainableBytes = 0L;
        var steppedBytes = 0L;
        foreach (var (name, parameter) in model.named_parameters())
        {
            if (ActivationProbe.OnDevice(name, stage, exits))
            {
                weightBytes += ActivationProbe.Bytes(parameter);
                var trained = trainable.Contains(name) ? ActivationProbe.Bytes(parameter) : 0;
                trainableBytes += trained;

                // The step skips a parameter without a gradient: the projection head under cross-entropy.
                steppedBytes += CountsCurriculumKernels || !IsProjection(name, stage) ? trained : 0;
            }
        }

        weightBytes += model.named_buffers()
            .Where(pair => pair.Item2.is_floating_point() && ActivationProbe.OnDevice(pair.Item1, stage, exits))
            .Sum(pair => ActivationProbe.Bytes(pair.Item2));

        var calls = probes.GetOrAdd((model.Description, model.StageCount, stage, string.Join(",", exits)), key => ActivationProbe.Run(model, key.Stage, exits));
        var firstTrained = FirstTrainedCall(calls, trainable);
        var saved = SavedPerSample(calls, firstTrained);
        var activationBytes = batchSize * saved.Sum();
        if (CountsCurriculumKernels)
        {
            activationBytes += CurriculumKernelMatrices * (long)batchSize * batchSize * sizeof(float);
        }

        var backwardBytes = batchSize * saved.OrderDescending().Take(3).Sum();
        // The frozen prefix runs before the trained part keeps anything, so only what its forward
        // holds beyond the trained part's activations and backward adds to the peak.
        var frozenCalls = (firstTrained < 0 ? calls : calls.Take(firstTrained)).ToList();
        var frozenPeak = frozenCalls.Count == 0 ? 0L : batchSize * (calls[0].InputBytes + LargestFrozenModule(frozenCalls));
        var transientBytes = Math.Max(0L, frozenPeak - activationBytes - backwardBytes);
        var stepTemporaries = StepTemporaryCopies(optimizer) * steppedBytes;
        var optimizerBytes = (OptimizerCopies(optimizer) * trainableBytes) + Math.Max(0L, stepTemporaries - activationBytes - backwardBytes - transientBytes);
        return new MemoryFootprint(weightBytes, trainableBytes, optimizerBytes, activationBytes, transientBytes, backwardBytes, FrameworkBytes);
    }

    /// <summary>
    /// Per-sample bytes of the frozen module whose forward holds most at once: a composite module
    /// (a residual block) keeps its input and every intermediate in its dispose scope until it
    /// returns, even under no_grad, so its leaf calls are summed, grouped by parent module, plus
    /// its own result (a final ReLU), made while they are all still alive.
    /// </summary>
    private static long LargestFrozenModule(IReadOnlyList<LeafCall> frozenCalls) =>
        frozenCalls
            .GroupBy(call => ParentOf(call.Module), StringComparer.Ordinal)
            .Select(group => group.First().InputBytes + group.Sum(call => call.OutputBytes + call.FunctionalInputBytes) + group.Max(call => call.OutputBytes))
            .Max();

    private static string ParentOf(string module)
    {
        var dot = module.LastIndexOf('.');
        return dot < 0 ? string.Empty : module[..dot];
    }

    /// <summary>
    /// Per-sample bytes of every tensor autograd keeps from the first trained call on: the input
    /// of each leaf (what convolutions, BatchNorm, linear layers and pools save; a ReLU's saved
    /// output is the next layer's input), each tensor once, a max pool's indices, plus the last
    /// call's output.
    /// </summary>
    private static List<long> SavedPerSample(IReadOnlyList<LeafCall> calls, int firstTrained)
    {
        var saved = new List<long>();
        if (firstTrained < 0)
        {
            return saved;
        }

        saved.Add(calls[firstTrained].InputBytes);
        for (var index = firstTrained + 1; index < calls.Count; index++)
        {
            if (calls[index].NewInputBytes > 0)
            {
                saved.Add(calls[index].NewInputBytes);
            }

            if (calls[index].IndexBytes > 0)
            {
                saved.Add(calls[index].IndexBytes);
            }
        }

        saved.Add(calls[^1].OutputBytes);
        return saved;
    }

    private static int FirstTrainedCall(IReadOnlyList<LeafCall> calls, TrainableSet trainable)
    {
        for (var index = 0; index < calls.Count; index++)
        {
            if (calls[index].HasParameters && trainable.ContainsModule(calls[index].Module))
            {
                return index;
            }
        }

        return -1;
    }

    private static bool IsProjection(string name, int stage) =>
        name.StartsWith($"{StagedModel.OutputPrefix(stage)}{OutputModule.ProjectionName}.", StringComparison.Ordinal);

    /// <summary>Copies of the trainable parameters one step holds at once: a decayed gradient (SGD), plus a square root and a quotient (Adam).</summary>
    private static long StepTemporaryCopies(OptimizerKind optimizer) => optimizer switch
    {
        OptimizerKind.Sgd or OptimizerKind.SgdMomentum => 1,
        OptimizerKind.Adam => 3,
        _ => throw new ArgumentOutOfRangeException(nameof(optimizer), optimizer, "Allowed: Sgd, SgdMomentum, Adam."),
    };

    private static long OptimizerCopies(OptimizerKind optimizer) => optimizer switch
    {
        OptimizerKind.Sgd => 0,
        OptimizerKind.SgdMomentum => 1,
        OptimizerKind.Adam => 2,
        _ => throw new ArgumentOutOfRangeException(nameof(optimizer), optimizer, "Allowed: Sgd, SgdMomentum, Adam."),
    };
}
