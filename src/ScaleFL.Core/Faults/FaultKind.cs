namespace ScaleFL.Core.Faults;

/// <summary>What a <see cref="FaultEntry"/> does to its client. JSON names in parentheses.</summary>
public enum FaultKind
{
    /// <summary>(<c>crash</c>) The device dies on its first task of the round or later, before training or after some steps, and comes back empty.</summary>
    Crash,

    /// <summary>(<c>delay</c>) Every message to and from the device is held back.</summary>
    Delay,

    /// <summary>(<c>drop</c>) A seeded fraction of the device's round messages is lost.</summary>
    Drop,

    /// <summary>(<c>duplicate</c>) The device's updates arrive twice.</summary>
    Duplicate,

    /// <summary>(<c>partition</c>) The device is unreachable: every round message is lost.</summary>
    Partition,

    /// <summary>(<c>straggler</c>) The device runs at another speed factor.</summary>
    Straggler,

    /// <summary>(<c>shrink-budget</c>) The device's memory budget shrinks, so it declines stages the server thinks it fits.</summary>
    ShrinkBudget,
}
