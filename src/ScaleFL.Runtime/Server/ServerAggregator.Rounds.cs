using Akka.Actor;
using Akka.Event;
using ScaleFL.Core.Aggregation;
using ScaleFL.Core.Harmonizer;
using ScaleFL.Core.Memory;
using ScaleFL.Core.Objective;
using ScaleFL.Core.Simulation;
using ScaleFL.Core.Training;
using ScaleFL.Core.Weights;
using ScaleFL.Runtime.Transport;
using static ScaleFL.Runtime.Devices.ClientDeviceProtocol;
using static ScaleFL.Runtime.Harmonizer.HarmonizerProtocol;
using static ScaleFL.Runtime.Mentor.MentorProtocol;
using static ScaleFL.Runtime.Server.AggregatorProtocol;

namespace ScaleFL.Runtime.Server;

/// <summary>
/// The round cycle: plan (ask mentor and harmonizer), dispatch, collect, aggregate and evaluate,
/// repeat, finish. Every decision is Core's <see cref="RoundEngine"/>; this file only turns
/// messages and timers into its calls and its decisions into messages.
/// </summary>
public sealed partial class ServerAggregator
{
    private RoundEngine current = null!;
    private PlanningState planning = null!;

    /// <summary>Starts round <paramref name="next"/> once enough clients are registered; a round never starts with devices missing while they may come back.</summary>
    private void BeginRound(int next)
    {
        if (next <= settings.Rounds && clients.Count < settings.ExpectedClients)
        {
            AwaitClients(() => StartRound(next));
            return;
        }

        StartRound(next);
    }

    private void StartRound(int next)
    {
        if (next > settings.Rounds)
        {
            Finish();
            return;
        }

        round = next;
        planning = new PlanningState();
        mentor.Ask<RoundStageResponse>(new GetRoundStage(round), settings.AskTimeout).PipeTo(Self);
        Become(Planning);
    }

    private void Planning()
    {
        state = "Planning";
        Receive<RoundStageResponse>(HandleRoundStage);
        Receive<TrainableSetResponse>(response =>
        {
            planning.Trainable = response.Trainable;
            var request = new GetRequiredMemory(response.Trainable) { SubModels = method.SubModels?.Family };
            mentor.Ask<RequiredMemoryResponse>(request, settings.AskTimeout).PipeTo(Self);
        });
        Receive<RequiredMemoryResponse>(response =>
        {
            (planning.Ladder, planning.SubModels) = (response.Ladder, response.SubModels);
            current = new RoundEngine(settings.Rules, settings.Seed, round, planning.ScheduledStage, planning.Trainable, planning.Objective, time);
            current.Count(screened);
            screened.Clear();
            Dispatch();
        });
        Receive<Status.Failure>(failure => Fail($"planning round {round}: {failure.Cause.Message}"));
        Common();
    }

    private void HandleRoundStage(RoundStageResponse response)
    {
        if (response.Finished)
        {
            round--;
            Finish();
            return;
        }

        (planning.ScheduledStage, planning.Objective) = (response.Stage, response.Objective);
        harmonizer.Ask<TrainableSetResponse>(new GetTrainableSet(response.Stage), settings.AskTimeout).PipeTo(Self);
    }

