namespace ScaleFL.Core.Training;

/// <summary>
/// Memory-elastic batches (beyond the paper): a device whose budget cannot hold a stage at the
/// configured batch trains it on micro-batches of half, a quarter, ... of the batch and
/// accumulates their gradients into one optimizer step per batch. Each micro-batch's mean loss is
/// scaled by its share of the batch, so for a loss that is a mean over samples (cross-entropy) the
/// accumulated gradient equals the full batch's. Batch statistics are per micro-batch: BatchNorm
/// normalizes over the micro-batch and updates its running statistics once per micro-batch, and the
/// Curriculum Mentor's nHSIC terms are measured on the micro-batch.
/// </summary>
public static class MicroBatches
{
    /// <summary>
    /// The smallest micro-batch, in samples. [choice] 8: below it BatchNorm's per-batch statistics
    /// get noisy enough to cost accuracy (Wu and He, Group Normalization, ECCV 2018, Figure 1:
    /// ResNet-50's error rises steeply below 8 samples per batch), and a device that cannot hold
    /// 8 samples of a stage is better left out than trained on noise.
    /// </summary>
    public const int Floor = 8;

    /// <summary>
    /// The micro-batch sizes a device may fall back to, largest first: <paramref name="batchSize"/>,
    /// then ceil(batch/2), ceil(batch/4), ... while at least <see cref="Floor"/>. A batch at or below
    /// the floor has only itself.
    /// </summary>
    public static IReadOnlyList<int> Ladder(int batchSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        var ladder = new List<int> { batchSize };
        for (var parts = 2; ; parts *= 2)
        {
            var size = (batchSize + parts - 1) / parts;
            if (size < Floor || size >= ladder[^1])
            {
                return ladder;
            }

            ladder.Add(size);
        }
    }

    /// <summary>
    /// <paramref name="batch"/> cut in order into pieces of <paramref name="microBatchSize"/> samples;
    /// the last may be shorter, and joins the one before it when below the stage's
    /// <see cref="BatchFloor"/> (<paramref name="floor"/>, 1 when no BatchNorm needs more).
    /// </summary>
    public static IReadOnlyList<int[]> Split(int[] batch, int microBatchSize, int floor = 1)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentOutOfRangeException.ThrowIfLessThan(microBatchSize, 1);
        return BatchFloor.Apply(batch.Chunk(microBatchSize), floor);
    }
}
