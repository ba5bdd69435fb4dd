using ScaleFL.Core.Harmonizer;

namespace ScaleFL.Core.Simulation;

/// <summary>
/// The peaks devices measured of the stages they were asked to train, by device, trainable set
/// and samples per pass, in bytes: the server's view of a device's footprint once it reported one
/// (<see cref="StageAdmission"/>). Not thread-safe; the server actor owns it.
/// </summary>
public sealed class DeviceMeasurements
{
    private readonly Dictionary<(int Client, string Trainable, int BatchSize), long> peaks = [];

    /// <summary>Keeps <paramref name="peakBytes"/> (at least 1) as the figure of device <paramref name="clientId"/>, replacing an earlier one.</summary>
    public void Record(int clientId, TrainableSet trainable, int batchSize, long peakBytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(peakBytes, 1);
        peaks[(clientId, FootprintCache.KeyOf(trainable), batchSize)] = peakBytes;
    }

    /// <summary>The figure device <paramref name="clientId"/> reported for this stage and batch, or null.</summary>
    public long? Get(int clientId, TrainableSet trainable, int batchSize) =>
        peaks.TryGetValue((clientId, FootprintCache.KeyOf(trainable), batchSize), out var bytes) ? bytes : null;

    /// <summary>Forgets every figure of a device that registered again (it may be another machine under the same id).</summary>
    public void Forget(int clientId)
    {
        foreach (var key in peaks.Keys.Where(key => key.Client == clientId).ToList())
        {
            peaks.Remove(key);
        }
    }
}
