using ScaleFL.Core.Aggregation;
using ScaleFL.Core.Harmonizer;
using ScaleFL.Core.Objective;
using ScaleFL.Core.Training;
using ScaleFL.Core.Weights;

namespace ScaleFL.Core.Simulation;

/// <summary>What a closed round attempt leads to.</summary>
/// <param name="Retry">True when the round is asked again (a fresh seeded draw) instead of aggregated.</param>
/// <param name="Results">The updates to aggregate, in client-id order; empty when the round is skipped.</param>
/// <param name="Failures">Every selected client that gave no kept result, with why.</param>
/// <param name="Cancel">Selected clients that never answered: their training can be stopped.</param>
public sealed record RoundDecision(bool Retry, IReadOnlyList<ClientResult> Results, IReadOnlyList<ClientFailure> Failures, IReadOnlyList<int> Cancel);

/// <summary>
/// The decisions of one round, as one plain class both engines drive (the in-process driver in a
/// loop, the server actor from messages and timers), so they cannot drift: who is asked (seeded
/// sampling with over-commit, a fresh draw per retry), what each answer counts as (kept, late,
/// duplicate, other round, stale, rejected by the validator, declined, dropped), when the round
/// may close, whether it is retried, skipped or aggregated, which devices to cancel, and the
/// round's <see cref="RoundMetrics"/>. Time comes from the injected clock. The actor keeps only
/// routing, state and timers, as Akka's split-brain resolver keeps its decision in a
/// <c>DowningStrategy</c>.
/// </summary>
public sealed class RoundEngine
{
    private readonly RoundRules rules;
    private readonly int seed;
    private readonly TimeProvider time;
    private readonly UpdateValidator validator;
    private readonly RelativeNormBound normBound = new(RelativeNormBound.DefaultMultiple);
    private readonly long started;
    private readonly List<RejectionReason> rejections = [];
    private RoundCollector collector = null!;
    private RoundOutcome last = new([], [], 0, 0, 0, 0, 0, 0) { Unanswered = [] };
    private IReadOnlyList<ClientUpdate> kept = [];
    private int discarded;
    private long bytesUp;
    private readonly Dictionary<int, WeightSet> sentTo = [];
    private readonly Dictionary<int, TrainableSet> trainedBy = [];

    /// <summary>Round <paramref name="round"/> (1-based) training <paramref name="trainable"/>, the schedule's stage <paramref name="scheduledStage"/>.</summary>
    public RoundEngine(RoundRules rules, int seed, int round, int scheduledStage, TrainableSet trainable, ObjectiveSpec objective, TimeProvider time)
    {
        (this.rules, this.seed, this.time) = (rules, seed, time);
        validator = new UpdateValidator(rules.MaxUpdateNorm);
        (Round, ScheduledStage, Trainable, Objective) = (round, scheduledStage, trainable, objective);
        started = time.GetTimestamp();
    }

    /// <summary>The round, 1-based.</summary>
    public int Round { get; }

    /// <summary>The stage the schedule chose (the trained one may differ for full-model methods).</summary>
    public int ScheduledStage { get; }

    /// <summary>What is trained.</summary>
    public TrainableSet Trainable { get; }

    /// <summary>The stage's objective with its weights, sent to every device.</summary>
    public ObjectiveSpec Objective { get; }

    /// <summary>Attempts started so far (1 without retries).</summary>
    public int Attempts { get; private set; }

    /// <summary>The attempt in progress, 0-based.</summary>
    public int Attempt => Attempts - 1;

    /// <summary>Clients whose budget fits the stage, in the last attempt.</summary>
    public int Eligible { get; private set; }

    /// <summary>Clients asked in the last attempt.</summary>
    public int Selected { get; private set; }

    /// <summary>Weight bytes sent to devices over every attempt.</summary>
    public long BytesDown { get; private set; }

    /// <summary>True when the round closed below <see cref="RoundRules.MinResults"/> and left the weights unchanged.</summary>
    public bool Skipped { get; private set; }

    /// <summary>True once the current attempt may close: everyone answered, or enough on-time updates in wall-clock mode.</summary>
    public bool CanClose => collector.AllAnswered || collector.HasEnough;

