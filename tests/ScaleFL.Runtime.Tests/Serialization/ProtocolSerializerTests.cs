using Akka.Serialization;
using ScaleFL.Core.Aggregation;
using ScaleFL.Core.Data;
using ScaleFL.Core.Experiments;
using ScaleFL.Core.Faults;
using ScaleFL.Core.Harmonizer;
using ScaleFL.Core.Memory;
using ScaleFL.Core.Objective;
using ScaleFL.Core.Simulation;
using ScaleFL.Core.SubModels;
using ScaleFL.Core.Training;
using ScaleFL.Core.Weights;
using ScaleFL.Runtime.Devices;
using ScaleFL.Runtime.Harmonizer;
using ScaleFL.Runtime.Mentor;
using ScaleFL.Runtime.Security;
using ScaleFL.Runtime.Server;
using ScaleFL.Runtime.Tests.TestModels;
using ScaleFL.Runtime.Workers;
using static ScaleFL.Runtime.Devices.ClientDeviceProtocol;
using static ScaleFL.Runtime.Harmonizer.HarmonizerProtocol;
using static ScaleFL.Runtime.Mentor.MentorProtocol;
using static ScaleFL.Runtime.Server.AggregatorProtocol;

namespace ScaleFL.Runtime.Tests.Serialization;

public sealed class ProtocolSerializerTests() : Akka.TestKit.Xunit2.TestKit(RuntimeFixture.Config)
{
    private static readonly WeightSet Weights = new([new NamedArray("blocks.1.conv.weight", [2, 2], [1, -2, 3.5f, 1e-8f]), new NamedArray("outputs.1.fc.bias", [1], [7])]);
    private static readonly TrainableSet Trainable = new(1, ["blocks.1.", "outputs.1.", "blocks.0.conv2."], ["blocks.0.conv2."], 0);
    private static readonly BlockVersion[] Blocks = [new("blocks.0.", 3), new("blocks.1.", 4)];
    private static readonly TaskSettings TaskSettings = new(
        new ObjectiveSpec("curriculum", 0.35, 0.2, "fixed:5"),
        new TrainingOptions { LearningRate = 0.03, Momentum = 0.5, WeightDecay = 1e-3, LocalEpochs = 3, BatchSize = 16, MaxBatchesPerEpoch = 4,
            OutputLearningRateScale = 2.5, MicroBatchSize = 8, ElasticBatches = true },
        1234,
        CacheBlocks: true);

    private static readonly ExperimentSpec Experiment = new("small-resnet", new ImageShape(1, 28, 28), 10, "fashion-mnist", "dirichlet:0.5", 3, 42, 600, "0123456789abcdef") { StandIns = "bn-linear" };
    private static readonly FaultPlan Plan = new(
    [
        new FaultEntry { Kind = FaultKind.Crash, Client = 3, Round = 2, AfterSteps = 4 },
        new FaultEntry { Kind = FaultKind.Drop, Client = 1, Round = 1, LastRound = 5, Fraction = 0.25 },
        new FaultEntry { Kind = FaultKind.Straggler, Client = 2, Round = 3, SpeedFactor = 0.1 },
    ]);

    private static readonly DeviceFacts Facts = new(new ImageShape(3, 32, 32), 100, "0123456789abcdef", ["small-resnet", "resnet18"]);

    public static TheoryData<string> MessageTypes => new(Samples(Akka.Actor.ActorRefs.Nobody).Select(sample => sample.GetType().Name).Except(LocalOnly));

    public static TheoryData<string> LocalOnlyTypes => new(LocalOnly);

    /// <summary>Subscriptions, run control and results: only the server's own process may send them.</summary>
    private static string[] LocalOnly =>
        [nameof(Subscribe), nameof(SubscribeAck), nameof(StartRun), nameof(GetServerStatus), nameof(ServerStatusResponse), nameof(RoundCompleted), nameof(RunCompleted), nameof(RunFailed), nameof(DeviceMemoryReported)];

