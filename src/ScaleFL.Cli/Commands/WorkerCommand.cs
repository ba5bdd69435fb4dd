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
/// It exits 0 when the server says the run finished, 1 when the run failed or the server was lost.
/// </summary>
internal static class WorkerCommand
{
    public static Command Create()
    {
        var node = new NodeFlags(0);
        var seedNode = new Option<string>("--seed-node") { Description = "The simulation server's address, akka.tcp://scalefl@HOST:PORT (printed by 'scalefl simulate --expect-workers').", Required = true };
        var slots = new Option<int?>("--slots") { Description = $"Devices training at once on this worker (default the processor count, {Environment.ProcessorCount})." };
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
            var slotCount = parse.GetValue(slots) ?? Environment.ProcessorCount;
            if (slotCount < 1)
            {
                throw new ExperimentException($"slots: '{slotCount}' is not allowed; allowed: at least 1.");
            }

            var settings = node.Settings(parse);
            var timeout = parse.GetValue(joinTimeout) is { } seconds
                ? (seconds > 0 ? TimeSpan.FromSeconds(seconds) : throw new ExperimentException($"join-timeout: '{seconds}' is not allowed; allowed: at least 1 second."))
                : settings.GetTimeSpan("scalefl.client.join-timeout");
            var seed = parse.GetValue(seedNode)!;
            var session = new WorkerSession(
                node.Resolve(parse, settings, WorkerNames.Role, [seed]), seed, timeout, slotCount, parse.GetValue(data), node.JoinToken(parse) ?? string.Empty, new RunConsole(parse.GetValue(quiet)))
            {
                Compute = computeDevice,
            };
            return await session.RunAsync(ct);
        }));
        return command;
    }
}
