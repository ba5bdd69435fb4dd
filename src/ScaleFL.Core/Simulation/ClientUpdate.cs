using ScaleFL.Core.Weights;

namespace ScaleFL.Core.Simulation;

/// <summary>One client's answer to one round attempt, as both engines hand it to <see cref="RoundEngine"/>.</summary>
/// <param name="ClientId">The client.</param>
/// <param name="Round">The round of the task, 1-based.</param>
/// <param name="Attempt">The attempt of the task (0, then 1.. for retries).</param>
/// <param name="ModelVersion">The global model version the task was built from.</param>
/// <param name="Weights">Only the trained arrays.</param>
/// <param name="SampleCount">Samples trained on (the FedAvg weight).</param>
/// <param name="Loss">Mean training loss.</param>
/// <param name="TrainSeconds">Measured local training time, seconds.</param>
/// <param name="SimulatedSeconds">Time the training takes on the device (nominal or measured, over its speed factor), seconds.</param>
public sealed record ClientUpdate(
    int ClientId, int Round, int Attempt, int ModelVersion, WeightSet Weights, int SampleCount, double Loss, double TrainSeconds, double SimulatedSeconds);
