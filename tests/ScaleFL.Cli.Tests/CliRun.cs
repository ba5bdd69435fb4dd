namespace ScaleFL.Cli.Tests;

/// <summary>Runs <c>scalefl</c> in this process with its standard output and error captured.</summary>
internal static class CliRun
{
    private static readonly Lock ConsoleLock = new();

    public static (int ExitCode, string Output, string Error) Invoke(params string[] args)
    {
        lock (ConsoleLock)
        {
            var (output, error) = (new StringWriter(), new StringWriter());
            var (oldOut, oldError) = (Console.Out, Console.Error);
            Console.SetOut(output);
            Console.SetError(error);
            try
            {
                return (Program.Main(args), output.ToString(), error.ToString());
            }
            finally
            {
                Console.SetOut(oldOut);
                Console.SetError(oldError);
            }
        }
    }
}

/// <summary>
/// The CLI tests share the process console, so they run one at a time, in this one collection. It
/// runs beside the process tests' collections, which start <c>scalefl</c> processes and never touch
/// this process's console: with <c>DisableParallelization</c> it waited for all of them to end and
/// then ran alone, leaving one of the machine's two cores idle (see <see cref="ConsoleCollectionFirst"/>).
/// </summary>
[CollectionDefinition(Name)]
public sealed class ConsoleCollection
{
    public const string Name = "console";
}
