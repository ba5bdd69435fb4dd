using ScaleFL.Core.Methods;

namespace ScaleFL.Core.Tests.Methods;

public sealed class ScheduleTests
{
    [Fact]
    public void Sequential_schedule_spends_each_blocks_budget_then_finishes()
    {
        var schedule = new SequentialSchedule([2, 1, 3]);

        var stages = Replay(schedule, accuracies: [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7]);

        Assert.Equal([0, 0, 1, 2, 2, 2], stages);
        Assert.Equal(6, schedule.MaxRounds);
    }

    [Fact]
    public void Plateau_advances_a_stage_early()
    {
        var schedule = new SequentialSchedule(stageCount: 2, roundsPerBlock: 10, new PlateauRule(Patience: 2, MinImprovement: 0.01));

        // Stage 0: best 0.50 at its 2nd round, then two rounds below 0.51 -> advance after round 4.
        var stages = Replay(schedule, accuracies: [0.40, 0.50, 0.505, 0.49, 0.60]);

        Assert.Equal([0, 0, 0, 0, 1], stages);
    }

    [Fact]
    public void Plateau_needs_more_rounds_than_its_patience()
    {
        var rule = new PlateauRule(Patience: 2, MinImprovement: 0.01);

        Assert.False(rule.HasPlateaued([0.5, 0.4]));
        Assert.True(rule.HasPlateaued([0.5, 0.4, 0.505]));
        Assert.False(rule.HasPlateaued([0.5, 0.4, 0.52]));
    }

    [Fact]
    public void Finished_sequential_schedule_refuses_another_round()
    {
        var schedule = new SequentialSchedule([1]);
        RoundRecord[] history = [new(1, 0, 0.5)];

        Assert.True(schedule.IsFinished(history));
        Assert.Throws<InvalidOperationException>(() => schedule.StageForRound(2, history));
    }

    [Fact]
    public void Cyclic_schedule_visits_stages_round_robin()
    {
        var schedule = new CyclicSchedule(stageCount: 3);

        var stages = Enumerable.Range(1, 7).Select(round => schedule.StageForRound(round, [])).ToArray();

        Assert.Equal([0, 1, 2, 0, 1, 2, 0], stages);
        Assert.False(schedule.IsFinished([]));
    }

    private static List<int> Replay(SequentialSchedule schedule, double[] accuracies)
    {
        var history = new List<RoundRecord>();
        for (var round = 1; round <= accuracies.Length && !schedule.IsFinished(history); round++)
        {
            history.Add(new RoundRecord(round, schedule.StageForRound(round, history), accuracies[round - 1]));
        }

        return history.Select(record => record.Stage).ToList();
    }
}
