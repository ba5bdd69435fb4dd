using ScaleFL.Core.Weights;

namespace ScaleFL.Core.Aggregation;

/// <summary>A client's successful update of one round.</summary>
/// <param name="ClientId">The client.</param>
/// <param name="Weights">The trained arrays it returned.</param>
/// <param name="SampleCount">Samples it trained on.</param>
/// <param name="Loss">Its mean training loss.</param>
public sealed record ClientResult(int ClientId, WeightSet Weights, int SampleCount, double Loss);
