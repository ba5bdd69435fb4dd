using System.Diagnostics;
using System.Globalization;
using ScaleFL.Core.Experiments;
using ScaleFL.Core.Faults;

namespace ScaleFL.Testing;

/// <summary>
/// A federation on this machine for a test: one <c>scalefl server</c> process and
/// <see cref="LoopbackClusterOptions.Clients"/> <c>scalefl client</c> processes, joined over real
/// Akka.Remote on 127.0.0.1. Faults come from a plan (<see cref="LoopbackClusterOptions.Faults"/>,
/// which the server hands to the clients it names) or by hand on a process (<see cref="Client"/>:
/// kill, pause, resume, <see cref="RestartClient"/>). Read the completed rounds while it runs
/// (<see cref="Rounds"/>, <see cref="WaitForRoundsAsync"/>) or at the end (<see cref="WaitForEndAsync"/>).
/// Every wait is bounded; disposing kills whatever still runs.
/// </summary>
public sealed class LoopbackCluster : IAsyncDisposable
{
    private const string RunName = "cluster";
    private readonly LoopbackClusterOptions options;
    private readonly string cli;
    private readonly bool ownsDirectory;
    private readonly ScaleflProcess?[] clients;
    private readonly List<ScaleflProcess> started = [];
    private readonly string? clientConfig;

    private LoopbackCluster(LoopbackClusterOptions options, string cli, string directory, bool ownsDirectory, int port)
    {
        (this.options, this.cli, Directory, this.ownsDirectory) = (options, cli, directory, ownsDirectory);
        SeedNode = $"akka.tcp://scalefl@127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}";
        clients = new ScaleflProcess?[options.Clients];
        clientConfig = options.ClientConfig is { } hocon ? Write("client.conf", hocon) : null;
        List<string> server =
        [
            "server", .. options.Experiment, "--clients", Text(options.Clients), "--min-clients", Text(options.Clients),
            "--rounds", Text(options.Rounds), "--per-round", Text(options.PerRound ?? options.Clients),
            "--name", RunName, "--out", Path.Combine(directory, "runs"), "--port", Text(port),
            "--client-wait", Seconds(options.JoinWait), "--round-deadline", Seconds(options.RoundDeadline),
        ];
        if (options.Faults.Faults.Count > 0)
        {
            server.AddRange(["--faults", Write("faults.json", FaultPlanFile.ToJson(options.Faults))]);
        }

        if (options.ServerConfig is { } serverHocon)
        {
            server.AddRange(["--config", Write("server.conf", serverHocon)]);
        }

        Server = Track(ScaleflProcess.Start(cli, server));
    }

    /// <summary>The server process.</summary>
    public ScaleflProcess Server { get; }

    /// <summary>The server's address, for clients a test starts itself.</summary>
    public string SeedNode { get; }

    /// <summary>The folder holding the plan, configs and <c>runs/</c>.</summary>
    public string Directory { get; }

    /// <summary>The server's run folder (metrics.csv, faults.csv, summary.json, checkpoints); null until the server made it.</summary>
    public string? RunFolder
    {
        get
        {
            var runs = Path.Combine(Directory, "runs", RunName);
            return System.IO.Directory.Exists(runs) ? System.IO.Directory.EnumerateDirectories(runs).FirstOrDefault() : null;
        }
    }

    /// <summary>The rounds completed so far (the rows of the server's metrics.csv).</summary>
    public IReadOnlyList<RoundRow> Rounds => RunFolder is { } folder ? RoundRow.Read(folder) : [];

    /// <summary>Every process's output, for a failure message.</summary>
    public string Logs => string.Join("\n---\n", started.Select(process => process.Log));

    /// <summary>Starts the server and the client processes; returns at once (the clients join while the server loads).</summary>
    public static LoopbackCluster Start(LoopbackClusterOptions? options = null)
    {
        options = (options ?? new LoopbackClusterOptions()).Validate();
        var cli = ScaleflProcess.FindCli(options.Cli);
        var directory = options.Directory ?? System.IO.Directory.CreateTempSubdirectory("scalefl-cluster-").FullName;
        var cluster = new LoopbackCluster(options, cli, directory, options.Directory is null, ScaleflProcess.FreePort());
        for (var id = 0; id < options.Clients; id++)
        {
            cluster.RestartClient(id);
        }

        return cluster;
    }

