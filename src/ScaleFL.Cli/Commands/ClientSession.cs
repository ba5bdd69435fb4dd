using ScaleFL.Core.Data;
using ScaleFL.Core.Experiments;
using ScaleFL.Core.Models;
using ScaleFL.Core.Training;
using ScaleFL.Runtime.Cluster;
using ScaleFL.Runtime.Devices;

namespace ScaleFL.Cli.Commands;

/// <summary>
/// One <c>scalefl client</c> process over the life of the run: it joins through the seed node,
/// learns the experiment, loads its share once, and trains; when the server is lost (crashed,
/// paused past <c>server-lost-after</c>, restarted) it gives its node up and joins again with a
/// new one until it registers or the <see cref="RejoinPolicy"/> gives up. It says "finished" and
/// exits 0 only when the server said the run finished.
/// </summary>
internal sealed class ClientSession(ClientSession.Device device, NodeOptions nodeOptions, string seed, TimeSpan joinTimeout, RejoinPolicy policy, RunConsole console) : IDisposable
{
    private static readonly TimeSpan AbandonBound = TimeSpan.FromSeconds(10);
    private ExperimentSpec? experiment;
    private ClientDataView? data;
    private IDisposable? trainSet;
    private TrainingExecutor? executor;

    // A device with its own data (no share) takes the id the server hands out, then keeps it across rejoins.
    private int clientId = device.Shares == 0 ? ClientIds.Any : device.Share - 1;

    private bool OwnData => device.Shares == 0;

    private string Name => clientId == ClientIds.Any ? "this device" : $"client {clientId}";

    /// <summary>Runs until the run ends, the server refuses this device, or the server stays lost; returns the exit code.</summary>
    public async Task<int> RunAsync(CancellationToken ct)
    {
        for (var joins = 0; ; joins++)
        {
            var (code, lost) = await JoinOnceAsync(first: joins == 0, ct);
            if (code is { } exit)
            {
                return exit;
            }

            if (policy.GivesUp)
            {
                Console.Error.WriteLine(
                    $"scalefl: {Name} lost the server at {seed} and could not rejoin within {policy.RejoinTimeout.TotalSeconds:F0} s; " +
                    "restart it with 'scalefl server --resume' and start this client again.");
                return 1;
            }

            if (lost)
            {
                console.Info($"Lost the server at {seed}; rejoining for up to {policy.Remaining.TotalSeconds:F0} s more (rejoin window {policy.RejoinTimeout.TotalSeconds:F0} s)...");
            }
        }
    }

    /// <summary>Frees the training executor and the loaded share.</summary>
    public void Dispose()
    {
        executor?.Dispose();
        trainSet?.Dispose();
    }

    /// <summary>One cluster node: an exit code when the session ends, otherwise whether a registered session was lost (then the caller joins again).</summary>
    private async Task<(int? Code, bool Lost)> JoinOnceAsync(bool first, CancellationToken ct)
    {
        var node = await ClusterNode.StartAsync(nodeOptions, ct);
        var abandon = true;
        try
        {
            var bound = first ? joinTimeout : policy.Remaining;
            if (!await node.WaitUntilUpAsync(bound, ct))
            {
                // Never a member: nothing to down, the node just stops.
                abandon = false;
                if (!first)
                {
                    return (null, false);
                }

                Console.Error.WriteLine($"scalefl: could not join the cluster through {seed} within {joinTimeout.TotalSeconds:F0} s; is 'scalefl server' running there and reachable?");
                return (Program.RunFailed, false);
            }

            var client = FederationClient.Connect(node.System, policy);
            if (await Task.WhenAny(client.ServerFound, client.ServerLost, Task.Delay(bound, ct)) != client.ServerFound)
            {
                if (!first)
                {
                    return (null, false);
                }

                Console.Error.WriteLine($"scalefl: joined the cluster through {seed}, but no server answered within {joinTimeout.TotalSeconds:F0} s.");
                return (1, false);
            }

            if (Refusal(client.ServerFound.Result.Experiment) is { } refusal)
            {
                Console.Error.WriteLine($"scalefl: {refusal}");
                return (1, false);
            }

            StartDevice(node, client);
            var code = await OutcomeAsync(client, ct);
            abandon = code is null;
            return (code, code is null && client.Registered.IsCompleted);
        }
        finally
        {
            if (abandon)
            {
                await node.AbandonAsync(AbandonBound);
            }
            else
            {
                await node.DisposeAsync();
            }
        }
    }