    private void Dispatch()
    {
        var profiles = clients.Values.Select(client => new ClientProfile(client.ClientId, client.BudgetBytes, client.SpeedFactor, 0)
        {
            MeasuresOwnMemory = client.MeasuresOwnMemory,
        });
        var admissions = StageAdmission.Admit(method.Participation, profiles, current.Trainable, planning.Ladder, measurements);
        var selected = current.Ask(admissions.Select(admission => admission.Client).ToList(), modelVersion);
        // A policy that admits a zero budget ignores memory (the unlimited baseline): devices must not decline then.
        var ignoresMemory = method.Participation.CanJoin(0, planning.Ladder[0].Stage, planning.Ladder[0].FullModel);
        var slice = StageSlice.Of(global, current.Trainable);
        var blocks = ledger.VersionsOf(slice);
        planning.Asked.Clear();
        planning.SubModelTasks.Clear();
        foreach (var client in selected)
        {
            var admission = admissions.Single(admission => admission.Client.Id == client.Id);
            planning.Asked[client.Id] = admission;

            // A sub-model method sends each device its own sub-model's slice, never cached: the next round's may differ.
            var subModel = planning.SubModels is { } ladder ? method.SubModels!.Assign(ladder, global, client.MemoryBudgetBytes, current.Round) : null;
            if (subModel is not null)
            {
                planning.SubModelTasks[client.Id] = subModel;
            }

            var sent = subModel?.Weights ?? slice;
            var sentBlocks = subModel is null ? blocks : ledger.VersionsOf(sent);
            var weights = subModel is null ? ledger.MissingFor(client.Id, slice, blocks) : sent;
            current.Sent(weights.ByteCount, client.Id, sent, subModel?.Trains(model));
            var training = admission.MicroBatchSize < settings.Training.BatchSize ? settings.Training with { MicroBatchSize = admission.MicroBatchSize } : settings.Training;
            var how = new TaskSettings(current.Objective, training, Seeds.ForTraining(settings.Seed, current.Round, client.Id), settings.CacheBlocks && subModel is null)
            {
                SubModel = subModel?.Spec,
            };

            // The memory model's estimate: a device that measures itself compares its own figure, and logs both.
            var required = ignoresMemory ? 0 : (admission.Footprint with { MeasuredBytes = null }).TotalBytes;
            var task = new TrainStage(
                current.Round, current.Attempt, modelVersion, model.StageCount, current.Trainable, subModel?.Footprint.TotalBytes ?? required, how, settings.Seed, sentBlocks, weights)
            {
                Session = authorization.SessionOf(client.Id),
            };
            BulkTransfer.Send(Context.System, clients[client.Id].Device, task, Self);
        }

        Become(Collecting);
        if (selected.Count == 0)
        {
            CloseRound();
            return;
        }

        if (settings.DeadlineMode == DeadlineMode.WallClock)
        {
            Timers.StartSingleTimer(DeadlinePassed.Instance, DeadlinePassed.Instance, settings.RoundDeadline);
        }

        Timers.StartSingleTimer(WallTimeoutPassed.Instance, WallTimeoutPassed.Instance, settings.WallTimeout);
    }

    private void Collecting()
    {
        state = "Collecting";
        Receive<SubmitUpdate>(HandleSubmitUpdate);
        Receive<TaskDeclined>(declined =>
        {
            if (current.Decline(declined.ClientId, declined.Round, declined.Attempt, declined.Reason))
            {
                ledger.Forget(declined.ClientId);
                RecordMeasurement(declined.ClientId, declined.MeasuredBytes, accepted: false);
            }

            CloseIfDone();
        });
        Receive<DropoutAnnounced>(dropout =>
        {
            // The device keeps its cached blocks through a simulated dropout, so the ledger stays.
            current.DropOut(dropout.ClientId, dropout.Round, dropout.Attempt);
            CloseIfDone();
        });
        Receive<TrainingStarted>(started => current.Started(started.ClientId, started.Round, started.Attempt));
        Receive<Terminated>(terminated =>
        {
            foreach (var clientId in ForgetDevice(terminated.ActorRef))
            {
                current.Lose(clientId);
            }

            CloseIfDone();
        });
        Receive<DeadlinePassed>(_ => CloseRound());
        Receive<WallTimeoutPassed>(_ =>
        {
            log.Warning("Round {0} hit the wall-clock timeout of {1}", round, settings.WallTimeout);
            CloseRound();
        });
        Common();
    }

