using System.Security.Cryptography;
using System.Text;
using ScaleFL.Core.Data;

namespace ScaleFL.Core.Experiments;

/// <summary>
/// What the server tells a device before it registers: the model to build, the data it trains
/// on and how the shared dataset is split, and a fingerprint of every setting the server owns.
/// A device holds only its own data and settings (memory, speed); everything here is the server's.
/// </summary>
/// <param name="ModelName">Model catalog name (<see cref="Models.ModelCatalog"/>).</param>
/// <param name="InputShape">Input of the model, channels x height x width.</param>
/// <param name="ClassCount">Classes of the model's output.</param>
/// <param name="Dataset">Catalog name of the experiment's dataset, the default of a device's data.</param>
/// <param name="Partition">How the training set is split among clients (<see cref="PartitionerCatalog"/>).</param>
/// <param name="Clients">Shares the training set is split into.</param>
/// <param name="Seed">Run seed; the split and the training subset derive from it.</param>
/// <param name="MaxTrainSamples">Seeded subset of the training set taken before the split; null for all.</param>
/// <param name="Fingerprint">Hex digest of the server's settings (<see cref="FingerprintOf"/>); a device echoes it at registration.</param>
public sealed record ExperimentSpec(
    string ModelName,
    ImageShape InputShape,
    int ClassCount,
    string Dataset,
    string Partition,
    int Clients,
    int Seed,
    int? MaxTrainSamples,
    string Fingerprint)
{
    /// <summary>The spec of <paramref name="options"/> (one method) whose data has <paramref name="inputShape"/> and <paramref name="classCount"/>.</summary>
    public static ExperimentSpec Of(ExperimentOptions options, ImageShape inputShape, int classCount)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new ExperimentSpec(
            options.Model, inputShape, classCount, options.Dataset, options.Partition, options.Clients, options.Seed, options.MaxTrainSamples,
            FingerprintOf(options, inputShape, classCount))
        {
            StandIns = options.StandIns,
        };
    }

    /// <summary>
    /// The output modules' stand-in layers (<see cref="Models.StandInStyle"/>, e.g. <c>he-relu</c>):
    /// part of the model's architecture, so a device builds the same arrays the server aggregates.
    /// </summary>
    public string StandIns { get; init; } = Models.StandInStyle.Default.ToString();

    /// <summary>
    /// First 16 hex digits of SHA-256 over every setting that alters the experiment
    /// (<see cref="ExperimentFingerprint"/>, the same fields <c>--resume</c> checks) and the data's
    /// shape and class count: two servers with the same fingerprint train the same experiment.
    /// Device-only settings (memory, speed, data location) are not part of it.
    /// </summary>
    public static string FingerprintOf(ExperimentOptions options, ImageShape inputShape, int classCount)
    {
        ArgumentNullException.ThrowIfNull(options);
        var text = $"{ExperimentFingerprint.Of(options, options.Method).Text}\ninputShape={inputShape}\nclassCount={classCount}";
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16];
    }
}
