using System.Diagnostics;
using ScaleFL.Core.Aggregation;
using ScaleFL.Core.Methods;
using ScaleFL.Core.Simulation;
using ScaleFL.Core.Training;
using ScaleFL.Core.Weights;

namespace ScaleFL.Cli.Bench;

/// <summary>
/// The work of a simulation without the runtime: the same planner, clients, seeds and batches,
/// trained one after another with <see cref="LocalTrainer"/> on one model, aggregated, and
/// evaluated exactly as the server evaluates (every round on the round's stage, then the full
/// network once). Times each kind of work separately.
/// </summary>
internal static class PlainLoop
{
    public sealed record Timing(TimeSpan Total, TimeSpan Training, TimeSpan RoundEvaluation, TimeSpan FinalEvaluation, int Rounds, int Trainings)
    {
        public TimeSpan Evaluation => RoundEvaluation + FinalEvaluation;
    }

    public static Timing Run(DriverSettings settings)
    {
        var total = Stopwatch.StartNew();
        var (training, evaluation) = (TimeSpan.Zero, TimeSpan.Zero);
        var trainings = 0;
        using var model = settings.ModelFactory();
        var planner = new RoundPlanner(model, settings.Method, settings.Schedule, new FootprintCache(settings.MemoryModel, settings.Training), settings.Seed);
        var trainer = new LocalTrainer();
        var history = new List<RoundRecord>();
        var global = ModuleWeights.Extract(model);
        var round = 1;
        for (; round <= settings.Rounds && !planner.IsFinished(history); round++)
        {
            var plan = planner.Plan(round, history, settings.Clients, settings.ClientsPerRound);
            var objective = settings.Method.Objective.For(model.StageCount, plan.Trainable.Stage);
            var payload = StageSlice.Of(global, plan.Trainable);
            var results = new List<ClientResult>();
            var watch = Stopwatch.StartNew();
            foreach (var client in plan.Selected)
            {
                var update = trainer.Train(
                    model, payload, plan.Trainable, objective, settings.ClientData[client.Id], settings.Training,
                    Seeds.ForTraining(settings.Seed, round, client.Id), CancellationToken.None);
                results.Add(new ClientResult(client.Id, update.Weights, update.SampleCount, update.MeanLoss));
                trainings++;
            }

            training += watch.Elapsed;
            global = RoundAggregation.Apply(settings.Method.Aggregation, round, global, results, []);
            ModuleWeights.Load(model, global);
            watch.Restart();
            var accuracy = Evaluator.Evaluate(model, plan.Trainable.Stage, settings.TestData, settings.EvalBatchSize, settings.EvalMaxSamples).Accuracy;
            evaluation += watch.Elapsed;
            history.Add(new RoundRecord(round, plan.ScheduledStage, accuracy));
        }

        var final = Stopwatch.StartNew();
        Evaluator.Evaluate(model, model.StageCount - 1, settings.TestData, settings.EvalBatchSize, null);
        return new Timing(total.Elapsed, training, evaluation, final.Elapsed, round - 1, trainings);
    }
}
