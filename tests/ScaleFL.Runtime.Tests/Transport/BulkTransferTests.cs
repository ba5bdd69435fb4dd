using Akka.Actor;
using Akka.Configuration;
using ScaleFL.Runtime.Transport;
using ScaleFL.Runtime.Transport.DataLane;

namespace ScaleFL.Runtime.Tests.Transport;

public sealed class BulkTransferTests : Akka.TestKit.Xunit2.TestKit
{
    public BulkTransferTests()
        : base(TransportTestConfig.Local())
    {
    }

    [Fact]
    public void Local_recipient_gets_the_very_same_message_object()
    {
        var message = TestMessageSerializer.Sample("local", megabytes: 1, arrays: 1);
        var sender = CreateTestProbe();

        BulkTransfer.Send(Sys, TestActor, message, sender.Ref);

        Assert.Same(message, ExpectMsg<TestWeightsMessage>());
        Assert.Equal(sender.Ref, LastSender);
    }

    [Fact]
    public void Extension_starts_the_inbox_at_its_well_known_path_with_configured_settings()
    {
        var transfer = BulkTransfer.Get(Sys);

        Assert.Equal("/user/scalefl-transfer", transfer.Inbox.Path.ToStringWithoutAddress());
        // A system without remoting has no data lane to open.
        Assert.Equal(new TransferSettings(256 * 1024, TimeSpan.FromSeconds(30), 8, 1L << 30) { DataLane = DataLaneOptions.Default with { Enabled = false } }, transfer.Settings);
        Assert.Null(transfer.Lane);
        Assert.Same(transfer, BulkTransfer.Get(Sys));
    }

    [Fact]
    public void Extension_refuses_a_chunk_size_that_does_not_fit_in_a_frame()
    {
        using var system = ActorSystem.Create("too-big-chunks", TransportTestConfig.Local("scalefl.transfer.chunk-size = 1MiB"));

        var error = Assert.Throws<ScaleFL.Runtime.Cluster.NodeConfigException>(() => BulkTransfer.Get(system));

        Assert.Contains("maximum-frame-size", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Settings_name_the_field_and_allowed_values_when_invalid()
    {
        var error = Assert.Throws<ArgumentException>(() => (TransferSettings.Default with { MaxInFlightChunks = 0 }).Validated());

        Assert.Contains("max-in-flight-chunks", error.Message, StringComparison.Ordinal);
        Assert.Contains("at least 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Commented_transport_conf_matches_the_compiled_configuration()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !Directory.Exists(Path.Combine(directory.FullName, "cluster-config")))
        {
            directory = directory.Parent;
        }

        Assert.NotNull(directory);
        var file = ConfigurationFactory.ParseString(File.ReadAllText(Path.Combine(directory.FullName, "cluster-config", "transport.conf")));
        var compiled = TransportConfig.Default;

        Assert.Equal(compiled.Root.ToString(), file.Root.ToString());
    }
}
