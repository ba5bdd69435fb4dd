using ScaleFL.Core.Data;

namespace ScaleFL.Core.Experiments;

/// <summary>
/// What <see cref="ExperimentSetup.Prepare"/> checks once the data is loaded and before anything
/// trains: settings that are each valid but cannot be satisfied together (more clients or shards
/// than samples). Each refusal is an <see cref="ExperimentException"/> naming the flags and values
/// that would work.
/// </summary>
public static class SetupChecks
{
    /// <summary>Every client needs a sample, and with <c>shards:K</c> every shard does.</summary>
    public static void Partition(ExperimentOptions options, IPartitioner partitioner, int trainSamples)
    {
        var shards = partitioner is ShardPartitioner sharded ? sharded.ShardsPerClient : 1;
        var needed = (long)options.Clients * shards;
        if (trainSamples >= needed)
        {
            return;
        }

        var source = options.MaxTrainSamples is null ? $"{options.Dataset} has" : "--max-train keeps";
        var perClient = shards == 1 ? "a sample" : $"{shards} shards of samples";
        var fewerShards = shards > 1 && trainSamples >= options.Clients ? $", --partition shards:{trainSamples / options.Clients}" : string.Empty;
        var moreSamples = options.MaxTrainSamples is null ? string.Empty : $", or --max-train {needed} or more";
        throw new ExperimentException(
            $"clients: {options.Clients} clients with --partition {options.Partition} need {needed} training samples ({perClient} each), " +
            $"but {source} {trainSamples}; use --clients {Math.Max(1, trainSamples / shards)} or fewer{fewerShards}{moreSamples}.");
    }

    /// <summary>
    /// Runs one step of the setup, turning an argument the library refuses into a one-line
    /// <see cref="ExperimentException"/> for <paramref name="field"/>; the checks above catch the
    /// cases known in advance, this names the rest instead of failing with a stack trace.
    /// </summary>
    public static T Refusing<T>(string field, Func<T> step)
    {
        try
        {
            return step();
        }
        catch (ArgumentException error)
        {
            var message = error.ParamName is { } name ? error.Message.Replace($" (Parameter '{name}')", string.Empty, StringComparison.Ordinal) : error.Message;
            throw new ExperimentException($"{field}: {message}", error);
        }
    }
}
