using ScaleFL.Core.Data;
using ScaleFL.Core.Memory;
using ScaleFL.Core.Methods;
using ScaleFL.Core.Models;
using ScaleFL.Core.Simulation;
using ScaleFL.Core.Training;

namespace ScaleFL.Cli.Bench;

/// <summary>
/// A ScaleFL run of small-resnet on synthetic 28x28 images for the overhead and scale benches:
/// every client holds <c>samplesPerClient</c> images and a budget large enough for every stage, so
/// the planner's choices depend only on the seed.
/// </summary>
internal sealed class BenchRun : IDisposable
{
    public const string ModelName = "small-resnet";

    public const int Seed = 42;

    private static readonly ImageShape Shape = new(1, 28, 28);

    public BenchRun(int clients, int perRound, int rounds, int samplesPerClient, int batchSize, int testSamples)
    {
        Train = SyntheticDataset.Create(clients * samplesPerClient, Shape, 10, Seed);
        Test = SyntheticDataset.Create(testSamples, Shape, 10, Seed + 1);
        var views = Enumerable.Range(0, clients)
            .Select(id => new ClientDataView(Train, Enumerable.Range(id * samplesPerClient, samplesPerClient).ToArray()))
            .ToList();
        Settings = new DriverSettings
        {
            ModelFactory = () => ModelCatalog.Create(ModelName, Shape, 10, Seed),
            Method = MethodCatalog.Create("scalefl", new CurriculumObjectiveFactory()),
            Schedule = new SequentialSchedule(4, Math.Max(1, (rounds + 3) / 4)),
            MemoryModel = new ProbedMemoryModel(),
            TestData = Test,
            ClientData = views,
            Clients = Enumerable.Range(0, clients).Select(id => new ClientProfile(id, 1L << 40, 1.0, 0.0)).ToList(),
            Rounds = rounds,
            ClientsPerRound = perRound,
            Training = new TrainingOptions { BatchSize = batchSize },
            Seed = Seed,
            EvalMaxSamples = testSamples,
        };
    }

    public ImageDataset Train { get; }

    public ImageDataset Test { get; }

    public DriverSettings Settings { get; }

    public void Dispose()
    {
        Train.Dispose();
        Test.Dispose();
    }
}
