using ScaleFL.Core.Experiments;

namespace ScaleFL.Core.Tests.Experiments;

public class ExperimentValidatorTests
{
    [Fact]
    public void Defaults_are_valid()
    {
        ExperimentValidator.Validate(new ExperimentOptions());
    }

    [Theory]
    [InlineData(".")]
    [InlineData("..")]
    [InlineData("a/b")]
    public void A_run_name_that_leaves_the_output_folder_is_rejected(string name)
    {
        var error = Assert.Throws<ExperimentException>(() => ExperimentValidator.Validate(new ExperimentOptions { Name = name }));

        Assert.StartsWith($"name: '{name}'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a\nb", "a\\nb")]
    [InlineData("run\t1", "run\\t1")]
    [InlineData("x\u001b[31m", "x\\u001B[31m")]
    [InlineData("\uFFFD\uFFFD", "\uFFFD\uFFFD")]
    public void A_run_name_with_a_control_character_is_rejected_showing_it_escaped(string name, string shown)
    {
        var error = Assert.Throws<ExperimentException>(() => ExperimentValidator.Validate(new ExperimentOptions { Name = name }));

        Assert.Equal($"name: '{shown}' is not allowed; allowed: a folder name without path separators, control characters or bytes that are not UTF-8, not '.' or '..'.", error.Message);
    }

