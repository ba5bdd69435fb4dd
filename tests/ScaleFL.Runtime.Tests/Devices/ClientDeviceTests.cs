using Akka.Actor;
using Akka.TestKit;
using ScaleFL.Core.Harmonizer;
using ScaleFL.Core.Memory;
using ScaleFL.Core.SubModels;
using ScaleFL.Core.Objective;
using ScaleFL.Core.Training;
using ScaleFL.Core.Weights;
using ScaleFL.Runtime.Devices;
using ScaleFL.Runtime.Tests.TestModels;
using static ScaleFL.Runtime.Devices.ClientDeviceProtocol;
using static ScaleFL.Runtime.Server.AggregatorProtocol;

namespace ScaleFL.Runtime.Tests.Devices;

[Collection(TorchCollection.Name)]
public sealed class ClientDeviceTests : Akka.TestKit.Xunit2.TestKit, IClassFixture<RuntimeFixture>
{
    private readonly RuntimeFixture fixture;
    private readonly TrainingExecutor executor = new(() => TinyData.Model(), 1);
    private readonly TestProbe server;

    public ClientDeviceTests(RuntimeFixture fixture)
        : base(RuntimeFixture.Config)
    {
        this.fixture = fixture;
        server = CreateTestProbe();
        // Only the tests about it look at the start notice a device sends before its update.
        server.IgnoreMessages<TrainingStarted>();
    }

    [Fact]
    public void Client_registers_with_its_budget_and_sample_count()
    {
        var device = Device(budget: 500);

        var registration = server.ExpectMsg<RegisterClient>();

        Assert.Equal((2, 500L, fixture.ClientData[2].Count, 0.5), (registration.ClientId, registration.BudgetBytes, registration.SampleCount, registration.SpeedFactor));
        Assert.Equal(device, registration.Device);
    }