    private void HandleSubmitUpdate(SubmitUpdate update)
    {
        var verdict = current.Offer(update.ToClientUpdate(), global, modelVersion, clients[update.ClientId].SampleCount);
        if (verdict == UpdateVerdict.Rejected)
        {
            log.Warning("Rejected the update of client {0} for round {1}", update.ClientId, update.Round);
        }

        if (verdict == UpdateVerdict.OtherRound && (update.Round < current.Round || update.Attempt < current.Attempt))
        {
            lateDiscarded++;
        }

        if (verdict is not UpdateVerdict.NotSelected && clients.ContainsKey(update.ClientId))
        {
            ledger.Record(update.ClientId, update.HeldBlocks);
        }

        if (update.Round == current.Round && update.Attempt == current.Attempt && clients.ContainsKey(update.ClientId))
        {
            RecordMeasurement(update.ClientId, update.MeasuredBytes, accepted: true);
        }

        CloseIfDone();
    }

    private void CloseIfDone()
    {
        if (current.CanClose)
        {
            CloseRound();
        }
    }

    private void CloseRound()
    {
        Timers.Cancel(DeadlinePassed.Instance);
        Timers.Cancel(WallTimeoutPassed.Instance);
        var decision = current.Close(devicesMissing: clients.Count < settings.ExpectedClients);
        foreach (var clientId in decision.Cancel)
        {
            // Still training for a closed attempt: its update would only be discarded.
            if (clients.TryGetValue(clientId, out var registration))
            {
                registration.Device.Tell(new CancelTraining(current.Round) { Session = authorization.SessionOf(registration.ClientId) });
            }
        }

        if (decision.Retry)
        {
            log.Info("Round {0} attempt {1} got fewer than the {2} results needed; retrying", round, current.Attempt, settings.MinResults);
            if (clients.Count < settings.ExpectedClients)
            {
                AwaitClients(Dispatch);
                return;
            }

            Dispatch();
            return;
        }

        Evaluate(decision.Results, decision.Failures);
    }

    private void Evaluate(IReadOnlyList<ClientResult> results, IReadOnlyList<ClientFailure> failures)
    {
        var (before, roundNumber, stage) = (global, current.Round, current.Trainable.Stage);
        var (strategy, evalBatch, evalMax) = (method.Aggregation, settings.EvalBatchSize, settings.EvalMaxSamples);
        var (evaluated, test, probe, definition) = (model, testData, settings.HsicProbe, method);
        var work = Task.Run(() =>
        {
            var next = RoundAggregation.Apply(strategy, roundNumber, before, results, failures);
            ModuleWeights.Load(evaluated, next);
            var evaluation = definition.Evaluate(evaluated, stage, test, evalBatch, evalMax);
            return new RoundEvaluated(next, evaluation, probe?.Measure(evaluated, stage) ?? []);
        });
        background = work;
        work.PipeTo(Self);
        Become(Evaluating);
    }

    private void Evaluating()
    {
        state = "Evaluating";
        Receive<RoundEvaluated>(HandleRoundEvaluated);
        Receive<Status.Failure>(failure => Fail($"evaluating round {round}: {failure.Cause.Message}"));
        Common();
    }

    private void HandleRoundEvaluated(RoundEvaluated evaluated)
    {
        if (!ReferenceEquals(evaluated.Weights, global))
        {
            modelVersion++;
            ledger.Bump(global, evaluated.Weights, modelVersion);
            global = evaluated.Weights;
        }

        var metrics = current.Metrics(evaluated.Evaluation, evaluated.HsicPoints);
        var completed = new RoundCompleted(
            metrics, current.Attempts, current.ScheduledStage, current.Declined, current.Surplus, current.Discarded + pendingDiscarded, current.Skipped);
        pendingDiscarded = 0;
        if (!SaveCheckpoint(completed))
        {
            return;
        }

        mentor.Tell(completed);
        foreach (var subscriber in subscribers)
        {
            subscriber.Tell(completed);
        }

        BeginRound(round + 1);
    }

    private sealed record RoundEvaluated(WeightSet Weights, EvaluationResult Evaluation, IReadOnlyList<HsicPlanePoint> HsicPoints);

    private sealed class DeadlinePassed
    {
        public static readonly DeadlinePassed Instance = new();

        private DeadlinePassed()
        {
        }
    }

    private sealed class WallTimeoutPassed
    {
        public static readonly WallTimeoutPassed Instance = new();

        private WallTimeoutPassed()
        {
        }
    }
}
