using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using ScaleFL.Cli.Bench;
using ScaleFL.Cli.Soak;
using ScaleFL.Core.Experiments;
using ScaleFL.Core.Files;
using ScaleFL.Runtime.Simulation;

namespace ScaleFL.Cli.Commands;

/// <summary>
/// <c>scalefl soak</c> (hidden): many tiny rounds of the default model on the actor simulation
/// with a fault plan on, sampling resident memory every round. The cyclic schedule visits every
/// block during warm-up, and every budget covers the full model (until the plan shrinks one), so
/// later rounds need no more memory than early ones and every faulty client can be sampled. Passes (exit 0) when every round
/// is in metrics.csv and resident memory grew by less than the allowed share between the end of
/// warm-up and the last round; exit 1 otherwise.
/// </summary>
internal static class SoakCommand
{
    public static Command Create()
    {
        var rounds = new Option<int>("--rounds") { Description = "Rounds to run (default 300).", DefaultValueFactory = _ => 300 };
        var clients = new Option<int>("--clients") { Description = $"Simulated clients, at least {SoakPlan.MinClients} (default 20).", DefaultValueFactory = _ => 20 };
        var warmup = new Option<int>("--warmup") { Description = "Round after which memory is the baseline (default 20).", DefaultValueFactory = _ => 20 };
        var growth = new Option<double>("--max-growth") { Description = "Allowed resident-memory growth after warm-up (default 0.10).", DefaultValueFactory = _ => 0.10 };
        var cache = new Option<bool>("--cache-blocks") { Description = "Devices keep frozen blocks between rounds (default false: their caches fill over the first hundred or so rounds, which is growth but no leak).", DefaultValueFactory = _ => false };
        var output = new Option<string>("--out") { Description = "Directory for the run folder (default runs).", DefaultValueFactory = _ => "runs" };
        var command = new Command("soak", "Run many tiny rounds with faults on and check that nothing hangs or leaks.")
        {
            rounds, clients, warmup, growth, cache, output,
        };
        command.Hidden = true;
        command.SetAction((parse, ct) => Task.FromResult(CommandErrors.Guard(() => Run(
            parse.GetValue(rounds), parse.GetValue(clients), parse.GetValue(warmup), parse.GetValue(growth), parse.GetValue(cache), parse.GetValue(output)!, ct))));
        return command;
    }

    private static int Run(int rounds, int clients, int warmup, double maxGrowth, bool cacheBlocks, string output, CancellationToken ct)
    {
        if (clients < SoakPlan.MinClients || warmup < 1 || warmup >= rounds)
        {
            throw new ExperimentException($"soak needs clients >= {SoakPlan.MinClients} and 1 <= warmup < rounds; got clients {clients}, warmup {warmup}, rounds {rounds}.");
        }

        var soakFolder = OutputPaths.FullPath("out", Path.Combine(output, "soak"));
        if (Directory.Exists(soakFolder) && Directory.EnumerateFileSystemEntries(soakFolder).Any())
        {
            // A soak's folder is the evidence of that soak: a second one goes elsewhere, never over it.
            throw new ExperimentException($"out: {soakFolder} holds an earlier soak run; nothing changed: give another --out, or delete the folder.");
        }

        var folder = OutputPaths.CheckDirectory("out", soakFolder);
        var planPath = Path.Combine(folder, "fault-plan.json");
        AtomicFile.WriteAllText(planPath, SoakPlan.Json(rounds));
        var options = ExperimentValidator.Validate(new ExperimentOptions
        {
            Name = "soak", Dataset = "synthetic", Model = "small-resnet", Method = "scalefl", Clients = clients, PerRound = 5,
            Rounds = rounds, MaxTrainSamples = clients * 8, BatchSize = 8, EvalSamples = 16, DeadlineSeconds = 30, Schedule = "cyclic",
            Budgets = "relative:1.1-1.5", CacheBlocks = cacheBlocks,
            OutputDirectory = output, FaultsFile = planPath, Quiet = true,
        });
        using var locks = RunFolder.Prepare([RunFolder.PathOf(options, options.Method)]);
        var rss = new long[rounds + 1];
        var sampled = new[] { warmup, rounds / 2, rounds };
        var clock = Stopwatch.StartNew();
        using var setup = ExperimentSetup.Prepare(options, MemoryCalibration.Model());
        rss[0] = ProcessMemory.CurrentBytes();
        var result = ExperimentSimulation.RunAsync(setup, options.Method, round => rss[round.Round] = Sample(round.Round, sampled), ct).GetAwaiter().GetResult();
        var seconds = clock.Elapsed.TotalSeconds;
        RunFolder.Write(options, options.Method, result, seconds);
        AtomicFile.WriteAllText(Path.Combine(folder, "rss.csv"), RssCsv(rss));

        var rows = File.ReadAllLines(Path.Combine(RunFolder.PathOf(options, options.Method), "metrics.csv")).Skip(1)
            .Select(row => int.Parse(row.Split(',')[0], CultureInfo.InvariantCulture)).ToList();
        var accounted = rows.SequenceEqual(Enumerable.Range(1, rounds));
        var drift = (double)(rss[rounds] - rss[warmup]) / rss[warmup];
        Console.WriteLine($"soak: {rounds} rounds in {seconds:F0} s ({1000 * seconds / rounds:F0} ms/round), {clients} clients, 5 per round");
        Console.WriteLine($"resident memory: start {MiB(rss[0])}, after warm-up (round {warmup}) {MiB(rss[warmup])}, mid-run (round {rounds / 2}) {MiB(rss[rounds / 2])}, end {MiB(rss[rounds])}: {drift:+0.0%;-0.0%} (allowed {maxGrowth:+0%})");
        Console.WriteLine($"faults injected and survived: {string.Join(", ", result.Faults.CountsByKind.Select(kind => $"{kind.Key} {kind.Value}"))}");
        Console.WriteLine($"metrics.csv: {rows.Count} rounds{(accounted ? ", every round accounted for" : ", ROUNDS MISSING")}; folder {RunFolder.PathOf(options, options.Method)}");
        return accounted && drift < maxGrowth && result.Faults.Events.Count > 0 ? 0 : 1;
    }

    /// <summary>Resident memory after the round; at the baseline, mid-run and the end after a full collection and a heap trim, so garbage is not counted.</summary>
    private static long Sample(int round, int[] sampled)
    {
        if (sampled.Contains(round))
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            NativeHeap.Release();
        }

        return ProcessMemory.CurrentBytes();
    }

    private static string RssCsv(long[] rss)
    {
        var csv = new StringBuilder("round,rss_mib\n");
        for (var round = 0; round < rss.Length; round++)
        {
            csv.AppendLine(CultureInfo.InvariantCulture, $"{round},{rss[round] / 1048576.0:F1}");
        }

        return csv.ToString();
    }

    private static string MiB(long bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1048576.0:F1} MiB");
}
