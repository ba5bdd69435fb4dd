using ScaleFL.Core.Harmonizer;
using ScaleFL.Core.Models;
using ScaleFL.Core.Objective;
using static TorchSharp.torch;

namespace ScaleFL.Core.Training;

/// <summary>
/// The forward pass and loss of one training step of a trainable set, shared by local training
/// and the memory measurer so both run the very same graph: the frozen prefix forward-only under
/// no_grad, then the trained blocks, then the loss of the set's exits (one output module, or
/// DepthFL's classifier after every block with an <see cref="IExitsObjective"/>).
/// </summary>
public static class StageLoss
{
    /// <summary>
    /// The scalar loss of <paramref name="images"/> [B, C, H, W] with int64 <paramref name="labels"/> [B].
    /// Throws an <see cref="ArgumentException"/> when the set has several exits and
    /// <paramref name="objective"/> is no <see cref="IExitsObjective"/>.
    /// </summary>
    public static Tensor Of(StagedModel model, TrainableSet trainable, IStageObjective objective, Tensor images, Tensor labels)
    {
        var prefixOutput = images;
        if (trainable.FirstGradientBlock > 0)
        {
            // The frozen prefix keeps no activations: its output is a leaf for the trained part.
            using var noGrad = no_grad();
            prefixOutput = model.ForwardBlocks(images, 0, trainable.FirstGradientBlock - 1);
        }

        var exits = trainable.Exits;
        if (exits.Count <= 1)
        {
            var features = model.ForwardBlocks(prefixOutput, trainable.FirstGradientBlock, trainable.Stage);
            return objective.Loss(images, labels, model.Output(trainable.Stage).call(features), trainable.Stage);
        }

        if (objective is not IExitsObjective several)
        {
            throw new ArgumentException(
                $"Objective '{objective.Name}' trains one output module; this set has {exits.Count} classifiers (use '{SelfDistillationObjective.ObjectiveName}').",
                nameof(objective));
        }

        var outputs = model.ForwardExits(prefixOutput, trainable.FirstGradientBlock, exits);
        return several.Loss([.. outputs.Select(output => output.Logits)], labels);
    }
}
