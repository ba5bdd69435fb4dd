using ScaleFL.Core.Weights;

namespace ScaleFL.Core.Checkpoints;

/// <summary>The global model after a round, with what is needed to resume or evaluate it.</summary>
/// <param name="Model">Model catalog name the weights belong to.</param>
/// <param name="Method">Method that produced them.</param>
/// <param name="Round">Last completed round (1-based).</param>
/// <param name="Stage">Stage trained in that round (0-based).</param>
/// <param name="Weights">Every parameter and float buffer of the global model.</param>
public sealed record Checkpoint(string Model, string Method, int Round, int Stage, WeightSet Weights);
