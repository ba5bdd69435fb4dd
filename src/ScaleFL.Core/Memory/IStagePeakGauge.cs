using ScaleFL.Core.Harmonizer;

namespace ScaleFL.Core.Memory;

/// <summary>
/// Measures, on the device itself, the peak memory of one real training step of a stage: the
/// figure <see cref="DeviceMemoryCheck"/> compares with the device's budget. Implementations run
/// the step in a child process and cache the figure on disk (<see cref="MeasurementCache"/>), so
/// the first task of a stage pays a few seconds and later ones nothing. May block; call it off
/// the actor thread.
/// </summary>
public interface IStagePeakGauge
{
    /// <summary>
    /// The peak of training what a task names at <paramref name="batchSize"/> samples per pass, in
    /// bytes, weights included: the sub-model <paramref name="subModel"/> when set (a width ratio
    /// or a DepthFL depth), else <paramref name="trainable"/> of the model.
    /// </summary>
    /// <exception cref="InvalidOperationException">The measurement failed (the child died, for example of its own out-of-memory).</exception>
    long PeakBytes(TrainableSet trainable, SubModels.SubModelSpec? subModel, int batchSize);
}
