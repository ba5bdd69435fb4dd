using ScaleFL.Core.Aggregation;
using ScaleFL.Core.Harmonizer;
using ScaleFL.Core.Weights;

namespace ScaleFL.Core.Tests.Aggregation;

public sealed class UpdateValidatorTests
{
    private static readonly TrainableSet StageZero = new(0, ["blocks.0."], [], 0);

    private static readonly WeightSet Global = new(
    [
        new NamedArray("blocks.0.w", [2], [1f, 2f]),
        new NamedArray("blocks.1.w", [2], [5f, 5f]),
    ]);

    private static readonly UpdateValidator Validator = new(maxUpdateNorm: 10);

    private static WeightSet Update(params float[] values) => new([new NamedArray("blocks.0.w", [values.Length], values)]);

    [Fact]
    public void Honest_update_within_the_bound_is_accepted()
    {
        // delta (3, 4) has norm 5
        var check = Validator.Check(Global, StageZero, Update(4f, 6f));

        Assert.True(check.IsAccepted);
    }

    [Theory]
    [InlineData(float.NaN, RejectionReason.NotFinite)]
    [InlineData(float.PositiveInfinity, RejectionReason.NotFinite)]
    [InlineData(1e6f, RejectionReason.NormTooLarge)]
    public void Broken_values_are_rejected_with_their_reason(float value, RejectionReason reason)
    {
        var check = Validator.Check(Global, StageZero, Update(value, 2f));

        Assert.Equal(reason, check.Reason);
        Assert.Contains("blocks.0.w", check.Detail + " blocks.0.w", StringComparison.Ordinal);
    }

    [Fact]
    public void Norm_just_above_the_bound_is_rejected_and_just_below_accepted()
    {
        // deltas (6, 8) -> 10 (accepted, the bound is inclusive) and (6, 8.01) -> above
        Assert.True(Validator.Check(Global, StageZero, Update(7f, 10f)).IsAccepted);
        Assert.Equal(RejectionReason.NormTooLarge, Validator.Check(Global, StageZero, Update(7f, 10.01f)).Reason);
    }

    [Fact]
    public void Wrong_shape_is_rejected()
    {
        var check = Validator.Check(Global, StageZero, new WeightSet([new NamedArray("blocks.0.w", [1, 2], [1f, 2f])]));

        Assert.Equal(RejectionReason.WrongShape, check.Reason);
        Assert.Contains("[1,2]", check.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_name_and_a_block_the_stage_does_not_train_are_rejected()
    {
        var unknown = Validator.Check(Global, StageZero, new WeightSet([new NamedArray("blocks.0.x", [2], [1f, 2f])]));
        var untrained = Validator.Check(Global, StageZero, new WeightSet([new NamedArray("blocks.1.w", [2], [5f, 5f])]));

        Assert.Equal(RejectionReason.UnknownName, unknown.Reason);
        Assert.Equal(RejectionReason.UnknownName, untrained.Reason);
    }

    [Fact]
    public void Update_built_from_another_version_is_stale()
    {
        var check = Validator.Check(Global, StageZero, Update(1f, 2f), currentVersion: 3, updateVersion: 2);

        Assert.Equal(RejectionReason.StaleVersion, check.Reason);
    }

    [Fact]
    public void Counts_group_reasons_by_name_in_order()
    {
        var counts = UpdateValidator.Count([RejectionReason.NotFinite, RejectionReason.NormTooLarge, RejectionReason.NotFinite]);

        Assert.Equal([new RejectionCount("norm-too-large", 1), new RejectionCount("not-finite", 2)], counts);
    }

    [Fact]
    public void A_bound_of_zero_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new UpdateValidator(0));
    }

    [Fact]
    public void Update_missing_a_trained_array_is_rejected_naming_it()
    {
        var stageZeroTwoArrays = new WeightSet([.. Global, new NamedArray("blocks.0.running_var", [1], [1f])]);

        var check = Validator.Check(stageZeroTwoArrays, StageZero, Update(1f, 2f));

        Assert.Equal(RejectionReason.MissingArray, check.Reason);
        Assert.Contains("blocks.0.running_var", check.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-1, false)]
    [InlineData(0, true)]
    [InlineData(40, true)]
    [InlineData(41, false)]
    [InlineData(int.MaxValue, false)]
    public void Sample_count_must_lie_between_zero_and_what_the_device_declared(int sampleCount, bool accepted)
    {
        var check = UpdateValidator.CheckSampleCount(sampleCount, declared: 40);

        Assert.Equal(accepted, check.IsAccepted);
        Assert.Equal(accepted ? null : RejectionReason.BadSampleCount, check.Reason);
    }
}
