using System.Diagnostics;
using System.Globalization;
using TorchSharp;

namespace ScaleFL.Cli.Bench;

/// <summary>
/// Step time of the default CNN and ResNet-18 here and in PyTorch (bench/peer_torch.py, the same
/// architectures layer for layer) with the same thread count. Skipped with a message when no
/// Python with torch is found (<c>apt-get install python3-torch</c>, or set SCALEFL_BENCH_PYTHON).
/// </summary>
internal static class PeerBench
{
    private const string Script = "bench/peer_torch.py";

    public static void Run(BenchSizes sizes, BenchReport report)
    {
        report.Section("Peer: step time against PyTorch");
        var threads = Environment.ProcessorCount;
        var python = FindPython();
        var script = FindScript();
        if (python is null || script is null)
        {
            report.Note(python is null
                ? "skipped: no Python with torch found (apt-get install python3-torch, or set SCALEFL_BENCH_PYTHON)"
                : $"skipped: {Script} not found above {AppContext.BaseDirectory} or the current directory");
            return;
        }

        torch.set_num_threads(threads);
        report.Note($"full model, batch {sizes.PeerBatchSize}, mean of {sizes.PeerSteps} steps after 2 warm-up steps, {threads} threads on both sides; PyTorch {python.Value.Version} ({python.Value.Path})");
        List<string[]> rows = [["model", "input", "TorchSharp", "PyTorch", "ratio (ours / PyTorch)"]];
        foreach (var model in new[] { "small-resnet", "resnet18" })
        {
            // On a pool thread, as the runtime trains: libtorch on the process main thread was seen
            // to wait far longer per step under load (see BENCHMARKS.md, runtime overhead).
            var ours = Task.Run(() => StepTimer.MeanStep(model, sizes.PeerBatchSize, sizes.PeerSteps)).GetAwaiter().GetResult();
            var theirs = PyTorchStep(python.Value.Path, script, model, sizes, threads);
            rows.Add([model, Commands.ModelInputs.DefaultFor(model).ToString(), BenchReport.Ms(ours), theirs is null ? "failed" : BenchReport.Ms(theirs.Value),
                theirs is null ? "-" : BenchReport.F(ours / theirs.Value, 2)]);
        }

        report.Table(rows);
    }

    private static TimeSpan? PyTorchStep(string python, string script, string model, BenchSizes sizes, int threads)
    {
        var start = new ProcessStartInfo(python) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { script, "--model", model, "--batch-size", $"{sizes.PeerBatchSize}", "--steps", $"{sizes.PeerSteps}", "--threads", $"{threads}" })
        {
            start.ArgumentList.Add(argument);
        }

        var (exit, output, error) = RunToEnd(start);
        var line = output.Split('\n').FirstOrDefault(l => l.StartsWith("ms_per_step ", StringComparison.Ordinal));
        if (exit != 0 || line is null)
        {
            Console.Error.WriteLine($"peer_torch.py {model} failed: {error.Trim()}");
            return null;
        }

        return TimeSpan.FromMilliseconds(double.Parse(line["ms_per_step ".Length..], CultureInfo.InvariantCulture));
    }

    private static (string Path, string Version)? FindPython()
    {
        var candidates = new[] { Environment.GetEnvironmentVariable("SCALEFL_BENCH_PYTHON"), "/usr/bin/python3", "python3" };
        foreach (var candidate in candidates.OfType<string>())
        {
            try
            {
                var start = new ProcessStartInfo(candidate, ["-c", "import torch; print(torch.__version__)"]) { RedirectStandardOutput = true, RedirectStandardError = true };
                var (exit, output, _) = RunToEnd(start);
                if (exit == 0)
                {
                    return (candidate, output.Trim());
                }
            }
            catch (System.ComponentModel.Win32Exception)
            {
                // Not installed under this name; try the next.
            }
        }

        return null;
    }

    private static string? FindScript()
    {
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                var path = Path.Combine(directory.FullName, Script);
                if (File.Exists(path))
                {
                    return path;
                }
            }
        }

        return null;
    }

    private static (int Exit, string Output, string Error) RunToEnd(ProcessStartInfo start)
    {
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output.Result, error);
    }
}
