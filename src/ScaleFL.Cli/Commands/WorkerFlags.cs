using System.CommandLine;
using ScaleFL.Core.Experiments;
using ScaleFL.Runtime.Cluster;

namespace ScaleFL.Cli.Commands;

/// <summary>
/// <c>simulate</c>'s flags for spreading the simulated devices over worker processes:
/// <c>--workers K</c> starts K local <c>scalefl worker</c> processes, <c>--expect-workers K</c> waits
/// for K started by hand on other machines; the node flags (<c>--host</c>, <c>--port</c>, TLS, join
/// secret) say where the server node listens. Without either, the node flags are refused.
/// </summary>
internal sealed class WorkerFlags
{
    private readonly Option<int?> workers = new("--workers") { Description = "Start K local worker processes and spread the simulated devices over them (Akka.Cluster.Sharding); same seed, same result." };
    private readonly Option<int?> expectWorkers = new("--expect-workers") { Description = "Wait for K workers started elsewhere with 'scalefl worker --seed-node ADDR' (one --method); listen on --host/--port." };
    // --device comes with simulate's experiment flags.
    private readonly NodeFlags node = new(0, computeDevice: false);

    /// <summary>Most worker processes <c>--workers</c> starts on this machine.</summary>
    public const int MaxLocalWorkers = 64;

    public void AddTo(Command command)
    {
        command.Options.Add(workers);
        command.Options.Add(expectWorkers);
        node.AddTo(command);
    }

    /// <summary>The spread the flags ask for, or null for a one-process simulation.</summary>
    public Spread? Resolve(ParseResult parse, ExperimentOptions options)
    {
        var (local, external) = (parse.GetValue(workers), parse.GetValue(expectWorkers));
        if (local is null && external is null)
        {
            return node.AnyGiven(parse)
                ? throw new ExperimentException("host: --host, --port, --config, TLS and --join-secret configure the server node of --workers K or --expect-workers K; give one of those, or drop them.")
                : null;
        }

        if (local is not null && external is not null)
        {
            throw new ExperimentException("workers: give --workers K (started here) or --expect-workers K (started elsewhere), not both.");
        }

        var count = (local ?? external)!.Value;
        var name = local is null ? "expect-workers" : "workers";
        // Each local worker is a process with its own libtorch (about 1 GiB): a typo must not start thousands.
        var most = local is null ? options.Clients : Math.Min(options.Clients, MaxLocalWorkers);
        if (count < 1 || count > most)
        {
            throw new ExperimentException(
                $"{name}: '{count}' is not allowed; allowed: 1 to {most} ({(local is null ? "at most one worker per client" : $"at most one per client and {MaxLocalWorkers} on one machine")}).");
        }

        if (options.Engine == "inline")
        {
            throw new ExperimentException("engine: devices on worker processes need the actor engine; drop --engine inline.");
        }

        var settings = node.Settings(parse);
        return new Spread(node.Resolve(parse, settings, ClusterNames.ServerRole, []), count, External: external is not null, node.JoinSecretText(parse));
    }

    /// <summary>The server node's options, the worker count, whether they are started elsewhere, and the join secret (null: none given).</summary>
    internal sealed record Spread(NodeOptions Node, int Workers, bool External, string? JoinSecret);
}
