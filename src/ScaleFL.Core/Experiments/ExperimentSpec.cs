using System.Globalization;
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
            FingerprintOf(options, inputShape, classCount));
    }

    /// <summary>
    /// First 16 hex digits of SHA-256 over every setting the server owns (method, model, data,
    /// split, schedule, objective, optimizer): two servers with the same fingerprint train the
    /// same experiment. Device-only settings (memory, speed, data location) are not part of it.
    /// </summary>
    public static string FingerprintOf(ExperimentOptions options, ImageShape inputShape, int classCount)
    {
        ArgumentNullException.ThrowIfNull(options);
        var text = string.Join(
            '|',
            options.Method, options.Model, inputShape, classCount, options.Dataset, options.Partition, options.Clients, options.Seed,
            options.MaxTrainSamples, options.Rounds, options.PerRound, options.Schedule, options.PlateauPatience, List(options.Lambda1),
            List(options.Lambda2), options.BatchSize, options.LocalEpochs, Number(options.LearningRate), Number(options.Momentum),
            Number(options.WeightDecay), options.CacheBlocks, Number(options.OverCommit), Number(options.MaxUpdateNorm), options.InitWeights);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16];
    }

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static string List(double[]? values) => values is null ? "default" : string.Join(',', values.Select(Number));
}

/// <summary>
/// What a device says about itself at registration, so the server can refuse it before any
/// round: the shape and classes of the data it holds, the models it can build, and the
/// experiment fingerprint it was set up for.
/// </summary>
/// <param name="InputShape">Shape of one of its samples.</param>
/// <param name="ClassCount">Classes of its dataset.</param>
/// <param name="Fingerprint">The <see cref="ExperimentSpec.Fingerprint"/> it was given.</param>
/// <param name="Models">Catalog names it can build; empty when it builds whatever it is given (in-process simulation).</param>
public sealed record DeviceFacts(ImageShape InputShape, int ClassCount, string Fingerprint, IReadOnlyList<string> Models);

/// <summary>The server's decision on a registration: whether the device can train this experiment.</summary>
public static class DeviceAdmission
{
    /// <summary>
    /// Null when <paramref name="device"/> fits <paramref name="experiment"/>; otherwise one line
    /// naming the setting and both values, the same text printed by server and device.
    /// </summary>
    public static string? Refusal(ExperimentSpec experiment, DeviceFacts? device)
    {
        ArgumentNullException.ThrowIfNull(experiment);
        if (device is null)
        {
            return "the device did not say what data it holds (a client of another ScaleFL version?)";
        }

        if (device.Models.Count > 0 && !device.Models.Contains(experiment.ModelName))
        {
            return $"model: the server trains '{experiment.ModelName}'; this device can build {string.Join(", ", device.Models)}";
        }

        if (device.InputShape != experiment.InputShape)
        {
            return $"input shape: the server's model takes {experiment.InputShape}; this device's data is {device.InputShape}";
        }

        if (device.ClassCount != experiment.ClassCount)
        {
            return $"class count: the server's model has {experiment.ClassCount} classes; this device's data has {device.ClassCount}";
        }

        return device.Fingerprint == experiment.Fingerprint
            ? null
            : $"experiment: this device was set up for experiment {device.Fingerprint}; the server runs {experiment.Fingerprint}";
    }
}
