using Akka.Actor;
using Akka.Configuration;
using ScaleFL.Runtime.Devices;
using ScaleFL.Runtime.Faults;
using ScaleFL.Runtime.Harmonizer;
using ScaleFL.Runtime.Mentor;
using ScaleFL.Runtime.Serialization;
using ScaleFL.Runtime.Server;
using static ScaleFL.Runtime.Server.AggregatorProtocol;

namespace ScaleFL.Runtime.Simulation;

/// <summary>
/// Runs a federated method on actors in one process: one ActorSystem (no remoting) with the
/// server, the mentor, the harmonizer and one <see cref="ClientDevice"/> per client profile,
/// training on one shared bounded <see cref="TrainingExecutor"/>.
/// </summary>
public static class SimulationHost
{
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
        var config = ConfigurationFactory.ParseString("akka.loglevel = WARNING\nakka.stdout-loglevel = WARNING").WithFallback(RuntimeConfig.Local);
        using var executor = new TrainingExecutor(driver.ModelFactory, options.MaxConcurrentTraining);
        var system = ActorSystem.Create("scalefl-simulation", config);
        try
        {
            var result = new TaskCompletionSource<SimulationResult>(TaskCreationOptions.RunContinuationsAsynchronously);
            var progress = options.Progress;
            if (driver.Progress is { } driverProgress)
            {
                progress += round => driverProgress(round.Metrics);
            }

            var mentor = system.ActorOf(
                MentorProtocol.Props(new MentorSettings(driver.Training) { History = driver.Resume?.History ?? [] }, driver.Schedule, driver.Method.Objective, driver.MemoryModel, driver.ModelFactory), "mentor");
            var harmonizer = system.ActorOf(HarmonizerProtocol.Props(driver.Method.Plan, driver.ModelFactory), "harmonizer");
            var server = system.ActorOf(
                AggregatorProtocol.Props(options.AggregatorSettings(), mentor, harmonizer, driver.Method, driver.ModelFactory, driver.TestData, driver.Time), "server");
            var observer = system.ActorOf(RunObserver.Props(result, progress, faultsRecorded: options.FaultsRecorded), "observer");
            await server.Ask<SubscribeAck>(new Subscribe(observer), TimeSpan.FromSeconds(30), ct).ConfigureAwait(false);
            foreach (var client in driver.Clients)
            {
                var settings = new ClientDeviceSettings
                {
                    ClientId = client.Id,
                    BudgetBytes = client.MemoryBudgetBytes,
                    SpeedFactor = client.SpeedFactor,
                    DropoutProbability = client.DropoutProbability,
                    AnnounceDropouts = true,
                    SecondsPerStep = driver.SecondsPerStep,
                };
                system.ActorOf(ClientProps(options, settings, server, executor), $"client-{client.Id}");
            }

            server.Tell(new StartRun());
            return await result.Task.WaitAsync(options.RunTimeout, ct).ConfigureAwait(false);
        }
        finally
        {
            // Terminating stops the devices, which cancel their training; the executor is disposed after.
            await system.Terminate().ConfigureAwait(false);
        }
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
