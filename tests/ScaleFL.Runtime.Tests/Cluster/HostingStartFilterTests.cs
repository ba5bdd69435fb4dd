using ScaleFL.Runtime.Cluster;

namespace ScaleFL.Runtime.Tests.Cluster;

public sealed class HostingStartFilterTests
{
    [Fact]
    public void Akka_Hosting_s_start_failure_dump_is_dropped_and_every_other_write_passes()
    {
        var inner = new StringWriter();
        var filter = new HostingStartFilter(inner);

        filter.WriteLine($"{HostingStartFilter.Marker} - shutting down application.\nCause: System.Exception: boom\n   at Somewhere()");
        filter.WriteLine("[INFO] node started");
        filter.Write("partial ");
        filter.WriteLine("line");

        Assert.Equal($"[INFO] node started{Environment.NewLine}partial line{Environment.NewLine}", inner.ToString());
    }
}
