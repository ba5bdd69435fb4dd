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
        "round,stage,accuracy,loss,test_loss,eligible,selected,completed,dropped,late,bytes_down,bytes_up,train_seconds,simulated_seconds,seconds,rejected";

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
        Number(metrics.WallSeconds),
        metrics.RejectedCount.ToString(CultureInfo.InvariantCulture));

    /// <summary>The file a run checkpoints to after every round, so <c>--resume</c> can continue it.</summary>
    public static string CheckpointPathOf(ExperimentOptions options, string method) =>
        Path.Combine(PathOf(options, method), "checkpoint.ckpt");

    /// <summary>
    /// Appends <paramref name="metrics"/> to <c>metrics.csv</c> in <paramref name="folder"/>, writing the header first
    /// when the file is new; rows of this round or later left by an interrupted run are dropped first.
    /// </summary>
    public static void AppendRound(string folder, RoundMetrics metrics)
    {
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, "metrics.csv");
        var kept = RowsBefore(path, metrics.Round);
        File.WriteAllLines(path, [MetricsHeader, .. kept, MetricsRow(metrics)]);
    }

    /// <summary>Writes the three files and returns the folder.</summary>
    public static string Write(ExperimentOptions options, string method, RunResult result, double wallSeconds)
    {
        var folder = PathOf(options, method);
        Directory.CreateDirectory(folder);
        var csv = new StringBuilder().AppendLine(MetricsHeader);
        // A resumed run's result starts after its checkpoint: the earlier rounds' rows stay.
        foreach (var row in RowsBefore(Path.Combine(folder, "metrics.csv"), result.Rounds.Count > 0 ? result.Rounds[0].Round : int.MaxValue))
        {
            csv.AppendLine(row);
        }

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

    private static List<string> RowsBefore(string path, int round)
    {
        if (!File.Exists(path))
        {
            return [];
        }

        return File.ReadAllLines(path).Skip(1).Where(line =>
            int.TryParse(line.Split(',')[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) && number < round).ToList();
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
            rejectedByReason = result.Rounds.SelectMany(r => r.Rejected).GroupBy(r => r.Reason)
                .ToDictionary(group => group.Key, group => group.Sum(r => r.Count)),
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