    [Theory]
    [MemberData(nameof(MessageTypes))]
    public void Message_survives_a_serializer_round_trip(string typeName)
    {
        var message = Samples(TestActor).Single(sample => sample.GetType().Name == typeName);
        var serializer = (SerializerWithStringManifest)Sys.Serialization.FindSerializerFor(message);

        var bytes = serializer.ToBinary(message);
        var copy = serializer.FromBinary(bytes, serializer.Manifest(message));

        Assert.InRange(serializer.Identifier, 4101, 4105);
        Assert.IsType(message.GetType(), copy);
        Assert.Equal(bytes, serializer.ToBinary(copy));
    }

    [Theory]
    [MemberData(nameof(LocalOnlyTypes))]
    public void Local_only_message_from_the_wire_reads_as_a_refusal(string typeName)
    {
        var message = Samples(TestActor).Single(sample => sample.GetType().Name == typeName);
        var serializer = (SerializerWithStringManifest)Sys.Serialization.FindSerializerFor(message);

        var copy = serializer.FromBinary(serializer.ToBinary(message), serializer.Manifest(message));

        Assert.Equal(new RefusedFromWire(typeName), copy);
    }

    [Fact]
    public void Every_protocol_record_has_a_round_trip_sample()
    {
        var markers = new[] { typeof(IAggregatorMessage), typeof(IClientDeviceMessage), typeof(IMentorMessage), typeof(IHarmonizerMessage), typeof(WorkerProtocol.IWorkerMessage) };
        var records = typeof(AggregatorProtocol).Assembly.GetTypes()
            .Where(type => !type.IsInterface && markers.Any(marker => marker.IsAssignableFrom(type)))
            .Select(type => type.Name)
            .Order();

        Assert.Equal(records, Samples(TestActor).Select(sample => sample.GetType().Name).Order());
    }

    [Fact]
    public void Update_keeps_its_weights_held_blocks_and_session()
    {
        var update = (SubmitUpdate)Samples(TestActor).Single(sample => sample is SubmitUpdate);
        var serializer = Sys.Serialization.FindSerializerFor(update);

        var copy = (SubmitUpdate)Sys.Serialization.Deserialize(serializer.ToBinary(update), serializer.Identifier, "U");

        Assert.Equal(Weights["blocks.1.conv.weight"].Values, copy.Weights["blocks.1.conv.weight"].Values);
        Assert.Equal(Blocks, copy.HeldBlocks);
        Assert.Equal("5e55", copy.Session);
        Assert.Equal(95_000_000, copy.MeasuredBytes);
    }

    [Fact]
    public void Task_keeps_every_setting_of_the_round_and_registration_keeps_what_the_device_holds()
    {
        var task = (TrainStage)Samples(TestActor).Single(sample => sample is TrainStage);
        var registration = (RegisterClient)Samples(TestActor).Single(sample => sample is RegisterClient);
        var experiment = (ExperimentResponse)Samples(TestActor).Single(sample => sample is ExperimentResponse);

        Assert.Equal(TaskSettings, RoundTrip(task).Settings);
        Assert.Equal("0a1b", RoundTrip(task).Session);
        Assert.Equal("0a1b", RoundTrip((CancelTraining)Samples(TestActor).Single(sample => sample is CancelTraining)).Session);
        var facts = RoundTrip(registration).Facts!;
        Assert.Equal((Facts.InputShape, Facts.ClassCount, Facts.Fingerprint), (facts.InputShape, facts.ClassCount, facts.Fingerprint));
        Assert.Equal(Facts.Models, facts.Models);
        Assert.True(RoundTrip(registration).MeasuresOwnMemory);
        Assert.Equal(Experiment, RoundTrip(experiment).Experiment);
        Assert.Equal(Plan.Faults, RoundTrip(experiment).Faults.Faults);
    }

