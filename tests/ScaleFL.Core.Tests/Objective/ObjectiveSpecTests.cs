using ScaleFL.Core.Methods;
using ScaleFL.Core.Objective;
using TorchSharp;

namespace ScaleFL.Core.Tests.Objective;

[Collection(TorchCollection.Name)]
public sealed class ObjectiveSpecTests
{
    [Fact]
    public void Spec_of_a_curriculum_stage_carries_that_blocks_lambdas_and_bandwidth()
    {
        var objective = new CurriculumObjectiveFactory([0.5, 0.3, 0.1], [0.05, 0.2, 0.4], KernelBandwidth.MedianHeuristic).For(3, 1);

        var spec = ObjectiveSpec.Of(objective, 1);

        Assert.Equal(new ObjectiveSpec("curriculum", 0.3, 0.2, "median"), spec);
    }

    [Fact]
    public void Objective_built_from_a_spec_gives_the_same_loss_as_the_mentors()
    {
        using var batch = CurriculumObjectiveTests.Batch.Create(10);
        var mentors = new CurriculumObjectiveFactory([0.5, 0.3], [0.1, 0.4]).For(2, 1);

        var rebuilt = ObjectiveSpec.Of(mentors, 1).Create(2);

        using var expected = mentors.Loss(batch.Inputs, batch.Labels, batch.Outputs, 1);
        using var actual = rebuilt.Loss(batch.Inputs, batch.Labels, batch.Outputs, 1);
        Assert.Equal(expected.ToDouble(), actual.ToDouble());
    }

    [Fact]
    public void Cross_entropy_spec_builds_the_plain_objective()
    {
        var objective = ObjectiveSpec.Of(new CrossEntropyObjectiveFactory().For(4, 2), 2).Create(4);

        Assert.IsType<CrossEntropyObjective>(objective);
    }

    [Theory]
    [InlineData("focal", 0.1, "fixed:5", "Name is 'focal'")]
    [InlineData("curriculum", -1.0, "fixed:5", "Lambda1")]
    [InlineData("curriculum", 0.1, "wide", "Bandwidth is 'wide'")]
    public void Spec_the_device_cannot_build_throws_naming_the_field(string name, double lambda1, string bandwidth, string expected)
    {
        var error = Assert.ThrowsAny<ArgumentException>(() => new ObjectiveSpec(name, lambda1, 0.2, bandwidth).Create(3));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}
