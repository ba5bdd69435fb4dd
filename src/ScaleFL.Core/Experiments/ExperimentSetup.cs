using ScaleFL.Core.Aggregation;
using ScaleFL.Core.Data;
using ScaleFL.Core.Harmonizer;
using ScaleFL.Core.Memory;
using ScaleFL.Core.Methods;
using ScaleFL.Core.Models;
using ScaleFL.Core.Objective;
using ScaleFL.Core.Simulation;
using ScaleFL.Core.Training;
using ScaleFL.Core.Weights;

namespace ScaleFL.Core.Experiments;

/// <summary>
/// What every method of one experiment shares: the data, its partition among clients and the
/// clients' memory budgets, all derived from the options' seed. Running several methods on one
/// setup compares them on identical clients.
/// </summary>
public sealed class ExperimentSetup : IDisposable
{
    private ExperimentSetup(
        ExperimentOptions options, ImageDataset train, ImageDataset test, IReadOnlyList<ClientDataView> clientData,
        IReadOnlyList<ClientProfile> clients, MemoryFootprint fullModel, IMemoryModel memoryModel, WeightSet? initialWeights)
    {
        InitialWeights = initialWeights;
        Options = options;
        Train = train;
        Test = test;
        ClientData = clientData;
        Clients = clients;
        FullModelFootprint = fullModel;
        MemoryModel = memoryModel;
    }

    /// <summary>The validated options.</summary>
    public ExperimentOptions Options { get; }

    /// <summary>The training set all clients' views point into.</summary>
    public ImageDataset Train { get; }

    /// <summary>The test set.</summary>
    public ImageDataset Test { get; }

    /// <summary>Each client's share of <see cref="Train"/>, by client id.</summary>
    public IReadOnlyList<ClientDataView> ClientData { get; }

    /// <summary>The simulated devices with their memory budgets.</summary>
    public IReadOnlyList<ClientProfile> Clients { get; }

    /// <summary>Training footprint of the whole model, which relative budgets scale.</summary>
    public MemoryFootprint FullModelFootprint { get; }

    /// <summary>The memory model deciding who may train which stage.</summary>
    public IMemoryModel MemoryModel { get; }

    /// <summary>Weights every model starts from (<see cref="ExperimentOptions.InitWeights"/>); null for the seeded initialization.</summary>
    public WeightSet? InitialWeights { get; }

    /// <summary>The optimizer the options imply, for memory estimates.</summary>
    public OptimizerKind Optimizer => Options.Momentum > 0 ? OptimizerKind.SgdMomentum : OptimizerKind.Sgd;

    /// <summary>
    /// Validates the options, loads the dataset, splits it and draws budgets. Throws
    /// <see cref="ExperimentException"/> or <see cref="DatasetException"/> naming the problem.
    /// </summary>
    /// <param name="options">The experiment.</param>
    /// <param name="memoryModel">
    /// The memory model that sizes stages and, through the full model's footprint, the
    /// <c>relative:</c> budgets; the command line passes one calibrated with the framework's
    /// measured fixed cost (<see cref="ProbedMemoryModel.FrameworkBytes"/>). Default: a
    /// <see cref="ProbedMemoryModel"/> without it, so that tests do not depend on the machine.
    /// </param>
    public static ExperimentSetup Prepare(ExperimentOptions options, IMemoryModel? memoryModel = null)
    {
        ExperimentValidator.Validate(options);
        var (train, test) = DatasetCatalog.Load(options.Dataset, options.DataPath, options.Seed, options.MaxTrainSamples);
        try
        {
            var partitioner = PartitionerCatalog.Parse(options.Partition);
            SetupChecks.Partition(options, partitioner, train.Count);
            var split = SetupChecks.Refusing("partition", () => partitioner
                .Split(train.Labels, train.ClassCount, options.Clients, Seeds.Derive(options.Seed, Seeds.Partition)));
            var clientData = split.Select(indices => new ClientDataView(train, indices)).ToList();
            memoryModel ??= new ProbedMemoryModel();
            using var model = SetupChecks.Refusing("model", () => CreateModel(options, train));
            CheckCurriculum(options, model.StageCount);
            var optimizer = options.Momentum > 0 ? OptimizerKind.SgdMomentum : OptimizerKind.Sgd;
            var fullModel = memoryModel.Estimate(model, CoAdaptationPlan.FullModel(model), options.BatchSize, optimizer);
            var budgets = SetupChecks.Refusing("budgets", () => BudgetSpec.Parse(options.Budgets)
                .Draw(options.Clients, fullModel.TotalBytes, Seeds.Derive(options.Seed, Seeds.Budgets)));
            var clients = Profiles(options, budgets);
            var initial = options.InitWeights is { } path ? SetupChecks.Refusing("init", () => Weights.InitialWeights.Read(path, model)) : null;
            return new ExperimentSetup(options, train, test, clientData, clients, fullModel, memoryModel, initial);
        }
        catch
        {
            train.Dispose();
            test.Dispose();
            throw;
        }
    }

    /// <summary>A fresh model with the run's seeded initial weights.</summary>
    public StagedModel CreateModel() => CreateModel(WidthScaling.Full);

