using Akka.Actor;
using Akka.Event;
using ScaleFL.Core.Data;
using ScaleFL.Core.Faults;
using ScaleFL.Runtime.Devices;
using ScaleFL.Runtime.Transport;
using static ScaleFL.Runtime.Devices.ClientDeviceProtocol;
using static ScaleFL.Runtime.Faults.FaultInjection;
using static ScaleFL.Runtime.Server.AggregatorProtocol;

namespace ScaleFL.Runtime.Faults;

/// <summary>Relays one device's messages through its faults; see <see cref="FaultInjection"/>.</summary>
public sealed class FaultInjector : ReceiveActor, IWithTimers
{
    private readonly ClientDeviceSettings settings;
    private readonly IActorRef server;
    private readonly ClientDataView data;
    private readonly TrainingExecutor executor;
    private readonly TimeProvider time;
    private readonly FaultPlan plan;
    private readonly int seed;
    private readonly FaultLog faults;
    private readonly StepTrap trap = new();
    private readonly HashSet<FaultEntry> crashed = [];
    private readonly ILoggingAdapter log = Context.GetLogger();
    private IActorRef device = ActorRefs.Nobody;
    private int incarnation;
    private long held;
    private bool registered;

    /// <summary>Use <see cref="FaultInjection.Props"/>.</summary>
    public FaultInjector(
        ClientDeviceSettings settings, IActorRef server, ClientDataView data, TrainingExecutor executor,
        TimeProvider time, FaultPlan plan, int seed, FaultLog faults)
    {
        (this.settings, this.server, this.data, this.executor, this.time) = (settings, server, data, executor, time);
        (this.plan, this.seed, this.faults) = (plan, seed, faults);
        Receive<RegisterClient>(HandleRegister);
        Receive<RegisterClientAck>(ack => device.Tell(ack, Self));
        Receive<TrainStage>(HandleTask);
        Receive<SubmitUpdate>(update => FromDevice(update, update.Round, update.Attempt, HandleUpdate));
        Receive<TaskDeclined>(declined => FromDevice(declined, declined.Round, declined.Attempt, message => ToServer(message, message.Round)));
        Receive<DropoutAnnounced>(dropout => FromDevice(dropout, dropout.Round, dropout.Attempt, message => ToServer(message, message.Round)));
        Receive<TrainingStarted>(started => FromDevice(started, started.Round, started.Attempt, message => ToServer(message, message.Round)));
        Receive<RunEnded>(_ => Sender.Tell(new RunEndedAck(Client), Self));
        Receive<CrashNow>(HandleCrashNow);
        Receive<Deliver>(HandleDeliver);
        Receive<GetDeviceStatus>(status => device.Forward(status));
        Receive<CancelTraining>(cancel => device.Forward(cancel));
    }

    /// <inheritdoc />
    public ITimerScheduler Timers { get; set; } = null!;

    private int Client => settings.ClientId;

    /// <inheritdoc />
    protected override void PreStart() => Spawn();

    private void Spawn() =>
        device = Context.ActorOf(
            ClientDeviceProtocol.Props(settings, Self, data, executor, time, instrument: trap.Around), $"device-{incarnation++}");

    private void HandleRegister(RegisterClient registration)
    {
        // Only the first incarnation's registration reaches the server; after a crash the
        // injector re-registers at once, so the server forgets the lost cache in a fixed order.
        if (registered)
        {
            Sender.Tell(new RegisterClientAck(Client), Self);
            return;
        }

        registered = true;
        server.Tell(registration with { Device = Self }, Self);
    }

    private void HandleTask(TrainStage task)
    {
        var round = task.Round;
        var crash = plan.Faults.FirstOrDefault(fault => fault.Kind == FaultKind.Crash && round >= fault.Round && !crashed.Contains(fault));
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

        if (plan.Active(FaultKind.ShrinkBudget, round) is { } shrink && task.RequiredBytes > (long)(settings.BudgetBytes * shrink.BudgetScale))
        {
            var budget = (long)(settings.BudgetBytes * shrink.BudgetScale);
            Inject(round, FaultKind.ShrinkBudget, $"budget shrunk to {budget} bytes, stage needs {task.RequiredBytes}");
            ToServer(new TaskDeclined(Client, round, task.Attempt, $"memory budget {budget} bytes is below the stage's {task.RequiredBytes} bytes"), round);
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
        if (plan.Active(FaultKind.Straggler, update.Round) is { } straggler)
        {
            Inject(update.Round, FaultKind.Straggler, $"speed factor {straggler.SpeedFactor} instead of {settings.SpeedFactor}");
            update = update with { SimulatedSeconds = update.SimulatedSeconds * settings.SpeedFactor / straggler.SpeedFactor };
        }

        if (plan.Active(FaultKind.Delay, update.Round) is { } delay)
        {
            // The task and the update each spent the delay on the wire.
            update = update with { SimulatedSeconds = update.SimulatedSeconds + (2 * delay.Seconds) };
        }

        ToServer(update, update.Round);
        if (plan.Active(FaultKind.Duplicate, update.Round) is not null)
        {
            Inject(update.Round, FaultKind.Duplicate, "update sent twice");
            ToServer(update, update.Round);
        }
    }

    private void HandleCrashNow(CrashNow crash)
    {
        trap.Disarm();
        Crash(crash.Round, crash.Attempt, $"after {crash.Steps} training steps");
    }

    private void HandleDeliver(Deliver held)
    {
        if (held.ToServer)
        {
            BulkTransfer.Send(Context.System, server, held.Message, Self);
        }
        else
        {
            device.Tell(held.Message, Self);
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
        if (plan.Active(kind, round) is not { } fault || (kind == FaultKind.Drop && !FaultPlan.Loses(fault, seed, Client, round, attempt, outbound)))
        {
            return false;
        }

        Inject(round, kind, outbound ? "message to the server lost" : "task lost");
        AnnounceLoss(round, attempt);
        return true;
    }

    private void Crash(int round, int attempt, string when)
    {
        Inject(round, FaultKind.Crash, $"crashed {when}");
        Context.Stop(device);
        Spawn();
        server.Tell(new RegisterClient(Client, settings.BudgetBytes, data.Count, settings.SpeedFactor, Self), Self);
        AnnounceLoss(round, attempt);
    }

    private void AnnounceLoss(int round, int attempt)
    {
        if (settings.AnnounceDropouts)
        {
            server.Tell(new DropoutAnnounced(Client, round, attempt), Self);
        }
    }

    private void Hold(bool toServer, object message, int round)
    {
        if (plan.Active(FaultKind.Delay, round) is { } delay)
        {
            Inject(round, FaultKind.Delay, $"{(toServer ? message.GetType().Name : "task")} held {delay.Seconds} s");
            Timers.StartSingleTimer(++held, new Deliver(toServer, message), TimeSpan.FromSeconds(delay.Seconds));
            return;
        }

        HandleDeliver(new Deliver(toServer, message));
    }

    private void ToServer(object message, int round) => Hold(true, message, round);

    private void Inject(int round, FaultKind kind, string detail)
    {
        faults.Record(new FaultEvent(round, Client, kind, detail));
        log.Info("Fault injected: client {0} round {1} {2}: {3}", Client, round, FaultPlanFile.NameOf(kind), detail);
    }
}
