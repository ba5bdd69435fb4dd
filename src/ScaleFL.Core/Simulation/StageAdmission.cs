using ScaleFL.Core.Harmonizer;
using ScaleFL.Core.Memory;
using ScaleFL.Core.Methods;

namespace ScaleFL.Core.Simulation;

/// <summary>A trainable set's footprints when trained at <paramref name="BatchSize"/> samples per pass.</summary>
/// <param name="BatchSize">Samples per forward/backward pass: the configured batch, or a micro-batch of <see cref="Training.MicroBatches.Ladder"/>.</param>
/// <param name="Stage">The trainable set's footprint at that size.</param>
/// <param name="FullModel">The whole network's footprint at that size.</param>
public sealed record BatchFootprint(int BatchSize, MemoryFootprint Stage, MemoryFootprint FullModel);

/// <summary>One device's place in a round.</summary>
/// <param name="Client">The device.</param>
/// <param name="MicroBatchSize">Samples per pass it trains with: the configured batch, or a smaller micro-batch with gradient accumulation.</param>
/// <param name="Footprint">The stage footprint that admitted it: the memory model's, or the device's measured peak.</param>
/// <param name="DeviceDecides">True when the device has not measured this stage at this size yet: it is asked, and its own measurement decides.</param>
public sealed record Admission(ClientProfile Client, int MicroBatchSize, MemoryFootprint Footprint, bool DeviceDecides);

/// <summary>
/// Who may train a stage, and at which micro-batch: the one decision of participation that the
/// in-process driver and the server actor both call. For each device the rungs of the ladder are
/// tried largest first; the first the participation policy admits wins. A device's measured peak
/// of a (stage, batch) replaces the memory model's estimate for that device; a device that
/// measures itself and has no figure yet for a rung is asked at that rung.
/// </summary>
public static class StageAdmission
{
    /// <summary>
    /// The admitted devices in id order. <paramref name="ladder"/> is largest batch first, one entry
    /// without elastic batches; <paramref name="measurements"/> holds what devices reported (none in
    /// simulation).
    /// </summary>
    public static IReadOnlyList<Admission> Admit(
        IParticipationPolicy policy,
        IEnumerable<ClientProfile> clients,
        TrainableSet trainable,
        IReadOnlyList<BatchFootprint> ladder,
        DeviceMeasurements? measurements = null)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(ladder);
        if (ladder.Count == 0)
        {
            throw new ArgumentException("The ladder needs at least the configured batch.", nameof(ladder));
        }

        // A policy that admits a zero budget ignores memory: nobody measures, everybody trains the whole batch.
        var ignoresMemory = policy.CanJoin(0, ladder[0].Stage, ladder[0].FullModel);
        var admitted = new List<Admission>();
        foreach (var client in clients.OrderBy(client => client.Id))
        {
            if (ignoresMemory)
            {
                admitted.Add(new Admission(client, ladder[0].BatchSize, ladder[0].Stage, false));
                continue;
            }

            if (AdmitOne(policy, client, trainable, ladder, measurements) is { } admission)
            {
                admitted.Add(admission);
            }
        }

        return admitted;
    }

    private static Admission? AdmitOne(
        IParticipationPolicy policy, ClientProfile client, TrainableSet trainable, IReadOnlyList<BatchFootprint> ladder, DeviceMeasurements? measurements)
    {
        foreach (var rung in ladder)
        {
            var measured = measurements?.Get(client.Id, trainable, rung.BatchSize);
            if (measured is null && client.MeasuresOwnMemory)
            {
                return new Admission(client, rung.BatchSize, rung.Stage, true);
            }

            var stage = measured is { } bytes ? rung.Stage with { MeasuredBytes = bytes } : rung.Stage;
            if (policy.CanJoin(client.MemoryBudgetBytes, stage, rung.FullModel))
            {
                return new Admission(client, rung.BatchSize, stage, false);
            }
        }

        return null;
    }
}
