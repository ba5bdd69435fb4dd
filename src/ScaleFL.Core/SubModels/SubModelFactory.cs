using ScaleFL.Core.Models;

namespace ScaleFL.Core.SubModels;

/// <summary>Builds the width-scaled sub-models of a global model (HeteroFL's model rates).</summary>
public static class SubModelFactory
{
    /// <summary>
    /// The model <paramref name="global"/> describes at width <paramref name="ratio"/> with static
    /// BatchNorm. Its weights are placeholders: a sub-model is always loaded from a slice. Throws
    /// an <see cref="ArgumentException"/> with one line naming the model when it cannot be width-sliced.
    /// </summary>
    public static StagedModel Build(ModelDescription global, double ratio)
    {
        RequireSliceable(global.Name);
        return ModelCatalog.Create(global.Name, global.Input, global.ClassCount, seed: 0, width: new WidthScaling(ratio, staticBatchNorm: true));
    }

    /// <summary>Throws an <see cref="ArgumentException"/> when model <paramref name="name"/> cannot be width-sliced.</summary>
    public static void RequireSliceable(string name)
    {
        if (!ModelCatalog.WidthSliceable.Contains(name))
        {
            throw new ArgumentException(
                $"Model '{name}' cannot be width-sliced (HeteroFL/FedRolex need channel-sliceable convolutions); use one of: {string.Join(", ", ModelCatalog.WidthSliceable)}.");
        }
    }
}
