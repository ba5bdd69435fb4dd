using ScaleFL.Core.Data;
using ScaleFL.Core.Methods;
using ScaleFL.Core.Simulation;
using ScaleFL.Core.Training;

namespace ScaleFL.TestSupport;

/// <summary>
/// Eight clients holding IID shares (runs of one sample per class) of 320 synthetic 8x8 training
/// images, and 80 test images drawn from the same class prototypes. The driver tests and the
/// actor tests share it, so the runtime can be compared with the in-process driver.
/// </summary>
public abstract class TinyFederation : IDisposable
{
    public const int ClientCount = 8;

    private readonly TrainingOptions training;

    protected TinyFederation(TrainingOptions training)
    {
        this.training = training;
        using var all = TinyData.Create(400, seed: 5);
        var trainIndices = Enumerable.Range(0, 320).ToArray();
        var testIndices = Enumerable.Range(320, 80).ToArray();
        Train = new ImageDataset("train", all.Images(trainIndices), trainIndices.Select(i => all.Labels[i]).ToArray(), TinyData.Classes);
        Test = new ImageDataset("test", all.Images(testIndices), testIndices.Select(i => all.Labels[i]).ToArray(), TinyData.Classes);
        ClientData = Enumerable.Range(0, ClientCount)
            .Select(client => new ClientDataView(Train, trainIndices.Where(i => i / TinyData.Classes % ClientCount == client).ToArray()))
            .ToList();
    }

    public ImageDataset Train { get; }

    public ImageDataset Test { get; }

    public IReadOnlyList<ClientDataView> ClientData { get; }

    /// <summary>Settings every budget of which fits every stage, with a stopped clock so metrics compare exactly.</summary>
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
        Training = training,
        Seed = 42,
        EvalBatchSize = 40,
        Time = new StoppedClock(),
    };

    /// <summary>
    /// A width-scaled method (<c>heterofl</c>, <c>fedrolex</c>) on small-resnet with static BN,
    /// where width r costs r x 1000 bytes and the budgets give widths 1, 1/2, 1/4, 1/8, 1/16, 1/16,
    /// 1/16 and one device too small for any.
    /// </summary>
    public DriverSettings WidthSettings(string method, int rounds) => Settings(method, new CyclicSchedule(4), rounds) with
    {
        ModelFactory = () => Core.Models.ModelCatalog.Create(
            Core.Models.SmallResNet.ModelName, TinyData.Shape, TinyData.Classes, seed: 1, width: new Core.Models.WidthScaling(1, staticBatchNorm: true)),
        MemoryModel = new WidthMemoryModel(1000),
        Clients = ClientProfile.FromBudgets(WidthBudgets),
    };

    /// <summary>
    /// DepthFL on the tiny three-block model, where depth d costs d x 300 bytes
    /// (<see cref="DepthMemoryModel"/>) and the budgets give depths 3, 3, 2, 2, 1, 1, 1 and one
    /// device too small for any.
    /// </summary>
    public DriverSettings DepthSettings(int rounds) => Settings("depthfl", new CyclicSchedule(3), rounds) with
    {
        MemoryModel = new DepthMemoryModel(300),
        Clients = ClientProfile.FromBudgets(DepthBudgets),
    };

    /// <summary>The budgets of <see cref="DepthSettings"/>, by client id.</summary>
    public static IReadOnlyList<long> DepthBudgets { get; } = [1000, 900, 800, 600, 500, 300, 300, 100];

    /// <summary>The budgets of <see cref="WidthSettings"/>, by client id.</summary>
    public static IReadOnlyList<long> WidthBudgets { get; } = [1000, 600, 300, 200, 100, 70, 65, 10];

    public void Dispose()
    {
        Train.Dispose();
        Test.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>A clock that never advances: every measured duration is zero.</summary>
    private sealed class StoppedClock : TimeProvider
    {
        public override long GetTimestamp() => 0;
    }
}
