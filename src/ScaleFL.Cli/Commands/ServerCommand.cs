using System.CommandLine;
using System.Diagnostics;
using Akka.Configuration;
using ScaleFL.Core.Experiments;
using ScaleFL.Core.Faults;
using ScaleFL.Core.Simulation;
using ScaleFL.Runtime.Cluster;
using ScaleFL.Runtime.Server;
using ScaleFL.Runtime.Simulation;

namespace ScaleFL.Cli.Commands;

/// <summary>
/// <c>scalefl server</c>: the aggregator, mentor and harmonizer on one cluster node. It holds the
/// test set (no client data), waits for <c>--min-clients</c> devices, runs the rounds, writes the
/// run folder and leaves the cluster, which ends the clients. With <c>--faults PLAN</c> the devices
/// the plan names inject its faults in their own processes and report them, for faults.csv.
/// </summary>
internal static class ServerCommand
{
    public const int DefaultPort = 4053;

    public static Command Create()
    {
        var flags = new ExperimentFlags(simulated: false);
        // --device comes with the experiment flags: the server evaluates on it.
        var node = new NodeFlags(DefaultPort, computeDevice: false);
        var minClients = new Option<int>("--min-clients") { Description = "Clients to wait for before round 1 (default 1).", DefaultValueFactory = _ => 1 };
        var clientWait = new Option<int?>("--client-wait") { Description = "Seconds to wait for --min-clients, at the start and whenever devices were lost mid-run, before giving up (default scalefl.server.client-wait, 600)." };
        var roundDeadline = new Option<int?>("--round-deadline") { Description = "Wall-clock seconds a round waits for updates (default scalefl.server.round-deadline, 600)." };
        var command = new Command("server", "Run the federated server on an Akka cluster node; devices join with 'scalefl client'.");
        flags.AddTo(command);
        node.AddTo(command);
        command.Options.Add(minClients);
        command.Options.Add(clientWait);
        command.Options.Add(roundDeadline);
        command.SetAction((parse, ct) => CommandErrors.GuardAsync(async () =>
        {
            var settings = node.Settings(parse);
            var wait = Seconds(parse.GetValue(clientWait), "client-wait") ?? settings.GetTimeSpan("scalefl.server.client-wait");
            var deadline = Seconds(parse.GetValue(roundDeadline), "round-deadline") ?? settings.GetTimeSpan("scalefl.server.round-deadline");
            var min = parse.GetValue(minClients);
            if (min < 1)
            {
                throw new ExperimentException($"min-clients: '{min}' is not allowed; allowed: at least 1.");
            }

            var options = node.Resolve(parse, settings, ClusterNames.ServerRole, []);
            return await RunAsync(flags.Resolve(parse), options, min, wait, deadline, node.JoinToken(parse), ct);
        }));
        return command;
    }

