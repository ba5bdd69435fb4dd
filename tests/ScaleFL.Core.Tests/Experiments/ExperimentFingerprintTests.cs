using ScaleFL.Core.Experiments;

namespace ScaleFL.Core.Tests.Experiments;

public sealed class ExperimentFingerprintTests
{
    private static readonly ExperimentOptions Run = new() { Dataset = "synthetic", Clients = 4, Seed = 7 };

    [Fact]
    public void Rounds_of_a_cyclic_run_output_folder_name_and_verbosity_leave_the_experiment_unchanged()
    {
        var cyclic = Run with { Schedule = "cyclic" };
        var changed = cyclic with { Rounds = 400, OutputDirectory = "elsewhere", Name = "renamed", Quiet = true, Resume = true };

        Assert.Equal(ExperimentFingerprint.Of(cyclic, "sbt"), ExperimentFingerprint.Of(changed, "sbt"));
        Assert.Empty(ExperimentFingerprint.Of(cyclic, "sbt").Differences(ExperimentFingerprint.Of(changed, "sbt")));
    }

    [Fact]
    public void The_compute_device_is_not_part_of_the_experiment()
    {
        var onGpu = Run with { ComputeDevice = Core.Training.ComputeDevice.Parse("cuda:1") };

        Assert.Equal(ExperimentFingerprint.Of(Run, "sbt"), ExperimentFingerprint.Of(onGpu, "sbt"));
        Assert.DoesNotContain("device", ExperimentFingerprint.Of(Run, "sbt").Text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void A_fault_plan_counts_by_its_contents_not_its_path()
    {
        var folder = Directory.CreateTempSubdirectory("scalefl-fingerprint-").FullName;
        try
        {
            var plan = Path.Combine(folder, "plan.json");
            var moved = Path.Combine(folder, "moved.json");
            File.WriteAllText(plan, """{"faults":[{"kind":"duplicate","client":1,"round":1}]}""");
            File.Copy(plan, moved);
            var before = ExperimentFingerprint.Of(Run with { Engine = "actors", FaultsFile = plan }, "sbt");

            File.WriteAllText(plan, """{"faults":[{"kind":"duplicate","client":2,"round":1}]}""");
            var edited = ExperimentFingerprint.Of(Run with { Engine = "actors", FaultsFile = plan }, "sbt");

            Assert.Equal(before, ExperimentFingerprint.Of(Run with { Engine = "actors", FaultsFile = moved }, "sbt"));
            var change = Assert.Single(before.Differences(edited));
            Assert.StartsWith("faultsFile: plan ", change, StringComparison.Ordinal);
            Assert.NotEqual(before, ExperimentFingerprint.Of(Run with { Engine = "actors" }, "sbt"));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Rounds_of_a_sequential_run_alter_the_experiment_because_they_set_the_block_boundaries()
    {
        var differences = ExperimentFingerprint.Of(Run, "sbt").Differences(ExperimentFingerprint.Of(Run with { Rounds = 60 }, "sbt"));

        Assert.Equal([$"rounds: {Run.Rounds} -> 60"], differences);
    }

    [Fact]
    public void Each_field_that_alters_the_experiment_is_named_with_both_values()
    {
        var changed = Run with { Dataset = "mnist", Clients = 8, Seed = 8, LearningRate = 0.05, Partition = "iid" };

        var differences = ExperimentFingerprint.Of(Run, "sbt").Differences(ExperimentFingerprint.Of(changed, "sbt"));

        Assert.Equal(
            ["clients: 4 -> 8", "dataset: synthetic -> mnist", "learningRate: 0.01 -> 0.05", "partition: dirichlet:0.5 -> iid", "seed: 7 -> 8"],
            differences);
    }

    [Fact]
    public void The_method_run_counts_not_the_list_it_came_from()
    {
        var listed = Run with { Method = "sbt,fedavg-all" };

        Assert.Equal(ExperimentFingerprint.Of(Run with { Method = "sbt" }, "sbt"), ExperimentFingerprint.Of(listed, "sbt"));
        Assert.NotEqual(ExperimentFingerprint.Of(listed, "sbt"), ExperimentFingerprint.Of(listed, "fedavg-all"));
    }

    [Fact]
    public void Every_option_is_either_safe_or_part_of_the_fingerprint()
    {
        var fields = ExperimentFingerprint.Of(Run, "sbt").Fields.Keys;
        var settable = typeof(ExperimentOptions).GetProperties().Where(property => property.CanWrite).Select(property => property.Name);

        Assert.All(settable, name => Assert.True(
            ExperimentFingerprint.SafeFields.Contains(name) || fields.Contains(char.ToLowerInvariant(name[0]) + name[1..]),
            $"{name} is neither safe nor fingerprinted"));
        Assert.Contains("lambda1", fields);
        Assert.DoesNotContain("rounds", ExperimentFingerprint.Of(Run with { Schedule = "cyclic" }, "sbt").Fields.Keys);
    }

    [Fact]
    public void The_text_reads_back_to_the_same_fingerprint()
    {
        var fingerprint = ExperimentFingerprint.Of(Run with { Lambda1 = [0.5, 0.25] }, "scalefl");

        var read = ExperimentFingerprint.Parse(fingerprint.Text);

        Assert.Equal(fingerprint, read);
        Assert.Equal(fingerprint.Fields, read!.Fields);
        Assert.Null(ExperimentFingerprint.Parse(string.Empty));
    }
}
