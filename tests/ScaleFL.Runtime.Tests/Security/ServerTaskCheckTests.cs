using ScaleFL.Runtime.Security;

namespace ScaleFL.Runtime.Tests.Security;

public sealed class ServerTaskCheckTests
{
    [Theory]
    [InlineData("", "", false, true)]
    [InlineData("", "", true, false)]
    [InlineData("", "anything", true, false)]
    [InlineData("s3cret", "s3cret", true, true)]
    [InlineData("s3cret", "s3cret", false, true)]
    [InlineData("s3cret", "", false, false)]
    [InlineData("s3cret", "s3creT", true, false)]
    [InlineData("s3cret", "s3cret-and-more", true, false)]
    public void A_device_obeys_only_orders_carrying_its_session_and_on_remoting_none_before_it_has_one(
        string deviceSession, string orderSession, bool remoting, bool obeys) =>
        Assert.Equal(obeys, ServerTaskCheck.FromServer(deviceSession, orderSession, remoting));
}
