using ScaleFL.Core.Experiments;

namespace ScaleFL.Cli.Commands;

/// <summary>
/// The flags only a simulation honours: the engine, and the devices it invents (their memory
/// budgets, stragglers, dropouts) and the simulated-time deadline. A deployed server has
/// real devices, which declare their own memory and speed, so <c>scalefl server</c> lacks these.
/// </summary>
internal static class SimulationFlags
{
    /// <summary>New instances of the flags, for one command.</summary>
    public static ExperimentFlag[] Create() =>
    [
        ExperimentFlag.Of<string?>("--budgets", nameof(ExperimentOptions.Budgets), "relative:LO-HI x full-model footprint (default relative:0.12-1.07), uniform:LO-HI MB, or tiers:NAME=MB@SHARE,..."),
        ExperimentFlag.Of<string?>("--engine", nameof(ExperimentOptions.Engine), "actors (default: client, server, mentor and harmonizer actors) or inline (plain in-process driver)."),
        ExperimentFlag.Of<double?>("--deadline", nameof(ExperimentOptions.DeadlineSeconds), "Round deadline in simulated seconds; later updates are discarded as late (default 3600)."),
        ExperimentFlag.Of<double?>("--stragglers", nameof(ExperimentOptions.StragglerShare), "Share of clients that are stragglers, 0..1 (default 0)."),
        ExperimentFlag.Of<double?>("--straggler-slowdown", nameof(ExperimentOptions.StragglerSlowdown), "How many times slower a straggler is (default 4)."),
        ExperimentFlag.Of<double?>("--dropout", nameof(ExperimentOptions.Dropout), "Chance that a selected client drops out of a round, 0..1 (default 0)."),
    ];
}
