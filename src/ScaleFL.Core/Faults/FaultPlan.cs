using ScaleFL.Core.Experiments;
using ScaleFL.Core.Simulation;

namespace ScaleFL.Core.Faults;

/// <summary>
/// Faults to inject into a simulated run: which client, which rounds, what happens. Pure
/// decisions only (what is active, whether a message is lost); the runtime carries them out.
/// Loaded from JSON by <see cref="FaultPlanFile"/>; docs/faults.md describes the format.
/// </summary>
/// <param name="Faults">The entries, in file order.</param>
public sealed record FaultPlan(IReadOnlyList<FaultEntry> Faults)
{
    /// <summary>Tag of the drop draws in <see cref="Seeds.Derive"/>.</summary>
    public const int DropTag = 9;

    /// <summary>The empty plan.</summary>
    public static FaultPlan None { get; } = new([]);

    /// <summary>Where the plan was read from (<see cref="FaultPlanFile.Parse"/>'s source), named in its errors; null for a plan made in code or received.</summary>
    public string? Source { get; init; }

    /// <summary>The clients named by at least one entry.</summary>
    public IReadOnlySet<int> Clients => Faults.Select(fault => fault.Client).ToHashSet();

    /// <summary>The entries of <paramref name="client"/>.</summary>
    public FaultPlan For(int client) => new(Faults.Where(fault => fault.Client == client).ToList());

    /// <summary>The first entry of <paramref name="kind"/> active in <paramref name="round"/>, or null.</summary>
    public FaultEntry? Active(FaultKind kind, int round) =>
        Faults.FirstOrDefault(fault => fault.Kind == kind && fault.Covers(round));

    /// <summary>
    /// Whether the drop fault loses the message of <paramref name="client"/> in
    /// <paramref name="round"/>, attempt <paramref name="attempt"/>, travelling
    /// <paramref name="outbound"/> (device to server) or inbound; the same on every run.
    /// </summary>
    public static bool Loses(FaultEntry drop, int seed, int client, int round, int attempt, bool outbound) =>
        new Random(Seeds.Derive(seed, DropTag, round, client, attempt, outbound ? 1 : 0)).NextDouble() < drop.Fraction;

    /// <summary>
    /// Throws an <see cref="ExperimentException"/> naming the first invalid field: clients must be below
    /// <paramref name="clientCount"/>, first rounds at most <paramref name="roundCount"/> (a later one never
    /// fires), and an entry may set only its own kind's parameter (another would be ignored).
    /// </summary>
    public FaultPlan Validate(int clientCount, int roundCount)
    {
        for (var index = 0; index < Faults.Count; index++)
        {
            var fault = Faults[index];
            var at = Source is null ? $"faults[{index}]" : $"'{Source}' faults[{index}]";
            Require(fault.Client >= 0 && fault.Client < clientCount, $"{at}.client", fault.Client, $"0 to {clientCount - 1} (the run has {clientCount} clients)");
            Require(fault.Round >= 1 && fault.Round <= roundCount, $"{at}.round", fault.Round, $"1 to {roundCount} (the run has {roundCount} rounds)");
            Require(fault.LastRound is null || fault.LastRound >= fault.Round, $"{at}.lastRound", fault.LastRound, $"null or at least round ({fault.Round})");
            RequireOwnParameter(fault, at);
            switch (fault.Kind)
            {
                case FaultKind.Crash:
                    Require(fault.AfterSteps >= 0, $"{at}.afterSteps", fault.AfterSteps, "0 (before training) or more steps");
                    break;
                case FaultKind.Delay:
                    Require(fault.Seconds is > 0 and <= 60, $"{at}.seconds", fault.Seconds, "greater than 0 and at most 60");
                    break;
                case FaultKind.Drop:
                    Require(fault.Fraction is > 0 and <= 1, $"{at}.fraction", fault.Fraction, "greater than 0 and at most 1");
                    break;
                case FaultKind.Straggler:
                    Require(fault.SpeedFactor is > 0 and <= 1000, $"{at}.speedFactor", fault.SpeedFactor, "greater than 0 and at most 1000");
                    break;
                case FaultKind.ShrinkBudget:
                    Require(fault.BudgetScale is >= 0 and < 1, $"{at}.budgetScale", fault.BudgetScale, "0 to below 1");
                    break;
            }
        }

        return this;
    }

    private static void RequireOwnParameter(FaultEntry fault, string at)
    {
        var unread = new (string Field, bool Set)[]
        {
            ("lastRound", fault.LastRound is not null && fault.Kind == FaultKind.Crash),
            ("afterSteps", fault.AfterSteps != 0 && fault.Kind != FaultKind.Crash),
            ("seconds", fault.Seconds != 0 && fault.Kind != FaultKind.Delay),
            ("fraction", fault.Fraction != 0 && fault.Kind != FaultKind.Drop),
            ("speedFactor", fault.SpeedFactor != 1 && fault.Kind != FaultKind.Straggler),
            ("budgetScale", fault.BudgetScale != 1 && fault.Kind != FaultKind.ShrinkBudget),
        };
        if (unread.FirstOrDefault(parameter => parameter.Set) is { Field: { } field })
        {
            throw new ExperimentException(FaultPlanFields.NotApplicable(at, field, fault.Kind));
        }
    }

    private static void Require(bool holds, string field, object? value, string allowed)
    {
        if (!holds)
        {
            throw new ExperimentException($"Fault plan {field} is {value?.ToString() ?? "null"}; allowed: {allowed}.");
        }
    }
}
