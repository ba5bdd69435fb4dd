using ScaleFL.Core.Harmonizer;
using ScaleFL.Core.Memory;
using ScaleFL.Core.Methods;

namespace ScaleFL.Core.Experiments;

/// <summary>One stage's training footprint beside the full model's, for the memory plot.</summary>
/// <param name="Stage">0-based stage.</param>
/// <param name="BlockwiseBytes">Training the stage alone (plain block-wise training).</param>
/// <param name="CoAdaptedBytes">Training the stage with its predecessor's last layer (the harmonizer).</param>
public sealed record StageMemory(int Stage, long BlockwiseBytes, long CoAdaptedBytes);

/// <summary>Training memory of methods and stages on one setup, from its memory model.</summary>
public static class TrainingMemory
{
    /// <summary>
    /// The largest footprint among the stages <paramref name="trainedStages"/> that
    /// <paramref name="method"/> trained: what a client must have to take part in all of them
    /// (with elastic batches, at the smallest micro-batch). For a sub-model method, the footprint
    /// of the largest sub-model any of <paramref name="participants"/> (default: every client) was given.
    /// </summary>
    public static long PeakBytes(ExperimentSetup setup, string method, IEnumerable<int> trainedStages, IEnumerable<int>? participants = null)
    {
        ArgumentNullException.ThrowIfNull(setup);
        var (catalogName, elastic) = MethodVariant.Parse(method);
        var definition = MethodCatalog.Create(catalogName, new CrossEntropyObjectiveFactory());
        var plan = definition.Plan;
        using var model = setup.CreateModel(definition.ModelWidth);
        if (definition.SubModels is { } subModels)
        {
            // The largest sub-model any participant was given: the largest budget that took part picks it.
            var ladder = SubModels.SubModelLadder.Probe(subModels.Family, model, setup.MemoryModel, setup.Options.BatchSize, setup.Optimizer);
            var budgets = setup.Clients.Where(client => participants?.Contains(client.Id) ?? true).Select(client => client.MemoryBudgetBytes);
            return budgets.Select(budget => ladder.For(budget)?.Footprint.TotalBytes ?? 0).DefaultIfEmpty(0).Max();
        }

        var batch = elastic || setup.Options.MicroBatches == "auto" ? Training.MicroBatches.Ladder(setup.Options.BatchSize)[^1] : setup.Options.BatchSize;
        return trainedStages.Distinct()
            .Select(stage => setup.MemoryModel.Estimate(model, plan.For(model, stage), batch, setup.Optimizer).TotalBytes)
            .DefaultIfEmpty(0)
            .Max();
    }

    /// <summary>Every stage's footprint with and without co-adaptation.</summary>
    public static IReadOnlyList<StageMemory> Stages(ExperimentSetup setup)
    {
        ArgumentNullException.ThrowIfNull(setup);
        using var model = setup.CreateModel();
        var (batch, optimizer) = (setup.Options.BatchSize, setup.Optimizer);
        return [.. Enumerable.Range(0, model.StageCount).Select(stage => new StageMemory(
            stage,
            setup.MemoryModel.Estimate(model, CoAdaptationPlan.ForStage(model, stage, coAdapt: false), batch, optimizer).TotalBytes,
            setup.MemoryModel.Estimate(model, CoAdaptationPlan.ForStage(model, stage, coAdapt: true), batch, optimizer).TotalBytes))];
    }
}
