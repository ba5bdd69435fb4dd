using Akka.Actor;
using Akka.Configuration;
using ScaleFL.Runtime.Cluster;
using ScaleFL.Runtime.Devices;
using ScaleFL.Runtime.Faults;
using ScaleFL.Runtime.Harmonizer;
using ScaleFL.Runtime.Mentor;
using ScaleFL.Runtime.Serialization;
using ScaleFL.Runtime.Server;
using ScaleFL.Runtime.Workers;
using static ScaleFL.Runtime.Server.AggregatorProtocol;

namespace ScaleFL.Runtime.Simulation;

/// <summary>
/// Runs a federated method on actors: the server, the mentor, the harmonizer and one
/// <see cref="ClientDevice"/> per client profile. By default in one ActorSystem (no remoting),
/// the devices training on one shared bounded <see cref="TrainingExecutor"/>; with
/// <see cref="SimulationOptions.Workers"/> the server actors run on that cluster node and the
/// devices on worker processes, placed by Akka.Cluster.Sharding (<see cref="DevicePlacement"/>),
/// with the same profiles, so the same seed gives the same rounds.
/// </summary>
public static class SimulationHost
{
    private static readonly TimeSpan EndRunWait = DevicePlacement.EndAckWait + TimeSpan.FromSeconds(5);

    /// <summary>Runs <paramref name="options"/> to completion; cancelling stops the system.</summary>
    public static async Task<SimulationResult> RunAsync(SimulationOptions options, CancellationToken ct = default)
    {
        options.Validate();
        // Model factories seed libtorch's global generator and then draw the initial weights; two
        // actors building models at once would interleave the draws and change the server's start.
        var factoryGate = new Lock();
        var driver = options.Driver with
        {
            ModelFactory = () =>
            {
                lock (factoryGate)
                {
                    return options.Driver.ModelFactory();
                }
            },
        };
        var workers = options.Workers;
        using var executor = workers is null ? new TrainingExecutor(driver.ModelFactory, options.MaxConcurrentTraining) : null;
        var system = workers?.System ?? ActorSystem.Create(
            "scalefl-simulation", ConfigurationFactory.ParseString("akka.loglevel = WARNING\nakka.stdout-loglevel = WARNING\n" + Logging.ConsoleLogger.Hocon).WithFallback(RuntimeConfig.Local));
        IActorRef? placement = null;
        (IActorRef Server, IActorRef Observer)? run = null;
        var ended = new DevicePlacement.EndRun(false, 0, "the server's run was cancelled");
        try
        {
            var result = new TaskCompletionSource<SimulationResult>(TaskCreationOptions.RunContinuationsAsynchronously);
            var progress = options.Progress;
            if (driver.Progress is { } driverProgress)
            {
                progress += round => driverProgress(round.Metrics);
            }

            run = StartServer(system, options, driver, result, progress);
            var (server, observer) = run.Value;
            await server.Ask<SubscribeAck>(new Subscribe(observer), TimeSpan.FromSeconds(30), ct).ConfigureAwait(false);
            if (workers is null)
            {
                foreach (var client in driver.Clients)
                {
                    system.ActorOf(ClientProps(options, WorkerProtocol.HostDevice.Of(client, driver.SecondsPerStep).Settings(), server, executor!), $"client-{client.Id}");
                }
            }
            else
            {
                var devices = driver.Clients.Select(client => WorkerProtocol.HostDevice.Of(client, driver.SecondsPerStep)).ToList();
                var shortage = new WorkerShortage(workers.LocalWorkers, workers.RegistrationTimeout, driver.Time);
                placement = system.ActorOf(
                    DevicePlacement.Props(
                        DeviceShards.StartProxy(system), devices, workers.ExpectedWorkers, workers.Report, shortage, line => result.TrySetException(new WorkersGoneException(line)),
                        new Security.JoinVerifier(workers.JoinSecretHash, driver.Time)),
                    WorkerNames.Placement);
                var placed = placement;
                // Told, not awaited: a worker that exits after every one joined is a member leaving instead.
                workers.FirstLocalExit?.ContinueWith(exit => placed.Tell(exit.Result), TaskContinuationOptions.OnlyOnRanToCompletion);
            }

            server.Tell(new StartRun());
            var finished = await result.Task.WaitAsync(options.RunTimeout, ct).ConfigureAwait(false);
            // The last round's number (a resumed run's rounds start after its checkpoint's).
            ended = new DevicePlacement.EndRun(true, finished.Rounds.Count == 0 ? driver.Resume?.Round ?? 0 : finished.Rounds[^1].Metrics.Round, string.Empty);
            return finished;
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            ended = new DevicePlacement.EndRun(false, 0, error.Message);
            throw;
        }
        finally
        {
            if (run is { } started && !ended.Completed)
            {
                await RunObserver.ReportSavedRoundsAsync(started.Server, started.Observer).ConfigureAwait(false);
            }

            if (placement is not null)
            {
                // The workers exit on this word; without it they would wait to lose the server.
                await placement.Ask<DevicePlacement.EndRunAck>(ended, EndRunWait, CancellationToken.None).ContinueWith(_ => { }, TaskScheduler.Default).ConfigureAwait(false);
            }

            // Terminating stops the devices, which cancel their training; the executor is disposed after.
            // A cluster node's system is its owner's to stop (it leaves the cluster gracefully).
            if (workers is null)
            {
                await system.Terminate().ConfigureAwait(false);
            }
        }
    }

    /// <summary>The mentor, harmonizer and aggregator: at their well-known names on a server node (workers look them up), short names in one process.</summary>
    private static (IActorRef Server, IActorRef Observer) StartServer(
        ActorSystem system, SimulationOptions options, Core.Simulation.DriverSettings driver, TaskCompletionSource<SimulationResult> result, Action<RoundCompleted>? progress)
    {
        var onCluster = options.Workers is not null;
        var mentor = system.ActorOf(
            MentorProtocol.Props(new MentorSettings(driver.Training) { History = driver.Resume?.History ?? [] }, driver.Schedule, driver.Method.Objective, driver.MemoryModel, driver.ModelFactory),
            onCluster ? ClusterNames.Mentor : "mentor");
        var harmonizer = system.ActorOf(HarmonizerProtocol.Props(driver.Method.Plan, driver.ModelFactory), onCluster ? ClusterNames.Harmonizer : "harmonizer");
        var settings = options.AggregatorSettings();
        if (options.Workers is { } workers)
        {
            settings = settings with { Experiment = workers.Experiment, JoinSecretHash = workers.JoinSecretHash, RegistrationTimeout = workers.RegistrationTimeout };
        }

        var server = system.ActorOf(
            AggregatorProtocol.Props(settings, mentor, harmonizer, driver.Method, driver.ModelFactory, driver.TestData, driver.Time), onCluster ? ClusterNames.Aggregator : "server");
        var observer = system.ActorOf(RunObserver.Props(result, progress, faultsRecorded: options.FaultsRecorded), onCluster ? ClusterNames.Observer : "observer");
        return (server, observer);
    }

    /// <summary>A plain device, or one behind a <see cref="FaultInjector"/> when the plan names the client.</summary>
    private static Props ClientProps(SimulationOptions options, ClientDeviceSettings settings, IActorRef server, TrainingExecutor executor)
    {
        var driver = options.Driver;
        var data = driver.ClientData[settings.ClientId];
        var plan = options.Faults.For(settings.ClientId);
        return plan.Faults.Count == 0
            ? ClientDeviceProtocol.Props(settings, server, data, executor, driver.Time)
            : FaultInjection.Props(settings, server, data, executor, driver.Time, plan);
    }
}
