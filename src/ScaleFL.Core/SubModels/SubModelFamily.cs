namespace ScaleFL.Core.SubModels;

/// <summary>How a sub-model method shrinks the network for a small device.</summary>
public enum SubModelFamily
{
    /// <summary>Fewer channels in every layer (HeteroFL, FedRolex): <see cref="SubModelLadder.Ratios"/>.</summary>
    Width,

    /// <summary>Fewer blocks, each with its own classifier (DepthFL): depths T down to 1.</summary>
    Depth,
}
