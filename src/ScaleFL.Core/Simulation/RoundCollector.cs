using ScaleFL.Core.Aggregation;

namespace ScaleFL.Core.Simulation;

/// <summary>What the collector made of one update.</summary>
public enum UpdateVerdict
{
    /// <summary>On time: kept for aggregation (subject to over-commit).</summary>
    Accepted,

    /// <summary>Over the simulated deadline: counted as late, not aggregated.</summary>
    Late,

    /// <summary>A second answer of the same client in this attempt.</summary>
    Duplicate,

    /// <summary>For another round or attempt.</summary>
    OtherRound,

    /// <summary>Trained from another global model version.</summary>
    StaleVersion,

    /// <summary>From a client not asked in this attempt.</summary>
    NotSelected,

    /// <summary>Refused by the update validator (not finite, wrong shape, unknown name, too large): that client's answer, not aggregated.</summary>
    Rejected,
}

/// <summary>The closed round attempt: what to aggregate and what to count.</summary>
public sealed record RoundOutcome(
    IReadOnlyList<ClientUpdate> Kept,
    IReadOnlyList<ClientFailure> Failures,
    int Surplus,
    int Late,
    int Declined,
    int Dropped,
    int Discarded,
    long BytesUp)
{
    /// <summary>Selected clients that sent nothing before the close (neither update, decline nor dropout): the ones to cancel.</summary>
    public required IReadOnlyList<int> Unanswered { get; init; }
}

/// <summary>
/// The answers of one round attempt, as a plain class <see cref="RoundEngine"/> feeds (tested
/// without an ActorSystem). The rules live here: one answer per selected client, updates only for this
/// round, attempt and model version, lateness by simulated seconds in simulated mode, and the
/// deterministic choice of which on-time updates are kept.
/// </summary>
public sealed class RoundCollector(int round, int attempt, int modelVersion, IReadOnlyCollection<int> selected, int wanted, DeadlineMode mode, TimeSpan deadline)
{
    private const string Departed = "left the federation";
    private readonly HashSet<int> selectedIds = [.. selected];
    private readonly HashSet<int> answered = [];
    private readonly HashSet<int> started = [];
    private readonly List<ClientUpdate> onTime = [];
    private readonly List<int> late = [];
    private readonly List<(int ClientId, string Reason)> declined = [];
    private readonly List<(int ClientId, string Reason)> lost = [];
    private readonly List<(int ClientId, string Reason)> refused = [];
    private int discarded;
    private long bytesUp;

    /// <summary>True once every selected client answered (update, decline, dropout or loss).</summary>
    public bool AllAnswered => answered.Count == selectedIds.Count;

    /// <summary>True when every selected client's device left the federation (<see cref="Lose"/>) and none answered otherwise.</summary>
    public bool AllDeparted => selectedIds.Count > 0 && lost.Count(gone => gone.Reason == Departed) == selectedIds.Count;

    /// <summary>In wall-clock mode the first <c>wanted</c> on-time updates end the round early.</summary>
    public bool HasEnough => mode == DeadlineMode.WallClock && onTime.Count >= wanted;

    /// <summary>Judges and records <paramref name="update"/>.</summary>
    public UpdateVerdict Offer(ClientUpdate update)
    {
        var verdict = Judge(update);
        if (verdict is UpdateVerdict.Accepted or UpdateVerdict.Late)
        {
            answered.Add(update.ClientId);
            bytesUp += update.Weights.ByteCount;
            if (verdict == UpdateVerdict.Accepted)
            {
                onTime.Add(update);
            }
            else
            {
                late.Add(update.ClientId);
            }
        }
        else
        {
            discarded++;
        }

        return verdict;
    }

    /// <summary>Records a decline; false (and counted as discarded) when it is not an answer of this attempt.</summary>
    public bool Decline(int clientId, int declineRound, int declineAttempt, string reason)
    {
        if (declineRound != round || declineAttempt != attempt || !selectedIds.Contains(clientId) || !answered.Add(clientId))
        {
            discarded++;
            return false;
        }

        declined.Add((clientId, reason));
        return true;
    }

