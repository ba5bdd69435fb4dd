using Akka.Actor;
using ScaleFL.Core.Methods;
using ScaleFL.Runtime.Harmonizer;
using ScaleFL.Runtime.Tests.TestModels;
using static ScaleFL.Runtime.Harmonizer.HarmonizerProtocol;

namespace ScaleFL.Runtime.Tests.Harmonizer;

[Collection(TorchCollection.Name)]
public sealed class TrainingHarmonizerTests() : Akka.TestKit.Xunit2.TestKit(RuntimeFixture.Config)
{
    [Fact]
    public void Harmonizer_returns_the_co_adapted_tail_of_the_previous_block()
    {
        var harmonizer = Sys.ActorOf(HarmonizerProtocol.Props(new BlockwisePlan(CoAdapt: true), () => TinyData.Model()));

        harmonizer.Tell(new GetTrainableSet(2));
        var response = ExpectMsg<TrainableSetResponse>();

        Assert.Equal(["blocks.1.conv2.", "blocks.1.bn2."], response.Trainable.CoAdaptedPrefixes);
        Assert.Equal(["blocks.2.", "outputs.2.", "blocks.1.conv2.", "blocks.1.bn2."], response.Trainable.Prefixes);
        Assert.Equal(1, response.Trainable.FirstGradientBlock);
    }

    [Fact]
    public void Harmonizer_without_co_adaptation_trains_the_stage_alone_and_rejects_unknown_stages()
    {
        var harmonizer = Sys.ActorOf(HarmonizerProtocol.Props(new BlockwisePlan(CoAdapt: false), () => TinyData.Model()));

        harmonizer.Tell(new GetTrainableSet(1));
        var response = ExpectMsg<TrainableSetResponse>();
        harmonizer.Tell(new GetTrainableSet(3));

        Assert.Empty(response.Trainable.CoAdaptedPrefixes);
        Assert.Equal(1, response.Trainable.FirstGradientBlock);
        Assert.Contains("0..2", ExpectMsg<Status.Failure>().Cause.Message, StringComparison.Ordinal);
    }
}