    [Theory]
    [InlineData(99, 3, "fault kind 99")]
    [InlineData(0, -1, "faults[0].client is -1")]
    public void Fault_plan_from_the_wire_with_an_unknown_kind_or_a_bad_entry_is_refused(int kind, int client, string expected)
    {
        var serializer = (SerializerWithStringManifest)Sys.Serialization.FindSerializerFor(new ExperimentResponse(null));
        var bytes = serializer.ToBinary(new ExperimentResponse(null) { Faults = new FaultPlan([new FaultEntry { Kind = FaultKind.Crash, Client = 3, Round = 2 }]) });
        // The plan's first entry starts after the null flag and the entry count: its kind, then its client.
        BitConverter.TryWriteBytes(bytes.AsSpan(5), kind);
        BitConverter.TryWriteBytes(bytes.AsSpan(9), client);

        var error = Assert.Throws<System.Runtime.Serialization.SerializationException>(() => serializer.FromBinary(bytes, serializer.Manifest(new ExperimentResponse(null))));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_width_scaled_task_keeps_its_sub_model_and_the_mentor_answer_its_width_ladder()
    {
        var task = new TrainStage(2, 0, 9, 3, Trainable, 4096, TaskSettings with { SubModel = new SubModelSpec(0.125, WidthSlicing.Rolling) }, 42, Blocks, Weights);
        var ladder = SubModelLadder.Of(
        [
            new SubModelRung(new SubModelSpec(1, WidthSlicing.Prefix), new MemoryFootprint(1, 2, 3, 4, 5, 6, 7), [new NamedArray("blocks.0.w", [16, 3, 3, 3], [])]),
            new SubModelRung(new SubModelSpec(0.5, WidthSlicing.Prefix), new MemoryFootprint(1, 1, 1, 1, 1, 1, 1), [new NamedArray("blocks.0.w", [8, 3, 3, 3], [])]),
        ]);
        var answer = new RequiredMemoryResponse([new BatchFootprint(64, ladder.Narrowest.Footprint, ladder.Rungs[0].Footprint)]) { SubModels = ladder };

        Assert.Equal(new SubModelSpec(0.125, WidthSlicing.Rolling), RoundTrip(task).Settings.SubModel);
        var roundTripped = RoundTrip(answer);
        Assert.Equal(ladder.Narrowest.Footprint, roundTripped.Stage);
        var read = roundTripped.SubModels!;
        Assert.Equal([1.0, 0.5], read.Rungs.Select(rung => rung.Ratio));
        Assert.Equal(ladder.Narrowest.Footprint, read.Narrowest.Footprint);
        Assert.Equal([8L, 3, 3, 3], read.Narrowest.Layout[0].Shape);
        Assert.Equal(SubModelFamily.Width, RoundTrip(new GetRequiredMemory(Trainable) { SubModels = SubModelFamily.Width }).SubModels);
        Assert.Null(RoundTrip(new GetRequiredMemory(Trainable)).SubModels);
    }

    [Fact]
    public void A_depth_task_keeps_its_depth_and_the_mentor_answer_its_depth_ladder()
    {
        var task = new TrainStage(2, 0, 9, 3, Trainable, 4096, TaskSettings with { SubModel = SubModelSpec.OfDepth(2) }, 42, Blocks, Weights);
        var ladder = SubModelLadder.Of(
        [
            new SubModelRung(SubModelSpec.OfDepth(2), new MemoryFootprint(1, 2, 3, 4, 5, 6, 7), [new NamedArray("blocks.1.w", [16, 3, 3, 3], [])]),
            new SubModelRung(SubModelSpec.OfDepth(1), new MemoryFootprint(1, 1, 1, 1, 1, 1, 1), [new NamedArray("blocks.0.w", [16, 3, 3, 3], [])]),
        ]);
        var answer = new RequiredMemoryResponse([new BatchFootprint(64, ladder.Narrowest.Footprint, ladder.Rungs[0].Footprint)]) { SubModels = ladder };

        Assert.Equal(SubModelSpec.OfDepth(2), RoundTrip(task).Settings.SubModel);
        Assert.Equal([2, 1], RoundTrip(answer).SubModels!.Rungs.Select(rung => rung.Spec.Depth ?? 0));
        Assert.Equal(SubModelFamily.Depth, RoundTrip(new GetRequiredMemory(Trainable) { SubModels = SubModelFamily.Depth }).SubModels);
    }

    private T RoundTrip<T>(T message)
        where T : class
    {
        var serializer = (SerializerWithStringManifest)Sys.Serialization.FindSerializerFor(message);
        return (T)serializer.FromBinary(serializer.ToBinary(message), serializer.Manifest(message));
    }

    [Theory]
    [InlineData(0.05)]
    [InlineData(null)]
    public void A_device_placement_keeps_every_field_of_the_profile(double? secondsPerStep)
    {
        var host = new WorkerProtocol.HostDevice(7, 123_456_789_012, 0.25, 0.1, secondsPerStep);

        Assert.Equal(host, RoundTrip(host));
    }

    private static object[] Samples(Akka.Actor.IActorRef actor) =>
    [
        new RegisterClient(3, 123_456_789_012, 40, 0.5, actor) { JoinToken = "ab12", Facts = Facts, MeasuresOwnMemory = true },
        new ClientRefused(3, "input shape: the server's model takes 1x28x28; this device's data is 3x32x32"),
        new GetExperiment(),
        new ExperimentResponse(Experiment) { Faults = Plan },
        new FaultInjected(3, 2, FaultKind.Duplicate, "update sent twice") { Session = "5e55" },
        new RegisterClientAck(3) { Session = "5e55" },
        new RegisterClientRefused(3, "wrong or missing join secret"),
        new Subscribe(actor),
        new SubscribeAck(actor),
        new StartRun(),
        new GetServerStatus(),
        new ServerStatusResponse(8, 2, "Collecting"),
        new SubmitUpdate(3, 2, 1, 9, Weights, 40, 1.25, 0.5, 2.0, 1000, 64, 24, Blocks) { Session = "5e55", MeasuredBytes = 95_000_000 },
        new TaskDeclined(3, 2, 0, "over budget") { Session = "5e55", MeasuredBytes = 96_000_000 },
        new DeviceMemoryReported(new DeviceMemoryRecord(3, 90_000_000, 1, 32, 110_000_000, 96_000_000, false)),
        new DropoutAnnounced(3, 2, 1) { Session = "5e55" },
        new RoundCompleted(
            new RoundMetrics(2, 1, 0.5, null, 1.1, 8, 4, 3, 1, 1.5, 3.0, 4.0, 100, 60)
            {
                Participants = [1, 4, 7],
                HsicPoints = [new HsicPlanePoint(0, 0.9, 0.4), new HsicPlanePoint(1, 0.7, 0.6)],
                Rejected = [new RejectionCount("not-finite", 2)],
            },
            1, 1, 0, 0, 2, false),
        new RunCompleted(5, Weights, 0.75, 0.6, 80, 1),
        new RunFailed(4, "mentor did not answer"),
        new TrainStage(2, 1, 9, 3, Trainable, 4096, TaskSettings, 42, Blocks, Weights) { Session = "0a1b" },
        new GetDeviceStatus(),
        new DeviceStatusResponse(3, true, 2, 4),
        new CancelTraining(2) { Session = "0a1b" },
        new CancelTrainingAck(3, 2, true),
        new RunEnded(false, 4, "final evaluation: disk full"),
        new RunEndedAck(3),
        new TrainingStarted(3, 2, 1) { Session = "5e55" },
        new GetRoundStage(4),
        new RoundStageResponse(4, 1, false, new ObjectiveSpec("curriculum", 0.275, 0.275, "median")),
        new GetRequiredMemory(Trainable),
        new RequiredMemoryResponse(
        [
            new BatchFootprint(64, new MemoryFootprint(1, 2, 3, 4, 5, 11, 12), new MemoryFootprint(6, 7, 8, 9, 10, 13, 14)),
            new BatchFootprint(32, new MemoryFootprint(21, 2, 3, 4, 5, 11, 12), new MemoryFootprint(26, 7, 8, 9, 10, 13, 14)),
        ]),
        new GetTrainableSet(1),
        new TrainableSetResponse(1, Trainable),
        new WorkerProtocol.HostDevice(7, 123_456_789_012, 0.25, 0.1, 0.05),
        new WorkerProtocol.DeviceHosted(7),
        new WorkerProtocol.WorkerRunEnded(false, 4, "final evaluation: disk full"),
        new WorkerProtocol.WorkerRunEndedAck(),
        new WorkerProtocol.JoinWorker("v1.1700000000000.00112233445566778899aabbccddeeff.mac"),
        new WorkerProtocol.WorkerAdmitted(),
        new WorkerProtocol.WorkerRefused("wrong or missing join secret"),
    ];
}
