using ScaleFL.Core.Aggregation;
using ScaleFL.Core.SubModels;

namespace ScaleFL.Core.Methods;

/// <summary>The methods a user can run, by name: ScaleFL, its ablations and the FedAvg baselines.</summary>
public static class MethodCatalog
{
    /// <summary>Every known method name.</summary>
    public static IReadOnlyList<string> Names { get; } =
        ["scalefl", "sbt", "scalefl-no-mentor", "scalefl-no-harmonizer", "fedavg-exclusive", "fedavg-all", "heterofl", "fedrolex", "depthfl"];

    /// <summary>
    /// The method called <paramref name="name"/>. <paramref name="curriculum"/> is the Curriculum
    /// Mentor's objective factory; <paramref name="aggregation"/> defaults to
    /// <see cref="SampleWeightedFedAvg"/> (the paper's text; the released code uses
    /// <see cref="UnweightedMean"/>). The sub-model methods (<c>heterofl</c>, <c>fedrolex</c>, <c>depthfl</c>)
    /// always aggregate per element (<see cref="PerElementFedAvg"/>): their devices return different arrays.
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
            "heterofl" => WidthScaled(name, WidthSlicing.Prefix),
            "fedrolex" => WidthScaled(name, WidthSlicing.Rolling),
            "depthfl" => DepthScaled(name),
            _ => throw new ArgumentException(
                $"Unknown method '{name}'; known methods: {string.Join(", ", Names)}.", nameof(name)),
        };
    }

    /// <summary>True for the methods that train width-scaled sub-models (<c>heterofl</c>, <c>fedrolex</c>), which need a width-sliceable model.</summary>
    public static bool IsWidthScaled(string name) => name is "heterofl" or "fedrolex";

    /// <summary>True for the methods whose devices train their own sub-model (<c>heterofl</c>, <c>fedrolex</c>, <c>depthfl</c>).</summary>
    public static bool HasSubModels(string name) => IsWidthScaled(name) || name is "depthfl";

    /// <summary>HeteroFL or FedRolex: every device trains the whole network at the widest width its budget allows.</summary>
    private static MethodDefinition WidthScaled(string name, WidthSlicing slicing) =>
        new(name, new FullModelPlan(), new CrossEntropyObjectiveFactory(), new MemoryAwareParticipation(), new PerElementFedAvg(slicing))
        {
            SubModels = new SubModelPlan(SubModelFamily.Width, slicing),
        };

    /// <summary>
    /// DepthFL: every device trains the deepest prefix of blocks its budget allows, a classifier
    /// after each, with mutual self-distillation; blocks and classifiers are averaged over the
    /// devices that hold them (per-element FedAvg over whole arrays).
    /// </summary>
    private static MethodDefinition DepthScaled(string name) =>
        new(name, new FullModelPlan(), new SelfDistillationObjectiveFactory(), new MemoryAwareParticipation(), new PerElementFedAvg(WidthSlicing.Prefix))
        {
            SubModels = new SubModelPlan(SubModelFamily.Depth, WidthSlicing.Prefix),
        };
}
