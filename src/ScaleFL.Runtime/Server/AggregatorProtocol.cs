using Akka.Actor;
using ScaleFL.Core.Aggregation;
using ScaleFL.Core.Data;
using ScaleFL.Core.Experiments;
using ScaleFL.Core.Faults;
using ScaleFL.Core.Methods;
using ScaleFL.Core.Models;
using ScaleFL.Core.Objective;
using ScaleFL.Core.Simulation;
using ScaleFL.Core.Weights;

namespace ScaleFL.Runtime.Server;

/// <summary>
/// Contract of the <see cref="ServerAggregator"/>, which runs the rounds: it asks the mentor for
/// the stage and the harmonizer for the trainable set, samples registered clients, sends them
/// tasks, collects updates until the round's deadline, aggregates through the method's Core
/// strategy, evaluates, and publishes <see cref="RoundCompleted"/> and finally
/// <see cref="RunCompleted"/> to its subscribers. Neighbours are <see cref="IActorRef"/>s given
/// in <see cref="Props"/> and in messages, never looked up by path.
/// </summary>
public static class AggregatorProtocol
{
    /// <summary>Marker of the messages that cross the wire; bound to <see cref="Serialization.AggregatorSerializer"/>.</summary>
    public interface IAggregatorMessage;

    /// <summary>A device joins the federation; answered with <see cref="RegisterClientAck"/>. Registering again replaces the entry.</summary>
    /// <param name="ClientId">The device's id, unique in the run.</param>
    /// <param name="BudgetBytes">Training memory it can give.</param>
    /// <param name="SampleCount">Samples it holds.</param>
    /// <param name="SpeedFactor">Relative compute speed (1 = reference machine).</param>
    /// <param name="Device">The device actor tasks go to.</param>
    public sealed record RegisterClient(int ClientId, long BudgetBytes, int SampleCount, double SpeedFactor, IActorRef Device) : IAggregatorMessage
    {
        /// <summary>A <see cref="Security.JoinProof"/>: one-use, bound to this client id and the device's address, keyed with the join secret's token; empty without a secret.</summary>
        public string JoinToken { get; init; } = string.Empty;

        /// <summary>The shape and classes of the device's data, the models it can build and the experiment it was set up for; checked against <see cref="AggregatorSettings.Experiment"/>.</summary>
        public DeviceFacts? Facts { get; init; }

        /// <summary>
        /// The device measures a stage's peak itself before training it and reports the figure
        /// (<c>scalefl client</c>): it is asked a stage until it reported one, then planned by it.
        /// </summary>
        public bool MeasuresOwnMemory { get; init; }
    }

    /// <summary>
    /// The server refused a registration (wrong or missing join secret, data or model that does
    /// not fit the experiment); the device's updates are ignored. <paramref name="Reason"/> is one
    /// line naming the setting and both values.
    /// </summary>
    public sealed record RegisterClientRefused(int ClientId, string Reason) : IAggregatorMessage;

    /// <summary>Published to subscribers when a registration is refused, so the server's operator sees the same line as the device's.</summary>
    public sealed record ClientRefused(int ClientId, string Reason) : IAggregatorMessage;

    /// <summary>Asks what the server trains before registering; answered with <see cref="ExperimentResponse"/>.</summary>
    public sealed record GetExperiment : IAggregatorMessage;

    /// <summary>The server's experiment: model, data split and fingerprint; null when the server was started without one.</summary>
    public sealed record ExperimentResponse(ExperimentSpec? Experiment) : IAggregatorMessage
    {
        /// <summary>
        /// The server's fault plan (<see cref="AggregatorSettings.Faults"/>): a device whose client id it
        /// names runs behind a <see cref="Faults.FaultInjector"/> in its own process. Empty by default.
        /// </summary>
        public FaultPlan Faults { get; init; } = FaultPlan.None;
    }

    /// <summary>The server knows the device.</summary>
    public sealed record RegisterClientAck(int ClientId) : IAggregatorMessage
    {
        /// <summary>
        /// The secret the device attaches to its updates, declines and dropouts
        /// (<see cref="Security.DeviceAuthorization"/>); empty for a device in the server's process.
        /// </summary>
        public string Session { get; init; } = string.Empty;
    }

    /// <summary>Adds <paramref name="Subscriber"/> to the receivers of round and run events; answered with <see cref="SubscribeAck"/>. Local only: from another node it arrives as <see cref="Security.RefusedFromWire"/>, as do the run control and result messages.</summary>
    public sealed record Subscribe(IActorRef Subscriber) : IAggregatorMessage;

