using System.CommandLine;
using System.Diagnostics;
using ScaleFL.Cli.Bench;
using ScaleFL.Core.Experiments;
using ScaleFL.Core.Files;

namespace ScaleFL.Cli.Commands;

/// <summary>
/// <c>scalefl bench</c>: measures the runtime against its limits and its peers (runtime overhead,
/// weight codec, transfer between processes, step time against PyTorch, per-stage memory, a
/// thousand clients, devices over worker processes) and prints each figure. Never fails on timing: figures are reported, not judged.
/// </summary>
internal static class BenchCommand
{
    private static readonly string[] Sections = ["overhead", "codec", "transfer", "peer", "memory", "scale", "scale-out"];

    public static Command Create()
    {
        var quick = new Option<bool>("--quick") { Description = "Smaller sizes: every section in under 5 minutes." };
        var smoke = new Option<bool>("--smoke") { Description = "Tiny sizes: checks every section runs; the figures mean nothing.", Hidden = true };
        var only = new Option<string?>("--only") { Description = $"Comma-separated sections to run: {string.Join(", ", Sections)}. Default all." };
        var markdown = new Option<string?>("--markdown") { Description = "Also write the figures as Markdown to this file." };
        var command = new Command("bench", "Measure runtime overhead, codec and transfer throughput, step time against PyTorch, memory and scale.")
        {
            quick, smoke, only, markdown,
        };
        command.SetAction(parse => CommandErrors.Guard(() => Run(
            parse.GetValue(smoke) ? BenchSizes.Smoke : parse.GetValue(quick) ? BenchSizes.Quick : BenchSizes.Full,
            parse.GetValue(only),
            parse.GetValue(markdown))));
        return command;
    }

    private static int Run(BenchSizes sizes, string? only, string? markdownPath)
    {
        var chosen = only is null ? Sections : only.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var unknown = chosen.Except(Sections).ToList();
        if (unknown.Count > 0 || chosen.Length == 0)
        {
            throw new ExperimentException($"only: '{string.Join(",", unknown)}' is not allowed; allowed: {string.Join(", ", Sections)}.");
        }

        if (markdownPath is not null)
        {
            OutputPaths.CheckFile("markdown", markdownPath);
        }

        var report = new BenchReport(Console.Out);
        var watch = Stopwatch.StartNew();
        Console.WriteLine($"scalefl bench ({sizes.Mode}) on {MachineInfo.Describe()}");
        foreach (var section in Sections.Where(chosen.Contains))
        {
            Action<BenchSizes, BenchReport> run = section switch
            {
                "overhead" => OverheadBench.Run,
                "codec" => CodecBench.Run,
                "transfer" => TransferBench.Run,
                "peer" => PeerBench.Run,
                "memory" => MemoryBench.Run,
                "scale-out" => ScaleOutBench.Run,
                _ => ScaleBench.Run,
            };
            // Each section starts from a collected heap, so a background collection of what the
            // previous one left behind does not compete for the cores while this one is timed.
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
            run(sizes, report);
        }

        Console.WriteLine();
        Console.WriteLine($"bench ({sizes.Mode}) finished in {watch.Elapsed.TotalSeconds:F0} s");
        if (markdownPath is not null)
        {
            AtomicFile.WriteAllText(markdownPath, $"Mode `{sizes.Mode}` on {MachineInfo.Describe()}; {watch.Elapsed.TotalSeconds:F0} s.\n{report.Markdown}");
        }

        return 0;
    }
}
