namespace ScaleFL.Cli.Tests;

[Collection(ConsoleCollection.Name)]
public sealed class ClusterInputTests
{
    private const string Seed = "akka.tcp://scalefl@127.0.0.1:1";

    [Theory]
    [InlineData("0", "scalefl: memory-mb: '0'")]
    [InlineData("-5", "scalefl: memory-mb: '-5'")]
    public void Client_without_a_positive_memory_budget_exits_with_2_naming_the_field(string megabytes, string expected)
    {
        var (exit, _, error) = CliRun.Invoke("client", "--seed-node", Seed, "--memory-mb", megabytes, "--share", "1/2", "--dataset", "synthetic");

        Assert.Equal(2, exit);
        Assert.StartsWith(expected, error, StringComparison.Ordinal);
        Assert.Single(error.Trim().Split('\n'));
    }

    [Fact]
    public void Client_without_memory_budget_is_a_usage_error_naming_the_flag()
    {
        var (exit, _, error) = CliRun.Invoke("client", "--seed-node", Seed, "--share", "1/2");

        Assert.Equal(2, exit);
        Assert.Contains("--memory-mb", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("3/2")]
    [InlineData("0/4")]
    [InlineData("half")]
    public void Client_share_outside_k_of_n_exits_with_2(string share)
    {
        var (exit, _, error) = CliRun.Invoke("client", "--seed-node", Seed, "--memory-mb", "100", "--share", share);

        Assert.Equal(2, exit);
        Assert.StartsWith($"scalefl: share: '{share}'", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Client_with_own_data_in_a_missing_folder_exits_with_2_before_joining()
    {
        var missing = Path.Combine(Path.GetTempPath(), "scalefl-no-such-data-" + Guid.NewGuid().ToString("N"));

        var (exit, _, error) = CliRun.Invoke("client", "--seed-node", Seed, "--memory-mb", "100", "--data", missing);

        Assert.Equal(2, exit);
        Assert.StartsWith($"scalefl: data: '{missing}' is not a folder", error, StringComparison.Ordinal);
        Assert.Single(error.Trim().Split('\n'));
    }

    [Fact]
    public void Client_with_own_data_lacking_the_named_format_s_training_files_exits_with_2_before_joining()
    {
        var empty = Directory.CreateTempSubdirectory("scalefl-own-data-").FullName;
        try
        {
            var (exit, _, error) = CliRun.Invoke("client", "--seed-node", Seed, "--memory-mb", "100", "--data", empty, "--dataset", "fashion-mnist");

            Assert.Equal(2, exit);
            Assert.StartsWith("scalefl: data: ", error, StringComparison.Ordinal);
            Assert.Contains("train-images-idx3-ubyte", error, StringComparison.Ordinal);
            Assert.Single(error.Trim().Split('\n'));
        }
        finally
        {
            Directory.Delete(empty);
        }
    }

    [Theory]
    [InlineData("fashion")]
    [InlineData("synthetic")]
    public void Client_with_own_data_in_a_format_without_files_exits_with_2_before_joining(string dataset)
    {
        var empty = Directory.CreateTempSubdirectory("scalefl-own-data-").FullName;
        try
        {
            var (exit, _, error) = CliRun.Invoke("client", "--seed-node", Seed, "--memory-mb", "100", "--data", empty, "--dataset", dataset);

            Assert.Equal(2, exit);
            Assert.StartsWith("scalefl: dataset: ", error, StringComparison.Ordinal);
            Assert.Single(error.Trim().Split('\n'));
        }
        finally
        {
            Directory.Delete(empty);
        }
    }

    [Fact]
    public void Client_with_a_native_lib_dir_lacking_libtorchsharp_exits_with_2()
    {
        var empty = Directory.CreateTempSubdirectory("scalefl-native-").FullName;
        try
        {
            var (exit, _, error) = CliRun.Invoke("client", "--seed-node", Seed, "--memory-mb", "100", "--share", "1/1", "--native-lib-dir", empty);

            Assert.Equal(2, exit);
            Assert.StartsWith("scalefl: native-lib-dir:", error, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(empty);
        }
    }

    [Theory]
    [InlineData("server", "--dataset", "synthetic", "--max-train", "60", "--clients", "1", "--rounds", "1", "--out", "OUT", "--name", "busy")]
    [InlineData("client", "--seed-node", Seed, "--memory-mb", "100", "--share", "1/2", "--dataset", "synthetic")]
    public void A_node_on_a_port_in_use_exits_with_2_in_one_line_naming_the_address(params string[] arguments)
    {
        var holder = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        holder.Start();
        var port = ((System.Net.IPEndPoint)holder.LocalEndpoint).Port;
        var output = Directory.CreateTempSubdirectory("scalefl-port-in-use-").FullName;
        try
        {
            var (exit, printed, error) = CliRun.Invoke([.. arguments.Select(argument => argument == "OUT" ? output : argument), "--port", $"{port}"]);

            Assert.Equal(2, exit);
            Assert.Equal($"scalefl: cannot listen on 127.0.0.1:{port}: the port is in use by another process (another server or client on this machine?); stop it or choose another --port.", error.Trim());
            Assert.DoesNotContain("   at ", printed, StringComparison.Ordinal);
            Assert.DoesNotContain("Loading", printed, StringComparison.Ordinal);
            Assert.Empty(Directory.GetFileSystemEntries(output));
        }
        finally
        {
            holder.Stop();
            Directory.Delete(output, recursive: true);
        }
    }

    [Fact]
    public void A_server_whose_data_lane_port_is_in_use_exits_with_2_in_one_line_and_prints_no_stack_trace()
    {
        var holder = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        holder.Start();
        var lanePort = ((System.Net.IPEndPoint)holder.LocalEndpoint).Port;
        var output = Directory.CreateTempSubdirectory("scalefl-lane-in-use-").FullName;
        var config = Path.Combine(output, "lane.conf");
        File.WriteAllText(config, $"scalefl.transfer.data-lane.port = {lanePort}\n");
        try
        {
            var (exit, printed, error) = CliRun.Invoke(
                "server", "--dataset", "synthetic", "--max-train", "60", "--clients", "1", "--rounds", "1", "--out", output, "--name", "lane", "--config", config, "--quiet");

            Assert.Equal(2, exit);
            Assert.StartsWith($"scalefl: the data lane cannot listen on 127.0.0.1:{lanePort} ", error, StringComparison.Ordinal);
            Assert.Single(error.Trim().Split('\n'));
            Assert.DoesNotContain("Unable to start", printed, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", printed, StringComparison.Ordinal);
        }
        finally
        {
            holder.Stop();
            Directory.Delete(output, recursive: true);
        }
    }

    [Fact]
    public void Server_refuses_a_method_list()
    {
        var (exit, _, error) = CliRun.Invoke("server", "--method", "sbt,fedavg-all", "--dataset", "synthetic", "--quiet");

        Assert.Equal(2, exit);
        Assert.StartsWith("scalefl: method: the server runs one method", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("server", "--min-clients")]
    [InlineData("client", "--seed-node")]
    public void Cluster_commands_explain_their_flags_with_help(string command, string flag)
    {
        var (exit, output, _) = CliRun.Invoke(command, "--help");

        Assert.Equal(0, exit);
        Assert.Contains(flag, output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("server", "--engine --stragglers --straggler-slowdown --dropout --deadline --budgets", "--lr --local-epochs --lambda1 --over-commit --cache-blocks --clients --partition --faults")]
    [InlineData("client", "--method --model --seed --lr --local-epochs --batch-size --lambda1 --partition --max-train --experiment", "--seed-node --memory-mb --share --data --speed --native-lib-dir --config --join-secret --tls-cert")]
    public void Cluster_help_lists_only_the_flags_the_command_honours(string command, string absent, string present)
    {
        var (_, output, _) = CliRun.Invoke(command, "--help");
        var flags = output.Split([' ', '\n', ','], StringSplitOptions.RemoveEmptyEntries).Where(word => word.StartsWith("--", StringComparison.Ordinal)).ToHashSet();

        Assert.All(absent.Split(' '), flag => Assert.DoesNotContain(flag, flags));
        Assert.All(present.Split(' '), flag => Assert.Contains(flag, flags));
    }
}
