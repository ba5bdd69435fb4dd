using ScaleFL.Core.Experiments;

namespace ScaleFL.Core.Tests.Experiments;

public sealed class NameSuggestionTests
{
    private static readonly string[] Fields = ["rounds", "perRound", "maxTrainSamples", "learningRate", "localEpochs", "lambda1", "lambda2"];

    [Theory]
    [InlineData("perRond", "perRound")]
    [InlineData("ROUNDS", "rounds")]
    [InlineData("maxTrain", "maxTrainSamples")]
    [InlineData("max-train", "maxTrainSamples")]
    [InlineData("local_epochs", "localEpochs")]
    [InlineData("learning-rate", "learningRate")]
    public void A_typo_a_flag_spelling_or_a_unique_prefix_names_the_field(string given, string expected) =>
        Assert.Equal(expected, NameSuggestion.Closest(given, Fields));

    [Theory]
    [InlineData("lambda")]
    [InlineData("seedling")]
    [InlineData("lr")]
    public void An_ambiguous_prefix_or_a_far_name_suggests_nothing(string given) =>
        Assert.Null(NameSuggestion.Closest(given, Fields));
}
