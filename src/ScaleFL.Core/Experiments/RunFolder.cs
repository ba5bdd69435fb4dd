using System.Globalization;
using System.Text;
using System.Text.Json;
using ScaleFL.Core.Checkpoints;
using ScaleFL.Core.Faults;
using ScaleFL.Core.Simulation;

namespace ScaleFL.Core.Experiments;

/// <summary>
/// Writes one method's results into <c>runs/&lt;name&gt;/&lt;method&gt;/</c>: <c>metrics.csv</c>
/// (a row per round; stages counted from 1 as in the paper), <c>summary.json</c> (options, final figures) and <c>final.ckpt</c> (the
/// global model).
/// </summary>
public static class RunFolder
{
    /// <summary>Header of <c>metrics.csv</c>.</summary>
    public const string MetricsHeader =
        "round,stage,accuracy,loss,test_loss,eligible,selected,completed,dropped,late,bytes_down,bytes_up,train_seconds,simulated_seconds,seconds";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>The folder of <paramref name="method"/> in the run of <paramref name="options"/>.</summary>
    public static string PathOf(ExperimentOptions options, string method) =>
        Path.Combine(options.OutputDirectory, options.RunName, method);

    /// <summary>One CSV row for <paramref name="metrics"/>, matching <see cref="MetricsHeader"/>.</summary>
    public static string MetricsRow(RoundMetrics metrics) => string.Join(
        ",",
        metrics.Round.ToString(CultureInfo.InvariantCulture),
        (metrics.Stage + 1).ToString(CultureInfo.InvariantCulture),
        Number(metrics.Accuracy),
        metrics.Loss is { } loss ? Number(loss) : string.Empty,
        Number(metrics.TestLoss),
        metrics.Eligible.ToString(CultureInfo.InvariantCulture),
        metrics.Selected.ToString(CultureInfo.InvariantCulture),
        metrics.Completed.ToString(CultureInfo.InvariantCulture),
        metrics.Dropped.ToString(CultureInfo.InvariantCulture),
        metrics.Late.ToString(CultureInfo.InvariantCulture),
        metrics.BytesDown.ToString(CultureInfo.InvariantCulture),
        metrics.BytesUp.ToString(CultureInfo.InvariantCulture),
        Number(metrics.TrainSeconds),
        Number(metrics.SimulatedSeconds),
        Number(metrics.WallSeconds));

    /// <summary>Writes the three files and returns the folder.</summary>
    public static string Write(ExperimentOptions options, string method, RunResult result, double wallSeconds)
    {
        var folder = PathOf(options, method);
        Directory.CreateDirectory(folder);
        var csv = new StringBuilder().AppendLine(MetricsHeader);
        foreach (var round in result.Rounds)
        {
            csv.AppendLine(MetricsRow(round));
        }

        File.WriteAllText(Path.Combine(folder, "metrics.csv"), csv.ToString());
        if (result.Faults.Events.Count > 0)
        {
            File.WriteAllText(Path.Combine(folder, "faults.csv"), FaultsCsv(result.Faults));
        }

        File.WriteAllText(Path.Combine(folder, "summary.json"), Summary(options, method, result, wallSeconds));
        var last = result.Rounds.Count > 0 ? result.Rounds[^1] : null;
        CheckpointFile.Save(
            Path.Combine(folder, "final.ckpt"),
            new Checkpoint(options.Model, method, last?.Round ?? 0, last?.Stage ?? 0, result.FinalWeights));
        return folder;
    }

    private static string Summary(ExperimentOptions options, string method, RunResult result, double wallSeconds)
    {
        var summary = new
        {
            method,
            finalAccuracy = result.FinalEvaluation.Accuracy,
            finalTestLoss = result.FinalEvaluation.Loss,
            bestRoundAccuracy = result.Rounds.Count > 0 ? result.Rounds.Max(r => r.Accuracy) : 0,
            rounds = result.Rounds.Count,
            bytesDown = result.Rounds.Sum(r => r.BytesDown),
            bytesUp = result.Rounds.Sum(r => r.BytesUp),
            trainSeconds = result.Rounds.Sum(r => r.TrainSeconds),
            faults = result.Faults.Events.Count > 0 ? result.Faults.CountsByKind : null,
            wallSeconds,
            options = JsonDocument.Parse(ExperimentFile.ToJson(options with { Method = method })).RootElement,
        };
        return JsonSerializer.Serialize(summary, Indented);
    }

    private static string FaultsCsv(FaultReport faults)
    {
        var csv = new StringBuilder().AppendLine("round,client,kind,detail");
        foreach (var fault in faults.Events)
        {
            csv.AppendLine(CultureInfo.InvariantCulture, $"{fault.Round},{fault.Client},{FaultPlanFile.NameOf(fault.Kind)},\"{fault.Detail.Replace("\"", "'", StringComparison.Ordinal)}\"");
        }

        return csv.ToString();
    }

    private static string Number(double value) => value.ToString("G6", CultureInfo.InvariantCulture);
}
