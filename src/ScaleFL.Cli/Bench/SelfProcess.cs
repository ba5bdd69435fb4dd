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
        var start = new ProcessStartInfo(self)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
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
