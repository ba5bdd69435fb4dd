using ScaleFL.Core.Data;

namespace ScaleFL.Core.Models;

/// <summary>What a model is: its catalog name, the images it takes and the classes it predicts.</summary>
public sealed record ModelDescription(string Name, ImageShape Input, int ClassCount)
{
    /// <summary>Its width and normalisation: <see cref="WidthScaling.Full"/> except for a width-scaled method's models.</summary>
    public WidthScaling Width { get; init; } = WidthScaling.Full;
}
