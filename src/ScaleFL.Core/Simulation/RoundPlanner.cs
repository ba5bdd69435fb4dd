using ScaleFL.Core.Memory;
using ScaleFL.Core.Methods;
using ScaleFL.Core.Models;

namespace ScaleFL.Core.Simulation;

/// <summary>
/// Plans a round from the history and the known clients: schedule, then the method's trainable
/// set, its footprint, the clients the participation policy admits and the seeded sample.
/// </summary>
public sealed class RoundPlanner(StagedModel model, MethodDefinition method, ISchedule schedule, FootprintCache footprints, int seed)
{
    /// <summary>True when the schedule runs no further round after <paramref name="history"/>.</summary>
    public bool IsFinished(IReadOnlyList<RoundRecord> history) => schedule.IsFinished(history);

    /// <summary>The plan of round <paramref name="round"/>, asking <paramref name="count"/> of the eligible <paramref name="clients"/>.</summary>
    public RoundPlan Plan(int round, IReadOnlyList<RoundRecord> history, IReadOnlyList<ClientProfile> clients, int count)
    {
        var scheduled = schedule.StageForRound(round, history);
        var trainable = method.Plan.For(model, scheduled);
        var ladder = method.Width is null ? null : footprints.Ladder(model);
        // A width-scaled round admits whoever fits the narrowest sub-model; each gets its own width at dispatch.
        var stage = ladder?.Narrowest.Footprint ?? footprints.For(model, trainable);
        var fullModel = footprints.FullModel(model);
        var eligible = Eligible(method.Participation, clients, stage, fullModel);
        var selected = ClientSampling.Sample(eligible, client => client.Id, seed, round, count);
        return new RoundPlan(round, scheduled, trainable, stage, fullModel, eligible, selected) { Ladder = ladder };
    }

    /// <summary>The clients <paramref name="policy"/> admits to a round with these footprints, in id order.</summary>
    public static IReadOnlyList<ClientProfile> Eligible(
        IParticipationPolicy policy, IEnumerable<ClientProfile> clients, MemoryFootprint stage, MemoryFootprint fullModel) =>
        clients.Where(client => policy.CanJoin(client.MemoryBudgetBytes, stage, fullModel)).OrderBy(client => client.Id).ToList();
}
