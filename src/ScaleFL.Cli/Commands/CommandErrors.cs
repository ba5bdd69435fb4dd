using ScaleFL.Core.Data;
using ScaleFL.Core.Experiments;

namespace ScaleFL.Cli.Commands;

/// <summary>Turns the errors a user can fix into one line and exit code 2, never a stack trace.</summary>
internal static class CommandErrors
{
    public static int Guard(Func<int> action)
    {
        try
        {
            return action();
        }
        catch (Exception error) when (error is ExperimentException or DatasetException or InvalidDataException)
        {
            Console.Error.WriteLine($"scalefl: {error.Message}");
            return Program.UsageError;
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine("scalefl: cancelled.");
            return 130;
        }
    }
}
