using System.CommandLine;
using ScaleFL.Core.Experiments;
using ScaleFL.Runtime.Cluster;
using ScaleFL.Runtime.Devices;

namespace ScaleFL.Cli.Commands;

/// <summary>
/// <c>scalefl client</c>: one device on its own cluster node. It loads its share of the training
/// set, joins through the seed node, finds the server by cluster membership, registers its
/// memory budget and trains when asked; it exits when the server leaves.
/// </summary>
internal static class ClientCommand
{
    public static Command Create()
    {
        var flags = new ClientFlags();
        var node = new NodeFlags(0);
        var seedNode = new Option<string>("--seed-node") { Description = $"The server's address, akka.tcp://{ClusterNames.SystemName}@HOST:PORT.", Required = true };
        var memory = new Option<double>("--memory-mb") { Description = "Training memory this device gives, in MiB (> 0).", Required = true };
        var partition = new Option<string>("--partition") { Description = "This client's share of the training set: k/N, the k-th of N parts (client id k-1).", Required = true };
        var speed = new Option<double>("--speed") { Description = "Relative compute speed, 1 = reference machine (default 1).", DefaultValueFactory = _ => 1 };
        var joinTimeout = new Option<int?>("--join-timeout") { Description = "Seconds to wait for the seed node (default scalefl.client.join-timeout, 30)." };
        var nativeLibDir = new Option<string?>("--native-lib-dir") { Description = $"Folder with libtorch and libLibTorchSharp to use instead of the bundled ones (also ${NativeTorch.EnvironmentVariable})." };
        var command = new Command("client", "Run one federated device that joins 'scalefl server' over an Akka cluster.");
        flags.AddTo(command);
        node.AddTo(command);
        foreach (var option in new Option[] { seedNode, memory, partition, speed, joinTimeout, nativeLibDir })
        {
            command.Options.Add(option);
        }

        command.SetAction((parse, ct) => CommandErrors.GuardAsync(async () =>
        {
            // Before anything touches TorchSharp: the first call fixes which native library it uses.
            NativeTorch.Use(parse.GetValue(nativeLibDir));
            var megabytes = parse.GetValue(memory);
            Require(megabytes > 0, "memory-mb", megabytes, "greater than 0");
            Require(parse.GetValue(speed) > 0, "speed", parse.GetValue(speed), "greater than 0");
            var (share, shares) = ClientFlags.ParseShare(parse.GetValue(partition)!);
            var settings = node.Settings(parse);
            var timeout = parse.GetValue(joinTimeout) is { } seconds
                ? (seconds > 0 ? TimeSpan.FromSeconds(seconds) : throw new ExperimentException($"join-timeout: '{seconds}' is not allowed; allowed: at least 1 second."))
                : settings.GetTimeSpan("scalefl.client.join-timeout");
            var seed = parse.GetValue(seedNode)!;
            var nodeOptions = node.Resolve(parse, settings, ClusterNames.ClientRole, [seed]);
            var experiment = flags.Resolve(parse, shares, settings.GetInt("scalefl.client.batch-size"));
            var device = new DeviceSpec(share - 1, (long)(megabytes * 1024 * 1024), parse.GetValue(speed));
            return await RunAsync(experiment, nodeOptions, device with { JoinToken = node.JoinToken(parse) ?? string.Empty }, seed, timeout, ct);
        }));
        return command;
    }

    private static async Task<int> RunAsync(ExperimentOptions experiment, NodeOptions nodeOptions, DeviceSpec device, string seed, TimeSpan joinTimeout, CancellationToken ct)
    {
        var methods = ExperimentValidator.MethodList(ExperimentValidator.Validate(experiment));
        if (methods.Count != 1)
        {
            throw new ExperimentException($"method: a client runs the server's one method, got '{experiment.Method}'.");
        }

        var console = new RunConsole(experiment.Quiet);
        console.Info($"Loading share {device.ClientId + 1}/{experiment.Clients} of {experiment.Dataset} ({experiment.Partition}, seed {experiment.Seed})...");
        using var setup = ExperimentSetup.Prepare(experiment);
        var driver = setup.DriverSettings(methods[0], null);
        var data = setup.ClientData[device.ClientId];
        using var executor = new TrainingExecutor(setup.CreateModel, 1);
        await using var node = await ClusterNode.StartAsync(nodeOptions, ct);
        if (!await node.WaitUntilUpAsync(joinTimeout, ct))
        {
            Console.Error.WriteLine($"scalefl: could not join the cluster through {seed} within {joinTimeout.TotalSeconds:F0} s; is 'scalefl server' running there and reachable?");
            return Program.UsageError;
        }

        var client = FederationClient.Start(
            node.System,
            new ClientDeviceSettings
            {
                ClientId = device.ClientId, BudgetBytes = device.BudgetBytes, SpeedFactor = device.Speed, Training = driver.Training, JoinToken = device.JoinToken,
            },
            data,
            executor,
            driver.Method.Objective);
        console.Info($"Client {device.ClientId} joined at {node.SeedAddress} with {data.Count} samples and {device.BudgetBytes / (1024.0 * 1024):F0} MiB ({node.WeightsPath}); waiting for the server...");
        var finished = await Task.WhenAny(client.ServerLeft, node.System.WhenTerminated).WaitAsync(ct);
        console.Info(finished == client.ServerLeft ? "The server finished; leaving." : "This node was removed from the cluster; exiting.");
        return 0;
    }

    private static void Require(bool holds, string field, double value, string allowed)
    {
        if (!holds)
        {
            throw new ExperimentException($"{field}: '{value}' is not allowed; allowed: {allowed}.");
        }
    }

    private sealed record DeviceSpec(int ClientId, long BudgetBytes, double Speed, string JoinToken = "");
}
