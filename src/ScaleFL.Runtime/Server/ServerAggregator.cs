using Akka.Actor;
using Akka.Event;
using ScaleFL.Core.Data;
using ScaleFL.Core.Experiments;
using ScaleFL.Core.Methods;
using ScaleFL.Core.Models;
using ScaleFL.Core.Simulation;
using ScaleFL.Core.Weights;
using ScaleFL.Runtime.Transport;
using static ScaleFL.Runtime.Devices.ClientDeviceProtocol;
using static ScaleFL.Runtime.Harmonizer.HarmonizerProtocol;
using static ScaleFL.Runtime.Mentor.MentorProtocol;
using static ScaleFL.Runtime.Server.AggregatorProtocol;

namespace ScaleFL.Runtime.Server;

/// <summary>
/// Runs the rounds of <see cref="AggregatorProtocol"/>. One state per phase: Idle,
/// AwaitingClients, Planning (asks to mentor and harmonizer), Collecting (updates until the
/// deadline), Evaluating (aggregation and evaluation off the actor thread), Finishing, Done.
/// All learning is Core's; this actor only routes, holds state and keeps time.
/// </summary>
public sealed partial class ServerAggregator : ReceiveActor, IWithTimers
{
    private readonly AggregatorSettings settings;
    private readonly IActorRef mentor;
    private readonly IActorRef harmonizer;
    private readonly MethodDefinition method;
    private readonly Func<StagedModel> modelFactory;
    private readonly ImageDataset testData;
    private readonly TimeProvider time;
    private readonly ILoggingAdapter log = Context.GetLogger();
    private readonly Dictionary<int, RegisterClient> clients = [];
    private readonly HashSet<IActorRef> subscribers = [];
    private StagedModel model = null!;
    private WeightSet global = WeightSet.Empty;
    private BlockLedger ledger = null!;
    private Task? background;
    private string state = "Idle";
    private int round;
    private int modelVersion;
    private int pendingDiscarded;
    private int lateDiscarded;

    /// <summary>Use <see cref="AggregatorProtocol.Props"/>.</summary>
    public ServerAggregator(
        AggregatorSettings settings, IActorRef mentor, IActorRef harmonizer, MethodDefinition method,
        Func<StagedModel> modelFactory, ImageDataset testData, TimeProvider time)
    {
        this.settings = settings;
        this.mentor = mentor;
        this.harmonizer = harmonizer;
        this.method = method;
        this.modelFactory = modelFactory;
        this.testData = testData;
        this.time = time;
        Idle();
    }

    /// <inheritdoc />
    public ITimerScheduler Timers { get; set; } = null!;

    /// <inheritdoc />
    protected override void PreStart()
    {
        model = modelFactory();
        global = ModuleWeights.Extract(model);
        ledger = new BlockLedger(global);
        RestoreFromCheckpoint();
    }

    /// <inheritdoc />
    protected override void PostStop()
    {
        // The model may still be in use by an evaluation; it must not be freed under it.
        if (background is { IsCompleted: false } running && !running.Wait(TimeSpan.FromSeconds(30)))
        {
            log.Warning("Evaluation still running at stop; the model is left to the finalizer");
            return;
        }

        model.Dispose();
    }

    private void Idle()
    {
        state = "Idle";
        Receive<StartRun>(_ => HandleStartRun());
        Common();
    }

    /// <summary>
    /// Fewer than <see cref="AggregatorSettings.ExpectedClients"/> registered (at the start, or
    /// after devices left): <paramref name="proceed"/> (start or re-ask a round) waits for them, up to
    /// <see cref="AggregatorSettings.RegistrationTimeout"/>; then it proceeds with whoever came, or the
    /// run fails when no one did (the last checkpoint stays for --resume).
    /// </summary>
    private void AwaitClients(Action proceed)
    {
        // Before this process's first round devices are still arriving (a resumed server's too), which is
        // no news; once it has started a round it means devices left.
        if (round == (settings.Resume?.Round ?? 0))
        {
            log.Info("{0} of {1} clients registered; waiting up to {2} for more", clients.Count, settings.ExpectedClients, settings.RegistrationTimeout);
        }
        else
        {
            log.Warning("{0} of {1} clients registered; waiting up to {2} for more", clients.Count, settings.ExpectedClients, settings.RegistrationTimeout);
        }
        Timers.StartSingleTimer(RegistrationTimedOut.Instance, RegistrationTimedOut.Instance, settings.RegistrationTimeout);
        Become(() => AwaitingClients(proceed));
    }

    private void AwaitingClients(Action proceed)
    {
        state = "AwaitingClients";
        Receive<RegisterClient>(registration =>
        {
            HandleRegisterClient(registration);
            if (clients.Count >= settings.ExpectedClients)
            {
                Timers.Cancel(RegistrationTimedOut.Instance);
                proceed();
            }
        });
        Receive<RegistrationTimedOut>(_ =>
        {
            if (clients.Count == 0)
            {
                Fail($"no client registered within {settings.RegistrationTimeout.TotalSeconds:F0} s (--client-wait); the checkpoint of round {round} is kept for --resume");
                return;
            }

            log.Warning("Going on with {0} of {1} expected clients", clients.Count, settings.ExpectedClients);
            proceed();
        });
        Common();
    }

    private void Done()
    {
        state = "Done";
        Common();
    }

