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
/// fingerprint), loads its share of the training set (or its own files, taking the client id the
/// server hands out), registers its memory budget and trains
/// each round exactly as the server's task says (<see cref="ClientSession"/>). It exits 0 only when
/// the server said the run finished; non-zero with the server's one-line reason when the server
/// refuses it or its run failed, and when a lost server cannot be rejoined within --rejoin-timeout.
/// </summary>
internal static class ClientCommand
{
    public static Command Create()
    {
        var node = new NodeFlags(0);
        var seedNode = new Option<string>("--seed-node") { Description = $"The server's address, akka.tcp://{ClusterNames.SystemName}@HOST:PORT (akka.ssl.tcp://{ClusterNames.SystemName}@HOST:PORT with TLS, --config cluster-config/tls.conf).", Required = true };
        var memory = new Option<double>("--memory-mb") { Description = "Training memory this device gives, in MiB (> 0).", Required = true };
        var share = new Option<string?>("--share") { Description = "Train share k/N of the server's split of a dataset every device has (client id k-1; N must be the server's --clients). Without it, --data is this device's own data and the server hands out the id." };
        var dataset = new Option<string?>("--dataset") { Description = "The format of the data this device holds (default: the server's dataset)." };
        var data = new Option<string?>("--data") { Description = "With --share: directory with the whole dataset (default: $SCALEFL_DATA, ./data/<dataset>, /usr/share/datasets/<dataset>). Without --share: this device's own training files (e.g. train-images-idx3-ubyte and train-labels-idx1-ubyte), no test files needed." };
        var speed = new Option<double>("--speed") { Description = "Relative compute speed, 1 = reference machine (default 1).", DefaultValueFactory = _ => 1 };
        var joinTimeout = new Option<int?>("--join-timeout") { Description = "Seconds to wait for the seed node (default scalefl.client.join-timeout, 30)." };
        var rejoinTimeout = new Option<int?>("--rejoin-timeout") { Description = "Seconds to keep trying to rejoin a lost server (crashed, paused, restarted with --resume) before exiting with code 1 (default scalefl.client.rejoin-timeout, 300)." };
        var nativeLibDir = new Option<string?>("--native-lib-dir") { Description = $"Folder with libtorch and libLibTorchSharp to use instead of the bundled ones (also ${NativeTorch.EnvironmentVariable})." };
        var quiet = new Option<bool>("--quiet") { Description = "No progress output." };
        var command = new Command("client", "Run one federated device that joins 'scalefl server' over an Akka cluster; the server decides how it trains.");
        node.AddTo(command);
        foreach (var option in new Option[] { seedNode, memory, share, dataset, data, speed, joinTimeout, rejoinTimeout, nativeLibDir, quiet })
        {
            command.Options.Add(option);
        }

        command.SetAction((parse, ct) => CommandErrors.GuardAsync(async () =>
        {
            // Before anything touches TorchSharp: the first call fixes which native library it uses.
            var nativeLibraries = NativeTorch.Use(parse.GetValue(nativeLibDir));
            var computeDevice = node.ComputeDevice(parse, nativeLibraries);
            var megabytes = parse.GetValue(memory);
            Require(megabytes > 0, "memory-mb", megabytes, "greater than 0");
            Require(parse.GetValue(speed) > 0, "speed", parse.GetValue(speed), "greater than 0");
            var (index, count) = parse.GetValue(share) is { } text ? ParseShare(text) : OwnData(parse.GetValue(dataset), parse.GetValue(data));
            var settings = node.Settings(parse);
            var timeout = OptionChecks.Seconds(parse.GetValue(joinTimeout), "join-timeout", settings.GetTimeSpan("scalefl.client.join-timeout"));
            var seed = OptionChecks.SeedNode(parse.GetValue(seedNode)!);
            var rejoin = OptionChecks.Seconds(parse.GetValue(rejoinTimeout), "rejoin-timeout", settings.GetTimeSpan("scalefl.client.rejoin-timeout"));
            var policy = new RejoinPolicy(settings.GetTimeSpan("scalefl.client.server-lost-after"), rejoin, TimeProvider.System);
            var device = new ClientSession.Device(index, count, (long)(megabytes * 1024 * 1024), parse.GetValue(speed), parse.GetValue(dataset), parse.GetValue(data))
            {
                JoinToken = node.JoinToken(parse) ?? string.Empty,
                Compute = computeDevice,
            };
            using var session = new ClientSession(device, node.Resolve(parse, settings, ClusterNames.ClientRole, [seed]), seed, timeout, policy, new RunConsole(parse.GetValue(quiet)));
            return await session.RunAsync(ct);
        }));
        return command;
    }

    /// <summary>
    /// Share 0/0: no share, the device's own folder (required then), checked before joining so a
    /// typo does not cost a join and a refusal.
    /// </summary>
    private static (int Share, int Shares) OwnData(string? dataset, string? folder)
    {
        if (string.IsNullOrWhiteSpace(folder))
        {
            throw new ExperimentException("data: a device needs --share k/N (a share of the server's split) or --data FOLDER with its own training files.");
        }

        ClientShare.CheckOwn(dataset, folder);
        return (0, 0);
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

    private static void Require(bool holds, string field, double value, string allowed)
    {
        if (!holds)
        {
            throw new ExperimentException($"{field}: '{value}' is not allowed; allowed: {allowed}.");
        }
    }
}
