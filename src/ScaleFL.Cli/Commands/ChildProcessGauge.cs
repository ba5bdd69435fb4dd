using ScaleFL.Core.Harmonizer;
using ScaleFL.Core.Memory;
using ScaleFL.Core.SubModels;

namespace ScaleFL.Cli.Commands;

/// <summary>
/// How <c>scalefl client</c> measures itself: the peak of <see cref="MemoryProbeRequest.DefaultSteps"/>
/// real training steps of the task's stage or sub-model (width or depth) and batch on random data, in a fresh child process
/// (<see cref="MemoryProbeChild"/>), cached on disk by model, stage, sub-model, harmonizer, batch and library
/// version (<see cref="MeasurementCache"/>), so only the first task of a stage costs the seconds.
/// The steps after the first count because the optimizer's momentum buffers appear at the first step.
/// </summary>
internal sealed class ChildProcessGauge(string modelName, MeasurementCache cache) : IStagePeakGauge
{
    /// <inheritdoc />
    public long PeakBytes(TrainableSet trainable, SubModelSpec? subModel, int batchSize) =>
        MemoryProbeChild.StagePeakBytes(MemoryProbeRequest.ForTask(modelName, trainable, batchSize, subModel), cache);
}
