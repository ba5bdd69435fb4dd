using ScaleFL.Core.Experiments;
using ScaleFL.Core.Files;
using ScaleFL.TestSupport;

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
    public void A_link_to_itself_by_a_relative_name_is_named_a_loop()
    {
        var path = Path.Combine(directory, "loop1");
        File.CreateSymbolicLink(path, "loop1");

        var error = Assert.Throws<ExperimentException>(() => InputFile.ReadText(path, "Fault plan"));

        Assert.Equal($"Fault plan '{path}' is a symbolic link that leads to itself (a loop); allowed: a file.", error.Message);
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
    public void A_named_pipe_is_refused_at_once_instead_of_waiting_for_a_writer()
    {
        var fifo = Path.Combine(directory, "plan.json");
        SpecialFiles.Create(fifo, "named pipe");

        // Bounded: a reader that waits for a writer never returns on its own (SpecialFiles lets it go).
        var error = Assert.IsType<ExperimentException>(SpecialFiles.ErrorOf(() => InputFile.ReadText(fifo, "Fault plan"), fifo));

        Assert.Equal($"Fault plan '{fifo}' is not a regular file (a device or pipe); allowed: a file.", error.Message);
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);
}
