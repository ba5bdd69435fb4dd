using ScaleFL.Core.Experiments;

namespace ScaleFL.Core.Tests.Experiments;

public sealed class ClientIdsTests
{
    [Fact]
    public void The_lowest_free_id_is_given()
    {
        Assert.Equal(0, ClientIds.Assign(3, [], null));
        Assert.Equal(1, ClientIds.Assign(3, [0, 2], null));
    }

    [Fact]
    public void A_device_that_already_holds_an_id_keeps_it()
    {
        Assert.Equal(2, ClientIds.Assign(3, [0, 1, 2], heldByThisDevice: 2));
    }

    [Fact]
    public void No_id_when_all_are_held()
    {
        Assert.Null(ClientIds.Assign(2, [0, 1], null));
        Assert.Contains("all 2 client ids", ClientIds.FullMessage(2));
    }
}
