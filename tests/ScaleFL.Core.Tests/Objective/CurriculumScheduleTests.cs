using ScaleFL.Core.Objective;

namespace ScaleFL.Core.Tests.Objective;

public sealed class CurriculumScheduleTests
{
    [Fact]
    public void Default_schedule_moves_weight_from_input_to_label_linearly()
    {
        var schedule = CurriculumSchedule.Default(4);

        // Steps of (0.05 - 0.5) / 3 = -0.15 and +0.15.
        AssertValues([0.5, 0.35, 0.2, 0.05], schedule.Lambda1);
        AssertValues([0.05, 0.2, 0.35, 0.5], schedule.Lambda2);
        Assert.Equal(4, schedule.BlockCount);
    }

    [Fact]
    public void Single_block_schedule_takes_the_first_values()
    {
        var schedule = CurriculumSchedule.Default(1);

        Assert.Equal(0.5, schedule.Lambda1At(0));
        Assert.Equal(0.05, schedule.Lambda2At(0));
    }

    [Fact]
    public void Parse_reads_comma_separated_values_per_block()
    {
        var schedule = CurriculumSchedule.Parse("0.5,0.3,0.1,0.05", "0, 0.1, 0.2 ,0.4", 4);

        Assert.Equal(0.3, schedule.Lambda1At(1));
        Assert.Equal(0.2, schedule.Lambda2At(2));
        Assert.Equal("lambda1=0.5,0.3,0.1,0.05; lambda2=0,0.1,0.2,0.4", schedule.ToString());
    }

    [Fact]
    public void Wrong_length_is_rejected_naming_the_field()
    {
        var error = Assert.Throws<ArgumentException>(() => CurriculumSchedule.Parse("0.5,0.3,0.1", "0.1,0.2,0.3,0.4", 4));

        Assert.Equal("Lambda1", error.ParamName);
        Assert.Contains("one value per block (4); got 3", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Negative_or_non_finite_weight_is_rejected_naming_the_field_and_block(double bad)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(
            () => CurriculumSchedule.FromValues([0.5, 0.1], [0.1, bad], 2));

        Assert.Equal("Lambda2", error.ParamName);
        Assert.Contains("Lambda2[1] must be a finite number >= 0", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Text_that_is_not_a_number_is_rejected_naming_the_field()
    {
        var error = Assert.Throws<FormatException>(() => CurriculumSchedule.Parse("0.5,abc", "0.1,0.2", 2));

        Assert.Contains("Lambda1[1] is not a number: 'abc'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Stage_outside_the_schedule_is_rejected()
    {
        var schedule = CurriculumSchedule.Default(3);

        Assert.Throws<ArgumentOutOfRangeException>(() => schedule.Lambda1At(3));
        Assert.Throws<ArgumentOutOfRangeException>(() => schedule.Lambda2At(-1));
    }

    private static void AssertValues(double[] expected, IReadOnlyList<double> actual)
    {
        Assert.Equal(expected.Length, actual.Count);
        for (var k = 0; k < expected.Length; k++)
        {
            Assert.Equal(expected[k], actual[k], 12);
        }
    }
}