    [Theory]
    [InlineData("dataset", "imagenet")]
    [InlineData("model", "resnet50")]
    [InlineData("method", "fedprox")]
    [InlineData("schedule", "random")]
    public void Unknown_names_are_rejected_with_the_allowed_ones(string field, string value)
    {
        var options = field switch
        {
            "dataset" => new ExperimentOptions { Dataset = value },
            "model" => new ExperimentOptions { Model = value },
            "method" => new ExperimentOptions { Method = $"scalefl,{value}" },
            _ => new ExperimentOptions { Schedule = value },
        };

        var error = Assert.Throws<ExperimentException>(() => ExperimentValidator.Validate(options));

        Assert.StartsWith($"{field}: '{value}'", error.Message, StringComparison.Ordinal);
        Assert.Contains("allowed:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_width_scaled_method_on_a_model_it_cannot_slice_is_one_line_naming_model_and_method()
    {
        var error = Assert.Throws<ExperimentException>(() => ExperimentValidator.Validate(new ExperimentOptions { Method = "scalefl,fedrolex", Model = "vit-tiny" }));

        Assert.StartsWith("model: 'vit-tiny'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'fedrolex'", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Theory]
    [InlineData("heterofl+elastic", "heterofl fits a small device with a smaller sub-model")]
    [InlineData("fedrolex+elastic", "fedrolex fits a small device with a smaller sub-model")]
    [InlineData("depthfl+elastic", "depthfl fits a small device with a smaller sub-model")]
    [InlineData("fedavg-all+elastic", "fedavg-all trains every client whatever its memory")]
    public void Elastic_batches_on_a_method_that_cannot_use_them_are_one_line_naming_the_method(string method, string reason)
    {
        var error = Assert.Throws<ExperimentException>(() => ExperimentValidator.Validate(new ExperimentOptions { Method = $"scalefl+elastic,{method}" }));

        Assert.StartsWith($"method: '{method}' asks for elastic batches, but {reason}", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Theory]
    [InlineData("heterofl")]
    [InlineData("fedrolex")]
    [InlineData("depthfl")]
    [InlineData("fedavg-all")]
    public void Micro_batches_auto_follows_the_same_rule_as_the_elastic_suffix(string method)
    {
        var error = Assert.Throws<ExperimentException>(() => ExperimentValidator.Validate(new ExperimentOptions { Method = $"scalefl,{method}", MicroBatches = "auto" }));

        Assert.Equal(ElasticBatchRule.Conflict(method), error.Message.Split(": ", 3)[2].Split(';')[0]);
        Assert.StartsWith($"microBatches: 'auto' (--micro-batches auto) cannot apply to method '{method}'", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Theory]
    [InlineData("scalefl+elastic,sbt+elastic,scalefl-no-mentor+elastic,fedavg-exclusive+elastic", "off")]
    [InlineData("scalefl,sbt,scalefl-no-harmonizer,fedavg-exclusive", "auto")]
    public void Elastic_batches_are_accepted_for_every_memory_gated_method(string methods, string microBatches) =>
        ExperimentValidator.Validate(new ExperimentOptions { Method = methods, MicroBatches = microBatches });

    [Fact]
    public void Numbers_out_of_range_name_their_field()
    {
        Assert.StartsWith("rounds:", Assert.Throws<ExperimentException>(() => ExperimentValidator.Validate(new ExperimentOptions { Rounds = 0 })).Message, StringComparison.Ordinal);
        Assert.StartsWith("perRound:", Assert.Throws<ExperimentException>(() => ExperimentValidator.Validate(new ExperimentOptions { PerRound = -1 })).Message, StringComparison.Ordinal);
        Assert.StartsWith("learningRate:", Assert.Throws<ExperimentException>(() => ExperimentValidator.Validate(new ExperimentOptions { LearningRate = double.NaN })).Message, StringComparison.Ordinal);
        Assert.StartsWith("lambda1:", Assert.Throws<ExperimentException>(() => ExperimentValidator.Validate(new ExperimentOptions { Lambda1 = [0.5, -1] })).Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(NonFiniteNumbers))]
    public void Every_number_field_refuses_nan_and_infinities(string property, double bad)
    {
        var options = new ExperimentOptions();
        var field = typeof(ExperimentOptions).GetProperty(property)!;
        field.SetValue(options, field.PropertyType == typeof(double) ? bad : new[] { 0.5, bad });

        var error = Assert.Throws<ExperimentException>(() => ExperimentValidator.Validate(options));

        Assert.StartsWith($"{char.ToLowerInvariant(property[0])}{property[1..]}: '", error.Message, StringComparison.Ordinal);
        Assert.Contains("finite", error.Message, StringComparison.Ordinal);
    }

    public static TheoryData<string, double> NonFiniteNumbers()
    {
        var data = new TheoryData<string, double>();
        foreach (var property in typeof(ExperimentOptions).GetProperties()
            .Where(property => property.CanWrite && (property.PropertyType == typeof(double) || property.PropertyType == typeof(double[]))))
        {
            foreach (var bad in new[] { double.NaN, double.PositiveInfinity, double.NegativeInfinity })
            {
                data.Add(property.Name, bad);
            }
        }

        return data;
    }

    [Fact]
    public void Mentor_bandwidth_stand_ins_and_output_rate_are_checked_with_their_allowed_values()
    {
        var bandwidth = Assert.Throws<ExperimentException>(() => ExperimentValidator.Validate(new ExperimentOptions { HsicBandwidth = "wide" }));
        var standIns = Assert.Throws<ExperimentException>(() => ExperimentValidator.Validate(new ExperimentOptions { StandIns = "tanh" }));
        var rate = Assert.Throws<ExperimentException>(() => ExperimentValidator.Validate(new ExperimentOptions { OutputLrScale = 0 }));

        Assert.Equal("hsicBandwidth: 'wide' is not allowed; allowed: paper, median.", bandwidth.Message);
        Assert.StartsWith("standIns: 'tanh' is not allowed; allowed: [bn-][he-]relu", standIns.Message, StringComparison.Ordinal);
        Assert.StartsWith("outputLrScale:", rate.Message, StringComparison.Ordinal);
        ExperimentValidator.Validate(new ExperimentOptions { HsicBandwidth = "median", StandIns = "he-linear", OutputLrScale = 10 });
    }

    [Fact]
    public void A_bad_partition_is_reported_under_its_field()
    {
        var error = Assert.Throws<ExperimentException>(() => ExperimentValidator.Validate(new ExperimentOptions { Partition = "dirichlet:zero" }));

        Assert.StartsWith("partition:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Method_list_splits_commas_and_drops_repeats()
    {
        Assert.Equal(["scalefl", "sbt"], ExperimentValidator.MethodList(new ExperimentOptions { Method = "scalefl, sbt,scalefl" }));
    }
}
