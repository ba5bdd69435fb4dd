using System.CommandLine;
using ScaleFL.Core.Experiments;
using ScaleFL.Runtime.Workers;

namespace ScaleFL.Cli.Commands;

/// <summary>
/// <c>scalefl worker</c>: hosts a share of a simulation's devices on this machine. It joins the
/// cluster of <c>scalefl simulate --expect-workers K</c> (or is started by <c>--workers K</c>),
/// learns the experiment from the server, and Akka.Cluster.Sharding places simulated devices on
/// it; each device loads only its own share of the data, with the budget, speed and dropouts the
/// server drew from the seed, and trains up to <c>--slots</c> at a time (<see cref="WorkerSession"/>).
/// It exits 0 when the server says the run finished, 1 when the run failed, the server refused it or
/// was lost or never answered, 2 for bad flags (before joining).
/// </summary>
internal static class WorkerCommand
{
    /// <summary>Most devices one worker trains at once; each slot holds a model and its training memory.</summary>
    public const int MaxSlots = 256;

    public static Command Create()
    {
        var node = new NodeFlags(0);
        var seedNode = new Option<string>("--seed-node") { Description = "The simulation server's address, akka.tcp://scalefl@HOST:PORT (printed by 'scalefl simulate --expect-workers').", Required = true };
        var slots = new Option<int?>("--slots") { Description = $"Devices training at once on this worker, 1 to {MaxSlots} (default the processor count, {Environment.ProcessorCount})." };
        var data = new Option<string?>("--data") { Description = "Directory with the whole dataset (default: $SCALEFL_DATA, ./data/<dataset>, /usr/share/datasets/<dataset>); only the hosted devices' shares are kept in memory." };
        var joinTimeout = new Option<int?>("--join-timeout") { Description = "Seconds to wait for the seed node and its server (default scalefl.client.join-timeout, 30)." };
        var nativeLibDir = new Option<string?>("--native-lib-dir") { Description = $"Folder with libtorch and libLibTorchSharp to use instead of the bundled ones (also ${NativeTorch.EnvironmentVariable})." };
        var quiet = new Option<bool>("--quiet") { Description = "No progress output." };
        var command = new Command("worker", "Host simulated devices of a 'scalefl simulate --expect-workers' run on this machine.");
        node.AddTo(command);
        foreach (var option in new Option[] { seedNode, slots, data, joinTimeout, nativeLibDir, quiet })
        {
            command.Options.Add(option);
        }

        command.SetAction((parse, ct) => CommandErrors.GuardAsync(async () =>
        {
            // Before anything touches TorchSharp: the first call fixes which native library it uses.
            var nativeLibraries = NativeTorch.Use(parse.GetValue(nativeLibDir));
            var computeDevice = node.ComputeDevice(parse, nativeLibraries);
            var slotCount = parse.GetValue(slots) ?? Math.Min(Environment.ProcessorCount, MaxSlots);
            if (slotCount is < 1 or > MaxSlots)
            {
                throw new ExperimentException($"slots: '{slotCount}' is not allowed; allowed: 1 to {MaxSlots} (each slot keeps a model and its training memory).");
            }

            // Checked before joining: a typo must not cost a join and the run a worker.
            var dataPath = parse.GetValue(data);
            if (dataPath is not null && !Directory.Exists(dataPath))
            {
                throw new ExperimentException($"data: '{dataPath}' is not a folder; allowed: the folder with the whole dataset's files.");
            }

            var settings = node.Settings(parse);
            var timeout = OptionChecks.Seconds(parse.GetValue(joinTimeout), "join-timeout", settings.GetTimeSpan("scalefl.client.join-timeout"));
            var seed = OptionChecks.SeedNode(parse.GetValue(seedNode)!);
            var session = new WorkerSession(
                WorkerCluster.Quiet(node.Resolve(parse, settings, WorkerNames.Role, [seed])), seed, timeout, slotCount, dataPath, node.JoinToken(parse) ?? string.Empty, new RunConsole(parse.GetValue(quiet)))
            {
                Compute = computeDevice,
            };
            return await session.RunAsync(ct);
        }));
        return command;
    }
}
