using System.Buffers.Binary;
using System.Globalization;

namespace ScaleFL.Cli.Tests;

/// <summary>
/// Issue 10 item 3: lab devices that hold their own files join without any share; the server
/// hands out the client ids and trains them like any other device.
/// </summary>
public sealed class OwnDataProcessTests : IDisposable
{
    private static readonly int[] DeviceSamples = [50, 70];

    private readonly string directory = Directory.CreateTempSubdirectory("scalefl-own-data-").FullName;
    private readonly CliProcesses processes = new();

    [Fact]
    public async Task Two_devices_with_their_own_folders_get_ids_0_and_1_and_train_a_round()
    {
        var random = new Random(5);
        var serverData = WriteMnist("server", train: 60, test: 40, random);
        var port = CliProcesses.FreePort();
        var server = processes.Start(
            "server", "--dataset", "mnist", "--data", serverData, "--method", "sbt", "--seed", "3", "--batch-size", "16", "--clients", "2", "--per-round", "2",
            "--rounds", "1", "--eval-samples", "40", "--min-clients", "2", "--client-wait", "60", "--round-deadline", "120",
            "--port", port.ToString(CultureInfo.InvariantCulture), "--out", Path.Combine(directory, "runs"), "--quiet");
        // Only training files: a device never evaluates.
        var clients = DeviceSamples
            .Select((count, k) => processes.Start(
                "client", "--seed-node", $"akka.tcp://scalefl@127.0.0.1:{port}", "--memory-mb", "4096", "--data", WriteMnist($"device{k}", count, test: 0, random), "--join-timeout", "60"))
            .ToList();

        Assert.True(await CliProcesses.ExitCode(server, TimeSpan.FromSeconds(150)) == 0, processes.AllLogs);
        foreach (var client in clients)
        {
            Assert.True(await CliProcesses.ExitCode(client, TimeSpan.FromSeconds(30)) == 0, processes.AllLogs);
        }

        var registered = clients.Select(client => processes.Lines(client).Single(line => line.Contains("registered this device as client", StringComparison.Ordinal))[^2..^1]).Order();
        Assert.Equal(["0", "1"], registered);
        Assert.Contains(clients, client => processes.Lines(client).Any(line => line.Contains("with 50 samples", StringComparison.Ordinal)));
        var round = File.ReadAllLines(Path.Combine(directory, "runs", "sbt-mnist-seed3", "sbt", "metrics.csv"))[1].Split(',');
        // eligible, selected, completed, dropped.
        Assert.Equal(["2", "2", "2", "0"], round[5..9]);
    }

    public void Dispose()
    {
        processes.Dispose();
        Directory.Delete(directory, recursive: true);
    }

    /// <summary>MNIST-format IDX files of random 28x28 images (and no test files when <paramref name="test"/> is 0).</summary>
    private string WriteMnist(string name, int train, int test, Random random)
    {
        var folder = Directory.CreateDirectory(Path.Combine(directory, name)).FullName;
        foreach (var (split, count) in new[] { ("train", train), ("t10k", test) }.Where(part => part.Item2 > 0))
        {
            var pixels = new byte[count * 28 * 28];
            random.NextBytes(pixels);
            var labels = Enumerable.Range(0, count).Select(i => (byte)(i % 10)).ToArray();
            File.WriteAllBytes(Path.Combine(folder, $"{split}-images-idx3-ubyte"), [.. Header(0x803, count, 28, 28), .. pixels]);
            File.WriteAllBytes(Path.Combine(folder, $"{split}-labels-idx1-ubyte"), [.. Header(0x801, count), .. labels]);
        }

        return folder;
    }

    private static byte[] Header(params int[] values)
    {
        var bytes = new byte[values.Length * 4];
        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(i * 4), values[i]);
        }

        return bytes;
    }
}
