using System.Diagnostics;
using Akka.Configuration;
using System.Globalization;
using System.Security.Cryptography;
using ScaleFL.Cli.Bench;
using ScaleFL.Core.Experiments;
using ScaleFL.Runtime.Cluster;
using ScaleFL.Runtime.Security;
using ScaleFL.Runtime.Simulation;

namespace ScaleFL.Cli.Commands;

/// <summary>
/// The server side of <c>scalefl simulate --workers K</c> / <c>--expect-workers K</c> for one method:
/// a cluster node with the server role, the local worker processes it
/// starts itself (0 with <c>--expect-workers</c>), and the <see cref="WorkerPlacement"/> the
/// simulation places its devices with. Disposing leaves the cluster and waits (bounded) for the
/// local workers to exit, killing those that do not.
/// </summary>
internal sealed class WorkerCluster : IAsyncDisposable
{
    private static readonly TimeSpan WorkerExitWait = TimeSpan.FromSeconds(30);

    // Ctrl-C and SIGTERM cancel the run (Interruption), which tells the workers and gives the node up;
    // Akka's own hook would stop the node first, under a run still waiting on it.
    private static readonly Config OwnShutdown = ConfigurationFactory.ParseString("akka.coordinated-shutdown.run-by-clr-shutdown-hook = off");

    // A lost or refused worker is one line of the placement's (or the worker's own); Akka's warnings and
    // errors about the same event (unreachable, gated, downed, a transfer cut short) would repeat it
    // several times over. SCALEFL_DEBUG=1 keeps them.
    private static readonly Config QuietLog = ConfigurationFactory.ParseString("akka { loglevel = OFF, stdout-loglevel = OFF }");

    /// <summary><paramref name="options"/> for a node of a simulation spread over workers: Akka's own log off the console (but with SCALEFL_DEBUG=1).</summary>
    internal static NodeOptions Quiet(NodeOptions options) =>
        Environment.GetEnvironmentVariable(CommandErrors.DebugVariable) == "1"
            ? options
            : options with { Config = QuietLog.WithFallback(options.Config ?? Config.Empty) };
    private readonly ClusterNode node;
    private readonly List<Process> workers = [];

    private WorkerCluster(ClusterNode node) => this.node = node;

    /// <summary>The placement for <see cref="ExperimentSimulation.RunAsync"/>.</summary>
    public required WorkerPlacement Placement { get; init; }

    /// <summary>
    /// Starts the node and the local workers. Local workers get a fresh join secret through their
    /// environment when the user gave none, so no other process can register devices.
    /// </summary>
    public static async Task<WorkerCluster> StartAsync(
        NodeOptions nodeOptions, int expected, int spawn, string? joinSecret, ExperimentSpec experiment, LocalWorkerFlags local, RunConsole console, CancellationToken ct)
    {
        var secret = joinSecret ?? (spawn > 0 ? Convert.ToHexString(RandomNumberGenerator.GetBytes(16)) : null);
        if (spawn > 0 && nodeOptions.PublicHost is null && nodeOptions.Host is "0.0.0.0" or "::" or "[::]")
        {
            // Bound to every interface, the node would call itself 0.0.0.0, which is no address to connect to:
            // its local workers reach it on loopback.
            nodeOptions = nodeOptions with { PublicHost = "127.0.0.1" };
        }

        var node = await ClusterNode.StartAsync(Quiet(nodeOptions with { Config = OwnShutdown.WithFallback(nodeOptions.Config ?? Config.Empty) }), ct);
        var firstExit = new TaskCompletionSource<Runtime.Workers.DevicePlacement.LocalWorkerExited>(TaskCreationOptions.RunContinuationsAsynchronously);
        var cluster = new WorkerCluster(node)
        {
            Placement = new WorkerPlacement
            {
                System = node.System,
                ExpectedWorkers = expected,
                LocalWorkers = spawn > 0,
                Experiment = experiment,
                JoinSecretHash = secret is null ? null : JoinSecret.Token(secret),
                Report = line => console.Info($"Workers: {line}"),
                FirstLocalExit = spawn > 0 ? firstExit.Task : null,
            },
        };
        if (spawn == 0)
        {
            console.Info(JoinHint(expected, node.SeedAddress, joinSecret is not null));
            return cluster;
        }

        var slots = Math.Max(1, Environment.ProcessorCount / spawn);
        for (var index = 1; index <= spawn; index++)
        {
            cluster.workers.Add(StartWorker(index, node.SeedAddress, slots, secret!, local, console, firstExit));
        }

        console.Info($"Started {spawn} worker process(es) on this machine ({slots} training slot(s) each), joining {node.SeedAddress}");
        return cluster;
    }

