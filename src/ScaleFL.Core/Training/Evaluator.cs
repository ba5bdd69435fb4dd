using ScaleFL.Core.Data;
using ScaleFL.Core.Models;
using static TorchSharp.torch;

namespace ScaleFL.Core.Training;

/// <summary>Test accuracy and cross-entropy of one stage's logits, in eval mode without autograd.</summary>
public static class Evaluator
{
    /// <summary>
    /// Evaluates stage <paramref name="stage"/> on the first <paramref name="maxSamples"/> samples
    /// of <paramref name="test"/> (all when null), in order, <paramref name="batchSize"/> at a time.
    /// </summary>
    public static EvaluationResult Evaluate(StagedModel model, int stage, ImageDataset test, int batchSize, int? maxSamples)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(stage);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(stage, model.StageCount);
        var count = Math.Min(test.Count, maxSamples ?? test.Count);
        if (count <= 0)
        {
            return new EvaluationResult(0, 0, 0);
        }

        model.eval();
        using var noGrad = no_grad();
        var correct = 0L;
        var lossSum = 0.0;
        for (var start = 0; start < count; start += batchSize)
        {
            using var scope = NewDisposeScope();
            var indices = Enumerable.Range(start, Math.Min(batchSize, count - start)).ToArray();
            var labels = test.LabelsAt(indices);
            var outputs = model.ForwardStage(test.Images(indices), stage);
            lossSum += nn.functional.cross_entropy(outputs.Logits, labels, reduction: nn.Reduction.Sum).item<float>();
            correct += outputs.Logits.argmax(1).eq(labels).sum().item<long>();
        }

        return new EvaluationResult((double)correct / count, lossSum / count, count);
    }
}
