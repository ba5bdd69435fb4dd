using ScaleFL.Core.Experiments;

namespace ScaleFL.Core.Tests.Experiments;

public sealed class ExperimentFileTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("scalefl-exp-").FullName;

    private string Write(string json)
    {
        var path = Path.Combine(directory, "experiment.json");
        File.WriteAllText(path, json);
        return path;
    }

    [Fact]
    public void Fields_in_the_file_override_defaults_and_the_rest_keep_them()
    {
        var options = ExperimentFile.Load(Write("""{ "method": "sbt", "perRound": 5, "lambda1": [0.4, 0.1] }"""));

        Assert.Equal("sbt", options.Method);
        Assert.Equal(5, options.PerRound);
        Assert.Equal([0.4, 0.1], options.Lambda1!);
        Assert.Equal(new ExperimentOptions().Rounds, options.Rounds);
    }

    [Theory]
    [InlineData("plan.json", "plan.json")]
    [InlineData("faults/plan.json", "faults/plan.json")]
    [InlineData("../plan.json", "../plan.json")]
    public void A_relative_faults_file_is_found_beside_the_experiment_file_not_in_the_working_directory(string given, string besideFile)
    {
        var options = ExperimentFile.Load(Write($$"""{ "faultsFile": "{{given}}" }"""));

        Assert.Equal(Path.GetFullPath(Path.Combine(directory, besideFile)), options.FaultsFile);
    }

    [Theory]
    [InlineData("dataPath")]
    [InlineData("outputDirectory")]
    [InlineData("initWeights")]
    public void Every_relative_path_of_an_experiment_file_is_read_from_its_folder_as_faults_file_is(string field)
    {
        var options = ExperimentFile.Load(Write($$"""{ "{{field}}": "beside/it" }"""));

        var value = (string?)typeof(ExperimentOptions).GetProperty(char.ToUpperInvariant(field[0]) + field[1..])!.GetValue(options);
        Assert.Equal(Path.GetFullPath(Path.Combine(directory, "beside", "it")), value);
    }

    [Fact]
    public void An_absolute_path_of_an_experiment_file_stays_as_it_is()
    {
        var absolute = Path.Combine(Path.GetTempPath(), "scalefl-elsewhere");

        var options = ExperimentFile.Load(Write($$"""{ "outputDirectory": "{{absolute}}" }"""));

        Assert.Equal(absolute, options.OutputDirectory);
    }

    [Theory]
    [InlineData("lr", "learningRate")]
    [InlineData("out", "outputDirectory")]
    [InlineData("epochs", "localEpochs")]
    [InlineData("stragglers", "stragglerShare")]
    public void A_short_name_users_type_gets_its_field_suggested(string given, string field)
    {
        var error = Assert.Throws<ExperimentException>(() => ExperimentFile.Load(Write($$"""{ "{{given}}": 1 }""")));

        Assert.EndsWith($"unknown field '{given}'; did you mean '{field}'?", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_absolute_faults_file_stays_as_given()
    {
        var plan = Path.Combine(Path.GetTempPath(), "elsewhere", "plan.json");

        Assert.Equal(plan, ExperimentFile.Load(Write($$"""{ "FaultsFile": "{{plan}}" }""")).FaultsFile);
    }

    [Fact]
    public void Mentor_bandwidth_and_stand_ins_are_file_fields()
    {
        var options = ExperimentFile.Load(Write("""{ "hsicBandwidth": "median", "standIns": "he-relu", "outputLrScale": 2 }"""));

        Assert.Equal(("median", "he-relu", 2.0), (options.HsicBandwidth, options.StandIns, options.OutputLrScale));
    }

    [Theory]
    [InlineData("device")]
    [InlineData("computeDevice")]
    [InlineData("Device")]
    public void The_device_is_not_an_experiment_field_and_the_error_points_to_the_flag(string field)
    {
        var error = Assert.Throws<ExperimentException>(() => ExperimentFile.Load(Write($$"""{ "{{field}}": "cuda" }""")));

        Assert.EndsWith($"'{field}' is not an experiment field; choose where each process trains with --device cpu|cuda[:N].", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_field_is_an_error_naming_it()
    {
        var error = Assert.Throws<ExperimentException>(() => ExperimentFile.Load(Write("""{ "rouns": 3 }""")));

        Assert.Contains("rouns", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_field_close_to_a_known_one_suggests_it()
    {
        var error = Assert.Throws<ExperimentException>(() => ExperimentFile.Load(Write("""{ "perRond": 3 }""")));

        Assert.EndsWith("unknown field 'perRond'; did you mean 'perRound'?", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_field_far_from_every_known_one_lists_the_fields()
    {
        var error = Assert.Throws<ExperimentException>(() => ExperimentFile.Load(Write("""{ "banana": 3 }""")));

        Assert.Contains("unknown field 'banana'; the fields are ", error.Message, StringComparison.Ordinal);
        Assert.Contains("perRound", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{ "seed": 1, "seed": 2 }""", "seed")]
    [InlineData("""{ "rounds": 2, "Rounds": 5 }""", "Rounds")]
    public void A_field_given_twice_is_an_error_naming_it(string json, string field)
    {
        var error = Assert.Throws<ExperimentException>(() => ExperimentFile.Load(Write(json)));

        Assert.EndsWith($"field '{field}' appears twice (names are matched ignoring case); keep one.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Malformed_json_is_an_error_naming_the_file_and_line()
    {
        var path = Write("{\n  \"rounds\": ,\n}");

        var error = Assert.Throws<ExperimentException>(() => ExperimentFile.Load(path));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("line 2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_file_is_named()
    {
        var error = Assert.Throws<ExperimentException>(() => ExperimentFile.Load(Path.Combine(directory, "absent.json")));

        Assert.Contains("absent.json", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_written_as_json_load_back_equal()
    {
        var original = new ExperimentOptions { Method = "fedavg-all", Seed = 7, Lambda2 = [0.1, 0.2] };

        var loaded = ExperimentFile.Load(Write(ExperimentFile.ToJson(original)));

        Assert.Equal(original.Method, loaded.Method);
        Assert.Equal(original.Seed, loaded.Seed);
        Assert.Equal(original.Lambda2, loaded.Lambda2!);
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);
}
