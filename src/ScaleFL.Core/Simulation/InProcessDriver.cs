using ScaleFL.Core.Aggregation;
using ScaleFL.Core.Checkpoints;
using ScaleFL.Core.Methods;
using ScaleFL.Core.Models;
using ScaleFL.Core.Objective;
using ScaleFL.Core.Training;
using ScaleFL.Core.Weights;

namespace ScaleFL.Core.Simulation;

/// <summary>
/// Runs a whole federated method in one process, clients one after another on one reusable
/// model instance. Every random choice derives from the run seed through <see cref="Seeds"/>, so
/// the same settings give the same metrics and weights. Every decision of a round is the
/// <see cref="RoundEngine"/>'s, the same class the server actor drives, so the actor runtime
/// reproduces this driver's rounds, late, rejected, dropped and over-committed clients included.
/// </summary>
public static class InProcessDriver
{
    /// <summary>Runs <paramref name="settings"/> until its round count or its schedule ends.</summary>
    public static RunResult Run(DriverSettings settings, CancellationToken ct)
    {
        settings.Validate();
        using var model = settings.ModelFactory();
        var run = new RunState(settings, model);
        var global = settings.Resume?.Weights ?? ModuleWeights.Extract(model);
        var rounds = new List<RoundMetrics>();
        for (var round = (settings.Resume?.Round ?? 0) + 1; round <= settings.Rounds && !run.IsFinished; round++)
        {
            ct.ThrowIfCancellationRequested();
            (global, var metrics) = run.Round(round, global, ct);
            rounds.Add(metrics);
            if (settings.CheckpointPath is { } path)
            {
                CheckpointFile.SaveKeepingPrevious(path, run.Checkpoint(metrics, global));
            }

            settings.Progress?.Invoke(metrics);
        }

        ModuleWeights.Load(model, global);
        var final = settings.Method.Evaluate(model, model.StageCount - 1, settings.TestData, settings.EvalBatchSize, null);
        return new RunResult(rounds, global, final);
    }

    /// <summary>The state of one run: the model instance, the planner and the schedule's history.</summary>
    private sealed class RunState(DriverSettings settings, StagedModel model)
    {
        // Every update is trained on the weights just sent, so the version never differs.
        private const int ModelVersion = 0;

        private readonly List<RoundRecord> history = [.. settings.Resume?.History ?? []];
        private readonly LocalTrainer trainer = new(settings.Time);
        private readonly RoundPlanner planner = new(
            model, settings.Method, settings.Schedule, new FootprintCache(settings.MemoryModel, settings.Training), settings.Seed);

        public bool IsFinished => planner.IsFinished(history);

        public Checkpoint Checkpoint(RoundMetrics metrics, WeightSet global) =>
            new(settings.ModelName, settings.Method.Name, metrics.Round, metrics.Stage, global) { History = [.. history], Fingerprint = settings.Fingerprint };

        /// <summary>The run's training settings, with the micro-batch the plan admitted the client at when smaller than the batch.</summary>
        private TrainingOptions TrainingFor(RoundPlan plan, int clientId) =>
            plan.MicroBatchSizes.TryGetValue(clientId, out var micro) && micro < settings.Training.BatchSize
                ? settings.Training with { MicroBatchSize = micro }
                : settings.Training;

        public (WeightSet Global, RoundMetrics Metrics) Round(int round, WeightSet global, CancellationToken ct)
        {
            var plan = planner.Plan(round, history, settings.Clients, settings.ClientsPerRound);
            var trainable = plan.Trainable;
            var objective = ObjectiveSpec.Of(settings.Method.Objective.For(model.StageCount, trainable.Stage), trainable.Stage);
            var engine = new RoundEngine(settings.Rules, settings.Seed, round, plan.ScheduledStage, trainable, objective, settings.Time);
            var payload = StageSlice.Of(global, trainable);
            RoundDecision decision;
            do
            {
                foreach (var client in engine.Ask(plan.Eligible, ModelVersion))
                {
                    // A sub-model method sends each device its own sub-model's slice.
                    var task = plan.Ladder is { } ladder ? settings.Method.SubModels!.Assign(ladder, global, client.MemoryBudgetBytes, round) : null;
                    var sent = task?.Weights ?? payload;
                    engine.Sent(sent.ByteCount, client.Id, sent, task?.Trains(model));
                    if (Seeds.DropsOut(settings.Seed, round, client.Id, client.DropoutProbability))
                    {
                        engine.DropOut(client.Id, round, engine.Attempt);
                        continue;
                    }

                    // The device's path: the objective rebuilt from what the server sends.
                    var update = DeviceTraining.Train(
                        trainer, model, sent, trainable, task?.Spec, engine.Objective.Create(model.StageCount), settings.ClientData[client.Id], TrainingFor(plan, client.Id),
                        Seeds.ForTraining(settings.Seed, round, client.Id), ct);
                    var nominal = settings.SecondsPerStep is { } perStep ? update.Steps * perStep : update.Duration.TotalSeconds;
                    engine.Offer(
                        new ClientUpdate(
                            client.Id, round, engine.Attempt, ModelVersion, update.Weights, update.SampleCount, update.MeanLoss,
                            update.Duration.TotalSeconds, nominal / client.SpeedFactor),
                        sent,
                        ModelVersion,
                        settings.ClientData[client.Id].Count);
                }

                decision = engine.Close();
            }
            while (decision.Retry);

            var next = RoundAggregation.Apply(settings.Method.Aggregation, round, global, decision.Results, decision.Failures);
            ModuleWeights.Load(model, next);
            var evaluation = settings.Method.Evaluate(model, trainable.Stage, settings.TestData, settings.EvalBatchSize, settings.EvalMaxSamples);
            history.Add(new RoundRecord(round, plan.ScheduledStage, evaluation.Accuracy));
            return (next, engine.Metrics(evaluation, settings.HsicProbe?.Measure(model, trainable.Stage) ?? []));
        }
    }
}