    [Fact]
    public void Client_over_budget_declines_with_the_reason()
    {
        var device = Device(budget: 500);
        server.ExpectMsg<RegisterClient>();

        server.Send(device, Task(requiredBytes: 501));

        var declined = server.ExpectMsg<TaskDeclined>();
        Assert.Equal((2, 1), (declined.ClientId, declined.Round));
        Assert.Contains("below the stage's 501 bytes", declined.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Client_trains_and_replies_with_only_the_trainable_names()
    {
        var device = Device(budget: 500);
        server.ExpectMsg<RegisterClient>();
        var task = Task(requiredBytes: 400);

        server.Send(device, task);

        var update = server.ExpectMsg<SubmitUpdate>(TimeSpan.FromSeconds(20));
        Assert.All(update.Weights.Names, name => Assert.True(task.Trainable.Contains(name), name));
        Assert.Contains("blocks.0.conv2.weight", update.Weights.Names);
        Assert.DoesNotContain("blocks.0.conv1.weight", update.Weights.Names);
        Assert.Equal((1, 7, fixture.ClientData[2].Count, 400L), (update.Round, update.ModelVersion, update.SampleCount, update.FootprintBytes));
        Assert.Equal(2 * 0.25 / 0.5, update.SimulatedSeconds, 9);
        Assert.Equal((task.Weights.ByteCount, update.Weights.ByteCount), (update.BytesDown, update.BytesUp));
    }

    [Fact]
    public void Client_trains_as_many_epochs_as_the_task_says_not_its_own()
    {
        var device = Device(budget: 500);
        server.ExpectMsg<RegisterClient>();
        var task = Task(requiredBytes: 0);

        server.Send(device, task with { Settings = Settings with { Training = RuntimeFixture.Training with { LocalEpochs = 3 } } });

        // Three epochs of two capped batches: six steps of 0.25 s on a device of half speed.
        Assert.Equal(6 * 0.25 / 0.5, server.ExpectMsg<SubmitUpdate>(TimeSpan.FromSeconds(20)).SimulatedSeconds, 9);
    }

    [Fact]
    public void Client_with_a_session_ignores_tasks_and_cancels_without_it_and_trains_the_servers()
    {
        var device = Device(budget: 500);
        server.ExpectMsg<RegisterClient>();
        server.Reply(new RegisterClientAck(2) { Session = "s3cret" });
        var outsider = CreateTestProbe();

        outsider.Send(device, Task(requiredBytes: 0));
        outsider.Send(device, Task(requiredBytes: 0) with { Session = "guessed" });
        outsider.Send(device, new CancelTraining(1));
        server.Send(device, Task(requiredBytes: 0) with { Session = "s3cret" });

        var update = server.ExpectMsg<SubmitUpdate>(TimeSpan.FromSeconds(20));
        Assert.Equal((1, "s3cret"), (update.Round, update.Session));
        // Answered in order: the forged tasks and cancel got no reply, and the device still answers.
        outsider.Send(device, new GetDeviceStatus());
        Assert.Equal(1, outsider.ExpectMsg<DeviceStatusResponse>().Round);
        outsider.ExpectNoMsg(TimeSpan.Zero);
    }

    [Fact]
    public void Client_takes_its_session_and_refusals_only_from_its_server()
    {
        var device = Device(budget: 500);
        server.ExpectMsg<RegisterClient>();
        server.Reply(new RegisterClientAck(2) { Session = "s3cret" });
        var outsider = CreateTestProbe();

        // An outsider's acknowledgement would hand it the session; its refusal would end the device.
        outsider.Send(device, new RegisterClientAck(2) { Session = "outsider" });
        outsider.Send(device, new RegisterClientRefused(2, "sent by an outsider"));
        outsider.Send(device, Task(requiredBytes: 0) with { Session = "outsider" });
        server.Send(device, Task(requiredBytes: 0) with { Session = "s3cret" });

        Assert.Equal("s3cret", server.ExpectMsg<SubmitUpdate>(TimeSpan.FromSeconds(20)).Session);
        outsider.Send(device, new GetDeviceStatus());
        outsider.ExpectMsg<DeviceStatusResponse>();
        outsider.ExpectNoMsg(TimeSpan.Zero);
    }

    [Fact]
    public void Client_trains_the_objective_the_task_names_with_its_lambdas()
    {
        var device = Device(budget: 500);
        server.ExpectMsg<RegisterClient>();
        // Acknowledged, so no repeated registration comes between the two updates.
        server.Reply(new RegisterClientAck(2));
        var task = Task(requiredBytes: 0);
        var curriculum = task with { Settings = Settings with { Objective = new ObjectiveSpec("curriculum", 0.5, 0.05, "fixed:5") } };

        server.Send(device, task);
        var plain = server.ExpectMsg<SubmitUpdate>(TimeSpan.FromSeconds(20));
        server.Send(device, curriculum);
        var weighted = server.ExpectMsg<SubmitUpdate>(TimeSpan.FromSeconds(20));

        // Same weights, data and batch order: only the nHSIC terms can change the loss.
        Assert.NotEqual(plain.Loss, weighted.Loss);
    }

    [Fact]
    public void Client_declines_a_task_whose_objective_it_does_not_know_and_says_which()
    {
        var device = Device(budget: 500);
        server.ExpectMsg<RegisterClient>();

        server.Send(device, Task(requiredBytes: 0) with { Settings = Settings with { Objective = ObjectiveSpec.CrossEntropy with { Name = "focal" } } });

        Assert.Contains("'focal'", server.ExpectMsg<TaskDeclined>().Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Client_that_starts_training_says_so_before_its_update()
    {
        server.IgnoreNoMessages();
        var device = Device(budget: 500);
        server.ExpectMsg<RegisterClient>();

        server.Send(device, Task(requiredBytes: 400));

        Assert.Equal((2, 1, 0), server.ExpectMsg<TrainingStarted>() is var started ? (started.ClientId, started.Round, started.Attempt) : default);
        server.ExpectMsg<SubmitUpdate>(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public void Client_cancelled_mid_round_takes_the_next_round_at_once_and_never_sends_the_cancelled_update()
    {
        server.IgnoreNoMessages();
        using var release = new ManualResetEventSlim();
        using var stalled = new TrainingExecutor(
            () =>
            {
                release.Wait(TimeSpan.FromSeconds(30));
                return TinyData.Model();
            },
            1);
        var device = Device(budget: 500, executor: stalled);
        server.ExpectMsg<RegisterClient>();
        // Acknowledged, so no registration retry comes between the messages checked below.
        server.Reply(new RegisterClientAck(2));
        server.Send(device, Task(requiredBytes: 400));
        server.ExpectMsg<TrainingStarted>();

        server.Send(device, new CancelTraining(1));
        Assert.True(server.ExpectMsg<CancelTrainingAck>().WasTraining);
        server.Send(device, Task(requiredBytes: 400) with { Round = 2 });
        release.Set();

        Assert.Equal(2, server.ExpectMsg<TrainingStarted>().Round);
        Assert.Equal(2, server.ExpectMsg<SubmitUpdate>(TimeSpan.FromSeconds(30)).Round);
        // The cancelled result reached the device before round 2's (one training slot); a status
        // reply next, in order, shows nothing was sent for it.
        server.Send(device, new GetDeviceStatus());
        Assert.False(server.ExpectMsg<DeviceStatusResponse>().Training);
    }

    [Fact]
    public void Client_that_wakes_up_to_a_task_older_than_one_it_saw_skips_it()
    {
        var device = Device(budget: 500);
        server.ExpectMsg<RegisterClient>();
        server.Send(device, Task(requiredBytes: 501) with { Round = 3 });
        server.ExpectMsg<TaskDeclined>();

        server.Send(device, Task(requiredBytes: 400) with { Round = 2 });

        // Messages from the device to the server stay in order: the status reply coming first means the stale task got no answer.
        server.Send(device, new GetDeviceStatus());
        Assert.False(server.ExpectMsg<DeviceStatusResponse>().Training);
    }

    [Fact]
    public void Client_registration_says_what_data_it_holds()
    {
        Device(budget: 500);

        var facts = server.ExpectMsg<RegisterClient>().Facts!;

        Assert.Equal((fixture.Train.Shape, fixture.Train.ClassCount), (facts.InputShape, facts.ClassCount));
    }

    [Fact]
    public void Client_that_drops_out_sends_nothing()
    {
        var device = Device(budget: 500, dropout: 1.0);
        server.ExpectMsg<RegisterClient>();

        server.Send(device, Task(requiredBytes: 0));

        server.ExpectNoMsg(TimeSpan.FromMilliseconds(300));
        device.Tell(new GetDeviceStatus());
        Assert.False(ExpectMsg<DeviceStatusResponse>().Training);
    }

    [Fact]
    public void Client_missing_a_block_declines_instead_of_training_on_a_partial_model()
    {
        var device = Device(budget: 500);
        server.ExpectMsg<RegisterClient>();
        var task = Task(requiredBytes: 0);

        server.Send(device, task with { Weights = task.Weights.Where(name => !name.StartsWith("outputs.", StringComparison.Ordinal)) });

        Assert.Contains("outputs.1.", server.ExpectMsg<TaskDeclined>().Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_measuring_device_measures_the_sub_model_its_task_names_and_trains_it_when_that_fits()
    {
        // The full network would need 1000 bytes, the depth-1 sub-model 100: a 500-byte device trains it.
        var gauge = new SubModelGauge(fullBytes: 1000, subModelBytes: 100);
        var device = Device(budget: 500, gauge: gauge);
        server.ExpectMsg<RegisterClient>();

        // Acknowledged, so no registration retry comes before the update (measuring takes a moment).
        server.Reply(new RegisterClientAck(2));
        using var model = TinyData.Model();
        var depth = DepthSubModel.For(model, 1);
        var slice = ModuleWeights.Extract(model, depth.Contains);
        var blocks = slice.Names.Select(BlockVersion.BlockOf).Distinct().Select(block => new BlockVersion(block, 0)).ToList();
        var task = new TrainStage(
            1, 0, 7, model.StageCount, CoAdaptationPlan.FullModel(model), 400, Settings with { SubModel = SubModelSpec.OfDepth(1) }, 42, blocks, slice);

        server.Send(device, task);

        var update = server.ExpectMsg<SubmitUpdate>(TimeSpan.FromSeconds(20));
        Assert.Equal([SubModelSpec.OfDepth(1)], gauge.Asked);
        Assert.Equal(100L, update.MeasuredBytes);
        Assert.All(update.Weights.Names, name => Assert.True(depth.Contains(name), name));
        Assert.Contains("outputs.0.", string.Join(" ", update.Weights.Names), StringComparison.Ordinal);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        executor.Dispose();
    }

    private IActorRef Device(long budget, double dropout = 0, TrainingExecutor? executor = null, IStagePeakGauge? gauge = null)
    {
        var settings = new ClientDeviceSettings
        {
            ClientId = 2,
            BudgetBytes = budget,
            SpeedFactor = 0.5,
            DropoutProbability = dropout,
            SecondsPerStep = 0.25,
        };
        return Sys.ActorOf(ClientDeviceProtocol.Props(settings, server.Ref, fixture.ClientData[2], executor ?? this.executor, gauge: gauge));
    }

    private static TaskSettings Settings { get; } = new(ObjectiveSpec.CrossEntropy, RuntimeFixture.Training, 42, CacheBlocks: false);

    private static TrainStage Task(long requiredBytes)
    {
        using var model = TinyData.Model();
        var trainable = CoAdaptationPlan.ForStage(model, 1, coAdapt: true);
        var slice = StageSlice.Of(ModuleWeights.Extract(model), trainable);
        var blocks = slice.Names.Select(BlockVersion.BlockOf).Distinct().Select(block => new BlockVersion(block, 0)).ToList();
        return new TrainStage(1, 0, 7, model.StageCount, trainable, requiredBytes, Settings, 42, blocks, slice);
    }
}

/// <summary>A device's own measurement: one figure for the full network, another for any sub-model a task names.</summary>
internal sealed class SubModelGauge(long fullBytes, long subModelBytes) : IStagePeakGauge
{
    public List<SubModelSpec?> Asked { get; } = [];

    public long PeakBytes(TrainableSet trainable, SubModelSpec? subModel, int batchSize)
    {
        lock (Asked)
        {
            Asked.Add(subModel);
        }

        return subModel is null ? fullBytes : subModelBytes;
    }
}
