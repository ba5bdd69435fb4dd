namespace ScaleFL.Core.Faults;

/// <summary>
/// What of a fault plan a resumed run still carries out. Every kind but the crash decides from the
/// round (and the run seed) alone, so it repeats by itself; a crash fires once, on the client's
/// first task from its round on, and that "already fired" state lived only in the stopped
/// process. It is read back here from what the run recorded (<c>faults.csv</c>), replaying the
/// injector's own choice, so a resumed run crashes exactly where the uninterrupted one does.
/// </summary>
public static class SpentFaults
{
    /// <summary>
    /// <paramref name="plan"/> without the crash entries that <paramref name="recorded"/> (the run's
    /// <c>faults.csv</c>) shows fired in rounds 1..<paramref name="resumedAfter"/> (the checkpoint's round;
    /// rows of later rounds belong to a round that is trained again). A recorded crash spends the first
    /// entry, in plan order, that the injector would have fired: a crash of that client, not yet spent,
    /// whose round has come. Equal entries count as one, as in the injector. The plan's source is kept.
    /// Throws <see cref="InvalidDataException"/> when a recorded crash matches no such entry (a changed <c>faults.csv</c>).
    /// </summary>
    public static FaultPlan Left(FaultPlan plan, FaultReport recorded, int resumedAfter)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(recorded);
        var spent = new HashSet<FaultEntry>();
        foreach (var crash in recorded.Events.Where(fault => fault.Kind == FaultKind.Crash && fault.Round <= resumedAfter).OrderBy(fault => fault.Round))
        {
            var fired = plan.Faults.FirstOrDefault(entry =>
                entry.Kind == FaultKind.Crash && entry.Client == crash.Client && entry.Round <= crash.Round && !spent.Contains(entry));
            // Resuming past a crash the plan never held would fire a planned one again: the record was changed.
            spent.Add(fired ?? throw new InvalidDataException(
                $"faults.csv records a crash of client {crash.Client} in round {crash.Round} that no crash of the fault plan {plan.Source ?? "given"} could have caused; the file was changed: restore it, or run it again under another --name."));
        }

        return spent.Count == 0 ? plan : plan with { Faults = [.. plan.Faults.Where(entry => !spent.Contains(entry))] };
    }
}
