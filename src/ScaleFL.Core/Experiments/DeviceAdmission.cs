using ScaleFL.Core.Data;

namespace ScaleFL.Core.Experiments;

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
