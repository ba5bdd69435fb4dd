using ScaleFL.Core.Models;
using static TorchSharp.torch;

namespace ScaleFL.Core.Objective;

/// <summary>
/// DepthFL's local loss (Kim et al., "DepthFL: Depthwise Federated Learning for Heterogeneous
/// Clients", ICLR 2023, section 3.2, mutual self-distillation): over the n classifiers of a
/// device's sub-model, L = sum_i [ CE(z_i, y) + 1/(n-1) sum_{j != i} KL(softmax(z_j) || softmax(z_i)) ],
/// the teacher side z_j detached, KL averaged over the batch (temperature 1). This is the loss of
/// DepthFL's released code as Flower keeps it (<c>baselines/depthfl/depthfl/models.py</c>,
/// <c>_train_one_epoch</c> and <c>KLLoss</c>), with its consistency weight fixed at 1 instead of
/// its ramp over 300 rounds (exp(-5 (1 - r/300)^2), about 0.02 in our 40-round runs, which would
/// switch the distillation off) and without the 1e-7 its teacher probabilities get (we compute
/// log-probabilities directly). With one classifier it is plain cross-entropy.
/// </summary>
public sealed class SelfDistillationObjective : IStageObjective, IExitsObjective
{
    /// <summary>The name <see cref="ObjectiveSpec"/> sends.</summary>
    public const string ObjectiveName = "self-distillation";

    /// <inheritdoc />
    public string Name => ObjectiveName;

    /// <summary>A single classifier: cross-entropy, the n = 1 case of the loss.</summary>
    public Tensor Loss(Tensor inputs, Tensor labels, StageOutputs outputs, int stage)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        return nn.functional.cross_entropy(outputs.Logits, labels);
    }

    /// <inheritdoc />
    public Tensor Loss(IReadOnlyList<Tensor> exitLogits, Tensor labels)
    {
        ArgumentNullException.ThrowIfNull(exitLogits);
        ArgumentOutOfRangeException.ThrowIfZero(exitLogits.Count);
        using var scope = NewDisposeScope();
        var logProbabilities = exitLogits.Select(logits => nn.functional.log_softmax(logits, 1)).ToList();
        var teachers = logProbabilities.Select(log => log.detach()).ToList();
        var batch = exitLogits[0].shape[0];
        var loss = zeros([], dtype: exitLogits[0].dtype, device: exitLogits[0].device);
        for (var i = 0; i < exitLogits.Count; i++)
        {
            loss = loss + nn.functional.cross_entropy(exitLogits[i], labels);
            for (var j = 0; j < exitLogits.Count; j++)
            {
                if (j != i)
                {
                    // KL(p_j || p_i) = sum p_j (log p_j - log p_i), summed over classes, averaged over the batch.
                    var divergence = (teachers[j].exp() * (teachers[j] - logProbabilities[i])).sum() / batch;
                    loss = loss + (divergence / (exitLogits.Count - 1));
                }
            }
        }

        return loss.MoveToOuterDisposeScope();
    }
}
