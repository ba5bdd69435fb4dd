using ScaleFL.Core.Data;
using ScaleFL.Core.Models;
using ScaleFL.Core.Objective;

namespace ScaleFL.Core.Simulation;

/// <summary>
/// A fixed, seeded batch of test samples on which a run measures every trained block's point in
/// the nHSIC plane after each round (the data of the paper's Figure 3). The same samples are used
/// every round, so a trajectory shows the block moving, not the batch changing. Holds indices,
/// never tensors, so it may be shared across threads.
/// </summary>
public sealed class HsicProbe
{
    /// <summary>Default probe size: large enough for a stable kernel estimate, small enough to be cheap.</summary>
    public const int DefaultSamples = 256;

    private readonly ImageDataset data;
    private readonly int[] indices;
    private readonly KernelBandwidth bandwidth;

    /// <summary>Draws up to <paramref name="samples"/> distinct indices of <paramref name="data"/> with <paramref name="seed"/>.</summary>
    public HsicProbe(ImageDataset data, int seed, int samples = DefaultSamples, KernelBandwidth? bandwidth = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfLessThan(samples, 2);
        this.data = data;
        this.bandwidth = bandwidth ?? KernelBandwidth.Paper;
        var order = Enumerable.Range(0, data.Count).ToArray();
        new Random(seed).Shuffle(order);
        indices = [.. order.Take(Math.Min(samples, data.Count)).Order()];
    }

    /// <summary>Samples in the probe batch.</summary>
    public int Count => indices.Length;

    /// <summary>The points of blocks 0..<paramref name="stage"/> of <paramref name="model"/> (eval mode, no gradients).</summary>
    public IReadOnlyList<HsicPlanePoint> Measure(StagedModel model, int stage)
    {
        ArgumentNullException.ThrowIfNull(model);
        using var scope = TorchSharp.torch.NewDisposeScope();
        var inputs = model.Place(data.Images(indices));
        var labels = model.Place(data.LabelsAt(indices));
        return [.. Enumerable.Range(0, stage + 1).Select(block => HsicPlane.Measure(model, block, inputs, labels, bandwidth))];
    }
}
