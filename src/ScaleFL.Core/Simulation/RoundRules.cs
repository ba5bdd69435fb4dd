namespace ScaleFL.Core.Simulation;

/// <summary>How lateness is judged.</summary>
public enum DeadlineMode
{
    /// <summary>
    /// Reproducible simulation: the round waits for every selected client and an update is late
    /// when its simulated seconds exceed <see cref="RoundRules.RoundDeadline"/>.
    /// </summary>
    Simulated,

    /// <summary>Deployment: the round closes at the wall-clock deadline, or as soon as enough updates arrived.</summary>
    WallClock,
}

/// <summary>What a round with fewer results than <see cref="RoundRules.MinResults"/> does.</summary>
public enum BelowMinimumPolicy
{
    /// <summary>Leave the weights unchanged, evaluate and move to the next round.</summary>
    Skip,

    /// <summary>Sample again (a fresh seeded draw) up to <see cref="RoundRules.MaxRetries"/> times, then skip.</summary>
    Retry,
}

/// <summary>
/// The rules of every round, the same for the in-process driver and the server actor
/// (<see cref="RoundEngine"/>). Over-commit: ceil(<see cref="ClientsPerRound"/> x (1 +
/// <see cref="OverCommit"/>)) clients are asked; in <see cref="DeadlineMode.Simulated"/> mode the
/// <see cref="ClientsPerRound"/> on-time updates with the smallest simulated seconds are kept
/// (ties: smaller client id), in <see cref="DeadlineMode.WallClock"/> mode the first to arrive.
/// </summary>
public sealed record RoundRules
{
    /// <summary>Updates aggregated per round; paper 10. At least 1.</summary>
    public int ClientsPerRound { get; init; } = 10;

    /// <summary>Fraction of extra clients asked, against stragglers and dropouts. 0 to 10; default 0.</summary>
    public double OverCommit { get; init; }

    /// <summary>How lateness is judged; default <see cref="DeadlineMode.Simulated"/>.</summary>
    public DeadlineMode DeadlineMode { get; init; } = DeadlineMode.Simulated;

    /// <summary>The round deadline: simulated seconds or wall-clock time per <see cref="DeadlineMode"/>. Positive; default 1 hour.</summary>
    public TimeSpan RoundDeadline { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Fewest aggregated updates for a round to change the weights. 0 to <see cref="ClientsPerRound"/>; default 1.</summary>
    public int MinResults { get; init; } = 1;

    /// <summary>What a round below <see cref="MinResults"/> does; default <see cref="BelowMinimumPolicy.Skip"/>.</summary>
    public BelowMinimumPolicy BelowMinimum { get; init; } = BelowMinimumPolicy.Skip;

    /// <summary>Retries of a round under <see cref="BelowMinimumPolicy.Retry"/>. 0 to 100; default 2.</summary>
    public int MaxRetries { get; init; } = 2;

    /// <summary>Largest L2 norm of an update's change to the weights sent; larger updates are rejected. Positive; default 1e4.</summary>
    public double MaxUpdateNorm { get; init; } = Aggregation.UpdateValidator.DefaultMaxUpdateNorm;

    /// <summary>Clients asked per attempt: the round size with the over-commit added.</summary>
    public int Asked => ClientSampling.WithOverCommit(ClientsPerRound, OverCommit);
}
