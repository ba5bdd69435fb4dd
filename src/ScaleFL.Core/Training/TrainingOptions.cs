namespace ScaleFL.Core.Training;

/// <summary>
/// Local training settings of one client round. Defaults follow the released code (PAPER.md)
/// except <see cref="LocalEpochs"/>, which is 1 here to keep simulated rounds short; the paper
/// uses 5.
/// </summary>
public sealed record TrainingOptions
{
    /// <summary>SGD learning rate; paper 0.01. Allowed: greater than 0 and at most 10.</summary>
    public double LearningRate { get; init; } = 0.01;

    /// <summary>SGD momentum; paper 0.9. Allowed: 0 to below 1.</summary>
    public double Momentum { get; init; } = 0.9;

    /// <summary>L2 weight decay; paper 5e-4. Allowed: 0 to 1.</summary>
    public double WeightDecay { get; init; } = 5e-4;

    /// <summary>Passes over the client's data per round; paper 5. Allowed: 1 to 1000.</summary>
    public int LocalEpochs { get; init; } = 1;

    /// <summary>Mini-batch size; paper 64. Allowed: 1 to 65536.</summary>
    public int BatchSize { get; init; } = 64;

    /// <summary>
    /// Multiplies the learning rate of the stage's output module (stand-ins, classifier,
    /// projection head); the block and any co-adapted tail keep <see cref="LearningRate"/>.
    /// [choice] Default 1, the paper's single rate. Allowed: greater than 0 and at most 100.
    /// </summary>
    public double OutputLearningRateScale { get; init; } = 1;

    /// <summary>
    /// Caps the batches of each epoch (null: the whole client dataset). Allowed: null or at least 1.
    /// </summary>
    public int? MaxBatchesPerEpoch { get; init; }

    /// <summary>
    /// Samples per forward/backward pass when a batch is trained as micro-batches with gradient
    /// accumulation (<see cref="MicroBatches"/>); null trains each batch in one pass. Set per device
    /// by the server, never by the device. Allowed: null or 1 to <see cref="BatchSize"/>.
    /// </summary>
    public int? MicroBatchSize { get; init; }

    /// <summary>
    /// Memory-elastic batches (<c>--micro-batches auto</c>): a device whose budget is below a stage's
    /// footprint at <see cref="BatchSize"/> but covers it at a micro-batch of the
    /// <see cref="MicroBatches.Ladder"/> takes part with that <see cref="MicroBatchSize"/>. A
    /// planning setting of the server; a device only reads <see cref="MicroBatchSize"/>. Default false.
    /// </summary>
    public bool ElasticBatches { get; init; }

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first field out of range.</summary>
    public TrainingOptions Validate()
    {
        Require(LearningRate > 0 && LearningRate <= 10, nameof(LearningRate), LearningRate, "greater than 0 and at most 10");
        Require(OutputLearningRateScale > 0 && OutputLearningRateScale <= 100, nameof(OutputLearningRateScale), OutputLearningRateScale, "greater than 0 and at most 100");
        Require(Momentum >= 0 && Momentum < 1, nameof(Momentum), Momentum, "0 to below 1");
        Require(WeightDecay >= 0 && WeightDecay <= 1, nameof(WeightDecay), WeightDecay, "0 to 1");
        Require(LocalEpochs is >= 1 and <= 1000, nameof(LocalEpochs), LocalEpochs, "1 to 1000");
        Require(BatchSize is >= 1 and <= 65536, nameof(BatchSize), BatchSize, "1 to 65536");
        Require(MaxBatchesPerEpoch is null or >= 1, nameof(MaxBatchesPerEpoch), MaxBatchesPerEpoch, "null or at least 1");
        Require(MicroBatchSize is null || (MicroBatchSize >= 1 && MicroBatchSize <= BatchSize), nameof(MicroBatchSize), MicroBatchSize, $"null or 1 to the batch size {BatchSize}");
        return this;
    }

    private static void Require(bool holds, string field, object? value, string allowed)
    {
        if (!holds)
        {
            throw new ArgumentException(
                $"TrainingOptions.{field} is {value?.ToString() ?? "null"}; allowed: {allowed}.", field);
        }
    }
}
