using ScaleFL.Core.Experiments;
using ScaleFL.Core.Faults;

namespace ScaleFL.Core.Tests.Faults;

public sealed class FaultPlanFileTests
{
    private static readonly int[] AroundRounds3To4 = [2, 3, 4, 5];

    [Fact]
    public void Example_plan_loads_one_entry_of_every_kind()
    {
        var path = Path.Combine(RepoRoot(), "docs", "faults-example.json");

        var plan = FaultPlanFile.Load(path, clientCount: 100);

        Assert.Equal(Enum.GetValues<FaultKind>().Order(), plan.Faults.Select(fault => fault.Kind).Distinct().Order());
        var crash = plan.Faults[1];
        Assert.Equal((FaultKind.Crash, 4, 7, 2), (crash.Kind, crash.Client, crash.Round, crash.AfterSteps));
        Assert.Equal(0.2, plan.Faults[2].Seconds);
        Assert.Equal(10, plan.Faults[2].LastRound);
    }

    [Fact]
    public void Written_plan_reads_back_as_the_same_plan()
    {
        var plan = FaultPlanFile.Load(Path.Combine(RepoRoot(), "docs", "faults-example.json"), clientCount: 100);

        var again = FaultPlanFile.Parse(FaultPlanFile.ToJson(plan), "written");

        Assert.Equal(plan.Faults, again.Faults);
    }

    [Theory]
    [InlineData("""{"faults":[{"kind":"explode","client":1,"round":1}]}""", "faults[0].kind is 'explode'; allowed: crash, delay, drop")]
    [InlineData("""{"faults":[{"kind":"drop","client":1,"round":1,"fraction":0.5},{"kind":"crash","client":9,"round":1}]}""", "faults[1].client is 9; allowed: 0 to 7")]
    [InlineData("""{"faults":[{"kind":"drop","client":1,"round":1}]}""", "faults[0].fraction is 0; allowed: greater than 0")]
    [InlineData("""{"faults":[{"kind":"delay","client":1,"seconds":1}]}""", "faults[0].round is missing")]
    [InlineData("""{"faults":[{"kind":"partition","client":1,"round":4,"lastRound":2}]}""", "faults[0].lastRound is 2")]
    [InlineData("""{"faults":[{"kind":"crash","client":1,"round":1,"afterStep":2}]}""", "is malformed")]
    [InlineData("""{"fault":[]}""", "is malformed")]
    [InlineData("""{}""", "has no 'faults' array")]
    public void Invalid_plan_is_refused_with_the_field_named(string json, string expected)
    {
        var error = Assert.Throws<ExperimentException>(() => FaultPlanFile.Parse(json, "plan.json").Validate(clientCount: 8));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_plan_file_is_named()
    {
        var error = Assert.Throws<ExperimentException>(() => FaultPlanFile.Load("no-such-plan.json", 8));

        Assert.Equal("Fault plan 'no-such-plan.json' does not exist.", error.Message);
    }

    [Fact]
    public void Drop_draws_repeat_and_lose_about_the_fraction()
    {
        var drop = new FaultEntry { Kind = FaultKind.Drop, Client = 2, Round = 1, Fraction = 0.25 };

        var lost = Enumerable.Range(1, 2000).Count(round => FaultPlan.Loses(drop, 42, 2, round, 0, outbound: true));
        var again = Enumerable.Range(1, 2000).Count(round => FaultPlan.Loses(drop, 42, 2, round, 0, outbound: true));

        Assert.Equal(lost, again);
        Assert.InRange(lost, 440, 560);
    }

    [Fact]
    public void Entry_covers_its_rounds_inclusive_and_open_ended_without_a_last_round()
    {
        var bounded = new FaultEntry { Kind = FaultKind.Partition, Client = 0, Round = 3, LastRound = 4 };
        var open = bounded with { LastRound = null };

        Assert.Equal([false, true, true, false], AroundRounds3To4.Select(bounded.Covers));
        Assert.True(open.Covers(10_000));
    }

    private static string RepoRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "ScaleFL.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("ScaleFL.sln not found above the test folder.");
    }
}
