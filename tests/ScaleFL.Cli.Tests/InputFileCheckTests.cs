using System.Diagnostics;

namespace ScaleFL.Cli.Tests;

/// <summary>
/// Every input file named on the command line (the fault plan, the --init weights, the experiment
/// file) is checked before any data loads and before any run folder is created or changed: one line
/// naming the file and the problem, exit 2, nothing written.
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class InputFileCheckTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("scalefl-input-files-").FullName;

    private string Output => Path.Combine(directory, "out");

    public static TheoryData<string, string, string> Refusals()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var command in new[] { "simulate", "compare", "sweep", "server" })
        {
            foreach (var flag in new[] { "--faults", "--init" })
            {
                foreach (var kind in new[] { "fifo", "directory", "device", "missing" })
                {
                    data.Add(command, flag, kind);
                }
            }

            data.Add(command, "--faults", "malformed");
            data.Add(command, "--experiment", "fifo");
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Refusals))]
    public void An_unreadable_input_file_is_refused_in_one_line_before_anything_loads_or_is_written(string command, string flag, string kind)
    {
        var path = Make(kind);

        var (exit, output, error) = CliRun.Invoke([command, .. Experiment(command), flag, path]);

        Assert.True(exit == 2, error);
        var line = Assert.Single(error.Trim().Split('\n'));
        Assert.Contains($"'{path}'", line, StringComparison.Ordinal);
        Assert.DoesNotContain("Loading", output, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Output), string.Join(", ", Directory.Exists(Output) ? Directory.EnumerateFileSystemEntries(Output, "*", SearchOption.AllDirectories) : []));
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private string[] Experiment(string command)
    {
        string[] common = ["--dataset", "synthetic", "--clients", "4", "--rounds", "1", "--max-train", "100", "--eval-samples", "50", "--out", Output, "--quiet"];
        return command switch
        {
            "compare" => [.. common, "--methods", "sbt"],
            "sweep" => [.. common, "--method", "sbt", "--grid", "lr=0.01,0.05"],
            "server" => [.. common, "--method", "sbt", "--port", "0", "--client-wait", "5"],
            _ => [.. common, "--method", "sbt"],
        };
    }

    private string Make(string kind)
    {
        switch (kind)
        {
            case "fifo":
                var fifo = Path.Combine(directory, "pipe");
                using (var mkfifo = Process.Start("mkfifo", [fifo]))
                {
                    mkfifo.WaitForExit();
                }

                return fifo;
            case "directory":
                return directory;
            case "device":
                return "/dev/zero";
            case "missing":
                return Path.Combine(directory, "nowhere.json");
            default:
                var malformed = Path.Combine(directory, "plan.json");
                File.WriteAllText(malformed, """{"faults": [ {"kind": "crash", """);
                return malformed;
        }
    }
}
