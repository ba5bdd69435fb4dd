using System.CommandLine;
using ScaleFL.Core.Memory;

namespace ScaleFL.Cli.Commands;

/// <summary>
/// <c>scalefl memory-probe</c> (hidden): measures one (model, stage) in this process and prints
/// one <see cref="MemoryProbeResult"/> line, or with <c>--framework</c> the
/// <see cref="FrameworkOverhead"/> of a fresh process; <c>scalefl memory</c> runs it as a child.
/// The baseline is read before the model is built, so the peak counts weights and everything
/// else a device would hold.
/// </summary>
internal static class MemoryProbeCommand
{
    public const string Name = "memory-probe";

    public static Command Create()
    {
        var arguments = new Argument<string[]>("arguments") { Arity = ArgumentArity.ZeroOrMore };
        var command = new Command(Name, "Measure one stage's training memory in this process (used by 'memory --measure').")
        {
            Hidden = true,
            TreatUnmatchedTokensAsErrors = false,
        };
        command.Arguments.Add(arguments);
        command.SetAction(parse =>
        {
            var tokens = parse.UnmatchedTokens.Concat(parse.GetValue(arguments) ?? []).ToList();

            // libtorch's native libraries load on first use; they are the runtime, not training memory.
            using (TorchSharp.torch.zeros(1))
            {
            }

            if (tokens is [FrameworkOption])
            {
                Console.WriteLine(FrameworkOverheadLine.Format(FrameworkOverhead.MeasureInThisProcess()));
                return 0;
            }

            var request = MemoryProbeRequest.Parse(tokens);
            var beforeModel = StageMemoryMeasurer.ResidentBytes();
            using var model = request.CreateModel(ModelInputs.DefaultFor(request.ModelName), ModelInputs.ClassCount);
            var measurement = StageMemoryMeasurer.Measure(
                model, request.TrainableSetFor(model), request.BatchSize, request.Steps, baselineBytes: beforeModel);
            Console.WriteLine(new MemoryProbeResult(request, measurement).ToLine());
            return 0;
        });
        return command;
    }

    /// <summary>The option that measures <see cref="FrameworkOverhead"/> instead of a stage.</summary>
    public const string FrameworkOption = "--framework";
}
