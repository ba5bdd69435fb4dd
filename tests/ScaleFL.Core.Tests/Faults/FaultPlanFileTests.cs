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

        var plan = FaultPlanFile.Load(path, clientCount: 100, roundCount: 100);

        Assert.Equal(Enum.GetValues<FaultKind>().Order(), plan.Faults.Select(fault => fault.Kind).Distinct().Order());
        var crash = plan.Faults[1];
        Assert.Equal((FaultKind.Crash, 4, 7, 2), (crash.Kind, crash.Client, crash.Round, crash.AfterSteps));
        Assert.Equal(0.2, plan.Faults[2].Seconds);
        Assert.Equal(10, plan.Faults[2].LastRound);
    }

    [Fact]
    public void Written_plan_reads_back_as_the_same_plan()
    {
        var plan = FaultPlanFile.Load(Path.Combine(RepoRoot(), "docs", "faults-example.json"), clientCount: 100, roundCount: 100);

        var again = FaultPlanFile.Parse(FaultPlanFile.ToJson(plan), "written");

        Assert.Equal(plan.Faults, again.Faults);
    }

    [Theory]
    [InlineData("""{"faults":[{"kind":"explode","client":1,"round":1}]}""", "faults[0].kind is 'explode'; allowed: crash, delay, drop")]
    [InlineData("""{"faults":[{"kind":"drop","client":1,"round":1,"fraction":0.5},{"kind":"crash","client":9,"round":1}]}""", "faults[1].client is 9; allowed: 0 to 7")]
    [InlineData("""{"faults":[{"kind":"drop","client":1,"round":1}]}""", "faults[0].fraction is 0; allowed: greater than 0")]
    [InlineData("""{"faults":[{"kind":"delay","client":1,"seconds":1}]}""", "faults[0].round is missing")]
    [InlineData("""{"faults":[{"kind":"partition","client":1,"round":4,"lastRound":2}]}""", "faults[0].lastRound is 2")]
    [InlineData("""{"faults":[{"kind":"crash","client":1,"round":1,"afterStep":2}]}""", "faults[0] has an unknown field 'afterStep'; did you mean 'afterSteps'?")]
    [InlineData("""{"fault":[]}""", "has an unknown field 'fault'; did you mean 'faults'?")]
    [InlineData("""{}""", "has no 'faults' array")]
    [InlineData("""{"faults":[{"kind":"crash","client":1,"round":11}]}""", "faults[0].round is 11; allowed: 1 to 10 (the run has 10 rounds)")]
    public void Invalid_plan_is_refused_with_the_field_named(string json, string expected)
    {
        var error = Assert.Throws<ExperimentException>(() => FaultPlanFile.Parse(json, "plan.json").Validate(clientCount: 8, roundCount: 10));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"faults":[null]}""", "Fault plan 'plan.json' faults[0] is null; allowed: an object such as {\"kind\": \"crash\", \"client\": 0, \"round\": 1}.")]
    [InlineData("""{"faults":[{"kind":"crash","client":1,"round":1}, 7]}""", "Fault plan 'plan.json' faults[1] is 7; allowed: an object such as {\"kind\": \"crash\", \"client\": 0, \"round\": 1}.")]
    [InlineData("""{"faults":null}""", "Fault plan 'plan.json' faults is null; allowed: an array of entries such as {\"kind\": \"crash\", \"client\": 0, \"round\": 1}.")]
    [InlineData("""{"faults":{"kind":"crash"}}""", "Fault plan 'plan.json' faults is an object; allowed: an array of entries such as {\"kind\": \"crash\", \"client\": 0, \"round\": 1}.")]
    [InlineData("""[{"kind":"crash","client":1,"round":1}]""", "Fault plan 'plan.json' is an array; allowed: an object {\"faults\": [...]}.")]
    [InlineData("""null""", "Fault plan 'plan.json' is null; allowed: an object {\"faults\": [...]}.")]
    [InlineData("""{"faults":[{"kind":null,"client":1,"round":1}]}""", "Fault plan 'plan.json' faults[0].kind is null; allowed: crash, delay, drop, duplicate, partition, straggler, shrink-budget.")]
    [InlineData("""{"faults":[{"kind":3,"client":1,"round":1}]}""", "Fault plan 'plan.json' faults[0].kind is 3 (a number); allowed: crash, delay, drop, duplicate, partition, straggler, shrink-budget.")]
    [InlineData("""{"faults":[{"kind":"crash","client":null,"round":1}]}""", "Fault plan 'plan.json' faults[0].client is null; allowed: a whole number.")]
    [InlineData("""{"faults":[{"kind":"crash","client":"3","round":1}]}""", "Fault plan 'plan.json' faults[0].client is \"3\" (a string); allowed: a whole number.")]
    [InlineData("""{"faults":[{"kind":"crash","client":1.5,"round":1}]}""", "Fault plan 'plan.json' faults[0].client is 1.5; allowed: a whole number.")]
    [InlineData("""{"faults":[{"kind":"crash","client":1,"round":1e12}]}""", "Fault plan 'plan.json' faults[0].round is 1e12; allowed: a whole number.")]
    [InlineData("""{"faults":[{"kind":"delay","client":1,"round":1,"seconds":"2"}]}""", "Fault plan 'plan.json' faults[0].seconds is \"2\" (a string); allowed: a number.")]
    [InlineData("""{"faults":[{"kind":"delay","client":1,"round":1,"seconds":[2]}]}""", "Fault plan 'plan.json' faults[0].seconds is an array; allowed: a number.")]
    [InlineData("""{"faults":[{"kind":"drop","client":1,"round":1,"fraction":null}]}""", "Fault plan 'plan.json' faults[0].fraction is null; allowed: a number.")]
    [InlineData("""{"faults":[{"kind":"partition","client":1,"round":1,"lastRound":true}]}""", "Fault plan 'plan.json' faults[0].lastRound is true; allowed: a whole number, or null for the end of the run.")]
    [InlineData("""{"faults":[{"kind":"crash","client":1,"round":1,"round":2}]}""", "Fault plan 'plan.json' faults[0].round is given twice; give each field once.")]
    [InlineData("""{"faults":[{"kind":"crash","client":1,"Client":2,"round":1}]}""", "Fault plan 'plan.json' faults[0].Client is given twice; give each field once.")]
    [InlineData("""{"faults":[],"faults":[{"kind":"crash","client":1,"round":1}]}""", "Fault plan 'plan.json' gives 'faults' twice; give each field once.")]
    [InlineData("""{"faults":[{"kind":"crash","client":1,"round":1,"seconds":2}]}""", "Fault plan 'plan.json' faults[0].seconds does not apply to kind 'crash'; its parameter is afterSteps.")]
    [InlineData("""{"faults":[{"kind":"crash","client":1,"round":1,"lastRound":3}]}""", "Fault plan 'plan.json' faults[0].lastRound does not apply to kind 'crash'; a crash fires once, on the client's first task from its round on.")]
    [InlineData("""{"faults":[{"kind":"duplicate","client":1,"round":1,"fraction":0.5}]}""", "Fault plan 'plan.json' faults[0].fraction does not apply to kind 'duplicate'; it takes no parameter.")]
    [InlineData("""{"faults":[{"kind":"straggler","client":1,"round":1,"speedFactor":0.5,"budgetScale":0.5}]}""", "Fault plan 'plan.json' faults[0].budgetScale does not apply to kind 'straggler'; its parameter is speedFactor.")]
    [InlineData("""{"faults":[{"kind":"partition","client":1,"round":1,"afterSteps":0}]}""", "Fault plan 'plan.json' faults[0].afterSteps does not apply to kind 'partition'; it takes no parameter.")]
    public void Malformed_plan_is_one_line_naming_the_plan_field_and_what_would_work(string json, string expected)
    {
        var error = Assert.Throws<ExperimentException>(() => FaultPlanFile.Parse(json, "plan.json").Validate(clientCount: 8, roundCount: 10));

        Assert.Equal(expected, error.Message);
        Assert.DoesNotContain("Dto", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_parameter_of_another_kind_set_in_code_is_refused_too()
    {
        var plan = new FaultPlan([new FaultEntry { Kind = FaultKind.Crash, Client = 0, Round = 1, Fraction = 0.5 }]);

        var error = Assert.Throws<ExperimentException>(() => plan.Validate(clientCount: 2, roundCount: 3));

        Assert.Equal("Fault plan faults[0].fraction does not apply to kind 'crash'; its parameter is afterSteps.", error.Message);
    }

    [Fact]
    public void Open_or_long_last_round_and_field_names_in_any_case_are_accepted()
    {
        var json = """{"Faults":[{"Kind":"partition","CLIENT":1,"round":2,"lastRound":null},{"kind":"drop","client":2,"round":3,"lastRound":99,"fraction":0.5}]}""";

        var plan = FaultPlanFile.Parse(json, "plan.json").Validate(clientCount: 4, roundCount: 10);

        Assert.Equal((FaultKind.Partition, 1, 2, (int?)null), (plan.Faults[0].Kind, plan.Faults[0].Client, plan.Faults[0].Round, plan.Faults[0].LastRound));
        Assert.Equal((99, 0.5), (plan.Faults[1].LastRound!.Value, plan.Faults[1].Fraction));
    }

    [Fact]
    public void An_entry_refused_by_validation_names_the_plan_file()
    {
        using var folder = new TemporaryFolder();
        var path = folder.Write("plan.json", """{"faults":[{"kind":"duplicate","client":1,"round":1},{"kind":"crash","client":9,"round":1}]}""");

        var error = Assert.Throws<ExperimentException>(() => FaultPlanFile.Load(path, clientCount: 8, roundCount: 10));

        Assert.Equal($"Fault plan '{path}' faults[1].client is 9; allowed: 0 to 7 (the run has 8 clients).", error.Message);
    }

    [Fact]
    public void A_plan_that_is_a_directory_or_a_device_is_refused_in_one_line()
    {
        using var folder = new TemporaryFolder();

        Assert.Equal($"Fault plan '{folder.Path}' is a directory; allowed: a file.", Assert.Throws<ExperimentException>(() => FaultPlanFile.Load(folder.Path, 8, 10)).Message);
        Assert.Equal("Fault plan '/dev/zero' is not a regular file (a device or pipe); allowed: a file.", Assert.Throws<ExperimentException>(() => FaultPlanFile.Load("/dev/zero", 8, 10)).Message);
        Assert.Equal("Fault plan '/dev/urandom' is not a regular file (a device or pipe); allowed: a file.", Assert.Throws<ExperimentException>(() => FaultPlanFile.Digest("/dev/urandom")).Message);
    }

    [Fact]
    public void The_digest_is_of_the_plan_not_of_its_bytes_or_path()
    {
        using var folder = new TemporaryFolder();
        var plan = folder.Write("plan.json", """{"faults":[{"kind":"delay","client":1,"round":2,"seconds":0.5}]}""");
        var sameElsewhere = folder.Write("copy/other-name.json", """
            // the same plan, written otherwise
            { "Faults": [ { "round": 2, "client": 1, "kind": "delay", "seconds": 0.50 }, ] }
            """);
        var edited = folder.Write("edited.json", """{"faults":[{"kind":"delay","client":1,"round":2,"seconds":0.6}]}""");

        Assert.Equal(FaultPlanFile.Digest(plan), FaultPlanFile.Digest(sameElsewhere));
        Assert.NotEqual(FaultPlanFile.Digest(plan), FaultPlanFile.Digest(edited));
        Assert.Matches("^[0-9a-f]{16}$", FaultPlanFile.Digest(plan));
    }

    private sealed class TemporaryFolder : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("scalefl-plan-").FullName;

        public string Write(string name, string text)
        {
            var path = System.IO.Path.Combine(Path, name);
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
            File.WriteAllText(path, text);
            return path;
        }

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }

    [Fact]
    public void Missing_plan_file_is_named()
    {
        var error = Assert.Throws<ExperimentException>(() => FaultPlanFile.Load("no-such-plan.json", 8, 10));

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
