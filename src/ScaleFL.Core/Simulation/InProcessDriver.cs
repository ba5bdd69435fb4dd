using ScaleFL.Core.Aggregation;
using ScaleFL.Core.Checkpoints;
using ScaleFL.Core.Methods;
using ScaleFL.Core.Models;
using ScaleFL.Core.Training;
using ScaleFL.Core.Weights;

namespace ScaleFL.Core.Simulation;

/// <summary>
/// Runs a whole federated method in one process, clients one after another on one reusable
/// model instance. Every random choice derives from the run seed through <see cref="Seeds"/>, so
/// the same settings give the same metrics and weights. The actor runtime composes the same
/// pieces (<see cref="RoundPlanner"/>, <see cref="ClientSampling"/>, <see cref="RoundAggregation"/>)
/// and must reproduce this driver's rounds when no client is late or drops out.
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
        var final = Evaluator.Evaluate(model, model.StageCount - 1, settings.TestData, settings.EvalBatchSize, null);
        return new RunResult(rounds, global, final);
    }

    /// <summary>The state of one run: the model instance, the planner and the schedule's history.</summary>
    private sealed class RunState(DriverSettings settings, StagedModel model)
    {
        private readonly List<RoundRecord> history = [.. settings.Resume?.History ?? []];
        private readonly UpdateValidator validator = new(settings.MaxUpdateNorm);
        private readonly RelativeNormBound normBound = new(RelativeNormBound.DefaultMultiple);
        private readonly LocalTrainer trainer = new(settings.Time);
        private readonly RoundPlanner planner = new(
            model, settings.Method, settings.Schedule, new FootprintCache(settings.MemoryModel, settings.Training), settings.Seed);

        public bool IsFinished => planner.IsFinished(history);

        public Checkpoint Checkpoint(RoundMetrics metrics, WeightSet global) =>
            new(settings.ModelName, settings.Method.Name, metrics.Round, metrics.Stage, global) { History = [.. history] };

        public (WeightSet Global, RoundMetrics Metrics) Round(int round, WeightSet global, CancellationToken ct)
        {
            var started = settings.Time.GetTimestamp();
            var plan = planner.Plan(round, history, settings.Clients, settings.ClientsPerRound);
            var trainable = plan.Trainable;
            var objective = settings.Method.Objective.For(model.StageCount, trainable.Stage);
            var payload = StageSlice.Of(global, trainable);

            var results = new List<ClientResult>();
            var rejected = new List<RejectionReason>();
            var failures = new List<ClientFailure>();
            var trainSeconds = 0.0;
            var simulatedSeconds = 0.0;
            var bytesUp = 0L;
            foreach (var client in plan.Selected)
            {
                if (Seeds.DropsOut(settings.Seed, round, client.Id, client.DropoutProbability))
                {
                    failures.Add(new ClientFailure(client.Id, "dropped out"));
                    continue;
                }

                var update = trainer.Train(
                    model, payload, trainable, objective, settings.ClientData[client.Id], settings.Training,
                    Seeds.ForTraining(settings.Seed, round, client.Id), ct);
                var check = validator.Check(global, trainable, update.Weights);
                if (!check.IsAccepted)
                {
                    rejected.Add(check.Reason!.Value);
                    failures.Add(new ClientFailure(client.Id, $"rejected: {check.Detail}"));
                    continue;
                }

                results.Add(new ClientResult(client.Id, update.Weights, update.SampleCount, update.MeanLoss));
                trainSeconds += update.Duration.TotalSeconds;
                simulatedSeconds = Math.Max(simulatedSeconds, update.Duration.TotalSeconds / client.SpeedFactor);
                bytesUp += update.Weights.ByteCount;
            }

            var (kept, outliers) = normBound.Apply(global, results);
            rejected.AddRange(outliers.Select(_ => RejectionReason.NormOutlier));
            failures.AddRange(outliers);
            results = [.. kept];
            var next = RoundAggregation.Apply(settings.Method.Aggregation, round, global, results, failures);
            ModuleWeights.Load(model, next);
            var evaluation = Evaluator.Evaluate(model, trainable.Stage, settings.TestData, settings.EvalBatchSize, settings.EvalMaxSamples);
            history.Add(new RoundRecord(round, plan.ScheduledStage, evaluation.Accuracy));

            var metrics = new RoundMetrics(
                round, trainable.Stage, evaluation.Accuracy, RoundAggregation.MeanLoss(results), evaluation.Loss,
                plan.Eligible.Count, plan.Selected.Count, results.Count, failures.Count,
                trainSeconds, simulatedSeconds, settings.Time.GetElapsedTime(started).TotalSeconds,
                payload.ByteCount * plan.Selected.Count, bytesUp)
            {
                Participants = [.. results.Select(result => result.ClientId).Order()],
                HsicPoints = settings.HsicProbe?.Measure(model, trainable.Stage) ?? [],
                Rejected = UpdateValidator.Count(rejected),
            };
            return (next, metrics);
        }
    }
}
