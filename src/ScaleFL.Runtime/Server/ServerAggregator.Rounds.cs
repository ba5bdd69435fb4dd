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

/// <summary>The round cycle: plan, dispatch, collect, aggregate and evaluate, repeat, finish.</summary>
public sealed partial class ServerAggregator
{
    private RoundContext current = null!;
    private RoundCollector collector = null!;

    private void BeginRound(int next)
    {
        round = next;
        if (round > settings.Rounds)
        {
            Finish();
            return;
        }

        current = new RoundContext(round, time.GetTimestamp());
        mentor.Ask<RoundStageResponse>(new GetRoundStage(round), settings.AskTimeout).PipeTo(Self);
        Become(Planning);
    }

    private void Planning()
    {
        state = "Planning";
        Receive<RoundStageResponse>(HandleRoundStage);
        Receive<TrainableSetResponse>(response =>
        {
            current.Trainable = response.Trainable;
            mentor.Ask<RequiredMemoryResponse>(new GetRequiredMemory(response.Trainable), settings.AskTimeout).PipeTo(Self);
        });
        Receive<RequiredMemoryResponse>(response =>
        {
            (current.StageFootprint, current.FullModelFootprint) = (response.Stage, response.FullModel);
            Dispatch(attempt: 0);
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

        (current.ScheduledStage, current.ObjectiveName) = (response.Stage, response.ObjectiveName);
        harmonizer.Ask<TrainableSetResponse>(new GetTrainableSet(response.Stage), settings.AskTimeout).PipeTo(Self);
    }

    private void Dispatch(int attempt)
    {
        var round = current;
        round.Attempts = attempt + 1;
        var stage = round.StageFootprint;
        var fullModel = round.FullModelFootprint;
        var profiles = clients.Values.Select(client => new ClientProfile(client.ClientId, client.BudgetBytes, client.SpeedFactor, 0));
        var eligible = RoundPlanner.Eligible(method.Participation, profiles, stage, fullModel);
        var asked = ClientSampling.WithOverCommit(settings.ClientsPerRound, settings.OverCommit);
        var selected = ClientSampling.Sample(eligible, client => client.Id, settings.Seed, round.Round, asked, attempt);
        // A policy that admits a zero budget ignores memory (the unlimited baseline): devices must not decline then.
        var required = method.Participation.CanJoin(0, stage, fullModel) ? 0 : stage.TotalBytes;
        var slice = StageSlice.Of(global, round.Trainable);
        var blocks = ledger.VersionsOf(slice);
        round.Eligible = eligible.Count;
        round.Selected = selected.Count;
        foreach (var client in selected)
        {
            var weights = ledger.MissingFor(client.Id, slice, blocks);
            round.BytesDown += weights.ByteCount;
            var task = new TrainStage(
                round.Round, attempt, modelVersion, model.StageCount, round.Trainable, required, round.ObjectiveName, settings.Seed, blocks, weights);
            BulkTransfer.Send(Context.System, clients[client.Id].Device, task, Self);
        }

        collector = new RoundCollector(
            round.Round, attempt, modelVersion, selected.Select(client => client.Id).ToList(),
            settings.ClientsPerRound, settings.DeadlineMode, settings.RoundDeadline);
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
            if (collector.Decline(declined))
            {
                ledger.Forget(declined.ClientId);
            }

            CloseIfDone();
        });
        Receive<DropoutAnnounced>(dropout =>
        {
            // The device keeps its cached blocks through a simulated dropout, so the ledger stays.
            collector.DropOut(dropout);
            CloseIfDone();
        });
        Receive<Terminated>(terminated =>
        {
            foreach (var clientId in ForgetDevice(terminated.ActorRef))
            {
                collector.Lose(clientId);
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
        if (RejectInvalid(update))
        {
            CloseIfDone();
            return;
        }

        var verdict = collector.Offer(update);
        CountStale(verdict);
        if (verdict == UpdateVerdict.OtherRound && (update.Round < current.Round || update.Attempt < current.Attempts - 1))
        {
            lateDiscarded++;
        }

        if (verdict is not UpdateVerdict.NotSelected && clients.ContainsKey(update.ClientId))
        {
            ledger.Record(update.ClientId, update.HeldBlocks);
        }

        CloseIfDone();
    }

    private void CloseIfDone()
    {
        if (collector.AllAnswered || collector.HasEnough)
        {
            CloseRound();
        }
    }

    private void CloseRound()
    {
        Timers.Cancel(DeadlinePassed.Instance);
        Timers.Cancel(WallTimeoutPassed.Instance);
        var outcome = collector.Close();
        current.Add(outcome);
        var enough = outcome.Kept.Count >= settings.MinResults;
        if (!enough && current.Selected > 0 && settings.BelowMinimum == BelowMinimumPolicy.Retry && current.Attempts <= settings.MaxRetries)
        {
            log.Info("Round {0} attempt {1} got {2} of the {3} results needed; retrying", round, current.Attempts - 1, outcome.Kept.Count, settings.MinResults);
            Dispatch(current.Attempts);
            return;
        }

        current.Skipped = !enough;
        Evaluate(enough ? outcome.Kept : [], outcome.Failures);
    }

    private void Evaluate(IReadOnlyList<SubmitUpdate> kept, IReadOnlyList<ClientFailure> failures)
    {
        var (before, roundNumber, stage, trainable) = (global, current.Round, current.Trainable.Stage, current.Trainable);
        var (results, bounded) = BoundNorms(before, [.. kept.Select(update => new ClientResult(update.ClientId, update.Weights, update.SampleCount, update.Loss))], failures);
        current.Completed = results.Count;
        current.Loss = RoundAggregation.MeanLoss(results);
        current.TrainSeconds = kept.Sum(update => update.TrainSeconds);
        current.SimulatedSeconds = kept.Count == 0 ? 0 : kept.Max(update => update.SimulatedSeconds);
        var (strategy, evalBatch, evalMax) = (method.Aggregation, settings.EvalBatchSize, settings.EvalMaxSamples);
        var (evaluated, test, probe) = (model, testData, settings.HsicProbe);
        current.Participants = [.. results.Select(result => result.ClientId).Order()];
        var work = Task.Run(() =>
        {
            var next = RoundAggregation.Apply(strategy, roundNumber, before, results, bounded);
            ModuleWeights.Load(evaluated, next);
            var evaluation = Evaluator.Evaluate(evaluated, stage, test, evalBatch, evalMax);
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

        var completed = current.ToEvent(evaluated, TakeRejections(), pendingDiscarded, time.GetElapsedTime(current.Started).TotalSeconds);
        pendingDiscarded = 0;
        SaveCheckpoint(completed);
        mentor.Tell(completed);
        foreach (var subscriber in subscribers)
        {
            subscriber.Tell(completed);
        }

        BeginRound(round + 1);
    }

    private void Finish()
    {
        var (weights, evaluated, test, evalBatch, last) = (global, model, testData, settings.EvalBatchSize, model.StageCount - 1);
        var work = Task.Run(() =>
        {
            ModuleWeights.Load(evaluated, weights);
            return new FinalEvaluated(Evaluator.Evaluate(evaluated, last, test, evalBatch, null));
        });
        background = work;
        work.PipeTo(Self);
        Become(Finishing);
    }

    private void Finishing()
    {
        state = "Finishing";
        Receive<FinalEvaluated>(final =>
        {
            var completed = new RunCompleted(
                round, global, final.Evaluation.Accuracy, final.Evaluation.Loss, final.Evaluation.Samples, lateDiscarded);
            foreach (var subscriber in subscribers)
            {
                BulkTransfer.Send(Context.System, subscriber, completed, Self);
            }

            Become(Done);
        });
        Receive<Status.Failure>(failure => Fail($"final evaluation: {failure.Cause.Message}"));
        Common();
    }

    private sealed record RoundEvaluated(WeightSet Weights, EvaluationResult Evaluation, IReadOnlyList<HsicPlanePoint> HsicPoints);

    private sealed record FinalEvaluated(EvaluationResult Evaluation);

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

    /// <summary>What the server knows about the round in progress, summed over its attempts.</summary>
    private sealed class RoundContext(int round, long started)
    {
        public int Round { get; } = round;

        public long Started { get; } = started;

        public int ScheduledStage { get; set; }

        public string ObjectiveName { get; set; } = string.Empty;

        public TrainableSet Trainable { get; set; } = null!;

        public MemoryFootprint StageFootprint { get; set; } = null!;

        public MemoryFootprint FullModelFootprint { get; set; } = null!;

        public int Attempts { get; set; }

        public int Eligible { get; set; }

        public int Selected { get; set; }

        public int Completed { get; set; }

        public double? Loss { get; set; }

        public double TrainSeconds { get; set; }

        public double SimulatedSeconds { get; set; }

        public bool Skipped { get; set; }

        public long BytesDown { get; set; }

        public IReadOnlyList<int> Participants { get; set; } = [];

        private RoundOutcome Last { get; set; } = new([], [], 0, 0, 0, 0, 0, 0);

        private int discarded;
        private long bytesUp;

        public void Add(RoundOutcome outcome)
        {
            Last = outcome;
            discarded += outcome.Discarded;
            bytesUp += outcome.BytesUp;
        }

        public RoundCompleted ToEvent(RoundEvaluated evaluated, IReadOnlyList<RejectionCount> rejected, int strayDiscarded, double wallSeconds)
        {
            var evaluation = evaluated.Evaluation;
            var metrics = new RoundMetrics(
                Round, Trainable.Stage, evaluation.Accuracy, Loss, evaluation.Loss, Eligible, Selected, Completed, Last.Dropped,
                TrainSeconds, SimulatedSeconds, wallSeconds, BytesDown, bytesUp, Last.Late)
            {
                Participants = Participants,
                HsicPoints = evaluated.HsicPoints,
                Rejected = rejected,
            };
            return new RoundCompleted(metrics, Attempts, ScheduledStage, Last.Declined, Last.Surplus, discarded + strayDiscarded, Skipped);
        }
    }
}
