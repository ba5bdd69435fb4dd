using System.CommandLine;
using System.Globalization;
using ScaleFL.Core.Experiments;
using ScaleFL.Core.Models;
using ScaleFL.Runtime.Cluster;
using ScaleFL.Runtime.Devices;

namespace ScaleFL.Cli.Commands;

/// <summary>
/// <c>scalefl client</c>: one device on its own cluster node. It joins through the seed node,
/// finds the server by cluster membership and learns its experiment (model, data split,
/// fingerprint), loads its share of the training set, registers its memory budget and trains
/// each round exactly as the server's task says. It exits 0 when the server leaves, and non-zero
/// with the server's one-line reason when the server refuses it.
/// </summary>
internal static class ClientCommand
{
    public static Command Create()
    {
        var node = new NodeFlags(0);
        var seedNode = new Option<string>("--seed-node") { Description = $"The server's address, akka.tcp://{ClusterNames.SystemName}@HOST:PORT.", Required = true };
        var memory = new Option<double>("--memory-mb") { Description = "Training memory this device gives, in MiB (> 0).", Required = true };
        var share = new Option<string>("--share") { Description = "This device's share of the server's split: k/N, the k-th of N parts (client id k-1); N must be the server's --clients.", Required = true };
        var dataset = new Option<string?>("--dataset") { Description = "The dataset this device holds (default: the server's)." };
        var data = new Option<string?>("--data") { Description = "Directory with the dataset files (default: $SCALEFL_DATA, ./data/<dataset>, /usr/share/datasets/<dataset>)." };
        var speed = new Option<double>("--speed") { Description = "Relative compute speed, 1 = reference machine (default 1).", DefaultValueFactory = _ => 1 };
        var joinTimeout = new Option<int?>("--join-timeout") { Description = "Seconds to wait for the seed node (default scalefl.client.join-timeout, 30)." };
        var nativeLibDir = new Option<string?>("--native-lib-dir") { Description = $"Folder with libtorch and libLibTorchSharp to use instead of the bundled ones (also ${NativeTorch.EnvironmentVariable})." };
        var quiet = new Option<bool>("--quiet") { Description = "No progress output." };
        var command = new Command("client", "Run one federated device that joins 'scalefl server' over an Akka cluster; the server decides how it trains.");
        node.AddTo(command);
        foreach (var option in new Option[] { seedNode, memory, share, dataset, data, speed, joinTimeout, nativeLibDir, quiet })
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
            var (index, count) = ParseShare(parse.GetValue(share)!);
            var settings = node.Settings(parse);
            var timeout = parse.GetValue(joinTimeout) is { } seconds
                ? (seconds > 0 ? TimeSpan.FromSeconds(seconds) : throw new ExperimentException($"join-timeout: '{seconds}' is not allowed; allowed: at least 1 second."))
                : settings.GetTimeSpan("scalefl.client.join-timeout");
            var seed = parse.GetValue(seedNode)!;
            var device = new DeviceSpec(index, count, (long)(megabytes * 1024 * 1024), parse.GetValue(speed), parse.GetValue(dataset), parse.GetValue(data))
            {
                JoinToken = node.JoinToken(parse) ?? string.Empty,
            };
            return await RunAsync(device, node.Resolve(parse, settings, ClusterNames.ClientRole, [seed]), seed, timeout, new RunConsole(parse.GetValue(quiet)), ct);
        }));
        return command;
    }

    /// <summary>Parses <c>k/N</c> (1 &lt;= k &lt;= N).</summary>
    public static (int Share, int Shares) ParseShare(string text)
    {
        var parts = text.Split('/');
        if (parts.Length == 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var index)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var count)
            && index >= 1 && index <= count)
        {
            return (index, count);
        }

        throw new ExperimentException($"share: '{text}' is not allowed; allowed: k/N with 1 <= k <= N, e.g. 2/10 for the second of ten shares.");
    }

    private static async Task<int> RunAsync(DeviceSpec device, NodeOptions nodeOptions, string seed, TimeSpan joinTimeout, RunConsole console, CancellationToken ct)
    {
        await using var node = await ClusterNode.StartAsync(nodeOptions, ct);
        if (!await node.WaitUntilUpAsync(joinTimeout, ct))
        {
            Console.Error.WriteLine($"scalefl: could not join the cluster through {seed} within {joinTimeout.TotalSeconds:F0} s; is 'scalefl server' running there and reachable?");
            return Program.UsageError;
        }

        var client = FederationClient.Connect(node.System);
        if (await Task.WhenAny(client.ServerFound, Task.Delay(joinTimeout, ct)) != client.ServerFound)
        {
            Console.Error.WriteLine($"scalefl: joined the cluster through {seed}, but no server answered within {joinTimeout.TotalSeconds:F0} s.");
            return 1;
        }

        if (client.ServerFound.Result.Experiment is not { } experiment)
        {
            Console.Error.WriteLine("scalefl: the server did not say what it trains; is it a 'scalefl server' of this version?");
            return 1;
        }

        console.Info($"The server trains {experiment.ModelName} on {experiment.Dataset} (experiment {experiment.Fingerprint}); loading share {device.Share}/{device.Shares}...");
        var (train, data) = ClientShare.Load(experiment, device.Share, device.Shares, device.Dataset, device.DataPath);
        using var trainSet = train;
        // The model's initial weights never matter here: every task carries the weights it trains.
        using var executor = new TrainingExecutor(() => ModelCatalog.Create(experiment.ModelName, experiment.InputShape, experiment.ClassCount, experiment.Seed), 1);
        client.StartDevice(
            new ClientDeviceSettings
            {
                ClientId = device.Share - 1,
                BudgetBytes = device.BudgetBytes,
                SpeedFactor = device.Speed,
                JoinToken = device.JoinToken,
                Fingerprint = experiment.Fingerprint,
                Models = ModelCatalog.Names,
            },
            data,
            executor);
        console.Info($"Client {device.Share - 1} joined at {node.SeedAddress} with {data.Count} samples and {device.BudgetBytes / (1024.0 * 1024):F0} MiB ({node.WeightsPath}); waiting for the server...");
        var finished = await Task.WhenAny(client.ServerLeft, node.System.WhenTerminated, client.Refused).WaitAsync(ct);
        if (finished == client.Refused)
        {
            Console.Error.WriteLine($"scalefl: the server refused client {device.Share - 1}: {client.Refused.Result}");
            return 1;
        }

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

    private sealed record DeviceSpec(int Share, int Shares, long BudgetBytes, double Speed, string? Dataset, string? DataPath)
    {
        public string JoinToken { get; init; } = string.Empty;
    }
}
