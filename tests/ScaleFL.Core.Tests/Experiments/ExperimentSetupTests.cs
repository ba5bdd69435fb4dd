using ScaleFL.Core.Experiments;
using ScaleFL.Core.Models;
using ScaleFL.Core.Objective;

namespace ScaleFL.Core.Tests.Experiments;

/// <summary>End to end through the real default model: the integration test of the method.</summary>
[Collection(TorchCollection.Name)]
public sealed class ExperimentSetupTests : IDisposable
{
    private readonly string output = Directory.CreateTempSubdirectory("scalefl-run-").FullName;

    private ExperimentOptions ShortSyntheticRun => new()
    {
        Dataset = "synthetic",
        Model = "small-resnet",
        Clients = 4,
        PerRound = 4,
        Rounds = 8,
        Partition = "iid",
        LocalEpochs = 2,
        MaxTrainSamples = 800,
        Budgets = "relative:2-3",
        EvalSamples = 200,
        OutputDirectory = output,
    };

    [Fact]
    public void A_short_scalefl_run_on_synthetic_data_learns_well_above_chance()
    {
        using var setup = ExperimentSetup.Prepare(ShortSyntheticRun);

        var result = setup.Run("scalefl", null, CancellationToken.None);

        Assert.Equal(8, result.Rounds.Count);
        Assert.Equal([0, 0, 1, 1, 2, 2, 3, 3], result.Rounds.Select(r => r.Stage));
        Assert.True(result.FinalEvaluation.Accuracy > 0.5, $"final accuracy {result.FinalEvaluation.Accuracy:P1}, chance is 10%");
        Assert.True(result.FinalWeights.IsFinite);
    }

    [Theory]
    [InlineData("paper", "fixed:5")]
    [InlineData("median", "median")]
    public void The_mentor_uses_the_experiment_bandwidth(string bandwidth, string expected)
    {
        using var setup = ExperimentSetup.Prepare(ShortSyntheticRun with { HsicBandwidth = bandwidth, RecordHsicPlane = true });

        var settings = setup.DriverSettings("scalefl", null);

        var objective = Assert.IsType<CurriculumObjective>(settings.Method.Objective.For(4, 0));
        Assert.Equal(expected, objective.Bandwidth.ToString());
    }

    [Fact]
    public void Models_are_built_with_the_experiment_stand_ins()
    {
        using var setup = ExperimentSetup.Prepare(ShortSyntheticRun with { StandIns = "bn-relu" });

        using var model = setup.CreateModel();
        using var plain = ModelCatalog.Create("small-resnet", setup.Train.Shape, 10, seed: 1);

        Assert.Equal(StandInStyle.Parse("bn-relu"), Assert.IsType<ConvOutputModule>(model.Output(0)).Style);
        Assert.Equal(StandInStyle.Default, Assert.IsType<ConvOutputModule>(plain.Output(0)).Style);
    }

    [Fact]
    public void Memory_budgets_decide_who_trains_the_full_model()
    {
        using var setup = ExperimentSetup.Prepare(ShortSyntheticRun with { Clients = 40, MaxTrainSamples = null, Budgets = "relative:0.12-1.07" });

        var fitsWhole = setup.Clients.Count(client => client.MemoryBudgetBytes >= setup.FullModelFootprint.TotalBytes);

        Assert.InRange(fitsWhole, 1, 12);
        Assert.Equal(40, setup.ClientData.Count);
        Assert.Equal(setup.Train.Count, setup.ClientData.Sum(view => view.Count));
    }

    [Fact]
    public void Run_folder_holds_metrics_summary_and_a_loadable_checkpoint()
    {
        var options = ShortSyntheticRun with { Rounds = 2, Method = "sbt" };
        using var setup = ExperimentSetup.Prepare(options);
        var result = setup.Run("sbt", null, CancellationToken.None);

        var folder = RunFolder.Write(options, "sbt", result, 1.0);

        var lines = File.ReadAllLines(Path.Combine(folder, "metrics.csv"));
        Assert.Equal(MetricsCsv.Header, lines[0]);
        Assert.Equal(3, lines.Length);
        Assert.Contains("\"finalAccuracy\"", File.ReadAllText(Path.Combine(folder, "summary.json")), StringComparison.Ordinal);
        var checkpoint = ScaleFL.Core.Checkpoints.CheckpointFile.Load(Path.Combine(folder, "final.ckpt"));
        Assert.Equal(result.FinalWeights.Names, checkpoint.Weights.Names);
    }

    [Fact]
    public void Lambdas_of_the_wrong_length_for_the_model_are_an_experiment_error()
    {
        var error = Assert.Throws<ExperimentException>(() => ExperimentSetup.Prepare(ShortSyntheticRun with { Lambda1 = [0.5, 0.1] }));

        Assert.StartsWith("lambda1/lambda2:", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(output, recursive: true);
}
