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

/// <summary>The CLI tests share the process console, so they run one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ConsoleCollection
{
    public const string Name = "console";
}
