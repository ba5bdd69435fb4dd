using Akka.Actor;
using ScaleFL.Core.Data;
using ScaleFL.Core.Experiments;
using ScaleFL.Core.Harmonizer;
using ScaleFL.Core.Memory;
using ScaleFL.Core.Objective;
using ScaleFL.Core.Training;
using ScaleFL.Core.Weights;

namespace ScaleFL.Runtime.Devices;

/// <summary>
/// Contract of a <see cref="ClientDevice"/>: a simulated or real device that registers with the
/// server, declines stages it cannot afford, trains the others through Core's
/// <see cref="LocalTrainer"/> on a shared bounded <see cref="TrainingExecutor"/>, and answers
/// with a <see cref="Server.AggregatorProtocol.SubmitUpdate"/> or a
/// <see cref="Server.AggregatorProtocol.TaskDeclined"/>. Idle, it holds no model and no data
/// copy: only its cached frozen blocks (when enabled) and an index view of the shared dataset.
/// </summary>
public static class ClientDeviceProtocol
{
    /// <summary>Marker of the messages that cross the wire; bound to <see cref="Serialization.ClientDeviceSerializer"/>.</summary>
    public interface IClientDeviceMessage;

    /// <summary>
    /// Order to train one stage. Sent through <see cref="Transport.BulkTransfer"/>. The client
    /// merges <paramref name="Weights"/> into its cache and must then hold every block of
    /// <paramref name="Blocks"/> at the listed version.
    /// </summary>
    /// <param name="Round">The round, 1-based.</param>
    /// <param name="Attempt">The attempt of the round (0, then 1.. for retries).</param>
    /// <param name="ModelVersion">Global model version the weights come from; echoed in the update.</param>
    /// <param name="StageCount">Blocks of the model (the objective depends on it).</param>
    /// <param name="Trainable">What to train.</param>
    /// <param name="RequiredBytes">Training memory the stage needs (Core memory model); a smaller budget declines. 0 when the method ignores memory.</param>
    /// <param name="Settings">How to train: objective and its weights, optimizer, epochs, batch size, batch-order seed, caching. The server's, never the device's.</param>
    /// <param name="RunSeed">Run seed; a simulated device's dropout draw derives from it, the round and the client id.</param>
    /// <param name="Blocks">Every block of the stage slice with its current version.</param>
    /// <param name="Weights">The arrays of the blocks the client does not hold at their current version.</param>
    public sealed record TrainStage(
        int Round,
        int Attempt,
        int ModelVersion,
        int StageCount,
        TrainableSet Trainable,
        long RequiredBytes,
        TaskSettings Settings,
        int RunSeed,
        IReadOnlyList<BlockVersion> Blocks,
        WeightSet Weights) : IClientDeviceMessage
    {
        /// <summary>The session of the device's registration; a device ignores a task without it (<see cref="Security.ServerTaskCheck"/>).</summary>
        public string Session { get; init; } = string.Empty;
    }

    /// <summary>Asks for <see cref="DeviceStatusResponse"/>; answered while training too.</summary>
    public sealed record GetDeviceStatus : IClientDeviceMessage;

    /// <summary>The device's state.</summary>
    /// <param name="ClientId">The device.</param>
    /// <param name="Training">True while local training runs.</param>
    /// <param name="Round">Round of the current or last task (0 before any).</param>
    /// <param name="CachedBlocks">Blocks held in the cache.</param>
    public sealed record DeviceStatusResponse(int ClientId, bool Training, int Round, int CachedBlocks) : IClientDeviceMessage;

    /// <summary>
    /// The device started training the task of <paramref name="Round"/>, attempt
    /// <paramref name="Attempt"/>: if the round closes before its update, it was late (a straggler),
    /// not dropped. Carries the device's session like every device message.
    /// </summary>
    public sealed record TrainingStarted(int ClientId, int Round, int Attempt) : IClientDeviceMessage
    {
        /// <summary>The session of the registration acknowledgement.</summary>
        public string Session { get; init; } = string.Empty;
    }

    /// <summary>Stops the training of <paramref name="Round"/> if it runs; answered with <see cref="CancelTrainingAck"/>.</summary>
    public sealed record CancelTraining(int Round) : IClientDeviceMessage
    {
        /// <summary>The session of the device's registration; a device ignores a cancel without it (<see cref="Security.ServerTaskCheck"/>).</summary>
        public string Session { get; init; } = string.Empty;
    }

    /// <summary>Whether a training of the round was running and is now cancelled.</summary>
    public sealed record CancelTrainingAck(int ClientId, int Round, bool WasTraining) : IClientDeviceMessage;

    /// <summary>
    /// The server's run is over: <paramref name="Completed"/> after its last round (the device may
    /// leave), otherwise it failed for <paramref name="Reason"/>. Answered with
    /// <see cref="RunEndedAck"/>, which the server awaits (briefly) before leaving the cluster, so a
    /// device can tell a finished run from a lost server.
    /// </summary>
    public sealed record RunEnded(bool Completed, int Rounds, string Reason) : IClientDeviceMessage;

    /// <summary>The device heard <see cref="RunEnded"/>.</summary>
    public sealed record RunEndedAck(int ClientId) : IClientDeviceMessage;

