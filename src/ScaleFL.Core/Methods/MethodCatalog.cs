using ScaleFL.Core.Aggregation;

namespace ScaleFL.Core.Methods;

/// <summary>The methods a user can run, by name: ScaleFL, its ablations and the FedAvg baselines.</summary>
public static class MethodCatalog
{
    /// <summary>Every known method name.</summary>
    public static IReadOnlyList<string> Names { get; } =
        ["scalefl", "sbt", "scalefl-no-mentor", "scalefl-no-harmonizer", "fedavg-exclusive", "fedavg-all"];

    /// <summary>
    /// The method called <paramref name="name"/>. <paramref name="curriculum"/> is the Curriculum
    /// Mentor's objective factory; <paramref name="aggregation"/> defaults to
    /// <see cref="SampleWeightedFedAvg"/> (the paper's text; the released code uses
    /// <see cref="UnweightedMean"/>).
    /// </summary>
    public static MethodDefinition Create(string name, IObjectiveFactory curriculum, IAggregationStrategy? aggregation = null)
    {
        var crossEntropy = new CrossEntropyObjectiveFactory();
        var memoryAware = new MemoryAwareParticipation();
        var combine = aggregation ?? new SampleWeightedFedAvg();
        return name switch
        {
            "scalefl" => new(name, new BlockwisePlan(CoAdapt: true), curriculum, memoryAware, combine),
            "sbt" => new(name, new BlockwisePlan(CoAdapt: false), crossEntropy, memoryAware, combine),
            "scalefl-no-mentor" => new(name, new BlockwisePlan(CoAdapt: true), crossEntropy, memoryAware, combine),
            "scalefl-no-harmonizer" => new(name, new BlockwisePlan(CoAdapt: false), curriculum, memoryAware, combine),
            "fedavg-exclusive" => new(name, new FullModelPlan(), crossEntropy, new ExclusiveParticipation(), combine),
            "fedavg-all" => new(name, new FullModelPlan(), crossEntropy, new UnlimitedParticipation(), combine),
            _ => throw new ArgumentException(
                $"Unknown method '{name}'; known methods: {string.Join(", ", Names)}.", nameof(name)),
        };
    }
}
