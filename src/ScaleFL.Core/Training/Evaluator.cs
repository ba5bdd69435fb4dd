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
        ArgumentOutOfRangeException.ThrowIfNegative(stage);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(stage, model.StageCount);
        return Evaluate(model, images => model.ForwardExits(images, 0, [stage])[0].Logits, test, batchSize, maxSamples);
    }

    /// <summary>
    /// DepthFL's global prediction (Kim et al., ICLR 2023): the mean of the logits of every
    /// stage's classifier, as DepthFL's released code ensembles them (Flower's
    /// <c>baselines/depthfl/depthfl/models.py</c>, <c>test</c>); otherwise as <see cref="Evaluate(StagedModel, int, ImageDataset, int, int?)"/>.
    /// Logits, not probabilities: a confident classifier weighs more, and the mean of logits is
    /// what the paper's numbers were measured with.
    /// </summary>
    public static EvaluationResult EvaluateEnsemble(StagedModel model, ImageDataset test, int batchSize, int? maxSamples) =>
        Evaluate(
            model,
            images => stack([.. model.ForwardExits(images, 0, [.. Enumerable.Range(0, model.StageCount)]).Select(output => output.Logits)]).mean([0]),
            test,
            batchSize,
            maxSamples);

    private static EvaluationResult Evaluate(StagedModel model, Func<Tensor, Tensor> logitsOf, ImageDataset test, int batchSize, int? maxSamples)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
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
            var labels = model.Place(test.LabelsAt(indices));
            var logits = logitsOf(model.Place(test.Images(indices)));
            lossSum += nn.functional.cross_entropy(logits, labels, reduction: nn.Reduction.Sum).item<float>();
            correct += logits.argmax(1).eq(labels).sum().item<long>();
        }

        return new EvaluationResult((double)correct / count, lossSum / count, count);
    }
}