    /// <summary>The subscriber will receive events.</summary>
    public sealed record SubscribeAck(IActorRef Subscriber) : IAggregatorMessage;

    /// <summary>
    /// Starts the run once <see cref="AggregatorSettings.ExpectedClients"/> have registered, or
    /// with whoever registered when <see cref="AggregatorSettings.RegistrationTimeout"/> passes.
    /// </summary>
    public sealed record StartRun : IAggregatorMessage;

    /// <summary>Asks for <see cref="ServerStatusResponse"/>.</summary>
    public sealed record GetServerStatus : IAggregatorMessage;

    /// <summary>What the server is doing.</summary>
    /// <param name="RegisteredClients">Devices registered.</param>
    /// <param name="Round">Current round (0 before the run).</param>
    /// <param name="State">Idle, AwaitingClients, Planning, Collecting, Evaluating, Finishing or Done.</param>
    public sealed record ServerStatusResponse(int RegisteredClients, int Round, string State) : IAggregatorMessage;

    /// <summary>
    /// A client's update for one round attempt. Sent through <see cref="Transport.BulkTransfer"/>,
    /// as the weights may be megabytes.
    /// </summary>
    /// <param name="ClientId">The client.</param>
    /// <param name="Round">The round of the task.</param>
    /// <param name="Attempt">The attempt of the task (0, then 1.. for retries).</param>
    /// <param name="ModelVersion">The global model version the task was built from.</param>
    /// <param name="Weights">Only the trained arrays.</param>
    /// <param name="SampleCount">Samples trained on (the FedAvg weight).</param>
    /// <param name="Loss">Mean training loss.</param>
    /// <param name="TrainSeconds">Measured local training time.</param>
    /// <param name="SimulatedSeconds">Time the training would take on the device: train seconds (or steps times the nominal step time) over its speed factor.</param>
    /// <param name="FootprintBytes">The stage's training memory the client committed.</param>
    /// <param name="BytesDown">Weight bytes the task carried to this client.</param>
    /// <param name="BytesUp">Weight bytes of this update.</param>
    /// <param name="HeldBlocks">The block versions the client keeps cached for the next task.</param>
    public sealed record SubmitUpdate(
        int ClientId,
        int Round,
        int Attempt,
        int ModelVersion,
        WeightSet Weights,
        int SampleCount,
        double Loss,
        double TrainSeconds,
        double SimulatedSeconds,
        long FootprintBytes,
        long BytesDown,
        long BytesUp,
        IReadOnlyList<BlockVersion> HeldBlocks) : IAggregatorMessage
    {
        /// <summary>The update as Core's <see cref="RoundEngine"/> judges it.</summary>
        public ClientUpdate ToClientUpdate() => new(ClientId, Round, Attempt, ModelVersion, Weights, SampleCount, Loss, TrainSeconds, SimulatedSeconds);

        /// <summary>The session of <see cref="RegisterClientAck"/>; the update is refused without it.</summary>
        public string Session { get; init; } = string.Empty;

        /// <summary>The peak the device measured of one training step of this task's stage and batch, in bytes; 0 when it did not measure.</summary>
        public long MeasuredBytes { get; init; }
    }

    /// <summary>A client refused a task (memory budget below the stage's need, a block missing from its cache, busy, ...).</summary>
    public sealed record TaskDeclined(int ClientId, int Round, int Attempt, string Reason) : IAggregatorMessage
    {
        /// <summary>The session of <see cref="RegisterClientAck"/>.</summary>
        public string Session { get; init; } = string.Empty;

        /// <summary>The peak the device measured of one training step of this task's stage and batch, in bytes, when that is why it declined; else 0.</summary>
        public long MeasuredBytes { get; init; }
    }

    /// <summary>
    /// Published to subscribers when a device reports a new measured peak of a stage: the server
    /// plans that device's next rounds with it and records it in <c>devices.csv</c>.
    /// </summary>
    public sealed record DeviceMemoryReported(DeviceMemoryRecord Record) : IAggregatorMessage;

    /// <summary>
    /// A simulated device drew a dropout for this round. Only simulations send it, so a round
    /// closes as soon as everyone answered instead of waiting for the wall-clock bound; a real
    /// device that drops out simply says nothing. Counted as dropped, never as declined.
    /// </summary>
    public sealed record DropoutAnnounced(int ClientId, int Round, int Attempt) : IAggregatorMessage
    {
        /// <summary>The session of <see cref="RegisterClientAck"/>.</summary>
        public string Session { get; init; } = string.Empty;
    }

