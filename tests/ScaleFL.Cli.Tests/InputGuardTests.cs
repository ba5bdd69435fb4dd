using System.Buffers.Binary;

namespace ScaleFL.Cli.Tests;

/// <summary>
/// Every command, given input it cannot use, answers before any work with exit code 2 and one
/// line on standard error, never a stack trace.
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class InputGuardTests : IDisposable
{
    private const string Tiny = "--dataset|synthetic|--max-train|200|--clients|4|--per-round|2|--rounds|1|--quiet";
    private const string Seed = "--seed-node|akka.tcp://scalefl@127.0.0.1:1|--partition|1/2";
    private readonly string directory = Directory.CreateTempSubdirectory("scalefl-guard-").FullName;

    public InputGuardTests()
    {
        File.WriteAllText(Path.Combine(directory, "file"), "a regular file");
        File.WriteAllText(Path.Combine(directory, "malformed.conf"), "{{{{ ::: ]]]");
        File.WriteAllText(Path.Combine(directory, "unclosed.conf"), "scalefl { server { client-wait = 5s }");
        File.WriteAllText(Path.Combine(directory, "banana.conf"), "scalefl.server.client-wait = banana");
        File.WriteAllText(Path.Combine(directory, "port.conf"), "akka.remote.dot-netty.tcp.port = banana");
        File.WriteAllText(Path.Combine(directory, "retired.conf"), "scalefl.client.batch-size = 16\nscalefl.transfer.chunk-szie = 64KiB\nscalefl.transfer.chunk-size = 64KiB");
        File.WriteAllText(Path.Combine(directory, "frame.conf"), "akka.remote.dot-netty.tcp.maximum-frame-size = 100000b");
        File.WriteAllText(Path.Combine(directory, "chunk.conf"), "scalefl.transfer.chunk-size = 0");
        File.WriteAllText(Path.Combine(directory, "nan.json"), "{ \"learningRate\": NaN }");
        File.WriteAllText(Path.Combine(directory, "overflow.json"), "{ \"clients\": 1e20 }");
        WriteFashionMnistWithoutTestImages(Path.Combine(directory, "no-test"));
    }

    public static TheoryData<string> BadInputs() =>
    [
        $"simulate|{Tiny}|--max-update-norm|Infinity",
        $"simulate|{Tiny}|--lr|NaN",
        $"simulate|{Tiny}|--deadline|-Infinity",
        $"simulate|{Tiny}|--lambda1|0.5,NaN,0.2,0.1",
        $"simulate|{Tiny}|--experiment|DIR/nan.json",
        $"simulate|{Tiny}|--experiment|DIR/overflow.json",
        $"simulate|{Tiny}|--clients|3000000000",
        $"simulate|{Tiny}|--out|/proc/runs",
        $"simulate|{Tiny}|--out|DIR/file/runs",
        $"simulate|{Tiny}|--out|DIR|--name|{new string('n', 300)}",
        $"simulate|{Tiny}|--clients|100|--max-train|100|--partition|shards:2",
        $"simulate|{Tiny}|--clients|40|--max-train|100|--partition|shards:3",
        "simulate|--dataset|fashion-mnist|--data|DIR/no-test|--quiet",
        $"compare|{Tiny}|--target-accuracy|NaN",
        $"compare|{Tiny}|--out|DIR/file/runs",
        $"compare|{Tiny}|--dropout|Infinity",
        $"sweep|{Tiny}|--grid|lr=Infinity",
        $"sweep|{Tiny}|--grid|lr=0.01|--out|DIR/file/runs",
        "export|--checkpoint|DIR/absent.ckpt|--out|DIR/model.safetensors",
        "export|--checkpoint|DIR/absent.ckpt|--out|DIR",
        "export|--checkpoint|DIR/absent.ckpt|--out|/proc/model.safetensors",
        "memory|--batch-size|0",
        "memory|--model|resnet50",
        "bench|--smoke|--only|codec|--markdown|DIR/file/bench.md",
        "bench|--smoke|--only|codec|--markdown|DIR",
        "bench|--only|everything",
        $"server|{Tiny}|--method|sbt|--port|0|--client-wait|1|--config|DIR/malformed.conf",
        $"server|{Tiny}|--method|sbt|--port|0|--client-wait|1|--config|DIR/unclosed.conf",
        $"server|{Tiny}|--method|sbt|--port|0|--client-wait|1|--config|DIR/banana.conf",
        $"server|{Tiny}|--method|sbt|--port|0|--client-wait|1|--config|DIR/port.conf",
        $"server|{Tiny}|--method|sbt|--port|0|--client-wait|1|--config|DIR/frame.conf",
        $"server|{Tiny}|--method|sbt|--port|0|--client-wait|1|--config|DIR/chunk.conf",
        $"server|{Tiny}|--method|sbt|--port|0|--client-wait|1|--out|DIR/file/runs",
        $"server|{Tiny}|--method|sbt|--port|0|--client-wait|1|--max-update-norm|NaN",
        $"client|{Seed}|--memory-mb|Infinity",
        $"client|{Seed}|--memory-mb|100|--speed|NaN",
        $"client|{Seed}|--memory-mb|100|--config|DIR/malformed.conf",
        $"client|{Seed}|--memory-mb|100|--lr|Infinity",
        $"client|{Seed}|--memory-mb|100|--config|DIR/frame.conf",
    ];

    [Theory]
    [MemberData(nameof(BadInputs))]
    public void Bad_input_exits_with_2_and_one_line_without_a_stack_trace(string command)
    {
        var args = command.Split('|').Select(arg => arg.Replace("DIR", directory, StringComparison.Ordinal)).ToArray();

        var (exit, output, error) = CliRun.Invoke(args);

        Assert.True(exit == 2, $"exit {exit}\n{error}\n{output}");
        Assert.StartsWith("scalefl: ", error, StringComparison.Ordinal);
        Assert.Single(error.Trim().Split('\n'));
        Assert.DoesNotContain("   at ", error + output, StringComparison.Ordinal);
    }

    [Fact]
    public void An_option_naming_a_non_finite_number_says_which_and_what_is_allowed()
    {
        var (_, _, error) = CliRun.Invoke(["simulate", .. Tiny.Split('|'), "--max-update-norm", "Infinity"]);

        Assert.Contains("max-update-norm: 'Infinity' is not allowed; allowed: a finite number", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_wrong_typed_config_value_names_the_key_and_its_type()
    {
        var (_, _, error) = CliRun.Invoke([
            "server", .. Tiny.Split('|'), "--method", "sbt", "--port", "0", "--config", Path.Combine(directory, "banana.conf")]);

        Assert.Equal(
            $"scalefl: config: '{Path.Combine(directory, "banana.conf")}': scalefl.server.client-wait = 'banana' is not allowed; allowed: a duration, e.g. 10m.",
            error.Trim());
    }

    [Fact]
    public void A_frame_too_small_for_a_chunk_names_both_settings_in_one_line_before_any_data_is_loaded()
    {
        var file = Path.Combine(directory, "frame.conf");

        var (exit, output, error) = CliRun.Invoke(["server", .. Tiny.Split('|'), "--method", "sbt", "--port", "0", "--config", file]);

        Assert.Equal(2, exit);
        Assert.Equal(
            $"scalefl: config: '{file}': scalefl.transfer.chunk-size (262144 bytes) plus 4096 bytes of header must fit in akka.remote.dot-netty.tcp.maximum-frame-size (100000 bytes); raise the frame size or lower the chunk size.",
            error.Trim());
        Assert.Equal(string.Empty, output.Trim());
    }

    [Fact]
    public void A_config_key_no_node_reads_is_named_once_with_where_the_setting_went()
    {
        var file = Path.Combine(directory, "retired.conf");

        var (_, _, error) = CliRun.Invoke(["client", "--seed-node", "akka.tcp://scalefl@127.0.0.1:1", "--share", "1/2", "--memory-mb", "100", "--join-timeout", "1", "--config", file]);

        var lines = error.Split('\n').Where(line => line.Contains(file, StringComparison.Ordinal)).ToList();
        Assert.Equal(2, lines.Count);
        Assert.Contains("scalefl.client.batch-size is ignored: the server decides the batch size", lines[0], StringComparison.Ordinal);
        Assert.Contains("scalefl.transfer.chunk-szie is ignored: no ScaleFL node reads it", lines[1], StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_test_set_is_named_before_anything_trains()
    {
        var (_, _, error) = CliRun.Invoke("simulate", "--dataset", "fashion-mnist", "--data", Path.Combine(directory, "no-test"), "--quiet");

        Assert.Contains("the test set in", error, StringComparison.Ordinal);
        Assert.Contains("holds 0 images", error, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);

    /// <summary>Valid IDX files: 20 training images of 28x28, and a test split with headers but 0 images.</summary>
    private static void WriteFashionMnistWithoutTestImages(string folder)
    {
        Directory.CreateDirectory(folder);
        foreach (var (split, count) in new[] { ("train", 20), ("t10k", 0) })
        {
            File.WriteAllBytes(Path.Combine(folder, $"{split}-images-idx3-ubyte"), [.. Header(0x803, count, 28, 28), .. new byte[count * 28 * 28]]);
            File.WriteAllBytes(Path.Combine(folder, $"{split}-labels-idx1-ubyte"), [.. Header(0x801, count), .. Enumerable.Range(0, count).Select(i => (byte)(i % 10))]);
        }
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