    /// <summary>Declines of the last attempt.</summary>
    public int Declined => last.Declined;

    /// <summary>On-time updates beyond the round size in the last attempt (over-commit).</summary>
    public int Surplus => last.Surplus;

    /// <summary>Answers ignored over every attempt: duplicates, other rounds, stale versions, unselected clients.</summary>
    public int Discarded => discarded;

    /// <summary>
    /// Starts the next attempt: samples ceil(round size x (1 + over-commit)) of
    /// <paramref name="eligible"/> with the run seed, the round and the attempt, and returns them in id order.
    /// </summary>
    public IReadOnlyList<ClientProfile> Ask(IReadOnlyList<ClientProfile> eligible, int modelVersion)
    {
        Attempts++;
        var selected = ClientSampling.Sample(eligible, client => client.Id, seed, Round, rules.Asked, Attempt);
        (Eligible, Selected) = (eligible.Count, selected.Count);
        collector = new RoundCollector(
            Round, Attempt, modelVersion, selected.Select(client => client.Id).ToList(), rules.ClientsPerRound, rules.DeadlineMode, rules.RoundDeadline);
        return selected;
    }

    /// <summary>Counts <paramref name="bytes"/> of weights sent to a device.</summary>
    public void Sent(long bytes) => BytesDown += bytes;

    /// <summary>
    /// Counts <paramref name="bytes"/> sent to <paramref name="clientId"/> and records
    /// <paramref name="baseline"/>, the weights it trains from (its sub-model's slice in a
    /// sub-model round), as what its update is judged against, with <paramref name="trained"/>, the
    /// arrays it must return (a sub-model's; null: the round's <see cref="Trainable"/>).
    /// </summary>
    public void Sent(long bytes, int clientId, WeightSet baseline, TrainableSet? trained = null)
    {
        BytesDown += bytes;
        sentTo[clientId] = baseline;
        if (trained is not null)
        {
            trainedBy[clientId] = trained;
        }
    }

    /// <summary>
    /// Judges <paramref name="update"/>: a first answer of this attempt from the current version is
    /// validated against <paramref name="global"/>, the weights its device was sent (the global
    /// model, or its sub-model's slice in a width-scaled round) (<see cref="UpdateValidator"/>),
    /// and its sample count against the <paramref name="declaredSamples"/> its device registered
    /// with before it is collected.
    /// </summary>
    public UpdateVerdict Offer(ClientUpdate update, WeightSet global, int modelVersion, int declaredSamples = int.MaxValue)
    {
        if (!sentTo.TryGetValue(update.ClientId, out var baseline))
        {
            baseline = sentTo[update.ClientId] = global;
        }

        if (collector.IsFirstAnswer(update) && update.ModelVersion == modelVersion)
        {
            var check = validator.Check(baseline, trainedBy.GetValueOrDefault(update.ClientId, Trainable), update.Weights);
            if (check.IsAccepted)
            {
                check = UpdateValidator.CheckSampleCount(update.SampleCount, declaredSamples);
            }

            if (!check.IsAccepted)
            {
                rejections.Add(check.Reason!.Value);
                collector.Reject(update.ClientId, check.Detail);
                return UpdateVerdict.Rejected;
            }
        }

        var verdict = collector.Offer(update);
        if (verdict == UpdateVerdict.StaleVersion)
        {
            rejections.Add(RejectionReason.StaleVersion);
        }

        return verdict;
    }

    /// <summary>Counts messages refused before they reached the round (a foreign sender, a local-only message from the wire) into its <c>rejected</c> column.</summary>
    public void Count(IEnumerable<RejectionReason> reasons) => rejections.AddRange(reasons);

    /// <summary>A client declined; false when it is not an answer of this attempt (then counted as discarded).</summary>
    public bool Decline(int clientId, int round, int attempt, string reason) => collector.Decline(clientId, round, attempt, reason);

    /// <summary>A client drew a dropout; false when it is not an answer of this attempt.</summary>
    public bool DropOut(int clientId, int round, int attempt) => collector.DropOut(clientId, round, attempt);

