using Akka.Actor;
using Akka.Event;
using ScaleFL.Core.Data;
using ScaleFL.Core.Faults;
using ScaleFL.Runtime.Devices;
using ScaleFL.Runtime.Security;
using ScaleFL.Runtime.Transport;
using static ScaleFL.Runtime.Devices.ClientDeviceProtocol;
using static ScaleFL.Runtime.Faults.FaultInjection;
using static ScaleFL.Runtime.Server.AggregatorProtocol;

namespace ScaleFL.Runtime.Faults;

/// <summary>Relays one device's messages through its faults; see <see cref="FaultInjection"/>.</summary>
public sealed class FaultInjector : ReceiveActor, IWithTimers
{
    private const double MaxStragglerHoldSeconds = 60;
    private readonly ClientDeviceSettings settings;
    private readonly IActorRef server;
    private readonly ClientDataView data;
    private readonly TrainingExecutor executor;
    private readonly TimeProvider time;
    private readonly FaultPlan plan;
    private readonly DeviceEvents events;
    private readonly StepTrap trap = new();
    private readonly HashSet<FaultEntry> crashed = [];
    private readonly ILoggingAdapter log = Context.GetLogger();
    private IActorRef device = ActorRefs.Nobody;
    private RegisterClient? registration;
    private RegisterClientAck? ack;
    private FaultPlan mine;
    private int clientId;
    private int runSeed;
    private int incarnation;
    private long held;

    /// <summary>Use <see cref="FaultInjection.Props"/>.</summary>
    public FaultInjector(
        ClientDeviceSettings settings, IActorRef server, ClientDataView data, TrainingExecutor executor, TimeProvider time, FaultPlan plan, DeviceEvents events)
    {
        (this.settings, this.server, this.data, this.executor, this.time) = (settings, server, data, executor, time);
        (this.plan, this.events, clientId) = (plan, events, settings.ClientId);
        mine = plan.For(clientId);
        Receive<RegisterClient>(HandleRegister);
        // The server's answers and orders only: a forged task must not spend a planned fault or a drop draw.
        Receive<RegisterClientAck>(_ => Sender.Equals(server), HandleAck);
        Receive<RegisterClientRefused>(_ => Sender.Equals(server), refusal => device.Tell(refusal, Self));
        Receive<TrainStage>(task => ServerTaskCheck.FromServer(ack?.Session ?? string.Empty, task.Session, Remoting), HandleTask);
        Receive<SubmitUpdate>(update => FromDevice(update, update.Round, update.Attempt, HandleUpdate));
        Receive<TaskDeclined>(declined => FromDevice(declined, declined.Round, declined.Attempt, message => ToServer(message, message.Round)));
        Receive<DropoutAnnounced>(dropout => FromDevice(dropout, dropout.Round, dropout.Attempt, message => ToServer(message, message.Round)));
        Receive<TrainingStarted>(started => FromDevice(started, started.Round, started.Attempt, message => ToServer(message, message.Round)));
        Receive<RunEnded>(HandleRunEnded);
        Receive<RunEndedAck>(_ => { });
        Receive<CrashNow>(HandleCrashNow);
        Receive<Deliver>(HandleDeliver);
        Receive<GetDeviceStatus>(status => device.Forward(status));
        Receive<CancelTraining>(cancel => device.Forward(cancel));
    }

    /// <inheritdoc />
    public ITimerScheduler Timers { get; set; } = null!;

    private static bool Remoting => Context.System is ExtendedActorSystem { Provider.DefaultAddress.HasGlobalScope: true };

    /// <summary>Only simulated devices announce their dropouts; a real device's faults cost real time instead.</summary>
    private bool Simulated => settings.AnnounceDropouts;

    /// <inheritdoc />
    protected override void PreStart()
    {
        SayFaults();
        Spawn();
    }

