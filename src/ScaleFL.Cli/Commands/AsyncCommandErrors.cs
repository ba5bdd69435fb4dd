using ScaleFL.Core.Data;
using ScaleFL.Core.Experiments;

namespace ScaleFL.Cli.Commands;

/// <summary><see cref="CommandErrors.Guard"/> for the asynchronous cluster commands: fixable input is one line and exit code 2.</summary>
internal static class AsyncCommandErrors
{
    public static async Task<int> GuardAsync(Func<Task<int>> action)
    {
        try
        {
            return await action();
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
