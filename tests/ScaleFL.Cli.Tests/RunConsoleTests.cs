using ScaleFL.Cli.Commands;

namespace ScaleFL.Cli.Tests;

public sealed class RunConsoleTests
{
    [Theory]
    [InlineData(0, "00:00")]
    [InlineData(136, "02:16")]
    [InlineData(3599, "59:59")]
    [InlineData(3600, "1:00:00")]
    [InlineData(7336, "2:02:16")]
    [InlineData(90061, "25:01:01")]
    public void Time_left_keeps_its_hours(int seconds, string expected) =>
        Assert.Equal(expected, RunConsole.TimeLeft(TimeSpan.FromSeconds(seconds)));
}
