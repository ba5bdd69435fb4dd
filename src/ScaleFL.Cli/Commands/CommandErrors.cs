using ScaleFL.Core.Data;
using ScaleFL.Core.Experiments;
using ScaleFL.Core.Files;

namespace ScaleFL.Cli.Commands;

/// <summary>
/// The one mapping from an error to what the user sees, which every command's action goes
/// through: always one line on standard error, never a stack trace (set
/// <c>SCALEFL_DEBUG=1</c> to get one). Input the user can fix (an option, file, dataset or
/// output path) exits with <see cref="Program.UsageError"/>; a run that could not finish (a
/// results or checkpoint file that could not be written, a failed round) with
/// <see cref="Program.RunFailed"/>; a cancelled run with 130. A node that cannot listen where it
/// was told (<see cref="Runtime.Cluster.NodeBindException"/>) or refuses a setting of its configuration
/// (<see cref="Runtime.Cluster.NodeConfigException"/>) is input the user can fix.
/// </summary>
internal static class CommandErrors
{
    /// <summary>The environment variable that adds the stack trace to an unexpected error.</summary>
    public const string DebugVariable = Runtime.Logging.ConsoleLogLine.DebugVariable;

    public static int Guard(Func<int> action)
    {
        try
        {
            return action();
        }
        catch (Exception error)
        {
            return Report(error);
        }
    }

    public static async Task<int> GuardAsync(Func<Task<int>> action)
    {
        try
        {
            return await action();
        }
        catch (Exception error)
        {
            return Report(error);
        }
    }

    /// <summary>Prints <paramref name="error"/> as one line and returns its exit code.</summary>
    public static int Report(Exception error)
    {
        var (code, message) = Classify(error);
        Console.Error.WriteLine($"scalefl: {OneLine(message)}");
        if (code == Program.RunFailed && Environment.GetEnvironmentVariable(DebugVariable) == "1")
        {
            Console.Error.WriteLine(error.ToString());
        }

        return code;
    }

    private static (int Code, string Message) Classify(Exception error) => error switch
    {
        AggregateException { InnerExceptions.Count: 1 } wrapped => Classify(wrapped.InnerException!),
        ExperimentException or DatasetException or InvalidDataException => (Program.UsageError, error.Message),
        // Where to listen is the user's choice (--host, --port, a cluster-config file).
        Runtime.Cluster.NodeBindException => (Program.UsageError, error.Message),
        // A cluster-config value the node refuses (the file given with --config).
        Runtime.Cluster.NodeConfigException => (Program.UsageError, error.Message),
        OperationCanceledException => (130, "cancelled."),
        OutputWriteException => (Program.RunFailed, $"{error.Message}; the run stopped here (earlier results and the last good checkpoint are kept)."),
        _ => (Program.RunFailed, error.Message),
    };

    private static string OneLine(string message) =>
        string.Join(' ', message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
