using Akka.Actor;
using Akka.Event;
using ScaleFL.Core.Aggregation;
using ScaleFL.Core.Checkpoints;
using ScaleFL.Core.Methods;
using ScaleFL.Core.Weights;
using ScaleFL.Runtime.Devices;
using ScaleFL.Runtime.Security;
using static ScaleFL.Runtime.Server.AggregatorProtocol;

namespace ScaleFL.Runtime.Server;

/// <summary>
/// What keeps the run safe and resumable: the join secret and the device binding at
/// registration, the sender of every device message (<see cref="DeviceAuthorization"/>), and the
/// checkpoint of every round with what a restarted server needs to continue. Updates are validated
/// by Core's <see cref="Core.Simulation.RoundEngine"/> before collection.
/// </summary>
public sealed partial class ServerAggregator
{
    private readonly List<RoundRecord> history = [];
    private readonly DeviceAuthorization authorization = new();
    private readonly HashSet<int> checkingHolder = [];

    // Messages dropped by the screen between rounds, counted into the next round's `rejected`.
    private readonly List<RejectionReason> screened = [];

    /// <summary>Every message passes <see cref="Screen"/> first; what it drops never reaches a state's handlers.</summary>
    protected override bool AroundReceive(Receive receive, object message) => Screen(message) || base.AroundReceive(receive, message);

    /// <summary>True when <paramref name="message"/> was dropped: a local-only message from the network, or a device message its client's registered device did not send.</summary>
    private bool Screen(object message)
    {
        var check = message switch
        {
            RefusedFromWire refused => new UpdateCheck(RejectionReason.LocalOnly, $"{refused.MessageType} is accepted only from inside the server's process"),
            SubmitUpdate update => authorization.Authorize(update.ClientId, Sender.Path, update.Session),
            TaskDeclined declined => authorization.Authorize(declined.ClientId, Sender.Path, declined.Session),
            DropoutAnnounced dropout => authorization.Authorize(dropout.ClientId, Sender.Path, dropout.Session),
            ClientDeviceProtocol.TrainingStarted started => authorization.Authorize(started.ClientId, Sender.Path, started.Session),
            FaultInjected fault => authorization.Authorize(fault.ClientId, Sender.Path, fault.Session),
            _ => UpdateCheck.Accepted,
        };
        if (check.IsAccepted)
        {
            return false;
        }

        log.Warning("Dropped {0} from {1}: {2}", message is RefusedFromWire claimed ? claimed.MessageType : message.GetType().Name, Sender.Path, check.Detail);
        CountScreened(check.Reason!.Value);
        return true;
    }

    private JoinVerifier? joins;

    /// <summary>The session to acknowledge the registration with, or null when it is refused or ignored.</summary>
    private string? Admit(RegisterClient registration)
    {
        joins ??= new JoinVerifier(settings.JoinSecretHash, time);
        if (joins.Refusal(registration.JoinToken, registration.ClientId, JoinProof.Binding(Context.System, registration.Device)) is { } refusal)
        {
            log.Warning("Refused client {0} at {1}: {2}", registration.ClientId, registration.Device.Path, refusal);
            registration.Device.Tell(new RegisterClientRefused(registration.ClientId, refusal));
            return null;
        }

        // On a node with remoting any sender path can be forged, so every device needs its session there.
        var remoting = Context.System is ExtendedActorSystem { Provider.DefaultAddress.HasGlobalScope: true };
        var decision = authorization.Register(registration.ClientId, registration.Device.Path, Sender.Path, remoting);
        switch (decision.Outcome)
        {
            case RegistrationOutcome.Accepted:
                return decision.Session;
            case RegistrationOutcome.Refused:
                registration.Device.Tell(new RegisterClientRefused(registration.ClientId, decision.Detail));
                break;
            case RegistrationOutcome.Ignored:
                CheckHolderAlive(registration);
                break;
        }

        log.Warning("Dropped the registration of client {0} from {1}: {2}", registration.ClientId, Sender.Path, decision.Detail);
        CountScreened(RejectionReason.ForeignSender);
        return null;
    }