    /// <summary>A real device's operator sees that the server's plan will fault it.</summary>
    private void SayFaults()
    {
        if (!Simulated && mine.Faults.Count > 0)
        {
            log.Warning("The server's fault plan injects into client {0}: {1}", clientId, string.Join(", ", mine.Faults.Select(fault => FaultPlanFile.NameOf(fault.Kind))));
        }
    }

    private void Spawn() =>
        device = Context.ActorOf(
            ClientDeviceProtocol.Props(settings, Self, data, executor, time, events, instrument: trap.Around), $"device-{incarnation++}");

    private void HandleRegister(RegisterClient registering)
    {
        if (!Sender.Equals(device))
        {
            return;
        }

        // A device restarted after a crash finds the injector registered already (it re-registered at once).
        if (ack is not null)
        {
            Sender.Tell(ack, Self);
            return;
        }

        registration = registering;
        server.Tell(AsInjector(registering), Self);
    }

    private void HandleAck(RegisterClientAck acknowledged)
    {
        ack = acknowledged;
        if (acknowledged.ClientId != clientId)
        {
            // A device with its own data learns its id (and so its faults) only now.
            clientId = acknowledged.ClientId;
            mine = plan.For(clientId);
            SayFaults();
        }

        device.Tell(acknowledged, Self);
    }

    /// <summary>The device's registration naming the injector as the device, with a join proof bound to the injector's address.</summary>
    private RegisterClient AsInjector(RegisterClient registering) => registering with
    {
        Device = Self,
        JoinToken = JoinProof.Create(settings.JoinToken, registering.ClientId, JoinProof.Binding(Context.System, Self), time.GetUtcNow()),
    };

    private void HandleRunEnded(RunEnded ended)
    {
        if (!Sender.Equals(server))
        {
            return;
        }

        Sender.Tell(new RunEndedAck(clientId), Self);
        device.Tell(ended, Self);
    }

    private void HandleTask(TrainStage task)
    {
        var round = task.Round;
        runSeed = task.RunSeed;
        var crash = mine.Faults.FirstOrDefault(fault => fault.Kind == FaultKind.Crash && round >= fault.Round && !crashed.Contains(fault));
        if (crash is { AfterSteps: 0 })
        {
            crashed.Add(crash);
            Crash(round, task.Attempt, "before training");
            return;
        }

        if (Loses(FaultKind.Partition, round, task.Attempt, outbound: false) || Loses(FaultKind.Drop, round, task.Attempt, outbound: false))
        {
            return;
        }

        if (mine.Active(FaultKind.ShrinkBudget, round) is { } shrink && task.RequiredBytes > (long)(settings.BudgetBytes * shrink.BudgetScale))
        {
            var budget = (long)(settings.BudgetBytes * shrink.BudgetScale);
            Inject(round, FaultKind.ShrinkBudget, $"budget shrunk to {budget} bytes, stage needs {task.RequiredBytes}");
            ToServer(new TaskDeclined(clientId, round, task.Attempt, $"memory budget {budget} bytes is below the stage's {task.RequiredBytes} bytes") { Session = ack?.Session ?? string.Empty }, round);
            return;
        }

        if (crash is not null)
        {
            crashed.Add(crash);
            var self = Self;
            trap.Arm(crash.AfterSteps, () => self.Tell(new CrashNow(round, task.Attempt, crash.AfterSteps)));
        }

        Hold(false, task, round);
    }

