using Akka.Configuration;
using ScaleFL.Runtime.Transport;
using ScaleFL.Runtime.Transport.DataLane;

namespace ScaleFL.Runtime.Tests.Transport.DataLane;

public sealed class DataLaneOptionsTests
{
    [Fact]
    public void Keys_under_scalefl_transfer_data_lane_are_read_and_the_stall_timeout_follows_the_reassembly_timeout()
    {
        var config = ConfigurationFactory.ParseString("""
            scalefl.transfer {
              reassembly-timeout = 45s
              data-lane { enabled = off, port = 4054, socket-buffer-size = 1MiB, connect-timeout = 2s, retry-after = 10s }
            }
            """);

        var lane = TransferSettings.FromConfig(config).DataLane;

        Assert.Equal(new DataLaneOptions(false, 4054, TimeSpan.FromSeconds(45), 1024 * 1024, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(10)), lane);
    }

    [Fact]
    public void Compiled_defaults_equal_the_documented_ones()
    {
        Assert.Equal(DataLaneOptions.Default, TransferSettings.FromConfig(TransportConfig.Default).DataLane);
    }

    [Theory]
    [InlineData("port = 70000", "scalefl.transfer.data-lane.port")]
    [InlineData("socket-buffer-size = 1KiB", "scalefl.transfer.data-lane.socket-buffer-size")]
    public void Invalid_values_name_their_key(string setting, string key)
    {
        var config = ConfigurationFactory.ParseString($"scalefl.transfer.data-lane {{ {setting} }}");

        var error = Assert.Throws<ArgumentException>(() => TransferSettings.FromConfig(config));

        Assert.Contains(key, error.Message, StringComparison.Ordinal);
    }
}