    private static async Task<int> RunAsync(
        ExperimentOptions experiment, NodeOptions nodeOptions, int minClients, TimeSpan wait, TimeSpan deadline, string? joinToken, CancellationToken ct)
    {
        var methods = ExperimentValidator.MethodList(ExperimentInputs.Check(ExperimentValidator.Validate(experiment)));
        if (methods.Count != 1)
        {
            throw new ExperimentException($"method: the server runs one method, got '{experiment.Method}'; start one server per method.");
        }

        var method = methods[0];
        // A bad plan stops the server before it opens a port, with the same line as simulate's.
        var faults = experiment.FaultsFile is { } planFile ? FaultPlanFile.Load(planFile, experiment.Clients, experiment.Rounds) : FaultPlan.None;
        var runOptions = experiment with { Method = method };
        var folder = RunFolder.PathOf(runOptions, method);
        using var locks = RunFolder.Prepare([folder]);
        var found = ResumedMethod.Read(runOptions, method, readBack: false);
        found.Report(runOptions, method);
        var resume = found.From;
        if (found.Complete)
        {
            // Waiting for devices would train nothing: the finished run's files stay as they are.
            return 0;
        }

        // Before the test data loads, as every other check of the input: the port is the user's to change.
        NodeBindException.ThrowIfUnavailable(nodeOptions.Host, nodeOptions.Port);
        var console = new RunConsole(experiment.Quiet);
        console.Info($"Loading {experiment.Dataset} for evaluation...");
        using var setup = ExperimentSetup.Prepare(experiment with { Method = method }, MemoryCalibration.Model());
        var progress = console.Progress(method, experiment.Rounds);
        var driver = setup.DriverSettings(method, null);
        var checkpointPath = RunFolder.CheckpointPathOf(runOptions, method);
        if (resume is not null)
        {
            CompletedRun.SayResuming(runOptions, method, resume);
            if (resume.Round >= experiment.Rounds)
            {
                return await SettleWithoutDevicesAsync(setup, runOptions, method, resume, console, ct);
            }
        }

        // The crashes of the plan that fired before the checkpoint do not fire again; a run with a plan always has faults.csv.
        if (resume is not null)
        {
            faults = SpentFaults.Left(faults, RunFolder.ReadFaults(folder), resume.Round);
        }

        RunFolder.StartFaults(folder, experiment.FaultsFile is not null && resume is null);
        var plan = new ServerPlan
        {
            ModelFactory = driver.ModelFactory,
            Method = driver.Method,
            Schedule = driver.Schedule,
            MemoryModel = driver.MemoryModel,
            TestData = driver.TestData,
            Aggregator = new AggregatorSettings
            {
                Rounds = experiment.Rounds,
                ClientsPerRound = experiment.PerRound,
                OverCommit = experiment.OverCommit,
                Seed = experiment.Seed,
                Training = driver.Training,
                CacheBlocks = experiment.CacheBlocks,
                Experiment = ExperimentSpec.Of(runOptions, setup.Train.Shape, setup.Train.ClassCount),
                DeadlineMode = DeadlineMode.WallClock,
                RoundDeadline = deadline,
                WallTimeout = deadline + TimeSpan.FromMinutes(1),
                ExpectedClients = minClients,
                // Devices lost mid-run are waited for as long as the first ones were.
                RegistrationTimeout = wait,
                EvalMaxSamples = experiment.EvalSamples,
                ModelName = experiment.Model,
                Fingerprint = driver.Fingerprint,
                MaxUpdateNorm = experiment.MaxUpdateNorm,
                CheckpointPath = checkpointPath,
                Resume = resume,
                JoinSecretHash = joinToken,
                Faults = faults,
            },
            ClientWait = wait,
            // Rows reach metrics.csv as rounds finish, so a restarted server continues the file.
            FaultsRecorded = recorded => RunFolder.RecordFaults(folder, (resume?.Round ?? 0) + 1, recorded),
            Progress = round =>
            {
                RunFolder.AppendRound(folder, round.Metrics);
                progress(round.Metrics);
            },
            Waiting = registered => console.Info($"{registered} of {minClients} clients registered"),
            Refused = (clientId, reason) => Console.Error.WriteLine($"scalefl: refused client {clientId}: {reason}"),
            DeviceMeasured = record => DevicesFile.Append(folder, record),
        };

        await using var node = await ClusterNode.StartAsync(nodeOptions, ct);
        console.Info($"Server {method} listening at {node.SeedAddress} ({node.WeightsPath}); clients join with: scalefl client --seed-node {node.SeedAddress} ...");
        var clock = Stopwatch.StartNew();
        try
        {
            var result = await FederationServer.RunAsync(node.System, plan, ct);
            var run = result.ToRunResult();
            if (resume is null || run.Rounds.Count > 0 || FinishedRun.Settle(runOptions, method, resume, run, MethodRunner.Notice) is null)
            {
                RunFolder.Write(runOptions, method, run, clock.Elapsed.TotalSeconds);
            }

            console.Info($"Final accuracy {result.FinalEvaluation.Accuracy:P2} after {(resume?.Round ?? 0) + result.Rounds.Count} rounds; results in {folder}");
            return 0;
        }
        catch (ClientWaitException error)
        {
            Console.Error.WriteLine($"scalefl: {error.Message}");
            return 1;
        }
        catch (InvalidOperationException error)
        {
            Console.Error.WriteLine($"scalefl: {error.Message}");
            return 1;
        }
    }

    /// <summary>
    /// A resumed run whose checkpoint holds every round (stopped before its results were written, or
    /// finished with its <c>final.ckpt</c> lost): the final evaluation needs no device, so it runs here
    /// at once, as <c>simulate --resume</c> does, instead of waiting for devices to train nothing.
    /// </summary>
    private static async Task<int> SettleWithoutDevicesAsync(
        ExperimentSetup setup, ExperimentOptions runOptions, string method, Core.Checkpoints.Checkpoint resume, RunConsole console, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var run = await ExperimentSimulation.RunAsync(setup, method, _ => { }, ct, RunFolder.CheckpointPathOf(runOptions, method), resume, _ => { });
        var rebuilt = false;
        if (FinishedRun.Settle(runOptions, method, resume, run, text => { rebuilt = true; MethodRunner.Notice(text); }) is not null)
        {
            CompletedRun.Say(runOptions, method, resume.Round, rebuilt ? "final.ckpt rebuilt, nothing else changed" : null);
            return 0;
        }

        RunFolder.Write(runOptions, method, run, clock.Elapsed.TotalSeconds);
        console.Info($"Final accuracy {run.FinalEvaluation.Accuracy:P2} after {resume.Round} rounds; results in {RunFolder.PathOf(runOptions, method)}");
        return 0;
    }

    private static TimeSpan? Seconds(int? value, string field) => value switch
    {
        null => null,
        > 0 => TimeSpan.FromSeconds(value.Value),
        _ => throw new ExperimentException($"{field}: '{value}' is not allowed; allowed: at least 1 second."),
    };
}

