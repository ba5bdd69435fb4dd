namespace ScaleFL.Core.Faults;

/// <summary>One injected fault, for <c>faults.csv</c>.</summary>
/// <param name="Round">The round of the message or task it hit.</param>
/// <param name="Client">The client.</param>
/// <param name="Kind">What was injected.</param>
/// <param name="Detail">What exactly (which message, by how much).</param>
public sealed record FaultEvent(int Round, int Client, FaultKind Kind, string Detail);

/// <summary>Every fault injected in a run, ordered by round, client, kind and detail so two runs compare equal.</summary>
/// <param name="Events">The faults.</param>
public sealed record FaultReport(IReadOnlyList<FaultEvent> Events)
{
    /// <summary>No faults.</summary>
    public static FaultReport Empty { get; } = new([]);

    /// <summary>Faults per kind (JSON names), every kind listed.</summary>
    public IReadOnlyDictionary<string, int> CountsByKind =>
        FaultPlanFile.KindNames.ToDictionary(pair => pair.Key, pair => Events.Count(fault => fault.Kind == pair.Value));

    /// <summary>A report of <paramref name="events"/> in canonical order.</summary>
    public static FaultReport Of(IEnumerable<FaultEvent> events) => new(events
        .OrderBy(fault => fault.Round).ThenBy(fault => fault.Client).ThenBy(fault => fault.Kind).ThenBy(fault => fault.Detail, StringComparer.Ordinal)
        .ToList());
}