    /// <summary>
    /// Creates a device that registers with <paramref name="server"/> and trains on
    /// <paramref name="data"/> (indices into a shared dataset) on <paramref name="executor"/>,
    /// exactly as each task's <see cref="TaskSettings"/> say. <paramref name="events"/> hears the
    /// registration's outcome and the end of the run; <paramref name="instrument"/>
    /// wraps each objective the device builds (fault injection counts optimizer steps with it).
    /// With a <paramref name="gauge"/> the device measures each stage's peak itself and decides by
    /// that figure (a real device); without one the task's estimate decides (simulated devices).
    /// </summary>
    public static Props Props(
        ClientDeviceSettings settings,
        IActorRef server,
        ClientDataView data,
        TrainingExecutor executor,
        TimeProvider? time = null,
        DeviceEvents? events = null,
        Func<IStageObjective, IStageObjective>? instrument = null,
        IStagePeakGauge? gauge = null) =>
        Akka.Actor.Props.Create(() => new ClientDevice(
            settings.Validate(), server, data, executor, time ?? TimeProvider.System, events ?? DeviceEvents.None, instrument ?? (objective => objective), gauge));
}

/// <summary>What a <see cref="ClientDevice"/> tells its owner (the client process), called on the actor's thread.</summary>
/// <param name="Refused">The server refused the registration, with its one-line reason; retrying cannot help.</param>
/// <param name="Registered">The server acknowledged the registration, with the device's client id (its own, or the one the server handed out).</param>
/// <param name="RunEnded">The server said its run ended (<see cref="ClientDeviceProtocol.RunEnded"/>).</param>
public sealed record DeviceEvents(Action<string> Refused, Action<int> Registered, Action<ClientDeviceProtocol.RunEnded> RunEnded)
{
    /// <summary>Nobody listens.</summary>
    public static DeviceEvents None { get; } = new(_ => { }, _ => { }, _ => { });
}

/// <summary>Settings of one <see cref="ClientDevice"/>.</summary>
public sealed record ClientDeviceSettings
{
    /// <summary>The device's id, unique in the run: at least 0, or <see cref="ClientIds.Any"/> to take the id the server hands out.</summary>
    public required int ClientId { get; init; }

    /// <summary>Training memory the device can give, in bytes. At least 0.</summary>
    public required long BudgetBytes { get; init; }

    /// <summary>Relative compute speed (1 = this machine, 0.5 = twice as slow). Greater than 0; default 1.</summary>
    public double SpeedFactor { get; init; } = 1;

    /// <summary>Chance, per round, that the device silently does not answer. 0 to 1; default 0.</summary>
    public double DropoutProbability { get; init; }

    /// <summary>
    /// Simulation only: a drawn dropout is announced to the server (<c>DropoutAnnounced</c>) so
    /// the round need not wait for its wall-clock bound. Default false: a real device that
    /// drops out says nothing.
    /// </summary>
    public bool AnnounceDropouts { get; init; }

    /// <summary>The join secret's token (<see cref="Security.JoinSecret.Token"/>): the key of the <see cref="Security.JoinProof"/> sent at registration, never sent itself; empty without a secret.</summary>
    public string JoinToken { get; init; } = string.Empty;

    /// <summary>The <see cref="ExperimentSpec.Fingerprint"/> the server gave this device; echoed at registration. Empty in simulations without one.</summary>
    public string Fingerprint { get; init; } = string.Empty;

    /// <summary>Model catalog names this device can build, declared at registration; empty when it builds whatever it is given (in-process simulation).</summary>
    public IReadOnlyList<string> Models { get; init; } = [];

    /// <summary>
    /// Nominal seconds per optimizer step on the reference machine. When set, simulated time is
    /// steps x this / <see cref="SpeedFactor"/>, independent of the machine's load, so deadline
    /// judgements repeat exactly; when null, the measured time is used. Null or positive.
    /// </summary>
    public double? SecondsPerStep { get; init; }

    /// <summary>How often registration is repeated until acknowledged. Positive; default 2 seconds.</summary>
    public TimeSpan RegisterRetry { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first invalid field.</summary>
    public ClientDeviceSettings Validate()
    {
        Require(ClientId >= 0 || ClientId == ClientIds.Any, nameof(ClientId), ClientId, "at least 0, or ClientIds.Any");
        Require(BudgetBytes >= 0, nameof(BudgetBytes), BudgetBytes, "at least 0");
        Require(SpeedFactor > 0, nameof(SpeedFactor), SpeedFactor, "greater than 0");
        Require(DropoutProbability is >= 0 and <= 1, nameof(DropoutProbability), DropoutProbability, "0 to 1");
        Require(SecondsPerStep is null or > 0, nameof(SecondsPerStep), SecondsPerStep, "null or positive");
        Require(RegisterRetry > TimeSpan.Zero, nameof(RegisterRetry), RegisterRetry, "positive");
        return this;
    }

    private static void Require(bool holds, string field, object? value, string allowed)
    {
        if (!holds)
        {
            throw new ArgumentException($"ClientDeviceSettings.{field} is {value?.ToString() ?? "null"}; allowed: {allowed}.", field);
        }
    }
}
