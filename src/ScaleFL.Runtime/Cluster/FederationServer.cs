using Akka.Actor;
using ScaleFL.Runtime.Harmonizer;
using ScaleFL.Runtime.Mentor;
using ScaleFL.Runtime.Server;
using ScaleFL.Runtime.Simulation;
using static ScaleFL.Runtime.Server.AggregatorProtocol;

namespace ScaleFL.Runtime.Cluster;

/// <summary>Not enough clients registered in time; the message says how many came and what to do.</summary>
public sealed class ClientWaitException(string message) : Exception(message);

/// <summary>
/// The server roles on a cluster node: the mentor, harmonizer and aggregator at their
/// well-known names (<see cref="ClusterNames"/>), a run observer, the wait for clients and the run.
/// </summary>
public static class FederationServer
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// Starts the server actors on <paramref name="system"/>, waits until
    /// <see cref="AggregatorSettings.ExpectedClients"/> devices registered (throwing
    /// <see cref="ClientWaitException"/> after <see cref="ServerPlan.ClientWait"/>), runs every
    /// round and returns the result. The actors stay until the system stops.
    /// </summary>
    public static async Task<SimulationResult> RunAsync(ActorSystem system, ServerPlan plan, CancellationToken ct = default)
    {
        plan.Validate();
        // Three actors build models at start; the factory seeds the global generator (see SimulationHost).
        var factoryGate = new Lock();
        Func<Core.Models.StagedModel> factory = () =>
        {
            lock (factoryGate)
            {
                return plan.ModelFactory();
            }
        };
        var result = new TaskCompletionSource<SimulationResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        var mentor = system.ActorOf(
            MentorProtocol.Props(new MentorSettings(plan.Aggregator.Training) { History = plan.Aggregator.Resume?.History ?? [] }, plan.Schedule, plan.Method.Objective, plan.MemoryModel, factory), ClusterNames.Mentor);
        var harmonizer = system.ActorOf(HarmonizerProtocol.Props(plan.Method.Plan, factory), ClusterNames.Harmonizer);
        var server = system.ActorOf(
            AggregatorProtocol.Props(plan.Aggregator, mentor, harmonizer, plan.Method, factory, plan.TestData), ClusterNames.Aggregator);
        var observer = system.ActorOf(RunObserver.Props(result, plan.Progress, plan.Refused, plan.DeviceMeasured, plan.FaultsRecorded), ClusterNames.Observer);
        await server.Ask<SubscribeAck>(new Subscribe(observer), TimeSpan.FromSeconds(30), ct).ConfigureAwait(false);

        await WaitForClientsAsync(server, plan, ct).ConfigureAwait(false);
        server.Tell(new StartRun());
        return await result.Task.WaitAsync(plan.RunTimeout, ct).ConfigureAwait(false);
    }

    private static async Task WaitForClientsAsync(IActorRef server, ServerPlan plan, CancellationToken ct)
    {
        var wanted = plan.Aggregator.ExpectedClients;
        var deadline = DateTime.UtcNow + plan.ClientWait;
        var reported = -1;
        while (true)
        {
            var status = await server.Ask<ServerStatusResponse>(new GetServerStatus(), TimeSpan.FromSeconds(10), ct).ConfigureAwait(false);
            if (status.RegisteredClients != reported)
            {
                reported = status.RegisteredClients;
                plan.Waiting?.Invoke(reported);
            }

            if (reported >= wanted)
            {
                return;
            }

            if (DateTime.UtcNow >= deadline)
            {
                throw new ClientWaitException(
                    $"only {reported} of {wanted} clients registered within {plan.ClientWait.TotalSeconds:F0} s; start more 'scalefl client' processes or lower --min-clients.");
            }

            await Task.Delay(PollInterval, ct).ConfigureAwait(false);
        }
    }
}
