using ScaleFL.Core.Weights;

namespace ScaleFL.Core.Training;

/// <summary>What one client's local training returns.</summary>
/// <param name="Weights">
/// Only the trained names: the stage's parameters, its output module, the co-adapted tail, and
/// the BatchNorm running statistics of the modules that trained.
/// </param>
/// <param name="SampleCount">Samples the client holds (its FedAvg weight).</param>
/// <param name="MeanLoss">Sample-weighted mean of the objective over every step.</param>
/// <param name="Duration">Time the training took.</param>
/// <param name="Steps">Optimizer steps taken.</param>
public sealed record LocalUpdate(WeightSet Weights, int SampleCount, double MeanLoss, TimeSpan Duration, int Steps);