    /// <summary>
    /// A <see cref="Faults.FaultInjector"/> carried out one entry of the server's fault plan on client
    /// <paramref name="ClientId"/>'s messages in <paramref name="Round"/>. The server takes it only from
    /// the client's registered device, with its session, and only for a kind the plan gives that
    /// client; it publishes it to its subscribers, which write <c>faults.csv</c>. It travels even
    /// while the fault cuts the device off (it is the test harness's report, not the device's traffic).
    /// </summary>
    /// <param name="ClientId">The client.</param>
    /// <param name="Round">The round of the task or message it hit.</param>
    /// <param name="Kind">What was injected.</param>
    /// <param name="Detail">What exactly (which message, by how much); at most <see cref="MaxFaultDetail"/> characters are kept.</param>
    public sealed record FaultInjected(int ClientId, int Round, FaultKind Kind, string Detail) : IAggregatorMessage
    {
        /// <summary>The session of <see cref="RegisterClientAck"/>.</summary>
        public string Session { get; init; } = string.Empty;
    }

    /// <summary>Longest <see cref="FaultInjected.Detail"/> the server records, in characters.</summary>
    public const int MaxFaultDetail = 200;

    /// <summary>
    /// A round finished: published to subscribers and the mentor. <paramref name="Metrics"/> is the
    /// Core record every engine writes to <c>metrics.csv</c>; the rest is what only the actor
    /// runtime's rounds have.
    /// </summary>
    /// <param name="Metrics">Stage, accuracy, losses, client counts (late updates included), times, bytes, participants, nHSIC points and rejections.</param>
    /// <param name="Attempts">Attempts it took (1 without retries).</param>
    /// <param name="ScheduledStage">The stage the schedule chose; <see cref="RoundMetrics.Stage"/> is the one trained and evaluated (the last one for full-model methods).</param>
    /// <param name="Declined">Selected clients that declined.</param>
    /// <param name="Surplus">On-time updates beyond the round size (over-commit), discarded.</param>
    /// <param name="Discarded">Updates ignored while this round ran: duplicates, other rounds, stale model versions, unknown clients, late arrivals after a round closed.</param>
    /// <param name="Skipped">True when fewer than the minimum of results came and the weights were left unchanged.</param>
    public sealed record RoundCompleted(
        RoundMetrics Metrics,
        int Attempts,
        int ScheduledStage,
        int Declined,
        int Surplus,
        int Discarded,
        bool Skipped) : IAggregatorMessage
    {
        /// <summary>The round, 1-based.</summary>
        public int Round => Metrics.Round;

        /// <summary>The stage trained and evaluated.</summary>
        public int Stage => Metrics.Stage;
    }

    /// <summary>The run finished. Sent through <see cref="Transport.BulkTransfer"/> (it carries the whole model).</summary>
    /// <param name="Rounds">Rounds run.</param>
    /// <param name="FinalWeights">The global model.</param>
    /// <param name="FinalAccuracy">The full network on the whole test set.</param>
    /// <param name="FinalLoss">Its test cross-entropy.</param>
    /// <param name="FinalSamples">Test samples evaluated.</param>
    /// <param name="LateDiscarded">Updates that arrived after their round had closed, over the whole run.</param>
    public sealed record RunCompleted(int Rounds, WeightSet FinalWeights, double FinalAccuracy, double FinalLoss, int FinalSamples, int LateDiscarded) : IAggregatorMessage;

    /// <summary>The run stopped without finishing (a neighbour did not answer in time, evaluation failed).</summary>
    public sealed record RunFailed(int Round, string Reason) : IAggregatorMessage;

    /// <summary>
    /// Creates the server. <paramref name="method"/> supplies participation and aggregation;
    /// <paramref name="modelFactory"/> builds the one model the server evaluates with (its initial
    /// weights are the run's; a factory that seeds the global torch generator must not run
    /// concurrently with another, see <see cref="Simulation.SimulationHost"/>);
    /// <paramref name="testData"/> is the evaluation set.
    /// </summary>
    public static Props Props(
        AggregatorSettings settings,
        IActorRef mentor,
        IActorRef harmonizer,
        MethodDefinition method,
        Func<StagedModel> modelFactory,
        ImageDataset testData,
        TimeProvider? time = null) =>
        Akka.Actor.Props.Create(() => new ServerAggregator(settings.Validate(), mentor, harmonizer, method, modelFactory, testData, time ?? TimeProvider.System));
}
