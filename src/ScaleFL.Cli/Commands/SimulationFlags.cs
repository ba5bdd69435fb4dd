using System.CommandLine;
using ScaleFL.Core.Experiments;

namespace ScaleFL.Cli.Commands;

/// <summary>
/// The flags only a simulation honours: the engine, and the devices it invents (their memory
/// budgets, stragglers, dropouts, faults) and the simulated-time deadline. A deployed server has
/// real devices, which declare their own memory and speed, so <c>scalefl server</c> lacks these.
/// </summary>
internal sealed class SimulationFlags
{
    private readonly Option<string?> budgets = new("--budgets") { Description = "relative:LO-HI x full-model footprint (default relative:0.12-1.07), uniform:LO-HI MB, or tiers:NAME=MB@SHARE,..." };
    private readonly Option<string?> engine = new("--engine") { Description = "actors (default: client, server, mentor and harmonizer actors) or inline (plain in-process driver)." };
    private readonly Option<double?> deadline = new("--deadline") { Description = "Round deadline in simulated seconds; later updates are discarded as late (default 3600)." };
    private readonly Option<double?> stragglers = new("--stragglers") { Description = "Share of clients that are stragglers, 0..1 (default 0)." };
    private readonly Option<double?> slowdown = new("--straggler-slowdown") { Description = "How many times slower a straggler is (default 4)." };
    private readonly Option<double?> dropout = new("--dropout") { Description = "Chance that a selected client drops out of a round, 0..1 (default 0)." };
    private readonly Option<string?> faults = new("--faults") { Description = "Fault plan (JSON, see docs/faults.md) injected into the actor simulation." };

    /// <summary>Adds every flag to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { budgets, engine, deadline, stragglers, slowdown, dropout, faults })
        {
            command.Options.Add(option);
        }
    }

    /// <summary><paramref name="options"/> with every given flag applied.</summary>
    public ExperimentOptions Apply(ParseResult parse, ExperimentOptions options) => options with
    {
        Budgets = parse.GetValue(budgets) ?? options.Budgets,
        Engine = parse.GetValue(engine) ?? options.Engine,
        DeadlineSeconds = parse.GetValue(deadline) ?? options.DeadlineSeconds,
        StragglerShare = parse.GetValue(stragglers) ?? options.StragglerShare,
        StragglerSlowdown = parse.GetValue(slowdown) ?? options.StragglerSlowdown,
        Dropout = parse.GetValue(dropout) ?? options.Dropout,
        FaultsFile = parse.GetValue(faults) ?? options.FaultsFile,
    };
}