    /// <summary>A client said it started training this attempt's task: silent at the close, it is late, not dropped.</summary>
    public void Started(int clientId, int round, int attempt) => collector.Started(clientId, round, attempt);

    /// <summary>A selected client's device is gone: a dropout known before the deadline.</summary>
    public bool Lose(int clientId) => collector.Lose(clientId);

    /// <summary>
    /// Closes the attempt. Below <see cref="RoundRules.MinResults"/> under
    /// <see cref="BelowMinimumPolicy.Retry"/> with retries left, the decision is to ask again
    /// (<see cref="Ask"/>); otherwise it is the results to aggregate (none when skipped). An
    /// attempt whose every asked device left the federation while <paramref name="devicesMissing"/>
    /// (fewer devices registered than the run waits for: they may be rejoining) is void and asked
    /// again, within <see cref="RoundRules.MaxRetries"/>, whatever the policy: a server that lost
    /// its clients for a moment does not record a round nobody could train.
    /// </summary>
    public RoundDecision Close(bool devicesMissing = false)
    {
        var everyoneLeft = collector.AllDeparted;
        last = BoundNorms(collector.Close());
        discarded += last.Discarded;
        bytesUp += last.BytesUp;
        var enough = last.Kept.Count >= rules.MinResults;
        if (everyoneLeft && devicesMissing && Attempts <= rules.MaxRetries)
        {
            return new RoundDecision(true, [], last.Failures, last.Unanswered);
        }

        if (!enough && Selected > 0 && rules.BelowMinimum == BelowMinimumPolicy.Retry && Attempts <= rules.MaxRetries)
        {
            return new RoundDecision(true, [], last.Failures, last.Unanswered);
        }

        Skipped = !enough;
        kept = enough ? last.Kept : [];
        var results = kept.Select(update => new ClientResult(update.ClientId, update.Weights, update.SampleCount, update.Loss)).ToList();
        return new RoundDecision(false, results, last.Failures, last.Unanswered);
    }

    /// <summary>
    /// Drops the kept updates far above the attempt's other update norms (Core's
    /// <see cref="RelativeNormBound"/>): they become failures counted as norm outliers.
    /// </summary>
    private RoundOutcome BoundNorms(RoundOutcome outcome)
    {
        if (outcome.Kept.Count < 2)
        {
            return outcome;
        }

        var results = outcome.Kept.Select(update => new ClientResult(update.ClientId, update.Weights, update.SampleCount, update.Loss)).ToList();
        var (_, outliers) = normBound.Apply(result => sentTo[result.ClientId], results);
        if (outliers.Count == 0)
        {
            return outcome;
        }

        var dropped = outliers.Select(outlier => outlier.ClientId).ToHashSet();
        rejections.AddRange(outliers.Select(_ => RejectionReason.NormOutlier));
        return outcome with
        {
            Kept = [.. outcome.Kept.Where(update => !dropped.Contains(update.ClientId))],
            Failures = [.. outcome.Failures, .. outliers],
        };
    }

    /// <summary>The round's metrics once its aggregate was evaluated (at the trained stage) on <paramref name="evaluation"/>.</summary>
    public RoundMetrics Metrics(EvaluationResult evaluation, IReadOnlyList<HsicPlanePoint> hsicPoints)
    {
        var results = kept.Select(update => new ClientResult(update.ClientId, update.Weights, update.SampleCount, update.Loss)).ToList();
        return new RoundMetrics(
            Round, Trainable.Stage, evaluation.Accuracy, RoundAggregation.MeanLoss(results), evaluation.Loss, Eligible, Selected, kept.Count, last.Dropped,
            kept.Sum(update => update.TrainSeconds), kept.Count == 0 ? 0 : kept.Max(update => update.SimulatedSeconds),
            time.GetElapsedTime(started).TotalSeconds, BytesDown, bytesUp, last.Late)
        {
            Participants = [.. kept.Select(update => update.ClientId).Order()],
            HsicPoints = hsicPoints,
            Rejected = UpdateValidator.Count(rejections),
        };
    }
}
