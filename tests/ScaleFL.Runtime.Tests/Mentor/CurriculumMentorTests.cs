using Akka.Actor;
using ScaleFL.Core.Harmonizer;
using ScaleFL.Core.Methods;
using ScaleFL.Core.Objective;
using ScaleFL.Core.Simulation;
using ScaleFL.Runtime.Mentor;
using ScaleFL.Runtime.Tests.TestModels;
using static ScaleFL.Runtime.Mentor.MentorProtocol;
using static ScaleFL.Runtime.Server.AggregatorProtocol;

namespace ScaleFL.Runtime.Tests.Mentor;

[Collection(TorchCollection.Name)]
public sealed class CurriculumMentorTests() : Akka.TestKit.Xunit2.TestKit(RuntimeFixture.Config)
{
    [Fact]
    public void Mentor_advances_the_sequential_schedule_on_completed_rounds()
    {
        var mentor = Sys.ActorOf(MentorProps(new SequentialSchedule([2, 1])));

        var stages = new List<RoundStageResponse>();
        for (var round = 1; round <= 4; round++)
        {
            mentor.Tell(new GetRoundStage(round));
            stages.Add(ExpectMsg<RoundStageResponse>());
            mentor.Tell(Completed(round, stages[^1].Stage));
        }

        Assert.Equal([0, 0, 1, -1], stages.Select(stage => stage.Stage));
        Assert.Equal([false, false, false, true], stages.Select(stage => stage.Finished));
        Assert.Equal(new ObjectiveSpec("curriculum", 0.5, 0.05, "fixed:5"), stages[0].Objective);
    }

    [Fact]
    public void Mentor_answers_footprints_from_the_memory_model_once_per_trainable_set()
    {
        var memory = new FakeMemoryModel([300, 200, 100], 900);
        var mentor = Sys.ActorOf(MentorProtocol.Props(new MentorSettings(RuntimeFixture.Training), new CyclicSchedule(3), new CurriculumFactory(), memory, () => TinyData.Model()));
        var stage1 = new TrainableSet(1, ["blocks.1.", "outputs.1."], [], 1);

        mentor.Tell(new GetRequiredMemory(stage1));
        var first = ExpectMsg<RequiredMemoryResponse>();
        mentor.Tell(new GetRequiredMemory(stage1));
        ExpectMsg<RequiredMemoryResponse>();

        Assert.Equal((200L, 900L), (first.Stage.TotalBytes, first.FullModel.TotalBytes));
        Assert.Equal(2, memory.Calls);
    }

    private static Props MentorProps(ISchedule schedule) =>
        MentorProtocol.Props(new MentorSettings(RuntimeFixture.Training), schedule, new CurriculumFactory(), new FakeMemoryModel([1, 1, 1], 1), () => TinyData.Model());

    private static RoundCompleted Completed(int round, int stage) =>
        new(new RoundMetrics(round, stage, 0.5, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0), 1, stage, 0, 0, 0, false);

    private sealed class CurriculumFactory : IObjectiveFactory
    {
        public string Name => "curriculum";

        public IStageObjective For(int stageCount, int stage) => new CurriculumObjective(CurriculumSchedule.Default(stageCount));
    }
}
