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
    // Each kind on its own client, so the count of each does not hang on how another's round ends.
    // Rounds 1 and 2 close as soon as every client answered; round 3 loses every answer silently
    // (a crash, a drop, a partition), as on a real cluster, so it waits out the deadline once.
    private static readonly FaultPlan Plan = new(
    [
        new FaultEntry { Kind = FaultKind.Delay, Client = 2, Round = 1, LastRound = 1, Seconds = 0.3 },
        new FaultEntry { Kind = FaultKind.Duplicate, Client = 1, Round = 1, LastRound = 2 },
        new FaultEntry { Kind = FaultKind.ShrinkBudget, Client = 0, Round = 2, LastRound = 2, BudgetScale = 0 },
        new FaultEntry { Kind = FaultKind.Straggler, Client = 2, Round = 2, LastRound = 2, SpeedFactor = 0.8 },
        new FaultEntry { Kind = FaultKind.Crash, Client = 0, Round = 3, AfterSteps = 1 },
        new FaultEntry { Kind = FaultKind.Drop, Client = 1, Round = 3, Fraction = 1 },
        new FaultEntry { Kind = FaultKind.Partition, Client = 2, Round = 3 },
    ]);

    [Fact]
    public async Task Plan_over_three_client_processes_injects_what_simulate_injects_and_the_run_finishes()
    {
        var clock = Stopwatch.StartNew();
        // Long enough for every update of rounds 1 and 2 on a loaded machine: a late one would be cancelled and miss its faults.
        await using var cluster = LoopbackCluster.Start(new LoopbackClusterOptions { Faults = Plan, RoundDeadline = TimeSpan.FromSeconds(12) });
        var planFile = Path.Combine(cluster.Directory, "simulated-plan.json");
        File.WriteAllText(planFile, FaultPlanFile.ToJson(Plan));
        var simulationOut = Path.Combine(cluster.Directory, "simulation");
        using var simulation = ScaleflProcess.Start(
            ScaleflProcess.FindCli(),
            ["simulate", .. LoopbackClusterOptions.TinyExperiment, "--clients", "3", "--budgets", "uniform:4096-4096", "--faults", planFile, "--name", "simulated", "--out", simulationOut, "--quiet"]);

        await cluster.WaitForRoundsAsync(1, TimeSpan.FromSeconds(120));
        output.WriteLine($"round 1 after {clock.Elapsed.TotalSeconds:F1} s");
        var run = await cluster.WaitForEndAsync(TimeSpan.FromSeconds(150));
        output.WriteLine($"cluster run ended after {clock.Elapsed.TotalSeconds:F1} s");
        Assert.True(await simulation.WaitForExitAsync(TimeSpan.FromSeconds(60)) == 0, simulation.Log);
        var simulated = RunFolder.ReadFaults(Path.Combine(simulationOut, "simulated", "sbt"));

        Assert.True(run.Finished, cluster.Logs);
        Assert.Contains(cluster.Server.Lines, line => line.Contains("Final accuracy", StringComparison.Ordinal));
        Assert.Equal([1, 2, 3], run.Rounds.Select(round => round.Round));
        Assert.Equal(
            new Dictionary<string, int> { ["crash"] = 1, ["delay"] = 3, ["drop"] = 1, ["duplicate"] = 2, ["partition"] = 1, ["straggler"] = 1, ["shrink-budget"] = 1 },
            run.Faults.CountsByKind);
        Assert.Equal(simulated.CountsByKind, run.Faults.CountsByKind);
        // Round 2: client 0 declines (its budget shrank); round 3: 0 crashes, 1's task is dropped and 2 is cut off.
        Assert.Equal((3, 2), (run.Rounds[1].Selected, run.Rounds[1].Completed));
        Assert.Equal((3, 0), (run.Rounds[2].Selected, run.Rounds[2].Completed));
        Assert.Contains("\"faults\"", File.ReadAllText(Path.Combine(cluster.RunFolder!, "summary.json")), StringComparison.Ordinal);
    }
}