    /// <summary>Records an announced (simulated) dropout; false (and counted as discarded) when it is not an answer of this attempt.</summary>
    public bool DropOut(int clientId, int dropoutRound, int dropoutAttempt)
    {
        if (dropoutRound != round || dropoutAttempt != attempt)
        {
            discarded++;
            return false;
        }

        return Lose(clientId, "dropped out");
    }

    /// <summary>A selected client's device is gone (its node left or was downed): a dropout known before the deadline.</summary>
    public bool Lose(int clientId, string reason = Departed)
    {
        if (!selectedIds.Contains(clientId) || !answered.Add(clientId))
        {
            return false;
        }

        lost.Add((clientId, reason));
        return true;
    }

    /// <summary>A selected client started training this attempt's task (other rounds and attempts are ignored).</summary>
    public void Started(int clientId, int startRound, int startAttempt)
    {
        if (startRound == round && startAttempt == attempt && selectedIds.Contains(clientId))
        {
            started.Add(clientId);
        }
    }

    /// <summary>True when <paramref name="update"/> is this attempt's first answer of a selected client: the only kind worth validating.</summary>
    public bool IsFirstAnswer(ClientUpdate update) =>
        update.Round == round && update.Attempt == attempt && selectedIds.Contains(update.ClientId) && !answered.Contains(update.ClientId);

    /// <summary>Records an update the validator refused: the client has answered, with a failure and no result.</summary>
    public bool Reject(int clientId, string reason)
    {
        if (!selectedIds.Contains(clientId) || !answered.Add(clientId))
        {
            return false;
        }

        refused.Add((clientId, reason));
        return true;
    }

    /// <summary>Closes the attempt: kept updates in client-id order, failures, counts and the clients to cancel.</summary>
    public RoundOutcome Close()
    {
        var ranked = mode == DeadlineMode.Simulated
            ? onTime.OrderBy(update => update.SimulatedSeconds).ThenBy(update => update.ClientId).ToList()
            : onTime;
        var kept = ranked.Take(wanted).OrderBy(update => update.ClientId).ToList();
        var silent = selectedIds.Where(id => !answered.Contains(id)).ToList();
        // In wall-clock mode a silent client that said it started training is a straggler: late, not dropped.
        var straggling = mode == DeadlineMode.WallClock ? silent.Where(started.Contains).ToList() : [];
        var vanished = silent.Except(straggling).ToList();
        var dropped = vanished.Concat(lost.Select(gone => gone.ClientId)).Order().ToList();
        var failures = vanished.Select(id => new ClientFailure(id, "no answer before the round closed"))
            .Concat(lost.Select(gone => new ClientFailure(gone.ClientId, gone.Reason)))
            .Concat(late.Select(id => new ClientFailure(id, "late")))
            .Concat(straggling.Select(id => new ClientFailure(id, "late: still training when the round closed")))
            .Concat(declined.Select(decline => new ClientFailure(decline.ClientId, $"declined: {decline.Reason}")))
            .Concat(refused.Select(refusal => new ClientFailure(refusal.ClientId, $"rejected: {refusal.Reason}")))
            .OrderBy(failure => failure.ClientId)
            .ToList();
        return new RoundOutcome(kept, failures, onTime.Count - kept.Count, late.Count + straggling.Count, declined.Count, dropped.Count, discarded, bytesUp) { Unanswered = silent };
    }

    private UpdateVerdict Judge(ClientUpdate update)
    {
        if (update.Round != round || update.Attempt != attempt)
        {
            return UpdateVerdict.OtherRound;
        }

        if (!selectedIds.Contains(update.ClientId))
        {
            return UpdateVerdict.NotSelected;
        }

        if (answered.Contains(update.ClientId))
        {
            return UpdateVerdict.Duplicate;
        }

        if (update.ModelVersion != modelVersion)
        {
            return UpdateVerdict.StaleVersion;
        }

        return mode == DeadlineMode.Simulated && update.SimulatedSeconds > deadline.TotalSeconds
            ? UpdateVerdict.Late
            : UpdateVerdict.Accepted;
    }
}