    /// <summary>Why this client cannot train for the server's experiment, or null; the first experiment found fixes the data loaded.</summary>
    private string? Refusal(ExperimentSpec? found)
    {
        if (found is null)
        {
            return "the server did not say what it trains; is it a 'scalefl server' of this version?";
        }

        if (experiment is null)
        {
            experiment = found;
            console.Info($"The server trains {found.ModelName} on {found.Dataset} (experiment {found.Fingerprint}); loading {(OwnData ? $"this device's data in {device.DataPath}" : $"share {device.Share}/{device.Shares}")}...");
            var (train, view) = OwnData
                ? ClientShare.LoadOwn(found, device.Dataset, device.DataPath!)
                : ClientShare.Load(found, device.Share, device.Shares, device.Dataset, device.DataPath);
            (trainSet, data) = (train, view);
            // The model's initial weights never matter here: every task carries the weights it trains.
            executor = new TrainingExecutor(
                () => ModelCatalog.Create(found.ModelName, found.InputShape, found.ClassCount, found.Seed, StandInStyle.Parse(found.StandIns)).PlaceOn(device.Compute.Torch), 1);
            return null;
        }

        return found.Fingerprint == experiment.Fingerprint
            ? null
            : $"the server at {seed} now runs experiment {found.Fingerprint}, not {experiment.Fingerprint} that {Name} joined; start the client again for the new experiment.";
    }

    private void StartDevice(ClusterNode node, FederationClient client)
    {
        client.StartDevice(
            new ClientDeviceSettings
            {
                ClientId = clientId,
                BudgetBytes = device.BudgetBytes,
                SpeedFactor = device.Speed,
                JoinToken = device.JoinToken,
                Fingerprint = experiment!.Fingerprint,
                Models = ModelCatalog.Names,
            },
            data!,
            executor!,
            gauge: new ChildProcessGauge(experiment.ModelName, ScaleFL.Core.Memory.MeasurementCache.Default()));
        if (clientId == ClientIds.Any)
        {
            _ = client.Registered.ContinueWith(
                id =>
                {
                    clientId = id.Result;
                    console.Info($"The server registered this device as client {clientId}.");
                },
                CancellationToken.None,
                TaskContinuationOptions.OnlyOnRanToCompletion,
                TaskScheduler.Default);
        }

        console.Info($"{(clientId == ClientIds.Any ? "This device" : $"Client {clientId}")} joined at {node.SeedAddress} with {data!.Count} samples and {device.BudgetBytes / (1024.0 * 1024):F0} MiB ({node.WeightsPath}); waiting for the server...");
    }

    /// <summary>The exit code once the run ended or the device was refused; null when the server was lost or the rejoin time ran out before registering.</summary>
    private async Task<int?> OutcomeAsync(FederationClient client, CancellationToken ct)
    {
        while (true)
        {
            // Until registered, the rejoin time bounds the wait; after it, the loss clock is reset.
            var giveUp = Task.Delay(policy.Remaining, ct);
            var finished = await Task.WhenAny(client.RunEnded, client.Refused, client.ServerLost, giveUp);
            if (finished == client.RunEnded)
            {
                var ended = client.RunEnded.Result;
                if (ended.Completed)
                {
                    console.Info($"The server finished the run after round {ended.Rounds}; leaving.");
                    return 0;
                }

                Console.Error.WriteLine($"scalefl: the server's run failed in round {ended.Rounds}: {ended.Reason}");
                return 1;
            }

            if (finished == client.Refused)
            {
                Console.Error.WriteLine($"scalefl: the server refused {Name}: {client.Refused.Result}");
                return 1;
            }

            ct.ThrowIfCancellationRequested();
            if (finished == client.ServerLost || policy.GivesUp)
            {
                return null;
            }
        }
    }

    /// <summary>What this process offers: its share of the split (0/0: its own data in <paramref name="DataPath"/>), budget, speed, data and join token.</summary>
    internal sealed record Device(int Share, int Shares, long BudgetBytes, double Speed, string? Dataset, string? DataPath)
    {
        public string JoinToken { get; init; } = string.Empty;

        /// <summary>Where this device trains (<c>--device</c>), already checked available.</summary>
        public ComputeDevice Compute { get; init; } = ComputeDevice.Cpu;
    }
}
