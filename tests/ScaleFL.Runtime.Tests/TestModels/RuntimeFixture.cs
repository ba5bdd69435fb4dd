using ScaleFL.Core.Data;
using ScaleFL.Core.Methods;
using ScaleFL.Core.Simulation;
using ScaleFL.Core.Training;
using ScaleFL.Runtime.Serialization;

namespace ScaleFL.Runtime.Tests.TestModels;

/// <summary>
/// Eight clients with IID shares of 320 synthetic 8x8 images and 80 test images: the Core
/// driver tests' setting, so the actor runtime can be compared with the in-process driver.
/// </summary>
public sealed class RuntimeFixture : IDisposable
{
    public const int ClientCount = 8;

    public RuntimeFixture()
    {
        using var all = TinyData.Create(400, seed: 5);
        var trainIndices = Enumerable.Range(0, 320).ToArray();
        var testIndices = Enumerable.Range(320, 80).ToArray();
        Train = new ImageDataset("train", all.Images(trainIndices), trainIndices.Select(i => all.Labels[i]).ToArray(), TinyData.Classes);
        Test = new ImageDataset("test", all.Images(testIndices), testIndices.Select(i => all.Labels[i]).ToArray(), TinyData.Classes);
        ClientData = Enumerable.Range(0, ClientCount)
            .Select(client => new ClientDataView(Train, trainIndices.Where(i => i / TinyData.Classes % ClientCount == client).ToArray()))
            .ToList();
    }

    /// <summary>Actor system configuration: the runtime's serializers and the transport.</summary>
    public static Akka.Configuration.Config Config => RuntimeConfig.Local;

    public ImageDataset Train { get; }

    public ImageDataset Test { get; }

    public IReadOnlyList<ClientDataView> ClientData { get; }

    public static TrainingOptions Training { get; } = new() { LearningRate = 0.05, BatchSize = 16, LocalEpochs = 1, MaxBatchesPerEpoch = 2 };

    public DriverSettings Settings(string method, ISchedule schedule, int rounds) => new()
    {
        ModelFactory = () => TinyData.Model(seed: 1),
        Method = MethodCatalog.Create(method, new CrossEntropyObjectiveFactory()),
        Schedule = schedule,
        MemoryModel = new FakeMemoryModel([100, 100, 100], 100),
        TestData = Test,
        ClientData = ClientData,
        Clients = ClientProfile.FromBudgets(Enumerable.Repeat(1000L, ClientCount).ToList()),
        Rounds = rounds,
        ClientsPerRound = 4,
        Training = Training,
        Seed = 42,
        EvalBatchSize = 40,
        Time = new StoppedClock(),
    };

    public void Dispose()
    {
        Train.Dispose();
        Test.Dispose();
    }

    /// <summary>A clock that never advances: every measured duration is zero.</summary>
    public sealed class StoppedClock : TimeProvider
    {
        public override long GetTimestamp() => 0;
    }
}
