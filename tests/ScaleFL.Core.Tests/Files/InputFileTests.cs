using ScaleFL.Core.Experiments;
using ScaleFL.Core.Files;

namespace ScaleFL.Core.Tests.Files;

public sealed class InputFileTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("scalefl-input-").FullName;

    [Fact]
    public void A_small_file_is_read_whole_with_its_byte_order_mark_dropped()
    {
        var path = Path.Combine(directory, "plan.json");
        File.WriteAllText(path, "{\"faults\": []}", new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: true));

        Assert.Equal("{\"faults\": []}", InputFile.ReadText(path, "Fault plan"));
    }

    [Fact]
    public void A_directory_is_named_as_one_not_as_missing()
    {
        var error = Assert.Throws<ExperimentException>(() => InputFile.ReadText(directory, "Fault plan"));

        Assert.Equal($"Fault plan '{directory}' is a directory; allowed: a file.", error.Message);
    }

    [Fact]
    public void A_missing_file_is_named()
    {
        var path = Path.Combine(directory, "none.json");

        var error = Assert.Throws<ExperimentException>(() => InputFile.ReadText(path, "Fault plan"));

        Assert.Equal($"Fault plan '{path}' does not exist.", error.Message);
    }

    [Fact]
    public void A_file_over_the_cap_is_refused_before_it_is_read()
    {
        var path = Path.Combine(directory, "big.json");
        File.WriteAllText(path, new string(' ', 2048));

        var error = Assert.Throws<ExperimentException>(() => InputFile.ReadText(path, "Fault plan", maxBytes: 1024));

        Assert.Equal($"Fault plan '{path}' is 2048 bytes; allowed: a file of at most 1024 bytes.", error.Message);
    }

    [Theory]
    [InlineData("/dev/zero")]
    [InlineData("/dev/urandom")]
    public void A_device_that_never_ends_is_refused_at_once(string device)
    {
        var error = Assert.Throws<ExperimentException>(() => InputFile.ReadText(device, "Fault plan"));

        Assert.Equal($"Fault plan '{device}' is not a regular file (a device or pipe); allowed: a file.", error.Message);
    }

    [Fact]
    public async Task A_named_pipe_is_refused_at_once_instead_of_waiting_for_a_writer()
    {
        var fifo = Path.Combine(directory, "plan.json");
        using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", [fifo]))
        {
            await mkfifo.WaitForExitAsync();
        }

        // Its own thread: on a loaded machine a starved thread pool must not look like a waiting reader.
        var read = Task.Factory.StartNew(() => InputFile.ReadText(fifo, "Fault plan"), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        // A bound, not a speed: a reader that waits for a writer never finishes on its own.
        var finished = await Task.WhenAny(read, Task.Delay(TimeSpan.FromSeconds(60))) == read;
        if (!finished)
        {
            // Let the waiting reader go, so the test leaves no thread behind. Opened for reading and
            // writing, which never waits on Linux: a write-only open would wait for a reader forever
            // if the reader had already given up.
            await using var partner = new FileStream(fifo, FileMode.Open, FileAccess.ReadWrite);
        }

        Assert.True(finished, "ReadText waited for a writer on the pipe");
        var error = await Assert.ThrowsAsync<ExperimentException>(() => read);
        Assert.Equal($"Fault plan '{fifo}' is not a regular file (a device or pipe); allowed: a file.", error.Message);
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);
}
