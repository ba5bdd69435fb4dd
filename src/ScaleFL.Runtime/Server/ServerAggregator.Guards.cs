using Akka.Actor;
using Akka.Event;
using ScaleFL.Core.Checkpoints;
using ScaleFL.Core.Methods;
using ScaleFL.Runtime.Security;
using static ScaleFL.Runtime.Server.AggregatorProtocol;

namespace ScaleFL.Runtime.Server;

/// <summary>
/// What keeps the run safe and resumable: the join secret at registration and the checkpoint of
/// every round with what a restarted server needs to continue. Updates are validated by Core's
/// <see cref="Core.Simulation.RoundEngine"/> before collection.
/// </summary>
public sealed partial class ServerAggregator
{
    private readonly List<RoundRecord> history = [];

    private bool Admit(RegisterClient registration)
    {
        if (JoinSecret.Matches(settings.JoinSecretHash, registration.JoinToken))
        {
            return true;
        }

        log.Warning("Refused client {0} at {1}: wrong or missing join secret", registration.ClientId, registration.Device.Path);
        registration.Device.Tell(new RegisterClientRefused(registration.ClientId, "wrong or missing join secret"));
        return false;
    }

    private void RestoreFromCheckpoint()
    {
        if (settings.Resume is not { } resume)
        {
            return;
        }

        global = global.With(resume.Weights);
        round = resume.Round;
        modelVersion = resume.ModelVersion;
        ledger.Restore(resume.BlockVersions);
        history.AddRange(resume.History);
        log.Info("Resuming after round {0} (model version {1})", round, modelVersion);
    }

    /// <summary>
    /// Checkpoints the round just evaluated, before anyone hears of it, so a round reported is a
    /// round saved. A checkpoint that cannot be written (full disk) fails the run here: training on
    /// would only lose more rounds. Returns false when the run failed.
    /// </summary>
    private bool SaveCheckpoint(RoundCompleted completed)
    {
        if (history.Count == 0 || history[^1].Round < completed.Round)
        {
            history.Add(new RoundRecord(completed.Round, completed.ScheduledStage, completed.Metrics.Accuracy));
        }

        if (settings.CheckpointPath is not { } path)
        {
            return true;
        }

        var checkpoint = new Checkpoint(settings.ModelName, method.Name, completed.Round, completed.Stage, global)
        {
            History = [.. history],
            ModelVersion = modelVersion,
            BlockVersions = ledger.Versions(),
            Fingerprint = settings.Fingerprint,
        };
        try
        {
            CheckpointFile.SaveKeepingPrevious(path, checkpoint);
            return true;
        }
        catch (IOException error)
        {
            Fail(error.Message);
            return false;
        }
    }
}
