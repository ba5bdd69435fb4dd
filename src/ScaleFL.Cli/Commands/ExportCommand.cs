using System.CommandLine;
using System.Globalization;
using ScaleFL.Core.Checkpoints;
using ScaleFL.Core.Files;
using ScaleFL.Core.Weights;

namespace ScaleFL.Cli.Commands;

/// <summary>
/// <c>scalefl export</c>: writes a checkpoint's weights as safetensors, loadable in Python with
/// <c>safetensors.torch.load_file</c>; names are ScaleFL's (<c>blocks.k.*</c>, <c>outputs.k.*</c>).
/// </summary>
internal static class ExportCommand
{
    public static Command Create()
    {
        var checkpoint = new Option<FileInfo>("--checkpoint") { Description = "A ScaleFL checkpoint, e.g. runs/<name>/<method>/final.ckpt.", Required = true };
        var output = new Option<FileInfo>("--out") { Description = "The .safetensors file to write.", Required = true };
        var command = new Command(
            "export",
            "Write a checkpoint's weights as safetensors (float32; tensor names blocks.k.* and outputs.k.*; model, method and round in __metadata__).")
        {
            checkpoint, output,
        };
        command.SetAction((parse, _) => Task.FromResult(CommandErrors.Guard(() => Run(parse.GetValue(checkpoint)!, parse.GetValue(output)!))));
        return command;
    }

    private static int Run(FileInfo checkpointFile, FileInfo output)
    {
        RefuseWritingOver(checkpointFile.FullName, output.FullName);
        OutputPaths.CheckFile("out", output.FullName);
        var checkpoint = CheckpointFile.Load(checkpointFile.FullName);
        var metadata = new Dictionary<string, string>
        {
            ["format"] = "pt",
            ["model"] = checkpoint.Model,
            ["method"] = checkpoint.Method,
            ["round"] = checkpoint.Round.ToString(CultureInfo.InvariantCulture),
            ["stage"] = (checkpoint.Stage + 1).ToString(CultureInfo.InvariantCulture),
        };
        SafetensorsFile.Write(output.FullName, checkpoint.Weights, metadata);
        Console.WriteLine($"Wrote {checkpoint.Weights.Count} tensors ({checkpoint.Weights.ByteCount / 1e6:F1} MB) of {checkpoint.Model}/{checkpoint.Method} round {checkpoint.Round} to {output.FullName}");
        return 0;
    }

    /// <summary>
    /// A slip of --out must not cost a run its files: export writes a new file or over an earlier
    /// export (a <c>.safetensors</c> file), never over the checkpoint it reads (through a link
    /// too) or any other file (a run's <c>final.ckpt</c>, <c>metrics.csv</c>, ...). Throws <see cref="Core.Experiments.ExperimentException"/>.
    /// </summary>
    private static void RefuseWritingOver(string checkpoint, string output)
    {
        if (!File.Exists(output))
        {
            return;
        }

        var reason = Resolved(output) == Resolved(checkpoint)
            ? "is the checkpoint being exported"
            : !output.EndsWith(".safetensors", StringComparison.OrdinalIgnoreCase) ? "exists and is not a .safetensors file" : null;
        if (reason is not null)
        {
            throw new Core.Experiments.ExperimentException(
                $"out: '{output}' {reason}; export writes only new .safetensors files or over an earlier export; choose another --out.");
        }
    }

    private static string Resolved(string path) => new FileInfo(path).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? Path.GetFullPath(path);
}
