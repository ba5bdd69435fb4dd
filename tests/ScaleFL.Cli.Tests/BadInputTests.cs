namespace ScaleFL.Cli.Tests;

[Collection(ConsoleCollection.Name)]
public sealed class BadInputTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("scalefl-cli-").FullName;

    [Theory]
    [InlineData("--model", "resnet50", "model: 'resnet50'")]
    [InlineData("--dataset", "imagenet", "dataset: 'imagenet'")]
    [InlineData("--method", "fedprox", "method: 'fedprox'")]
    [InlineData("--rounds", "0", "rounds: '0'")]
    [InlineData("--budgets", "lots", "budgets: 'lots'")]
    [InlineData("--partition", "dirichlet:-1", "partition:")]
    public void Invalid_value_exits_with_2_and_one_line_naming_the_field(string flag, string value, string expected)
    {
        var (exit, _, error) = CliRun.Invoke("simulate", flag, value, "--quiet");

        Assert.Equal(2, exit);
        Assert.StartsWith($"scalefl: {expected}", error, StringComparison.Ordinal);
        Assert.Single(error.Trim().Split('\n'));
    }

    [Theory]
    [InlineData("--rounds", "99999999999", "as a whole number from -2147483648 to 2147483647")]
    [InlineData("--lr", "fast", "as a number")]
    public void A_value_the_parser_cannot_convert_is_named_by_the_kind_of_value_not_the_NET_type(string flag, string value, string expected)
    {
        var (exit, _, error) = CliRun.Invoke("simulate", flag, value, "--quiet");

        Assert.Equal(2, exit);
        Assert.Contains($"Cannot parse argument '{value}' for option '{flag}' {expected}", error, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_value_of_the_wrong_type_is_a_usage_error()
    {
        var (exit, _, error) = CliRun.Invoke("simulate", "--rounds", "many");

        Assert.Equal(2, exit);
        Assert.Contains("many", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_data_path_exits_with_2_and_names_where_it_looked()
    {
        var missing = Path.Combine(directory, "nowhere");

        var (exit, _, error) = CliRun.Invoke("simulate", "--data", missing, "--quiet");

        Assert.Equal(2, exit);
        Assert.Contains(missing, error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Malformed_experiment_file_exits_with_2_and_names_the_file()
    {
        var path = Path.Combine(directory, "bad.json");
        File.WriteAllText(path, "{ \"rounds\": \"ten\" }");

        var (exit, _, error) = CliRun.Invoke("simulate", "--experiment", path, "--quiet");

        Assert.Equal(2, exit);
        Assert.Contains("bad.json", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Flags_override_the_experiment_file()
    {
        var path = Path.Combine(directory, "exp.json");
        File.WriteAllText(path, "{ \"model\": \"resnet50\" }");

        var (exit, _, error) = CliRun.Invoke("simulate", "--experiment", path, "--model", "no-such-model", "--quiet");

        Assert.Equal(2, exit);
        Assert.Contains("no-such-model", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_server_names_the_simulation_only_fields_of_its_experiment_file_it_ignores()
    {
        var path = Path.Combine(directory, "shared.json");
        File.WriteAllText(path, "{ \"StragglerShare\": 0.2, \"budgets\": \"uniform:10-20\", \"rounds\": 3 }");

        // The method list ends the server before it waits for devices; the warning comes first.
        var (exit, _, error) = CliRun.Invoke("server", "--experiment", path, "--method", "sbt,fedavg-all", "--dataset", "synthetic", "--quiet");

        Assert.Equal(2, exit);
        var warning = error.Split('\n')[0];
        Assert.StartsWith("scalefl: warning: ", warning, StringComparison.Ordinal);
        Assert.Contains("shared.json", warning, StringComparison.Ordinal);
        Assert.Contains("StragglerShare, budgets (its devices declare their own memory and speed)", warning, StringComparison.Ordinal);
        Assert.DoesNotContain("rounds", warning, StringComparison.Ordinal);
    }

    [Fact]
    public void A_server_gives_each_ignored_simulation_field_its_own_reason()
    {
        var path = Path.Combine(directory, "shared.json");
        File.WriteAllText(path, "{ \"engine\": \"inline\", \"dropout\": 0.1, \"deadlineSeconds\": 60 }");

        var (exit, _, error) = CliRun.Invoke("server", "--experiment", path, "--method", "sbt,fedavg-all", "--dataset", "synthetic", "--quiet");

        Assert.Equal(2, exit);
        var warning = error.Split('\n')[0];
        Assert.Contains("engine (a server always runs the actors, its devices in their own processes)", warning, StringComparison.Ordinal);
        Assert.Contains("dropout (devices drop out for real; inject dropouts with a fault plan, faultsFile)", warning, StringComparison.Ordinal);
        Assert.Contains("deadlineSeconds (a server's round deadline is wall-clock: --round-deadline)", warning, StringComparison.Ordinal);
        Assert.DoesNotContain("memory and speed", warning, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_flag_spelling_used_as_an_experiment_file_field_suggests_its_field()
    {
        foreach (var flag in new Commands.ExperimentFlags(simulated: true).Flags())
        {
            var field = System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(flag.Field);
            var spelling = flag.Option.Name.TrimStart('-');
            if (!spelling.Replace("-", string.Empty, StringComparison.Ordinal).Equals(field, StringComparison.OrdinalIgnoreCase))
            {
                Assert.True(Core.Experiments.ExperimentFile.Suggest(spelling) == field, $"'{spelling}' suggests '{Core.Experiments.ExperimentFile.Suggest(spelling)}', not '{field}'");
            }
        }
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);
}
