using ScaleFL.Core.Memory;
using ScaleFL.Core.SubModels;

namespace ScaleFL.Core.Tests.Memory;

public sealed class MemoryProbeLineTests
{
    [Fact]
    public void Request_survives_a_round_trip_through_command_line_arguments()
    {
        var request = new MemoryProbeRequest("resnet18", 2, 64, Harmonizer: true, Steps: 5);

        var args = request.ToArgs();

        Assert.Equal(["--model", "resnet18", "--stage", "2", "--batch-size", "64", "--harmonizer", "true", "--steps", "5"], args);
        Assert.Equal(request, MemoryProbeRequest.Parse(args));
    }

    [Fact]
    public void A_sub_model_request_survives_the_command_line_and_the_result_line()
    {
        var width = new MemoryProbeRequest("resnet18", -1, 16, false, 3) { SubModel = new SubModelSpec(0.25, WidthSlicing.Prefix) };
        var depth = new MemoryProbeRequest("resnet18", 1, 16, false, 3) { SubModel = SubModelSpec.OfDepth(2) };

        Assert.Equal(["--width", "0.25"], width.ToArgs().TakeLast(2));
        Assert.Equal(["--depth", "2"], depth.ToArgs().TakeLast(2));
        Assert.Equal(width, MemoryProbeRequest.Parse(width.ToArgs()));
        Assert.Equal(depth, MemoryProbeRequest.Parse(depth.ToArgs()));
        var line = new MemoryProbeResult(depth, new MemoryMeasurement(1, 2, "vmhwm")).ToLine();
        Assert.Contains(" depth=2 ", line, StringComparison.Ordinal);
        Assert.Equal(depth, MemoryProbeResult.Parse(line).Request);
        Assert.Equal(width, MemoryProbeResult.Parse(new MemoryProbeResult(width, new MemoryMeasurement(1, 2, "vmhwm")).ToLine()).Request);
        Assert.Equal(("width 1/4", "depth 2"), (width.Subject, depth.Subject));
    }

    [Fact]
    public void A_sub_model_that_does_not_match_the_stage_or_both_width_and_depth_are_refused()
    {
        Assert.Throws<ArgumentException>(() => new MemoryProbeRequest("m", 0, 4, false, 1) { SubModel = new SubModelSpec(0.5, WidthSlicing.Prefix) });
        Assert.Throws<ArgumentException>(() => new MemoryProbeRequest("m", 0, 4, false, 1) { SubModel = SubModelSpec.OfDepth(2) });
        Assert.Throws<FormatException>(() => MemoryProbeRequest.Parse(["--model", "m", "--stage", "-1", "--batch-size", "4", "--width", "0.5", "--depth", "1"]));
        Assert.Throws<FormatException>(() => MemoryProbeRequest.Parse(["--model", "m", "--stage", "-1", "--batch-size", "4", "--width", "2"]));
    }

    [Fact]
    public void Request_defaults_to_no_harmonizer_and_three_steps_and_minus_one_means_full_model()
    {
        var request = MemoryProbeRequest.Parse(["--stage", "-1", "--model", "vit", "--batch-size", "8"]);

        Assert.True(request.IsFullModel);
        Assert.False(request.Harmonizer);
        Assert.Equal(3, request.Steps);
    }

    [Fact]
    public void Request_selects_the_trainable_set_of_its_stage()
    {
        using var model = new ConvProbeModel("tiny-request");

        var full = new MemoryProbeRequest("tiny-request", -1, 4, false, 1).TrainableSetFor(model);
        var stage = new MemoryProbeRequest("tiny-request", 2, 4, true, 1).TrainableSetFor(model);

        Assert.Equal(0, full.FirstGradientBlock);
        Assert.Equal(1, stage.FirstGradientBlock);
        Assert.Contains("blocks.1.3.", stage.CoAdaptedPrefixes);
    }

    [Theory]
    [InlineData("--bogus", "Unknown option '--bogus'")]
    [InlineData("--stage", "--stage must be an integer; got 'x'")]
    [InlineData("--harmonizer", "--harmonizer must be 'true' or 'false'; got 'x'")]
    public void Bad_arguments_are_rejected_naming_the_option(string option, string message)
    {
        string[] args = ["--model", "m", "--stage", "0", "--batch-size", "4", option, "x"];

        var error = Assert.Throws<FormatException>(() => MemoryProbeRequest.Parse(args));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_option_and_out_of_range_values_are_rejected_naming_the_field()
    {
        var missing = Assert.Throws<FormatException>(() => MemoryProbeRequest.Parse(["--model", "m", "--stage", "0"]));
        var batch = Assert.Throws<ArgumentOutOfRangeException>(() => new MemoryProbeRequest("m", 0, 0, false, 1));
        var stage = Assert.Throws<ArgumentOutOfRangeException>(() => new MemoryProbeRequest("m", -2, 1, false, 1));
        var name = Assert.Throws<ArgumentException>(() => new MemoryProbeRequest("two words", 0, 1, false, 1));

        Assert.Contains("'--batch-size'", missing.Message, StringComparison.Ordinal);
        Assert.Equal("BatchSize", batch.ParamName);
        Assert.Equal("Stage", stage.ParamName);
        Assert.Equal("ModelName", name.ParamName);
    }

    [Fact]
    public void Result_line_survives_a_round_trip_and_is_found_in_noisy_output()
    {
        var result = new MemoryProbeResult(
            new MemoryProbeRequest("resnet18", 1, 32, true, 2), new MemoryMeasurement(1000, 5000, "vmhwm"));

        var line = result.ToLine();
        var output = $"warming up\n{line}\ndone\n";

        Assert.Equal(
            "memory-probe model=resnet18 stage=1 batch-size=32 harmonizer=true steps=2 baseline=1000 peak=5000 method=vmhwm", line);
        Assert.Equal(result, MemoryProbeResult.Parse(line));
        Assert.Equal(4000, MemoryProbeResult.FromOutput(output).Measurement.PeakAboveBaselineBytes);
    }

    [Fact]
    public void Result_line_without_a_field_is_rejected_naming_it()
    {
        var error = Assert.Throws<FormatException>(
            () => MemoryProbeResult.Parse("memory-probe model=m stage=0 batch-size=4 harmonizer=false steps=1 baseline=1 method=vmhwm"));

        Assert.Contains("'peak='", error.Message, StringComparison.Ordinal);
    }
}
