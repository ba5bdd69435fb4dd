using System.Diagnostics;

namespace ScaleFL.Cli.Bench;

/// <summary>
/// Starts this same <c>scalefl</c> program as a child (a hidden command in another process), both
/// when run as the published executable and as <c>dotnet scalefl.dll</c> or inside a test host.
/// </summary>
internal static class SelfProcess
{
    public static ProcessStartInfo StartInfo(IEnumerable<string> arguments)
    {
        var self = Environment.ProcessPath ?? throw new InvalidOperationException("Cannot locate the scalefl executable.");

        // Inside a host that is not scalefl (dotnet, or a test host running Program.Main) the
        // command is this assembly run by dotnet.
        var isScalefl = Path.GetFileNameWithoutExtension(self) == "scalefl";
        var start = new ProcessStartInfo(isScalefl ? self : "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        if (!isScalefl)
        {
            start.ArgumentList.Add(typeof(SelfProcess).Assembly.Location);
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return start;
    }
}
