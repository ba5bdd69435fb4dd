using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using ScaleFL.Core.Checkpoints;
using ScaleFL.Core.Faults;
using ScaleFL.Core.Files;
using ScaleFL.Core.Simulation;

namespace ScaleFL.Core.Experiments;

/// <summary>
/// Writes one method's results into <c>runs/&lt;name&gt;/&lt;method&gt;/</c>: <c>metrics.csv</c>
/// (a row per round; stages counted from 1 as in the paper), <c>summary.json</c> (options, final figures) and <c>final.ckpt</c> (the
/// global model). Every file is written atomically (<see cref="AtomicFile"/>).
/// </summary>
public static class RunFolder
{
    private const string FaultsHeader = "round,client,kind,detail";

    // A diverged run's final test loss can be NaN or infinite: written as "NaN" / "Infinity" (SummaryFile reads them back), not a failed run.
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals };

    /// <summary>The folder of <paramref name="method"/> in the run of <paramref name="options"/>.</summary>
    public static string PathOf(ExperimentOptions options, string method) =>
        Path.Combine(options.OutputDirectory, options.RunName, method);

    /// <summary>The file a run checkpoints to after every round, so <c>--resume</c> can continue it.</summary>
    public static string CheckpointPathOf(ExperimentOptions options, string method) =>
        Path.Combine(PathOf(options, method), "checkpoint.ckpt");

    /// <summary>
    /// The pre-flight check of a run's method folders (<see cref="PathOf"/>), before any data is loaded:
    /// creates each, proves it writable (<see cref="OutputPaths"/>, an <see cref="ExperimentException"/>
    /// naming <c>--out</c> otherwise), takes its <see cref="RunLock"/> and that of <paramref name="runFolder"/>
    /// (the folder of a <c>compare</c> or <c>sweep</c> that writes its table there; it exists), and only then
    /// removes temporary files a killed run left there. Returns the locks, to hold for the whole run; disposing
    /// them also removes each folder made here that holds nothing but its lock (a refused run leaves no folder).
    /// Throws <see cref="ExperimentException"/> naming the folder and process that holds one.
    /// </summary>
    public static IDisposable Prepare(IEnumerable<string> methodFolders, string? runFolder = null)
    {
        List<string> wanted = runFolder is null ? [.. methodFolders] : [runFolder, .. methodFolders];
        // Which folders this run makes, parents included: those it leaves empty (a refused run) go again when it ends.
        var made = new HashSet<string>(StringComparer.Ordinal);
        foreach (var folder in wanted)
        {
            for (var path = Path.GetFullPath(folder); path is not null && !Directory.Exists(path); path = Path.GetDirectoryName(path))
            {
                made.Add(path);
            }
        }

        var locked = wanted.Select(folder => OutputPaths.CheckDirectory("out", folder)).ToList();
        IDisposable held;
        try
        {
            held = RunLock.AcquireAll(locked);
        }
        catch
        {
            // Refused (another process holds one): the folders made for this run go again.
            new PreparedFolders(NoLocks.Instance, made).Dispose();
            throw;
        }

        foreach (var folder in locked)
        {
            AtomicFile.RemoveStaleTemporaries(folder);
        }

        return new PreparedFolders(held, made);
    }

    private sealed class NoLocks : IDisposable
    {
        public static readonly NoLocks Instance = new();

        public void Dispose()
        {
        }
    }

    /// <summary>
    /// Throws <see cref="ExperimentException"/>, in one line naming it, when a directory stands where a
    /// run writes one of its files in <paramref name="folder"/> (<see cref="WrittenFiles"/>): the run would
    /// otherwise train and fail at the write. A symbolic link there is no obstacle (the write replaces the link).
    /// </summary>
    public static void CheckWritable(string folder)
    {
        foreach (var name in WrittenFiles)
        {
            var path = Path.GetFullPath(Path.Combine(folder, name));
            if (Directory.Exists(path) && new DirectoryInfo(path).LinkTarget is null)
            {
                throw new ExperimentException($"out: '{path}' is a directory where the run writes its {name}; nothing changed: move it away.");
            }
        }
    }

    /// <summary>
    /// Throws <see cref="InvalidDataException"/>, in one line naming it, when a results file a resume reads
    /// back (<c>summary.json</c>, <c>metrics.csv</c>, <c>faults.csv</c>, <c>hsic.csv</c>, <c>devices.csv</c>)
    /// is there but is not a regular file (a named pipe, a device, a directory, a dangling or looping link):
    /// found before any data loads, as the resume promises, not when the file is read at the run's end.
    /// </summary>
    public static void CheckReadable(string folder)
    {
        // The tables; the checkpoints have their own reader, which falls back past a damaged one.
        foreach (var name in WrittenFiles.Where(name => !name.EndsWith(".ckpt", StringComparison.Ordinal)))
        {
            var path = Path.Combine(folder, name);
            if (InputFile.IsPresent(path))
            {
                InputFile.CheckRegular(path, "Run file", line => new InvalidDataException(line));
            }
        }
    }

    /// <summary>The files a run writes in its folder, each replaced whole (<see cref="AtomicFile"/>).</summary>
    public static readonly IReadOnlyList<string> WrittenFiles =
        ["checkpoint.ckpt", "checkpoint.prev.ckpt", "final.ckpt", "metrics.csv", SummaryFile.Name, "faults.csv", HsicFile.Name, DevicesFile.Name];

    /// <summary>
    /// Adds <paramref name="metrics"/> to <c>metrics.csv</c> in <paramref name="folder"/>, writing the header first
    /// when the file is new; rows of this round or later left by an interrupted run are dropped first.
    /// The file is replaced atomically, so a kill mid-write leaves the rows before it.
    /// </summary>
    public static void AppendRound(string folder, RoundMetrics metrics)
    {
        var path = Path.Combine(folder, "metrics.csv");
        var kept = RowsBefore(path, metrics.Round);
        AtomicFile.WriteAllText(path, Csv([.. kept, MetricsCsv.Row(metrics)]));
    }

    /// <summary>
    /// Throws <see cref="InvalidDataException"/>, in one line naming it, when the run of <paramref name="method"/>
    /// has a fault plan and resumes after round <paramref name="resumedAfter"/> but its <c>faults.csv</c> is missing:
    /// the summary's fault totals and which crashes already fired (<see cref="SpentFaults"/>) are read from it.
    /// A run without a plan never needs the file; nor does one whose plan starts after the checkpoint (nothing could
    /// have fired, as in a run stopped before its first fault by a version that wrote the file only once a fault fired).
    /// </summary>
    public static void CheckFaultsRecorded(ExperimentOptions options, string method, int resumedAfter)
    {
        ArgumentNullException.ThrowIfNull(options);
        var path = Path.Combine(PathOf(options, method), "faults.csv");
        if (options.FaultsFile is not { } planFile || InputFile.IsPresent(path)
            || !FaultPlanFile.Load(planFile, options.Clients, options.Rounds).Faults.Any(fault => fault.Round <= resumedAfter))
        {
            return;
        }

        throw new InvalidDataException(
            $"{path}: missing, so the faults of rounds 1..{resumedAfter} of this run with a fault plan cannot be counted; restore it, or run it again under another --name.");
    }

    /// <summary>
    /// Writes the header of <c>faults.csv</c> in <paramref name="folder"/> when <paramref name="planned"/> (a new run
    /// with a fault plan; a resumed one has the file, <see cref="CheckFaultsRecorded"/>) and the file is missing, before
    /// any round: a run with a plan always has the file, so a resume can tell "no fault fired yet" from a lost file.
    /// </summary>
    public static void StartFaults(string folder, bool planned)
    {
        if (planned && !InputFile.IsPresent(Path.Combine(folder, "faults.csv")))
        {
            Directory.CreateDirectory(folder);
            AtomicFile.WriteAllText(Path.Combine(folder, "faults.csv"), FaultsHeader + Environment.NewLine);
        }
    }

    /// <summary>
    /// Records <paramref name="faults"/>, every fault of this process so far, in <c>faults.csv</c> in
    /// <paramref name="folder"/>: rows of rounds before <paramref name="firstRound"/> (this process's first;
    /// an earlier process of a resumed run wrote them) stay, later ones are replaced. Called after every
    /// round, so a stopped run keeps the faults of its rounds; the file is replaced atomically.
    /// </summary>
    public static void RecordFaults(string folder, int firstRound, FaultReport faults)
    {
        ArgumentNullException.ThrowIfNull(faults);
        var path = Path.Combine(folder, "faults.csv");
        var csv = new StringBuilder().AppendLine(FaultsHeader);
        // Read whole, as ReadFaults checks it: a row it did not write stops the run rather than vanishing from the file.
        var earlier = ReadFaults(folder).Events.Where(fault => fault.Round < firstRound);
        foreach (var row in earlier.Concat(faults.Events).Select(FaultRow))
        {
            csv.AppendLine(row);
        }

        AtomicFile.WriteAllText(path, csv.ToString());
    }

    /// <summary>
    /// Writes <c>metrics.csv</c>, <c>summary.json</c> (totals over the whole run, the rounds of
    /// earlier processes of a resumed run included), <c>faults.csv</c> (<see cref="RecordFaults"/>) when faults happened and
    /// <c>final.ckpt</c>, each atomically; returns the folder. Throws <see cref="OutputWriteException"/>.
    /// </summary>
    public static string Write(ExperimentOptions options, string method, RunResult result, double wallSeconds)
    {
        var folder = PathOf(options, method);
        var metricsPath = Path.Combine(folder, "metrics.csv");
        // A resumed run's result starts after its checkpoint: the earlier rounds' rows stay.
        var earlier = RowsBefore(metricsPath, result.Rounds.Count > 0 ? result.Rounds[0].Round : int.MaxValue);
        var rows = earlier.Select(RoundFigures.Parse).Concat(result.Rounds.Select(RoundFigures.Of)).ToList();
        AtomicFile.WriteAllText(metricsPath, Csv([.. earlier, .. result.Rounds.Select(MetricsCsv.Row)]));
        if (result.Faults.Events.Count > 0 || InputFile.IsPresent(Path.Combine(folder, "faults.csv")))
        {
            RecordFaults(folder, result.Rounds.Count > 0 ? result.Rounds[0].Round : int.MaxValue, result.Faults);
        }

        AtomicFile.WriteAllText(Path.Combine(folder, SummaryFile.Name), Summary(options, method, result, rows, ReadFaults(folder), wallSeconds));
        var last = rows.Count > 0 ? rows[^1] : null;
        WriteFinal(options, method, last?.Round ?? 0, last?.Stage ?? 0, result.FinalWeights);
        return folder;
    }

    /// <summary>
    /// Writes <c>final.ckpt</c> of <paramref name="method"/>: the global model after <paramref name="round"/>
    /// (at 0-based <paramref name="stage"/>), with the experiment's fingerprint. Throws <see cref="OutputWriteException"/>.
    /// </summary>
    public static void WriteFinal(ExperimentOptions options, string method, int round, int stage, Weights.WeightSet weights) =>
        CheckpointFile.Save(
            FinalCheckpointPathOf(options, method),
            new Checkpoint(options.Model, method, round, stage, weights) { Fingerprint = ExperimentFingerprint.Of(options, method).Text });

    /// <summary>The global model of a finished run: <c>final.ckpt</c> in the method's folder.</summary>
    public static string FinalCheckpointPathOf(ExperimentOptions options, string method) =>
        Path.Combine(PathOf(options, method), "final.ckpt");

    private static string Csv(IEnumerable<string> rows)
    {
        var csv = new StringBuilder().AppendLine(MetricsCsv.Header);
        foreach (var row in rows)
        {
            csv.AppendLine(row);
        }

        return csv.ToString();
    }

    private static List<string> RowsBefore(string path, int round)
    {
        if (!InputFile.IsPresent(path))
        {
            return [];
        }

        return InputFile.ReadLines(path, "Metrics file", InputFile.TableMaxBytes, line => new InvalidDataException(line)).Skip(1).Where(line =>
            int.TryParse(line.Split(',')[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) && number < round).ToList();
    }

    private static string Summary(ExperimentOptions options, string method, RunResult result, IReadOnlyList<RoundFigures> rows, FaultReport faults, double wallSeconds)
    {
        var summary = new
        {
            method,
            finalAccuracy = result.FinalEvaluation.Accuracy,
            finalTestLoss = result.FinalEvaluation.Loss,
            bestRoundAccuracy = rows.Count > 0 ? rows.Max(r => r.Accuracy) : 0,
            rounds = rows.Count,
            bytesDown = rows.Sum(r => r.BytesDown),
            bytesUp = rows.Sum(r => r.BytesUp),
            trainSeconds = rows.Sum(r => r.TrainSeconds),
            rejected = rows.Sum(r => r.Rejected),
            faults = faults.Events.Count > 0 ? faults.CountsByKind : null,
            rejectedByReason = result.Rounds.SelectMany(r => r.Rejected).GroupBy(r => r.Reason)
                .ToDictionary(group => group.Key, group => group.Sum(r => r.Count)),
            // Earlier processes of a resumed run count with their rounds' measured time.
            wallSeconds = wallSeconds + rows.Take(rows.Count - result.Rounds.Count).Sum(r => r.WallSeconds),
            options = JsonDocument.Parse(ExperimentFile.ToJson(options with { Method = method })).RootElement,
        };
        return JsonSerializer.Serialize(summary, Indented);
    }

    /// <summary>
    /// The faults of a run folder's <c>faults.csv</c> (empty when the file is missing: a run without a fault
    /// plan, or <see cref="CheckFaultsRecorded"/> found that none could have fired), as <see cref="Write"/> wrote them. Throws <see cref="InvalidDataException"/> on a row it did not write.
    /// </summary>
    public static FaultReport ReadFaults(string folder)
    {
        var path = Path.Combine(folder, "faults.csv");
        if (!InputFile.IsPresent(path))
        {
            return FaultReport.Empty;
        }

        var lines = InputFile.ReadLines(path, "Fault log", InputFile.TableMaxBytes, line => new InvalidDataException(line));
        if (lines.Length == 0 || lines[0].Trim() != FaultsHeader)
        {
            // Every faults.csv ScaleFL writes starts with its header (a run with a plan writes it before round 1):
            // an empty or headless file was damaged, and reading it as "no fault yet" would fire its crashes again.
            throw new InvalidDataException($"{path}: {(lines.Length == 0 ? "empty" : $"begins with {TextExcerpt.Quote(lines[0])}")}, not the header {FaultsHeader}; restore it, or run it again under another --name.");
        }

        return FaultReport.Of(lines.Skip(1).Where(row => row.Length > 0).Select(row =>
        {
            var cells = row.Split(',', 4);
            return cells.Length == 4
                && int.TryParse(cells[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var round)
                && int.TryParse(cells[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var client)
                && FaultPlanFile.KindNames.TryGetValue(cells[2], out var kind)
                ? new FaultEvent(round, client, kind, cells[3].Trim('"'))
                : throw new InvalidDataException($"{path}: {TextExcerpt.Quote(row)} is not a row of round,client,kind,detail");
        }));
    }

    private static string FaultRow(FaultEvent fault) => string.Create(
        CultureInfo.InvariantCulture, $"{fault.Round},{fault.Client},{FaultPlanFile.NameOf(fault.Kind)},\"{fault.Detail.Replace("\"", "'", StringComparison.Ordinal)}\"");

    /// <summary>The figures of one round that the summary totals, from this process's metrics or an earlier process's CSV row.</summary>
    private sealed record RoundFigures(int Round, int Stage, double Accuracy, long BytesDown, long BytesUp, double TrainSeconds, double WallSeconds, int Rejected)
    {
        public static RoundFigures Of(RoundMetrics metrics) => new(
            metrics.Round, metrics.Stage, metrics.Accuracy, metrics.BytesDown, metrics.BytesUp, metrics.TrainSeconds, metrics.WallSeconds, metrics.RejectedCount);

        /// <summary>Reads a row of <see cref="MetricsCsv.Header"/>; a missing or unreadable cell counts as 0.</summary>
        public static RoundFigures Parse(string row)
        {
            var cells = row.Split(',');
            double Cell(int index) =>
                index < cells.Length && double.TryParse(cells[index], NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : 0;
            return new RoundFigures(
                (int)Cell(0), (int)Cell(1) - 1, Cell(2), (long)Cell(10), (long)Cell(11), Cell(12), Cell(14), (int)Cell(15));
        }
    }

    private static string Number(double value) => value.ToString("G6", CultureInfo.InvariantCulture);
}