    /// <summary>
    /// A fresh model built at <paramref name="width"/> (static BatchNorm for the width-scaled
    /// methods) with the run's seeded initial weights, on <see cref="ExperimentOptions.ComputeDevice"/>.
    /// </summary>
    public StagedModel CreateModel(WidthScaling width)
    {
        var model = CreateModel(Options, Train, width);
        if (InitialWeights is not null)
        {
            ModuleWeights.Load(model, InitialWeights);
        }

        // Seeded on the CPU, then moved: the initial weights do not depend on the device.
        return model.PlaceOn(Options.ComputeDevice.Torch);
    }

    /// <summary>Runs <paramref name="method"/> on this setup.</summary>
    public RunResult Run(string method, Action<RoundMetrics>? progress, CancellationToken ct) =>
        InProcessDriver.Run(DriverSettings(method, progress), ct);

    /// <summary>The driver settings of <paramref name="method"/> on this setup.</summary>
    public DriverSettings DriverSettings(string method, Action<RoundMetrics>? progress)
    {
        using var probe = CreateModel(Options, Train);
        var stageCount = probe.StageCount;
        var (catalogName, elastic) = MethodVariant.Parse(method);
        var definition = MethodCatalog.Create(catalogName, CurriculumFactory(), AggregationCatalog.Parse(Options.Aggregation));
        if (definition.IsWidthScaled && !ModelCatalog.WidthSliceable.Contains(Options.Model))
        {
            throw new ExperimentException(
                $"method '{method}' cannot slice model '{Options.Model}'; width-scaled methods need one of: {string.Join(", ", ModelCatalog.WidthSliceable)}.");
        }

        return new DriverSettings
        {
            ModelFactory = !definition.IsWidthScaled ? CreateModel : () => CreateModel(definition.ModelWidth),
            Method = definition,
            Schedule = Schedule(stageCount),
            MemoryModel = MemoryModel,
            TestData = Test,
            ClientData = ClientData,
            Clients = Clients,
            Rounds = Options.Rounds,
            ClientsPerRound = Options.PerRound,
            Training = new TrainingOptions
            {
                LearningRate = Options.LearningRate,
                Momentum = Options.Momentum,
                WeightDecay = Options.WeightDecay,
                LocalEpochs = Options.LocalEpochs,
                BatchSize = Options.BatchSize,
                OutputLearningRateScale = Options.OutputLrScale,
                ElasticBatches = elastic || Options.MicroBatches == "auto",
            },
            Seed = Options.Seed,
            MaxUpdateNorm = Options.MaxUpdateNorm,
            ModelName = Options.Model,
            Fingerprint = ExperimentFingerprint.Of(Options, method).Text,
            EvalMaxSamples = Options.EvalSamples,
            Progress = progress,
            HsicProbe = Options.RecordHsicPlane
                ? new HsicProbe(Test, Seeds.Derive(Options.Seed, Seeds.HsicProbe), bandwidth: HsicBandwidths.Parse(Options.HsicBandwidth))
                : null,
        };
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Train.Dispose();
        Test.Dispose();
    }

    private CurriculumObjectiveFactory CurriculumFactory() =>
        new CurriculumObjectiveFactory(Options.Lambda1, Options.Lambda2, HsicBandwidths.Parse(Options.HsicBandwidth));

    private ISchedule Schedule(int stageCount)
    {
        if (Options.Schedule == "cyclic")
        {
            return new CyclicSchedule(stageCount);
        }

        // The round budget is split evenly; earlier blocks get the remainder since later ones build on them.
        var perBlock = Enumerable.Range(0, stageCount)
            .Select(stage => Math.Max(1, (Options.Rounds / stageCount) + (stage < Options.Rounds % stageCount ? 1 : 0)))
            .ToArray();
        var plateau = Options.PlateauPatience > 0 ? new PlateauRule(Options.PlateauPatience, 0.001) : null;
        return new SequentialSchedule(perBlock, plateau);
    }

    private static List<ClientProfile> Profiles(ExperimentOptions options, IReadOnlyList<long> budgets)
    {
        // Stragglers are a seeded subset; their speed factor divides the simulated training time.
        var random = new Random(Seeds.Derive(options.Seed, Seeds.Stragglers));
        var order = Enumerable.Range(0, budgets.Count).ToArray();
        random.Shuffle(order);
        var stragglers = order.Take((int)Math.Round(options.StragglerShare * budgets.Count)).ToHashSet();
        return budgets
            .Select((budget, id) => new ClientProfile(
                id, budget, stragglers.Contains(id) ? 1.0 / options.StragglerSlowdown : 1.0, options.Dropout))
            .ToList();
    }

    private static void CheckCurriculum(ExperimentOptions options, int stageCount)
    {
        try
        {
            new CurriculumObjectiveFactory(options.Lambda1, options.Lambda2).Schedule(stageCount);
        }
        catch (ArgumentException error)
        {
            throw new ExperimentException($"lambda1/lambda2: {error.Message}", error);
        }
    }

    private static StagedModel CreateModel(ExperimentOptions options, ImageDataset train, WidthScaling? width = null) =>
        ModelCatalog.Create(
            options.Model, train.Shape, train.ClassCount, Seeds.Derive(options.Seed, Seeds.ModelInit), StandInStyle.Parse(options.StandIns), width);
}
