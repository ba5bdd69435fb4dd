using System.Diagnostics;
using System.Globalization;
using ScaleFL.Testing;

namespace ScaleFL.Cli.Tests;

/// <summary>Real <c>scalefl</c> processes (ScaleFL.Testing's <see cref="ScaleflProcess"/>) with their output logged; disposing kills whatever still runs.</summary>
internal sealed class CliProcesses : IDisposable
{
    private readonly List<ScaleflProcess> started = [];

    /// <summary>A server node's --config for liveness tests: clients unreachable for 4 s are downed (default 10 s).</summary>
    public const string FastServerLiveness = """
        akka.cluster.failure-detector { heartbeat-interval = 500ms, acceptable-heartbeat-pause = 3s }
        scalefl.downing.down-unreachable-after = 4s
        """;

    /// <summary>A client node's --config for liveness tests: a server silent for 3 s plus 3 s more is lost (default 5 s plus 15 s).</summary>
    public const string FastClientLiveness = """
        akka.cluster.failure-detector { heartbeat-interval = 500ms, acceptable-heartbeat-pause = 3s }
        scalefl.client.server-lost-after = 3s
        """;

    public Process Start(params string[] args) => StartWith(new Dictionary<string, string>(), args);

    /// <summary>Starts <c>scalefl</c> with <paramref name="environment"/> added to this process's variables.</summary>
    public Process StartWith(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var process = ScaleflProcess.Start(Path.Combine(AppContext.BaseDirectory, "scalefl.dll"), args, environment);
        started.Add(process);
        return process.Process;
    }

    /// <summary>Every process's log, for a failure message.</summary>
    public string AllLogs => string.Join("\n---\n", started.Select(entry => entry.Log));

    /// <summary>The process's output so far, line by line.</summary>
    public List<string> Lines(Process process) => [.. Of(process).Lines];

    /// <summary>The first line from index <paramref name="from"/> on that matches; fails with the logs when <paramref name="bound"/> passes or the process exits.</summary>
    public async Task<string> WaitForLine(Process process, Func<string, bool> match, int from, TimeSpan bound)
    {
        try
        {
            return await Of(process).WaitForLineAsync(match, bound, from);
        }
        catch (Exception error) when (error is TimeoutException or InvalidOperationException)
        {
            Assert.Fail($"{error.Message.Split('\n')[0]}\n{AllLogs}");
            return string.Empty;
        }
    }

    public string Log(Process process) => Of(process).Log;

    /// <summary>The exit code, or -1 after killing the process when <paramref name="bound"/> passes first.</summary>
    public static async Task<int> ExitCode(Process process, TimeSpan bound)
    {
        using var timeout = new CancellationTokenSource(bound);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
            return process.ExitCode;
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            return -1;
        }
    }

    /// <summary>Polls <paramref name="condition"/> every 100 ms; false when <paramref name="bound"/> passes first.</summary>
    public static async Task<bool> Until(Func<bool> condition, TimeSpan bound)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > bound)
            {
                return false;
            }

            await Task.Delay(100);
        }

        return true;
    }

    /// <summary>Sends <paramref name="signal"/> (STOP, CONT, TERM...) to <paramref name="process"/> with kill(1).</summary>
    public void Signal(string signal, Process process) => Of(process).Signal(signal);

    /// <summary>Writes <paramref name="hocon"/> to <paramref name="name"/> in <paramref name="directory"/> and returns the path, for --config.</summary>
    public static string WriteConfig(string directory, string name, string hocon)
    {
        var path = Path.Combine(directory, name);
        File.WriteAllText(path, hocon);
        return path;
    }

    /// <summary>The rows of a run folder's metrics.csv split into columns (none while it is missing or being written).</summary>
    public static List<string[]> MetricsRows(string runFolder)
    {
        var path = Path.Combine(runFolder, "metrics.csv");
        try
        {
            return File.Exists(path) ? [.. File.ReadAllLines(path).Skip(1).Select(row => row.Split(','))] : [];
        }
        catch (IOException)
        {
            return [];
        }
    }

    public static int FreePort() => ScaleflProcess.FreePort();

    /// <summary>The ids of <paramref name="parent"/>'s child processes now (Linux /proc), e.g. the local workers of a simulation.</summary>
    public static List<int> ChildrenOf(Process parent) =>
        [.. Directory.EnumerateDirectories($"/proc/{parent.Id}/task")
            .SelectMany(task => File.ReadAllText(Path.Combine(task, "children")).Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Select(id => int.Parse(id, CultureInfo.InvariantCulture))];

    /// <summary>True when no process has <paramref name="id"/> any more (or only its zombie remains).</summary>
    public static bool IsGone(int id)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{id}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..].StartsWith('Z');
        }
        catch (IOException)
        {
            return true;
        }
    }

    public void Dispose()
    {
        foreach (var process in started)
        {
            process.Dispose();
        }
    }

    private ScaleflProcess Of(Process process) => started.Single(entry => entry.Process == process);
}
