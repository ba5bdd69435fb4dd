using ScaleFL.Core.Data;
using ScaleFL.Core.Memory;
using ScaleFL.Core.Methods;
using ScaleFL.Core.Models;
using ScaleFL.Core.Simulation;
using ScaleFL.Runtime.Server;

namespace ScaleFL.Runtime.Cluster;

/// <summary>
/// What the server node runs: the model, method, schedule, memory model and test set of an
/// experiment (no client data), the aggregator's round rules, and how long to wait for clients.
/// </summary>
public sealed record ServerPlan
{
    /// <summary>Creates the model with the run's seeded initial weights.</summary>
    public required Func<StagedModel> ModelFactory { get; init; }

    /// <summary>The method: plan, objective, participation and aggregation.</summary>
    public required MethodDefinition Method { get; init; }

    /// <summary>Which stage each round trains.</summary>
    public required ISchedule Schedule { get; init; }

    /// <summary>Training footprints, which decide who may join a stage.</summary>
    public required IMemoryModel MemoryModel { get; init; }

    /// <summary>The evaluation set.</summary>
    public required ImageDataset TestData { get; init; }

    /// <summary>Round rules and how devices train (<see cref="AggregatorSettings.Training"/>, whose batch size the mentor sizes footprints with); <see cref="AggregatorSettings.ExpectedClients"/> is the number of clients the run waits for. Use <see cref="DeadlineMode.WallClock"/> on a cluster.</summary>
    public required AggregatorSettings Aggregator { get; init; }

    /// <summary>How long to wait for <see cref="AggregatorSettings.ExpectedClients"/> registrations before giving up. Positive; default 10 minutes.</summary>
    public TimeSpan ClientWait { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Bound of the whole run. Positive; default 24 hours.</summary>
    public TimeSpan RunTimeout { get; init; } = TimeSpan.FromHours(24);

    /// <summary>Called (on an actor thread) after every round.</summary>
    public Action<AggregatorProtocol.RoundCompleted>? Progress { get; init; }

    /// <summary>
    /// Called (on an actor thread) after a round in which new faults were reported, before <see cref="Progress"/>,
    /// with every fault of this run so far (for <c>faults.csv</c>, so a stopped run keeps them).
    /// </summary>
    public Action<Core.Faults.FaultReport>? FaultsRecorded { get; init; }

    /// <summary>Called while waiting, with the number of clients registered so far, whenever it changes.</summary>
    public Action<int>? Waiting { get; init; }

    /// <summary>Called (on an actor thread) with the client id and the one-line reason when a registration is refused.</summary>
    public Action<int, string>? Refused { get; init; }

    /// <summary>Called (on an actor thread) when a device reports a new measured peak of a stage (<c>devices.csv</c>).</summary>
    public Action<Core.Experiments.DeviceMemoryRecord>? DeviceMeasured { get; init; }

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first invalid field.</summary>
    public ServerPlan Validate()
    {
        Aggregator.Validate();
        if (ClientWait <= TimeSpan.Zero)
        {
            throw new ArgumentException($"ServerPlan.ClientWait is {ClientWait}; allowed: positive.", nameof(ClientWait));
        }

        if (RunTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException($"ServerPlan.RunTimeout is {RunTimeout}; allowed: positive.", nameof(RunTimeout));
        }

        return this;
    }
}
