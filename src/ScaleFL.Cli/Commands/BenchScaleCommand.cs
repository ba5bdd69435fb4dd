using System.CommandLine;
using System.Text.Json;
using ScaleFL.Cli.Bench;

namespace ScaleFL.Cli.Commands;

/// <summary>
/// <c>scalefl bench-scale</c> (hidden): one run of the scale benchmark in a fresh process, so its
/// resident memory is not mixed with what earlier sections left behind (libtorch keeps what it
/// allocated). Prints one <see cref="ScaleBench.Measured"/> line as JSON.
/// </summary>
internal static class BenchScaleCommand
{
    public const string Name = "bench-scale";

    public const string ResultPrefix = "bench-scale result ";

    public static Command Create()
    {
        var clients = new Option<int>("--clients") { Required = true };
        var perRound = new Option<int>("--per-round") { Required = true };
        var rounds = new Option<int>("--rounds") { Required = true };
        var command = new Command(Name, "One run of 'scalefl bench' scale section (started by the bench).") { Hidden = true };
        command.Options.Add(clients);
        command.Options.Add(perRound);
        command.Options.Add(rounds);
        command.SetAction(parse =>
        {
            var measured = ScaleBench.Measure(parse.GetValue(clients), parse.GetValue(perRound), parse.GetValue(rounds));
            Console.WriteLine(ResultPrefix + JsonSerializer.Serialize(measured));
            return 0;
        });
        return command;
    }
}
