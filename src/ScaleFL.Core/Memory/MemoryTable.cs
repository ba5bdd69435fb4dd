using System.Globalization;
using System.Text;
using ScaleFL.Core.Models;

namespace ScaleFL.Core.Memory;

/// <summary>One row of a <see cref="MemoryTable"/>.</summary>
/// <param name="Label">User-facing label: <c>block 1</c>..<c>block T</c> or <c>full model</c>.</param>
/// <param name="Stage">The 0-based stage, or -1 for the full model.</param>
/// <param name="Footprint">The estimate in bytes.</param>
public sealed record MemoryTableRow(string Label, int Stage, MemoryFootprint Footprint)
{
    private const double MiB = 1024.0 * 1024.0;

    public double WeightMiB => Footprint.WeightBytes / MiB;

    public double GradientMiB => Footprint.GradientBytes / MiB;

    public double OptimizerStateMiB => Footprint.OptimizerStateBytes / MiB;

    public double ActivationMiB => Footprint.ActivationBytes / MiB;

    public double TransientMiB => Footprint.TransientBytes / MiB;

    public double BackwardMiB => Footprint.BackwardBytes / MiB;

    public double FrameworkMiB => Footprint.FrameworkBytes / MiB;

    public double TotalMiB => Footprint.TotalMiB;
}

/// <summary>
/// The training footprint of every block-wise stage and of the full model, part by part, for one
/// model, batch size, optimizer and harmonizer setting: what decides which clients can join.
/// </summary>
public sealed class MemoryTable
{
    private MemoryTable(string modelName, int batchSize, OptimizerKind optimizer, bool harmonizer, IReadOnlyList<MemoryTableRow> rows)
    {
        ModelName = modelName;
        BatchSize = batchSize;
        Optimizer = optimizer;
        Harmonizer = harmonizer;
        Rows = rows;
    }

    public string ModelName { get; }

    public int BatchSize { get; }

    public OptimizerKind Optimizer { get; }

    public bool Harmonizer { get; }

    /// <summary>One row per stage in order, then the full model.</summary>
    public IReadOnlyList<MemoryTableRow> Rows { get; }

    /// <summary>Estimates every stage and the full model of <paramref name="model"/>.</summary>
    public static MemoryTable Build(IMemoryModel memory, StagedModel model, int batchSize, OptimizerKind optimizer, bool harmonizer)
    {
        ArgumentNullException.ThrowIfNull(memory);
        ArgumentNullException.ThrowIfNull(model);
        var rows = Enumerable.Range(0, model.StageCount)
            .Select(stage => new MemoryTableRow(
                $"block {stage + 1}", stage, memory.StageFootprint(model, stage, harmonizer, batchSize, optimizer)))
            .Append(new MemoryTableRow("full model", -1, memory.FullModelFootprint(model, batchSize, optimizer)))
            .ToList();
        return new MemoryTable(model.Description.Name, batchSize, optimizer, harmonizer, rows);
    }

    /// <summary>A fixed-width text table in MiB.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{ModelName}, batch {BatchSize}, {Optimizer}, harmonizer {(Harmonizer ? "on" : "off")} (MiB)\n");
        text.Append(CultureInfo.InvariantCulture, $"{"stage",-12}{"weights",10}{"gradients",11}{"optimizer",11}{"activations",13}{"backward",10}{"transient",11}{"framework",11}{"total",10}\n");
        foreach (var row in Rows)
        {
            text.Append(CultureInfo.InvariantCulture,
                $"{row.Label,-12}{row.WeightMiB,10:F2}{row.GradientMiB,11:F2}{row.OptimizerStateMiB,11:F2}{row.ActivationMiB,13:F2}{row.BackwardMiB,10:F2}{row.TransientMiB,11:F2}{row.FrameworkMiB,11:F2}{row.TotalMiB,10:F2}\n");
        }

        return text.ToString();
    }
}