    /// <summary>
    /// The line telling the user how to start the <paramref name="expected"/> workers: a command that
    /// works when copied. With a join secret it names the secret's environment variable, never the
    /// secret itself: console output ends up in logs and terminals shared with others.
    /// </summary>
    internal static string JoinHint(int expected, string seedAddress, bool hasJoinSecret)
    {
        var workers = $"{expected} worker{(expected == 1 ? string.Empty : "s")}";
        return hasJoinSecret
            ? $"Server listening at {seedAddress}; start {workers} with: scalefl worker --seed-node {seedAddress} (with {JoinSecret.EnvironmentVariable} set to the join secret)"
            : $"Server listening at {seedAddress}; start {workers} with: scalefl worker --seed-node {seedAddress}";
    }

    /// <summary>Set by the caller once the run finished; a run that did not (cancelled, failed) gives its node up at once.</summary>
    public bool Finished { get; set; }

    /// <summary>
    /// After a finished run: lets the workers leave first (told the run ended, they leave while this
    /// node can still confirm it), waiting for the local ones to exit and for every worker member to
    /// be gone (both bounded), kills local workers still running, then leaves the cluster. After a
    /// cancelled or failed run the node downs itself at once (its rounds stop; a graceful leave would
    /// wait on workers that are leaving too), and the local workers are killed.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (!Finished)
        {
            await node.AbandonAsync(WorkerExitWait);
            KillWorkers();
            return;
        }

        using (var left = new CancellationTokenSource(WorkerExitWait))
        {
            try
            {
                await Task.WhenAll(workers.Select(worker => worker.WaitForExitAsync(left.Token)));
                var cluster = Akka.Cluster.Cluster.Get(node.System);
                while (cluster.State.Members.Any(member => member.HasRole(Runtime.Workers.WorkerNames.Role)))
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(200), left.Token);
                }
            }
            catch (OperationCanceledException)
            {
                // Bounded: what did not leave is killed (local) or downed by the leaving server (remote).
            }
        }

        await node.DisposeAsync();
        KillWorkers();
    }

    /// <summary>What local workers take over from <c>simulate</c>'s flags: where the dataset is, and where they train (<c>--device</c>).</summary>
    internal sealed record LocalWorkerFlags(string? DataPath, Core.Training.ComputeDevice Device);

    private void KillWorkers()
    {
        foreach (var worker in workers)
        {
            if (!worker.HasExited)
            {
                worker.Kill(entireProcessTree: true);
            }

            worker.Dispose();
        }
    }

    private static Process StartWorker(
        int index, string seed, int slots, string secret, LocalWorkerFlags local, RunConsole console, TaskCompletionSource<Runtime.Workers.DevicePlacement.LocalWorkerExited> firstExit)
    {
        var arguments = new List<string> { "worker", "--seed-node", seed, "--slots", slots.ToString(CultureInfo.InvariantCulture), "--device", local.Device.ToString() };
        if (local.DataPath is not null)
        {
            arguments.AddRange(["--data", local.DataPath]);
        }

        var start = SelfProcess.StartInfo(arguments);
        // Through the environment, not the command line other users can read.
        start.Environment[JoinSecret.EnvironmentVariable] = secret;
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        // Its exit code is read after the event, when the process is surely gone; a worker killed at the run's end (disposed) reports nothing.
        process.Exited += (_, _) =>
        {
            try
            {
                // Its last lines (the reason it exited) reach the console before the run's line about it.
                process.WaitForExit();
                firstExit.TrySetResult(new Runtime.Workers.DevicePlacement.LocalWorkerExited($"worker {index}", process.ExitCode));
            }
            catch (InvalidOperationException)
            {
                // Disposed by KillWorkers: the run is over.
            }
        };
        if (!process.Start())
        {
            throw new InvalidOperationException($"Could not start worker {index}.");
        }

        // A worker's one-line errors reach this console, and its last line (devices hosted, peak memory);
        // the rest of its output is drained so it never blocks.
        process.ErrorDataReceived += (_, line) =>
        {
            if (!string.IsNullOrWhiteSpace(line.Data))
            {
                Console.Error.WriteLine($"worker {index}: {line.Data}");
            }
        };
        process.OutputDataReceived += (_, line) =>
        {
            if (line.Data?.Contains("finished the run", StringComparison.Ordinal) == true)
            {
                console.Info($"worker {index}: {line.Data}");
            }
        };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        process.StandardInput.Close();
        return process;
    }
}