    private void Common()
    {
        Receive<RegisterClient>(HandleRegisterClient);
        Receive<Subscribe>(subscribe =>
        {
            subscribers.Add(subscribe.Subscriber);
            Sender.Tell(new SubscribeAck(subscribe.Subscriber));
        });
        Receive<GetServerStatus>(_ => Sender.Tell(new ServerStatusResponse(clients.Count, round, state)));
        // Through BulkTransfer: a large fault plan makes the answer bigger than one frame.
        Receive<GetExperiment>(_ => BulkTransfer.Send(Context.System, Sender, new ExperimentResponse(settings.Experiment) { Faults = settings.Faults }, Self));
        Receive<FaultInjected>(HandleFaultInjected);
        Receive<CancelTrainingAck>(_ => { });
        Receive<HolderChecked>(HandleHolderChecked);
        Receive<Terminated>(terminated => ForgetDevice(terminated.ActorRef));
        Receive<SubmitUpdate>(update => DiscardStray(update.Round, update.Attempt, update.ClientId, update.HeldBlocks));
        Receive<TaskDeclined>(declined => DiscardStray(declined.Round, declined.Attempt, declined.ClientId, null));
        Receive<DropoutAnnounced>(_ => { });
        Receive<TrainingStarted>(_ => { });
    }

    private void HandleStartRun() => BeginRound(round + 1);

    private void HandleRegisterClient(RegisterClient registration)
    {
        if (registration.ClientId == ClientIds.Any)
        {
            if (AssignId(registration) is not { } assigned)
            {
                return;
            }

            registration = registration with { ClientId = assigned };
        }

        if (Admit(registration) is not { } session)
        {
            return;
        }

        if (settings.Experiment is { } experiment && DeviceAdmission.Refusal(experiment, registration.Facts) is { } refusal)
        {
            log.Warning("Refused client {0} at {1}: {2}", registration.ClientId, registration.Device.Path, refusal);
            registration.Device.Tell(new RegisterClientRefused(registration.ClientId, refusal));
            foreach (var subscriber in subscribers)
            {
                subscriber.Tell(new ClientRefused(registration.ClientId, refusal));
            }

            return;
        }

        if (clients.TryGetValue(registration.ClientId, out var previous) && !previous.Device.Equals(registration.Device))
        {
            // Another process (perhaps another machine) under this id: its peaks are its own to measure.
            Context.Unwatch(previous.Device);
            measurements.Forget(registration.ClientId);
        }

        // A device on another node that leaves or is downed arrives here as Terminated: a dropout.
        Context.Watch(registration.Device);
        clients[registration.ClientId] = registration;
        ledger.Forget(registration.ClientId);
        registration.Device.Tell(new RegisterClientAck(registration.ClientId) { Session = session });
    }

    /// <summary>The id for a device that holds its own data and asks for one (<see cref="ClientIds"/>), or null after refusing it.</summary>
    private int? AssignId(RegisterClient registration)
    {
        string refusal;
        if (settings.Experiment is not { } experiment)
        {
            refusal = "this server hands out no client ids; start the device with --share k/N";
        }
        else if (ClientIds.Assign(experiment.Clients, authorization.Ids, authorization.IdOf(registration.Device.Path)) is { } id)
        {
            return id;
        }
        else
        {
            refusal = ClientIds.FullMessage(experiment.Clients);
        }

        log.Warning("Refused a device at {0}: {1}", registration.Device.Path, refusal);
        registration.Device.Tell(new RegisterClientRefused(ClientIds.Any, refusal));
        return null;
    }

    /// <summary>Drops every registration of <paramref name="device"/> and returns their client ids.</summary>
    private List<int> ForgetDevice(IActorRef device)
    {
        var gone = clients.Values.Where(client => client.Device.Equals(device)).Select(client => client.ClientId).ToList();
        foreach (var clientId in gone)
        {
            clients.Remove(clientId);
            authorization.Forget(clientId);
            ledger.Forget(clientId);
            if (completedRun is null)
            {
                log.Warning("Client {0} left; it is no longer sampled", clientId);
            }
            else
            {
                // Told that the run ended: leaving now is what it should do, not a fault.
                log.Info("Client {0} left after the run ended", clientId);
            }
        }

        return gone;
    }

    private void DiscardStray(int updateRound, int updateAttempt, int clientId, IReadOnlyList<BlockVersion>? holdings)
    {
        pendingDiscarded++;
        if (updateRound <= round)
        {
            lateDiscarded++;
        }

        if (holdings is not null && clients.ContainsKey(clientId))
        {
            ledger.Record(clientId, holdings);
        }

        log.Debug("Discarded an answer of client {0} for round {1} attempt {2} in state {3}", clientId, updateRound, updateAttempt, state);
    }

    private void Fail(string reason)
    {
        log.Error("Run failed in round {0}: {1}", round, reason);
        foreach (var subscriber in subscribers)
        {
            subscriber.Tell(new RunFailed(round, reason));
        }

        foreach (var client in clients.Values)
        {
            client.Device.Tell(new RunEnded(false, round, reason));
        }

        Become(Done);
    }

    private sealed class RegistrationTimedOut
    {
        public static readonly RegistrationTimedOut Instance = new();

        private RegistrationTimedOut()
        {
        }
    }
}
