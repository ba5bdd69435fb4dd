using ScaleFL.Core.Aggregation;
using ScaleFL.Core.Harmonizer;
using ScaleFL.Core.Memory;
using ScaleFL.Core.Methods;
using ScaleFL.Core.Models;
using ScaleFL.Core.Training;
using ScaleFL.Core.Weights;

namespace ScaleFL.Core.Simulation;

/// <summary>
/// Runs a whole federated method in one process, clients one after another on one reusable
/// model instance. Every random choice derives from the run seed through <see cref="Seeds"/>, so
/// the same settings give the same metrics and weights.
/// </summary>
public static class InProcessDriver
{
    /// <summary>Runs <paramref name="settings"/> until its round count or its schedule ends.</summary>
    public static RunResult Run(DriverSettings settings, CancellationToken ct)
    {
        settings.Validate();
        using var model = settings.ModelFactory();
        var run = new RunState(settings, model);
        var global = ModuleWeights.Extract(model);
        var rounds = new List<RoundMetrics>();
        for (var round = 1; round <= settings.Rounds && !settings.Schedule.IsFinished(run.History); round++)
        {
            ct.ThrowIfCancellationRequested();
            (global, var metrics) = run.Round(round, global, ct);
            rounds.Add(metrics);
            settings.Progress?.Invoke(metrics);
        }

        ModuleWeights.Load(model, global);
        var final = Evaluator.Evaluate(model, model.StageCount - 1, settings.TestData, settings.EvalBatchSize, null);
        return new RunResult(rounds, global, final);
    }

    /// <summary>The state of one run: the model instance, the footprint cache and the schedule's history.</summary>
    private sealed class RunState(DriverSettings settings, StagedModel model)
    {
        private readonly Dictionary<string, MemoryFootprint> footprints = new(StringComparer.Ordinal);
        private readonly List<RoundRecord> history = [];
        private readonly LocalTrainer trainer = new(settings.Time);
        private readonly OptimizerKind optimizer = settings.Training.Momentum > 0 ? OptimizerKind.SgdMomentum : OptimizerKind.Sgd;

        public IReadOnlyList<RoundRecord> History => history;

        public (WeightSet Global, RoundMetrics Metrics) Round(int round, WeightSet global, CancellationToken ct)
        {
            var started = settings.Time.GetTimestamp();
            var scheduled = settings.Schedule.StageForRound(round, history);
            var trainable = settings.Method.Plan.For(model, scheduled);
            var stageFootprint = Footprint(trainable);
            var fullModel = Footprint(CoAdaptationPlan.FullModel(model));
            var eligible = settings.Clients
                .Where(client => settings.Method.Participation.CanJoin(client.MemoryBudgetBytes, stageFootprint, fullModel))
                .ToList();
            var selected = Sample(eligible, round);
            var objective = settings.Method.Objective.For(model.StageCount, trainable.Stage);
            var payload = StageSlice.Of(global, trainable);

            var results = new List<ClientResult>();
            var failures = new List<ClientFailure>();
            var trainSeconds = 0.0;
            var simulatedSeconds = 0.0;
            var bytesUp = 0L;
            foreach (var client in selected)
            {
                if (new Random(Seeds.Derive(settings.Seed, Seeds.Dropout, round, client.Id)).NextDouble() < client.DropoutProbability)
                {
                    failures.Add(new ClientFailure(client.Id, "dropped out"));
                    continue;
                }

                var update = trainer.Train(
                    model, payload, trainable, objective, settings.ClientData[client.Id], settings.Training,
                    Seeds.Derive(settings.Seed, Seeds.Training, round, client.Id), ct);
                results.Add(new ClientResult(client.Id, update.Weights, update.SampleCount, update.MeanLoss));
                trainSeconds += update.Duration.TotalSeconds;
                simulatedSeconds = Math.Max(simulatedSeconds, update.Duration.TotalSeconds / client.SpeedFactor);
                bytesUp += update.Weights.ByteCount;
            }

            var aggregated = settings.Method.Aggregation.Aggregate(round, results, failures);
            // Merging the co-adapted tail too is the Harmonizer's forward flow: later stages build on it.
            var next = aggregated is null ? global : global.With(aggregated);
            ModuleWeights.Load(model, next);
            var evaluation = Evaluator.Evaluate(model, trainable.Stage, settings.TestData, settings.EvalBatchSize, settings.EvalMaxSamples);
            history.Add(new RoundRecord(round, scheduled, evaluation.Accuracy));

            var metrics = new RoundMetrics(
                round, trainable.Stage, evaluation.Accuracy, MeanLoss(results), evaluation.Loss,
                eligible.Count, selected.Count, results.Count, failures.Count,
                trainSeconds, simulatedSeconds, settings.Time.GetElapsedTime(started).TotalSeconds,
                payload.ByteCount * selected.Count, bytesUp);
            return (next, metrics);
        }

        private MemoryFootprint Footprint(TrainableSet trainable)
        {
            // Keyed by what is trained, so a full-model plan estimates once whatever the schedule says.
            var key = $"{trainable.Stage}:{trainable.FirstGradientBlock}:{string.Join("|", trainable.Prefixes)}";
            if (!footprints.TryGetValue(key, out var footprint))
            {
                footprint = settings.MemoryModel.Estimate(model, trainable, settings.Training.BatchSize, optimizer);
                footprints[key] = footprint;
            }

            return footprint;
        }

        private List<ClientProfile> Sample(List<ClientProfile> eligible, int round)
        {
            var pool = eligible.ToArray();
            new Random(Seeds.Derive(settings.Seed, Seeds.Sampling, round)).Shuffle(pool);
            return pool.Take(settings.ClientsPerRound).OrderBy(client => client.Id).ToList();
        }

        private static double? MeanLoss(List<ClientResult> results)
        {
            var samples = results.Sum(result => (double)result.SampleCount);
            return samples > 0 ? results.Sum(result => result.Loss * result.SampleCount) / samples : null;
        }
    }
}