    /// <summary>The process of client <paramref name="id"/> (0-based; it trains share id+1 of N), the latest one started for it.</summary>
    public ScaleflProcess Client(int id) => clients[id] ?? throw new InvalidOperationException($"client {id} was not started");

    /// <summary>
    /// Kills client <paramref name="id"/>'s process if it still runs and starts a new one with the same
    /// share, which rejoins the run (once the server has released the id of a killed one).
    /// </summary>
    public ScaleflProcess RestartClient(int id)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(id);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(id, clients.Length);
        clients[id]?.Kill();
        List<string> arguments =
        [
            "client", "--seed-node", SeedNode, "--memory-mb", Text(options.ClientMemoryMb), "--share", $"{id + 1}/{clients.Length}",
            "--join-timeout", Seconds(options.JoinWait),
        ];
        if (clientConfig is not null)
        {
            arguments.AddRange(["--config", clientConfig]);
        }

        return clients[id] = Track(ScaleflProcess.Start(cli, arguments));
    }

    /// <summary>
    /// The rounds once at least <paramref name="count"/> completed; <see cref="TimeoutException"/> after
    /// <paramref name="bound"/>, <see cref="InvalidOperationException"/> when the server exits first (both with every log).
    /// </summary>
    public Task<IReadOnlyList<RoundRow>> WaitForRoundsAsync(int count, TimeSpan bound) =>
        Polling.UntilAsync(
            () => Rounds is { } rounds && rounds.Count >= count ? rounds : null,
            () => Server.HasExited ? $"the server exited after {Rounds.Count} of {count} rounds:\n{Logs}" : null,
            bound,
            () => $"{Rounds.Count} of {count} rounds within {bound.TotalSeconds:F0} s:\n{Logs}");

    /// <summary>
    /// Waits until the server and every client process exited (within <paramref name="bound"/> in all;
    /// after it, everything is killed and <see cref="TimeoutException"/> thrown with every log) and reads the run folder.
    /// </summary>
    public async Task<ClusterRun> WaitForEndAsync(TimeSpan bound)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            var server = await Server.WaitForExitAsync(bound).ConfigureAwait(false);
            var codes = new List<int>();
            foreach (var client in clients)
            {
                codes.Add(client is null ? 0 : await client.WaitForExitAsync(Remaining(bound, clock)).ConfigureAwait(false));
            }

            var folder = RunFolder;
            return new ClusterRun(server, codes, folder is null ? [] : RoundRow.Read(folder), folder is null ? FaultReport.Empty : Core.Experiments.RunFolder.ReadFaults(folder));
        }
        catch (TimeoutException)
        {
            KillAll();
            throw new TimeoutException($"the cluster did not end within {bound.TotalSeconds:F0} s:\n{Logs}");
        }
    }

    /// <summary>Kills every process still running and, unless <see cref="LoopbackClusterOptions.Directory"/> was given, deletes the folder.</summary>
    public ValueTask DisposeAsync()
    {
        foreach (var process in started)
        {
            process.Dispose();
        }

        if (ownsDirectory)
        {
            try
            {
                System.IO.Directory.Delete(Directory, recursive: true);
            }
            catch (IOException)
            {
                // A file still held open by a dying process: the temporary folder is left behind.
            }
        }

        return ValueTask.CompletedTask;
    }

    private static TimeSpan Remaining(TimeSpan bound, Stopwatch clock) =>
        bound - clock.Elapsed is { Ticks: > 0 } left ? left : TimeSpan.FromMilliseconds(1);

    private static string Text(double value) => value.ToString(CultureInfo.InvariantCulture);

    // The commands take whole seconds.
    private static string Seconds(TimeSpan span) => Text(Math.Ceiling(span.TotalSeconds));

    private void KillAll()
    {
        foreach (var process in started)
        {
            process.Kill();
        }
    }

    private ScaleflProcess Track(ScaleflProcess process)
    {
        started.Add(process);
        return process;
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(Directory, name);
        File.WriteAllText(path, text);
        return path;
    }
}
