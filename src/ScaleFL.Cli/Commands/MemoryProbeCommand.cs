using System.CommandLine;
using ScaleFL.Core.Memory;

namespace ScaleFL.Cli.Commands;

/// <summary>
/// <c>scalefl memory-probe</c> (hidden): measures one (model, stage) in this process and prints
/// one <see cref="MemoryProbeResult"/> line; <c>scalefl memory --measure</c> runs it as a child.
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
            var request = MemoryProbeRequest.Parse(parse.UnmatchedTokens.Concat(parse.GetValue(arguments) ?? []).ToList());
            using var model = ModelInputs.Create(request.ModelName);
            var measurement = StageMemoryMeasurer.Measure(model, request.TrainableSetFor(model), request.BatchSize, request.Steps);
            Console.WriteLine(new MemoryProbeResult(request, measurement).ToLine());
            return 0;
        });
        return command;
    }
}
