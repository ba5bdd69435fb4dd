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
        // A sub-model round admits whoever fits the smallest sub-model; each gets its own at dispatch.
        var family = method.SubModels?.Family;
        var batches = footprints.AdmissionLadder(model, trainable, family);
        var admissions = StageAdmission.Admit(method.Participation, clients, trainable, batches);
        var eligible = admissions.Select(admission => admission.Client).ToList();
        var selected = ClientSampling.Sample(eligible, client => client.Id, seed, round, count);
        return new RoundPlan(round, scheduled, trainable, batches[0].Stage, batches[0].FullModel, eligible, selected)
        {
            Ladder = family is { } kind ? footprints.Ladder(model, kind) : null,
            MicroBatchSizes = admissions.ToDictionary(admission => admission.Client.Id, admission => admission.MicroBatchSize),
        };
    }
}
