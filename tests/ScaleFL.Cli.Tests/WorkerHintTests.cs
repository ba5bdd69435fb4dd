using ScaleFL.Cli.Commands;

namespace ScaleFL.Cli.Tests;

/// <summary>
/// The command <c>simulate --expect-workers</c> prints for starting workers works when copied and
/// counts right; with a join secret it names the environment variable, never the secret.
/// </summary>
public sealed class WorkerHintTests
{
    private const string Seed = "akka.tcp://scalefl@10.0.0.5:4060";

    [Fact]
    public void The_hint_of_a_server_with_a_join_secret_names_its_variable_not_the_secret()
    {
        var hint = WorkerCluster.JoinHint(1, Seed, hasJoinSecret: true);

        Assert.Equal($"Server listening at {Seed}; start 1 worker with: scalefl worker --seed-node {Seed} (with SCALEFL_JOIN_SECRET set to the join secret)", hint);
    }

    [Fact]
    public void The_hint_of_a_server_without_a_secret_names_no_secret_and_counts_workers_in_the_plural()
    {
        Assert.Equal($"Server listening at {Seed}; start 2 workers with: scalefl worker --seed-node {Seed}", WorkerCluster.JoinHint(2, Seed, hasJoinSecret: false));
    }
}