    private void HandleUpdate(SubmitUpdate update)
    {
        var slower = 0.0;
        if (mine.Active(FaultKind.Straggler, update.Round) is { } straggler)
        {
            Inject(update.Round, FaultKind.Straggler, $"speed factor {straggler.SpeedFactor} instead of {settings.SpeedFactor}");
            var factor = settings.SpeedFactor / straggler.SpeedFactor;
            update = update with { SimulatedSeconds = update.SimulatedSeconds * factor };
            // On a real cluster the deadline is wall-clock: the slower device must really answer later.
            slower = Simulated ? 0 : Math.Clamp(update.TrainSeconds * (factor - 1), 0, MaxStragglerHoldSeconds);
        }

        if (mine.Active(FaultKind.Delay, update.Round) is { } delay)
        {
            // The task and the update each spent the delay on the wire.
            update = update with { SimulatedSeconds = update.SimulatedSeconds + (2 * delay.Seconds) };
        }

        var duplicate = mine.Active(FaultKind.Duplicate, update.Round) is not null;
        if (duplicate)
        {
            // Reported before the update leaves, so the report is in before the round it may close.
            Inject(update.Round, FaultKind.Duplicate, "update sent twice");
        }

        Hold(true, update, update.Round, slower);
        if (duplicate)
        {
            Hold(true, update, update.Round, slower);
        }
    }

    private void HandleCrashNow(CrashNow crash)
    {
        trap.Disarm();
        Crash(crash.Round, crash.Attempt, $"after {crash.Steps} training steps");
    }

    private void HandleDeliver(Deliver message)
    {
        if (message.ToServer)
        {
            BulkTransfer.Send(Context.System, server, message.Message, Self);
        }
        else
        {
            device.Tell(message.Message, Self);
        }
    }

    private void FromDevice<T>(T message, int round, int attempt, Action<T> relay)
    {
        // A crashed incarnation's last words are lost with it.
        if (!Sender.Equals(device))
        {
            return;
        }

        if (message is not DropoutAnnounced && (Loses(FaultKind.Partition, round, attempt, outbound: true) || Loses(FaultKind.Drop, round, attempt, outbound: true)))
        {
            return;
        }

        relay(message);
    }

    /// <summary>True (and the loss injected) when a partition or a drop draw loses the message.</summary>
    private bool Loses(FaultKind kind, int round, int attempt, bool outbound)
    {
        if (mine.Active(kind, round) is not { } fault || (kind == FaultKind.Drop && !FaultPlan.Loses(fault, runSeed, clientId, round, attempt, outbound)))
        {
            return false;
        }

        Inject(round, kind, outbound ? "message to the server lost" : "task lost");
        AnnounceLoss(round, attempt);
        return true;
    }

    /// <summary>The device dies with its cache and training; a new one takes its place and the injector re-registers it at once.</summary>
    private void Crash(int round, int attempt, string when)
    {
        Inject(round, FaultKind.Crash, $"crashed {when}");
        Context.Stop(device);
        Spawn();
        if (registration is { } known)
        {
            server.Tell(AsInjector(known with { ClientId = clientId }), Self);
        }

        AnnounceLoss(round, attempt);
    }

    private void AnnounceLoss(int round, int attempt)
    {
        if (Simulated)
        {
            server.Tell(new DropoutAnnounced(clientId, round, attempt) { Session = ack?.Session ?? string.Empty }, Self);
        }
    }

    private void Hold(bool toServer, object message, int round, double extraSeconds = 0)
    {
        var seconds = extraSeconds;
        if (mine.Active(FaultKind.Delay, round) is { } delay)
        {
            Inject(round, FaultKind.Delay, $"{(toServer ? message.GetType().Name : "task")} held {delay.Seconds} s");
            seconds += delay.Seconds;
        }

        if (seconds > 0)
        {
            Timers.StartSingleTimer(++held, new Deliver(toServer, message), TimeSpan.FromSeconds(seconds));
            return;
        }

        HandleDeliver(new Deliver(toServer, message));
    }

    private void ToServer(object message, int round) => Hold(true, message, round);

    /// <summary>Logs the fault and reports it to the server, which publishes it for faults.csv.</summary>
    private void Inject(int round, FaultKind kind, string detail)
    {
        log.Info("Fault injected: client {0} round {1} {2}: {3}", clientId, round, FaultPlanFile.NameOf(kind), detail);
        server.Tell(new FaultInjected(clientId, round, kind, detail) { Session = ack?.Session ?? string.Empty }, Self);
    }
}
