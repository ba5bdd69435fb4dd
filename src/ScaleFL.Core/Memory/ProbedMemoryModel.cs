using System.Collections.Concurrent;
using ScaleFL.Core.Harmonizer;
using ScaleFL.Core.Models;

namespace ScaleFL.Core.Memory;

/// <summary>
/// An <see cref="IMemoryModel"/> that counts weights exactly and measures activations by probing
/// the model with one sample and forward hooks on its leaf modules, then scales linearly with the
/// batch size. Approximations, by design:
/// <list type="bullet">
/// <item>Every leaf call from the first trainable leaf on keeps its output for backward (its own
/// or the next layer's saved input), plus the input of that first trainable leaf. Inside the
/// first gradient block this starts at the first leaf with trainable parameters, so with the
/// harmonizer only the co-adapted tail of the previous block counts. Functional ops inside a
/// module's forward (a residual add, pooling by function) are not leaves and are not counted.</item>
/// <item>Frozen-prefix leaves keep nothing; their transient cost is the largest input plus
/// output of one of them.</item>
/// <item>Optimizer state is 0, 1 or 2 copies of the trainable parameters.</item>
/// </list>
/// Probe results are cached per (model description, stage count, stage). Models must invoke
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

    private readonly ConcurrentDictionary<(ModelDescription Description, int StageCount, int Stage), IReadOnlyList<LeafCall>> probes = new();

    /// <summary>Creates the model; <paramref name="countCurriculumKernels"/> adds the HSIC kernels to activations.</summary>
    public ProbedMemoryModel(bool countCurriculumKernels = false)
    {
        CountsCurriculumKernels = countCurriculumKernels;
    }

    /// <summary>Whether activations include <see cref="CurriculumKernelMatrices"/> m x m float matrices.</summary>
    public bool CountsCurriculumKernels { get; }

    /// <inheritdoc />
    public MemoryFootprint Estimate(StagedModel model, TrainableSet trainable, int batchSize, OptimizerKind optimizer)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(trainable);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        var stage = trainable.Stage;
        var weightBytes = 0L;
        var trainableBytes = 0L;
        foreach (var (name, parameter) in model.named_parameters())
        {
            if (ActivationProbe.OnDevice(name, stage))
            {
                weightBytes += ActivationProbe.Bytes(parameter);
                trainableBytes += trainable.Contains(name) ? ActivationProbe.Bytes(parameter) : 0;
            }
        }

        weightBytes += model.named_buffers()
            .Where(pair => pair.Item2.is_floating_point() && ActivationProbe.OnDevice(pair.Item1, stage))
            .Sum(pair => ActivationProbe.Bytes(pair.Item2));

        var calls = probes.GetOrAdd((model.Description, model.StageCount, stage), key => ActivationProbe.Run(model, key.Stage));
        var firstTrained = FirstTrainedCall(calls, trainable);
        var activationBytes = firstTrained < 0
            ? 0L
            : batchSize * (calls[firstTrained].InputBytes + calls.Skip(firstTrained).Sum(call => call.OutputBytes));
        if (CountsCurriculumKernels)
        {
            activationBytes += CurriculumKernelMatrices * (long)batchSize * batchSize * sizeof(float);
        }

        var frozenCalls = firstTrained < 0 ? calls : calls.Take(firstTrained);
        var transientBytes = batchSize * frozenCalls.Select(call => call.InputBytes + call.OutputBytes).DefaultIfEmpty(0L).Max();
        return new MemoryFootprint(weightBytes, trainableBytes, OptimizerCopies(optimizer) * trainableBytes, activationBytes, transientBytes);
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

    private static long OptimizerCopies(OptimizerKind optimizer) => optimizer switch
    {
        OptimizerKind.Sgd => 0,
        OptimizerKind.SgdMomentum => 1,
        OptimizerKind.Adam => 2,
        _ => throw new ArgumentOutOfRangeException(nameof(optimizer), optimizer, "Allowed: Sgd, SgdMomentum, Adam."),
    };
}
