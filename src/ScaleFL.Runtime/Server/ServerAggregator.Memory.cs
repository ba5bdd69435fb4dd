using Akka.Actor;
using Akka.Event;
using ScaleFL.Core.Harmonizer;
using ScaleFL.Core.Objective;
using ScaleFL.Core.Experiments;
using ScaleFL.Core.Simulation;
using static ScaleFL.Runtime.Server.AggregatorProtocol;

namespace ScaleFL.Runtime.Server;

/// <summary>
/// The peaks devices measured of the stages they were asked (<see cref="DeviceMeasurements"/>):
/// kept from their updates and declines, used by <see cref="StageAdmission"/> when the next
/// rounds are planned, and published to subscribers (<c>devices.csv</c>) when they are news; and
/// what the round being planned was told: its stage, footprint ladder and who was asked at which batch.
/// </summary>
public sealed partial class ServerAggregator
{
    private const double Mebibyte = 1024.0 * 1024.0;
    private readonly DeviceMeasurements measurements = new();

    /// <summary>Keeps a device's measured peak of the task it was asked this attempt, and publishes it when it is news.</summary>
    private void RecordMeasurement(int clientId, long measuredBytes, bool accepted)
    {
        if (measuredBytes <= 0 || !planning.Asked.TryGetValue(clientId, out var asked))
        {
            return;
        }

        if (measurements.Get(clientId, current.Trainable, asked.MicroBatchSize) == measuredBytes)
        {
            return;
        }

        measurements.Record(clientId, current.Trainable, asked.MicroBatchSize, measuredBytes);

        // A sub-model task's figures are its sub-model's, not the smallest one that admitted the device.
        var subModel = planning.SubModelTasks.GetValueOrDefault(clientId);
        var estimate = ((subModel?.Footprint ?? asked.Footprint) with { MeasuredBytes = null }).TotalBytes;
        var report = new DeviceMemoryRecord(clientId, clients[clientId].BudgetBytes, current.Trainable.Stage, asked.MicroBatchSize, estimate, measuredBytes, accepted)
        {
            SubModel = subModel?.Spec,
        };
        var figures = string.Create(
            System.Globalization.CultureInfo.InvariantCulture,
            $"{measuredBytes / Mebibyte:F1} MiB (estimate {estimate / Mebibyte:F1} MiB, budget {report.BudgetBytes / Mebibyte:F1} MiB); {(accepted ? "trained" : "declined")}");
        log.Info("Client {0} measured {1} at batch {2}: {3}", clientId, report.SubModel?.ToString() ?? $"stage {report.Stage}", report.BatchSize, figures);
        foreach (var subscriber in subscribers)
        {
            subscriber.Tell(new DeviceMemoryReported(report));
        }
    }

    /// <summary>What the mentor and harmonizer answered about the round being planned.</summary>
    private sealed class PlanningState
    {
        public int ScheduledStage { get; set; }

        public ObjectiveSpec Objective { get; set; } = ObjectiveSpec.CrossEntropy;

        public TrainableSet Trainable { get; set; } = null!;

        public IReadOnlyList<BatchFootprint> Ladder { get; set; } = [];

        /// <summary>The sub-models of a sub-model method; null otherwise.</summary>
        public Core.SubModels.SubModelLadder? SubModels { get; set; }

        /// <summary>The admission of each device asked in the current attempt: its batch and the footprint it was planned by.</summary>
        public Dictionary<int, Admission> Asked { get; } = [];

        /// <summary>The sub-model each device was sent in the current attempt (sub-model methods only).</summary>
        public Dictionary<int, Core.Methods.SubModelTask> SubModelTasks { get; } = [];
    }
}
