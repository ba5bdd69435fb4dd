using ScaleFL.Core.Objective;

namespace ScaleFL.Core.Training;

/// <summary>
/// How one device trains one round, decided by the server and sent with the task (what
/// Flower's <c>configure_fit</c> puts in <c>FitIns.config</c>): the stage's objective with its
/// weights, the optimizer and batching, the seed of the batch order, and whether the device
/// keeps the stage's frozen blocks for the next round. A device never substitutes its own values.
/// </summary>
/// <param name="Objective">The loss of the stage, with this block's lambda1, lambda2 and kernel bandwidth (PAPER.md, Curriculum Mentor).</param>
/// <param name="Training">Optimizer, local epochs and batch size.</param>
/// <param name="BatchOrderSeed">Seed of this client's batch order this round (<see cref="Simulation.Seeds.ForTraining"/>).</param>
/// <param name="CacheBlocks">Keep the stage's blocks after training, so the next task carries only what changed.</param>
public sealed record TaskSettings(ObjectiveSpec Objective, TrainingOptions Training, int BatchOrderSeed, bool CacheBlocks)
{
    /// <summary>The width-scaled sub-model to build and train (HeteroFL, FedRolex); null to train the task's trainable set of the model.</summary>
    public SubModels.SubModelSpec? SubModel { get; init; }
}
