using System.CommandLine;
using ScaleFL.Cli.Commands;

namespace ScaleFL.Cli;

/// <summary>Entry point of the <c>scalefl</c> command.</summary>
public static class Program
{
    /// <summary>Exit code for bad input: a malformed option, file, dataset or output path.</summary>
    public const int UsageError = 2;

    /// <summary>Exit code of a run that started but could not finish (a file it could not write, a failed round).</summary>
    public const int RunFailed = 1;

    /// <summary>Parses the command line and runs the chosen command.</summary>
    public static int Main(string[] args)
    {
        // Before any tensor: training memory then returns to the system batch by batch, which is
        // what every memory estimate and measurement of this process assumes.
        ScaleFL.Core.Memory.NativeAllocator.ReturnLargeBlocksToSystem();
        var root = new RootCommand(
            "ScaleFL: federated learning for memory-limited clients by block-wise training (Wu et al., NeuLite).")
        {
            SimulateCommand.Create(),
            MemoryCommand.Create(),
            MemoryProbeCommand.Create(),
            ServerCommand.Create(),
            ClientCommand.Create(),
            WorkerCommand.Create(),
            BenchCommand.Create(),
            BenchPeerCommand.Create(),
            BenchScaleCommand.Create(),
            CompareCommand.Create(),
            SweepCommand.Create(),
            ExportCommand.Create(),
            SoakCommand.Create(),
        };

        // Bound to the current Console.Out on every call, so an embedding host (or a test) that
        // redirects the console gets the tables too.
        Spectre.Console.AnsiConsole.Console = Spectre.Console.AnsiConsole.Create(
            new Spectre.Console.AnsiConsoleSettings { Out = new Spectre.Console.AnsiConsoleOutput(Console.Out) });
        if (Console.IsOutputRedirected)
        {
            // Tables written to a file or pipe should not wrap at the 80-column default.
            Spectre.Console.AnsiConsole.Profile.Width = 200;
        }

        OptionChecks.AddTo(root);
        ParseResult parse;
        try
        {
            parse = root.Parse(args);
        }
        catch (Exception error) when (error is InvalidOperationException or ArgumentException or FormatException)
        {
            // A validator that trips over a value the parser could not convert: still the user's input, still one line.
            Console.Error.WriteLine($"scalefl: {ParseErrors.Plain(error.Message).TrimEnd('.')}. Run 'scalefl --help' or 'scalefl <command> --help' for usage.");
            return UsageError;
        }

        if (parse.Errors.Count > 0)
        {
            // One line however many problems the parser found, so scripts can report it as is.
            var problems = string.Join("; ", parse.Errors.Select(error => ParseErrors.Plain(error.Message).TrimEnd('.')));
            Console.Error.WriteLine($"scalefl: {problems}. Run 'scalefl --help' or 'scalefl <command> --help' for usage.");
            return UsageError;
        }

        // Every command's errors reach the user through the one mapping, never as a stack trace.
        return CommandErrors.Guard(() => parse.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false }));
    }
}
