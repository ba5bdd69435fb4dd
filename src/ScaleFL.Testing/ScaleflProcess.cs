using System.Diagnostics;
using System.Globalization;

namespace ScaleFL.Testing;

/// <summary>
/// One <c>scalefl</c> process (<c>dotnet scalefl.dll ARGS</c>) with its standard output and error
/// captured line by line (prefixed <c>OUT </c> / <c>ERR </c>). Faults a test injects by hand:
/// <see cref="Kill"/> (SIGKILL), <see cref="Pause"/> (SIGSTOP), <see cref="Resume"/> (SIGCONT),
/// <see cref="Terminate"/> (SIGTERM). Every wait is bounded; disposing kills the process if it still runs.
/// </summary>
public sealed class ScaleflProcess : IDisposable
{
    /// <summary>The environment variable naming <c>scalefl.dll</c> when it is not beside the test assembly.</summary>
    public const string CliVariable = "SCALEFL_CLI";

    private readonly Process process;
    private readonly List<string> lines = [];

    private ScaleflProcess(Process process) => this.process = process;

    /// <summary>The operating system's process id.</summary>
    public int Id => process.Id;

    /// <summary>The process itself, for what this class does not wrap (its exit code, start time, ...).</summary>
    public Process Process => process;

    /// <summary>True once the process ended.</summary>
    public bool HasExited => process.HasExited;

    /// <summary>Every line written so far, in order.</summary>
    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (lines)
            {
                return [.. lines];
            }
        }
    }

    /// <summary>Every line written so far, one per line.</summary>
    public string Log => string.Join('\n', Lines);

    /// <summary>
    /// The CLI to run: <paramref name="cli"/> when given, else <c>$SCALEFL_CLI</c>, else <c>scalefl.dll</c>
    /// beside the running test assembly (where a reference to src/ScaleFL.Cli puts it). Throws
    /// <see cref="FileNotFoundException"/> naming what was tried.
    /// </summary>
    public static string FindCli(string? cli = null)
    {
        var path = cli ?? Environment.GetEnvironmentVariable(CliVariable) ?? Path.Combine(AppContext.BaseDirectory, "scalefl.dll");
        return File.Exists(path)
            ? path
            : throw new FileNotFoundException($"scalefl CLI '{path}' not found; reference src/ScaleFL.Cli from the test project or set {CliVariable} to its scalefl.dll.", path);
    }

    /// <summary>Starts <c>dotnet <paramref name="cli"/> <paramref name="arguments"/></c>, with <paramref name="environment"/> added to this process's variables.</summary>
    public static ScaleflProcess Start(string cli, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        info.ArgumentList.Add(cli);
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        var started = new ScaleflProcess(new Process { StartInfo = info });
        started.process.OutputDataReceived += (_, line) => started.Append("OUT ", line.Data);
        started.process.ErrorDataReceived += (_, line) => started.Append("ERR ", line.Data);
        started.process.Start();
        started.process.BeginOutputReadLine();
        started.process.BeginErrorReadLine();
        return started;
    }

    /// <summary>A TCP port on 127.0.0.1 that was free a moment ago (the OS chose it).</summary>
    public static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>SIGKILL: the process and its children die at once, without leaving the cluster.</summary>
    public void Kill()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }
    }

    /// <summary>SIGSTOP: the process freezes (its node stops answering heartbeats) until <see cref="Resume"/>.</summary>
    public void Pause() => Signal("STOP");

    /// <summary>SIGCONT: a paused process runs on.</summary>
    public void Resume() => Signal("CONT");

    /// <summary>SIGTERM: the process is asked to stop.</summary>
    public void Terminate() => Signal("TERM");

    /// <summary>Sends signal <paramref name="name"/> (STOP, CONT, TERM, ...) with kill(1).</summary>
    public void Signal(string name)
    {
        using var kill = Process.Start("kill", [$"-{name}", process.Id.ToString(CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    /// <summary>The exit code; after <paramref name="bound"/> the process is killed and <see cref="TimeoutException"/> thrown with its output.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan bound)
    {
        using var timeout = new CancellationTokenSource(bound);
        try
        {
            await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
            return process.ExitCode;
        }
        catch (OperationCanceledException)
        {
            Kill();
            throw new TimeoutException($"scalefl did not exit within {bound.TotalSeconds:F0} s and was killed; its output:\n{Log}");
        }
    }

    /// <summary>
    /// The first line from index <paramref name="from"/> on that matches; <see cref="TimeoutException"/>
    /// after <paramref name="bound"/>, <see cref="InvalidOperationException"/> when the process exits first.
    /// </summary>
    public Task<string> WaitForLineAsync(Func<string, bool> match, TimeSpan bound, int from = 0) =>
        Polling.UntilAsync(
            () => Lines.Skip(from).FirstOrDefault(match),
            () => process.HasExited ? $"scalefl exited with code {process.ExitCode} before the line came; its output:\n{Log}" : null,
            bound,
            () => $"no matching line within {bound.TotalSeconds:F0} s; the output:\n{Log}");

    /// <summary>Kills the process if it still runs (waiting at most 5 s for it to go) and frees it.</summary>
    public void Dispose()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(5000);
        }

        process.Dispose();
    }

    private void Append(string stream, string? line)
    {
        if (line is not null)
        {
            lock (lines)
            {
                lines.Add(stream + line);
            }
        }
    }
}
