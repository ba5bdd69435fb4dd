using ScaleFL.Core.Experiments;
using ScaleFL.Core.Models;
using ScaleFL.Runtime.Cluster;
using ScaleFL.Runtime.Devices;
using ScaleFL.Runtime.Workers;

namespace ScaleFL.Cli.Commands;

/// <summary>
/// One <c>scalefl worker</c> process: joins through the seed node, finds the simulation's server
/// and its experiment as a client does, then hosts whatever devices sharding places here until
/// the server says the run ended. No rejoin: a worker that loses the server exits 1, and the
/// server re-homes its devices on the other workers.
/// </summary>
internal sealed class WorkerSession(NodeOptions nodeOptions, string seed, TimeSpan joinTimeout, int slots, string? dataPath, string joinToken, RunConsole console)
{
    private static readonly TimeSpan RefusalGrace = TimeSpan.FromSeconds(3);

    private static readonly TimeSpan AbandonBound = TimeSpan.FromSeconds(10);

    /// <summary>Where the hosted devices train (<c>--device</c>); the CPU by default.</summary>
    public ScaleFL.Core.Training.ComputeDevice Compute { get; init; } = ScaleFL.Core.Training.ComputeDevice.Cpu;

    private readonly Lock loadGate = new();
    private int hosted;
    private bool runEnded;

    /// <summary>Runs until the run ends, the worker fails, or the server is lost; returns the exit code.</summary>
    public async Task<int> RunAsync(CancellationToken ct)
    {
        TrainingExecutor? executor = null;
        var node = await ClusterNode.StartAsync(nodeOptions, ct);
        try
        {
            if (!await node.WaitUntilUpAsync(joinTimeout, ct))
            {
                Console.Error.WriteLine($"scalefl: could not join the cluster through {seed} within {joinTimeout.TotalSeconds:F0} s; is 'scalefl simulate --expect-workers' running there and reachable?");
                return Program.RunFailed;
            }

            var client = FederationClient.Connect(node.System);
            if (await Task.WhenAny(client.ServerFound, client.ServerLost, Task.Delay(joinTimeout, ct)) != client.ServerFound)
            {
                Console.Error.WriteLine($"scalefl: joined the cluster through {seed}, but no server answered within {joinTimeout.TotalSeconds:F0} s.");
                return 1;
            }

            if (client.ServerFound.Result is not { Experiment: { } experiment } contact)
            {
                Console.Error.WriteLine("scalefl: the server did not say what it trains; is it a 'scalefl simulate --expect-workers' of this version?");
                return 1;
            }

            // The model's initial weights never matter here: every task carries the weights it trains.
            executor = new TrainingExecutor(() => ModelCatalog.Create(experiment.ModelName, experiment.InputShape, experiment.ClassCount, experiment.Seed, StandInStyle.Parse(experiment.StandIns)).PlaceOn(Compute.Torch), slots);
            var host = WorkerHost.Start(node.System, new DeviceHosting
            {
                Server = contact.Aggregator,
                Experiment = experiment,
                LoadShare = id => Load(experiment, id),
                Executor = executor,
                Faults = contact.Faults,
                JoinToken = joinToken,
                Models = ModelCatalog.Names,
            });
            var first = await Task.WhenAny(host.Admitted, host.Failed, client.ServerLost, Task.Delay(joinTimeout, ct));
            if (first != host.Admitted)
            {
                ct.ThrowIfCancellationRequested();
                if (first == client.ServerLost)
                {
                    // A refused worker is downed right after its refusal is sent; the down can overtake it, and the refusal is the reason to show.
                    await Task.WhenAny(host.Failed, Task.Delay(RefusalGrace, ct));
                }

                Console.Error.WriteLine(
                    host.Failed.IsCompleted ? $"scalefl: worker: {host.Failed.Result}"
                    : client.ServerLost.IsCompleted ? $"scalefl: lost the server at {seed} before it admitted this worker."
                    : $"scalefl: the server at {seed} is not running a worker-hosted simulation (no answer to this worker's join within {joinTimeout.TotalSeconds:F0} s); 'scalefl worker' joins 'scalefl simulate --expect-workers K', while 'scalefl server' takes 'scalefl client' processes.");
                return Program.RunFailed;
            }

            host.HostDevices();
            console.Info($"Worker joined at {node.SeedAddress} with {slots} training slot(s); the server trains {experiment.ModelName} on {experiment.Dataset} (experiment {experiment.Fingerprint}); waiting for devices...");
            return await OutcomeAsync(host, client, ct);
        }
        finally
        {
            // After the run a worker leaves gracefully (the server waits for that before it leaves);
            // a worker that lost its server downs itself, as nobody is left to confirm a leave. The
            // executor goes after: the devices stop first, cancelling their training.
            if (runEnded)
            {
                await node.DisposeAsync();
            }
            else
            {
                await node.AbandonAsync(AbandonBound);
            }
            executor?.Dispose();
        }
    }

    private async Task<int> OutcomeAsync(WorkerHost host, FederationClient client, CancellationToken ct)
    {
        var finished = await Task.WhenAny(host.RunEnded, host.Failed, client.ServerLost, Task.Delay(Timeout.Infinite, ct));
        ct.ThrowIfCancellationRequested();
        if (finished == host.RunEnded)
        {
            runEnded = true;
            var ended = host.RunEnded.Result;
            if (ended.Completed)
            {
                console.Info($"The server finished the run after round {ended.Rounds}; this worker hosted {hosted} device(s), peak resident memory {Bench.ProcessMemory.PeakBytes() / 1024.0 / 1024:F1} MiB. Leaving.");
                return 0;
            }

            Console.Error.WriteLine($"scalefl: the server's run failed: {ended.Reason}");
            return 1;
        }

        if (finished == host.Failed)
        {
            Console.Error.WriteLine($"scalefl: worker: {host.Failed.Result}");
            return 1;
        }

        Console.Error.WriteLine($"scalefl: lost the server at {seed} before the run ended; its devices here are re-homed on the other workers.");
        return 1;
    }

    /// <summary>One device's share; one at a time, so a worker placed fifty devices does not read the dataset fifty times at once.</summary>
    private LoadedShare Load(ExperimentSpec experiment, int clientId)
    {
        lock (loadGate)
        {
            var (train, view) = ClientShare.Load(experiment, clientId + 1, experiment.Clients, null, dataPath);
            Interlocked.Increment(ref hosted);
            return new LoadedShare(train, view);
        }
    }
}
