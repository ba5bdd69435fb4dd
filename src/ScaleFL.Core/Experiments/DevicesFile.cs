using System.Globalization;
using System.Text;
using ScaleFL.Core.Files;

namespace ScaleFL.Core.Experiments;

/// <summary>A device's measured peak of one stage, as the server recorded it.</summary>
/// <param name="ClientId">The device.</param>
/// <param name="BudgetBytes">The budget it registered (<c>--memory-mb</c>).</param>
/// <param name="Stage">The stage of the task (the last stage for the full model).</param>
/// <param name="BatchSize">Samples per pass it was asked to train with (a micro-batch with elastic batches).</param>
/// <param name="EstimatedBytes">The memory model's footprint of that stage and batch.</param>
/// <param name="MeasuredBytes">The device's measured peak.</param>
/// <param name="Accepted">True when it trained, false when it declined.</param>
public sealed record DeviceMemoryRecord(int ClientId, long BudgetBytes, int Stage, int BatchSize, long EstimatedBytes, long MeasuredBytes, bool Accepted)
{
    /// <summary>The sub-model the task named (a width or a DepthFL depth), whose figures these are; null for a stage.</summary>
    public SubModels.SubModelSpec? SubModel { get; init; }
}

/// <summary>
/// <c>devices.csv</c> of a server's run folder: one row per device and stage each time the device
/// reports a new measured peak, with its budget, the estimate and the decision, in MiB. For a
/// sub-model method the stage column names the sub-model (<c>width 1/4</c>, <c>depth 2</c>).
/// </summary>
public static class DevicesFile
{
    /// <summary>The file's name.</summary>
    public const string Name = "devices.csv";

    private const string Header = "client_id,budget_mib,stage,batch_size,estimated_mib,measured_mib,decision";

    /// <summary>Adds <paramref name="record"/> to <c>devices.csv</c> in <paramref name="folder"/> (created with its header), atomically.</summary>
    public static void Append(string folder, DeviceMemoryRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var path = Path.Combine(folder, Name);
        var text = new StringBuilder(InputFile.IsPresent(path) ? InputFile.ReadText(path, "Device file", InputFile.TableMaxBytes, line => new InvalidDataException(line)) : Header + "\n");
        text.Append(CultureInfo.InvariantCulture, $"{record.ClientId},{MiB(record.BudgetBytes)},{record.SubModel?.ToString() ?? record.Stage.ToString(CultureInfo.InvariantCulture)},{record.BatchSize},");
        text.Append(CultureInfo.InvariantCulture, $"{MiB(record.EstimatedBytes)},{MiB(record.MeasuredBytes)},{(record.Accepted ? "accepted" : "declined")}\n");
        AtomicFile.WriteAllText(path, text.ToString());
    }

    private static string MiB(long bytes) => (bytes / (1024.0 * 1024.0)).ToString("F1", CultureInfo.InvariantCulture);
}