    /// <summary>
    /// A second device claims a client id held on another node. If the holder still answers, two
    /// processes run the same share: the newcomer is refused, naming the id. If it does not (a
    /// killed or cut-off process), the claim stays unanswered and the newcomer keeps retrying
    /// until the holder's node is downed and the id is free.
    /// </summary>
    private void CheckHolderAlive(RegisterClient claim)
    {
        if (!clients.TryGetValue(claim.ClientId, out var holder) || !checkingHolder.Add(claim.ClientId))
        {
            return;
        }

        holder.Device.Ask<ClientDeviceProtocol.DeviceStatusResponse>(new ClientDeviceProtocol.GetDeviceStatus(), settings.HolderAnswerWait)
            .PipeTo(Self, success: _ => new HolderChecked(claim, holder.Device, true), failure: _ => new HolderChecked(claim, holder.Device, false));
    }

    private void HandleHolderChecked(HolderChecked check)
    {
        checkingHolder.Remove(check.Claim.ClientId);
        if (!check.Alive || !clients.TryGetValue(check.Claim.ClientId, out var holder) || !holder.Device.Equals(check.Holder))
        {
            return;
        }

        var reason = $"client id {check.Claim.ClientId} is already registered by a running device on node {check.Holder.Path.Address}; give each client its own --share k/N, or start it without --share (its own --data) to take a free id";
        log.Warning("Refused client {0} at {1}: {2}", check.Claim.ClientId, check.Claim.Device.Path, reason);
        check.Claim.Device.Tell(new RegisterClientRefused(check.Claim.ClientId, reason));
        foreach (var subscriber in subscribers)
        {
            subscriber.Tell(new ClientRefused(check.Claim.ClientId, $"{reason} (a second device at {check.Claim.Device.Path.Address} was refused)"));
        }
    }

    /// <summary>Publishes a fault the plan gives that client; a report of any other is dropped, so faults.csv holds only planned faults.</summary>
    private void HandleFaultInjected(FaultInjected fault)
    {
        if (settings.Faults.For(fault.ClientId).Faults.All(entry => entry.Kind != fault.Kind))
        {
            log.Warning("Dropped a {0} fault report of client {1}: the fault plan gives it no such fault", fault.Kind, fault.ClientId);
            return;
        }

        var kept = fault.Detail.Length > MaxFaultDetail ? fault with { Detail = fault.Detail[..MaxFaultDetail] } : fault;
        foreach (var subscriber in subscribers)
        {
            subscriber.Tell(kept);
        }
    }

    private void CountScreened(RejectionReason reason)
    {
        if (current is { } round)
        {
            round.Count([reason]);
        }
        else
        {
            screened.Add(reason);
        }
    }

    private sealed record HolderChecked(RegisterClient Claim, IActorRef Holder, bool Alive);

    private void RestoreFromCheckpoint()
    {
        if (settings.Resume is not { } resume)
        {
            return;
        }

        global = global.With(resume.Weights);
        round = resume.Round;
        modelVersion = resume.ModelVersion;
        ledger.Restore(resume.BlockVersions);
        history.AddRange(resume.History);
        log.Info("Resuming after round {0} (model version {1})", round, modelVersion);
    }

    /// <summary>
    /// Checkpoints the round just evaluated, before anyone hears of it, so a round reported is a
    /// round saved. A checkpoint that cannot be written (full disk) fails the run here: training on
    /// would only lose more rounds. Returns false when the run failed.
    /// </summary>
    private bool SaveCheckpoint(RoundCompleted completed)
    {
        if (history.Count == 0 || history[^1].Round < completed.Round)
        {
            history.Add(new RoundRecord(completed.Round, completed.ScheduledStage, completed.Metrics.Accuracy));
        }

        if (settings.CheckpointPath is not { } path)
        {
            return true;
        }

        var checkpoint = new Checkpoint(settings.ModelName, method.Name, completed.Round, completed.Stage, global)
        {
            History = [.. history],
            ModelVersion = modelVersion,
            BlockVersions = ledger.Versions(),
            Fingerprint = settings.Fingerprint,
        };
        try
        {
            CheckpointFile.SaveKeepingPrevious(path, checkpoint);
        }
        catch (IOException error)
        {
            Fail(error.Message);
            return false;
        }

        settings.RoundCheckpointed?.Invoke(completed.Round);
        return true;
    }
}
