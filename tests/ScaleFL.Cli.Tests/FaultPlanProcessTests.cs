using System.Diagnostics;
using ScaleFL.Core.Experiments;
using ScaleFL.Core.Faults;
using ScaleFL.Testing;
using Xunit.Abstractions;

namespace ScaleFL.Cli.Tests;

/// <summary>
/// Issue 11 item 3: one fault plan over a server and three client processes on loopback (through
/// the ScaleFL.Testing harness) and over `simulate`: the same faults per kind, every round
/// recorded, and the run finishes.
/// </summary>
public sealed class FaultPlanProcessTests(ITestOutputHelper output)
{
    // Every round asks all three clients (2 per round plus 50 % over-commit) and one of them is hit
    // by a loss a real cluster cannot see (a crash, a drop, a partition) or declines (a shrunk
    // budget): the round closes with the other two updates, never at the deadline. So the deadline
    // can be long enough for a loaded machine, where a late update would be cancelled with its faults.
    private static readonly FaultPlan Plan = new(
    [
        new FaultEntry { Kind = FaultKind.Crash, Client = 0, Round = 1, AfterSteps = 1 },
        new FaultEntry { Kind = FaultKind.Duplicate, Client = 1, Round = 1, LastRound = 1 },
        new FaultEntry { Kind = FaultKind.Delay, Client = 2, Round = 1, LastRound = 1, Seconds = 0.3 },
        new FaultEntry { Kind = FaultKind.Drop, Client = 1, Round = 2, LastRound = 2, Fraction = 1 },
        new FaultEntry { Kind = FaultKind.Straggler, Client = 2, Round = 2, LastRound = 2, SpeedFactor = 0.8 },
        new FaultEntry { Kind = FaultKind.Partition, Client = 2, Round = 3, LastRound = 3 },
        new FaultEntry { Kind = FaultKind.ShrinkBudget, Client = 0, Round = 4, BudgetScale = 0 },
    ]);

    private static readonly string[] Experiment = [.. LoopbackClusterOptions.TinyExperiment, "--over-commit", "0.5"];

    [Fact]
    public async Task Plan_over_three_client_processes_injects_what_simulate_injects_and_the_run_finishes()
    {
        var clock = Stopwatch.StartNew();
        await using var cluster = LoopbackCluster.Start(new LoopbackClusterOptions
        {
            Experiment = Experiment, Rounds = 4, PerRound = 2, Faults = Plan, RoundDeadline = TimeSpan.FromSeconds(120),
        });
        var planFile = Path.Combine(cluster.Directory, "simulated-plan.json");
        File.WriteAllText(planFile, FaultPlanFile.ToJson(Plan));
        var simulationOut = Path.Combine(cluster.Directory, "simulation");
        using var simulation = ScaleflProcess.Start(
            ScaleflProcess.FindCli(),
            ["simulate", .. Experiment, "--clients", "3", "--per-round", "2", "--rounds", "4", "--budgets", "uniform:4096-4096", "--faults", planFile, "--name", "simulated", "--out", simulationOut, "--quiet"]);

        await cluster.WaitForRoundsAsync(1, TimeSpan.FromSeconds(120));
        output.WriteLine($"round 1 after {clock.Elapsed.TotalSeconds:F1} s");
        var run = await cluster.WaitForEndAsync(TimeSpan.FromSeconds(150));
        output.WriteLine($"cluster run ended after {clock.Elapsed.TotalSeconds:F1} s");
        Assert.True(await simulation.WaitForExitAsync(TimeSpan.FromSeconds(60)) == 0, simulation.Log);
        var simulated = RunFolder.ReadFaults(Path.Combine(simulationOut, "simulated", "sbt"));

        Assert.True(run.Finished, cluster.Logs);
        Assert.Contains(cluster.Server.Lines, line => line.Contains("Final accuracy", StringComparison.Ordinal));
        Assert.Equal([1, 2, 3, 4], run.Rounds.Select(round => round.Round));
        Assert.Equal(
            new Dictionary<string, int> { ["crash"] = 1, ["delay"] = 3, ["drop"] = 1, ["duplicate"] = 1, ["partition"] = 1, ["straggler"] = 1, ["shrink-budget"] = 1 },
            run.Faults.CountsByKind);
        Assert.Equal(simulated.CountsByKind, run.Faults.CountsByKind);
        Assert.All(run.Rounds, round => Assert.Equal((3, 2), (round.Selected, round.Completed)));
        Assert.Contains("\"faults\"", File.ReadAllText(Path.Combine(cluster.RunFolder!, "summary.json")), StringComparison.Ordinal);
    }
}
