using ScaleFL.Core.Aggregation;
using ScaleFL.Core.Methods;
using ScaleFL.Core.Objective;
using ScaleFL.Core.SubModels;

namespace ScaleFL.Core.Tests.Methods;

public sealed class MethodCatalogTests
{
    private static readonly IObjectiveFactory Curriculum = new StandInCurriculum();

    [Theory]
    [InlineData("scalefl", "blockwise+coadapt", "curriculum", "memory-aware")]
    [InlineData("sbt", "blockwise", "cross-entropy", "memory-aware")]
    [InlineData("scalefl-no-mentor", "blockwise+coadapt", "cross-entropy", "memory-aware")]
    [InlineData("scalefl-no-harmonizer", "blockwise", "curriculum", "memory-aware")]
    [InlineData("fedavg-exclusive", "full-model", "cross-entropy", "exclusive")]
    [InlineData("fedavg-all", "full-model", "cross-entropy", "unlimited")]
    public void Each_method_composes_its_plan_objective_and_participation(string name, string plan, string objective, string participation)
    {
        var method = MethodCatalog.Create(name, Curriculum);

        Assert.Equal(name, method.Name);
        Assert.Equal(plan, method.Plan.Name);
        Assert.Equal(objective, method.Objective.Name);
        Assert.Equal(participation, method.Participation.Name);
        Assert.IsType<SampleWeightedFedAvg>(method.Aggregation);
    }

    [Theory]
    [InlineData("heterofl", WidthSlicing.Prefix)]
    [InlineData("fedrolex", WidthSlicing.Rolling)]
    public void Width_scaled_methods_train_sub_models_aggregated_per_element_whatever_aggregation_is_asked(string name, WidthSlicing slicing)
    {
        var method = MethodCatalog.Create(name, Curriculum, new UnweightedMean());

        Assert.Equal(new SubModelPlan(SubModelFamily.Width, slicing), method.SubModels);
        Assert.IsType<PerElementFedAvg>(method.Aggregation);
        Assert.Equal("memory-aware", method.Participation.Name);
        Assert.True(method.ModelWidth.StaticBatchNorm);
        Assert.True(MethodCatalog.IsWidthScaled(name));
        Assert.False(MethodCatalog.IsWidthScaled("scalefl"));
    }

    [Fact]
    public void DepthFL_trains_depth_sub_models_with_self_distillation_aggregated_per_element_on_an_ordinary_model()
    {
        var method = MethodCatalog.Create("depthfl", Curriculum, new UnweightedMean());

        Assert.Equal(new SubModelPlan(SubModelFamily.Depth, WidthSlicing.Prefix), method.SubModels);
        Assert.True(method.IsDepthScaled);
        Assert.False(method.IsWidthScaled);
        Assert.IsType<PerElementFedAvg>(method.Aggregation);
        Assert.Equal("self-distillation", method.Objective.Name);
        Assert.Equal("memory-aware", method.Participation.Name);
        Assert.False(method.ModelWidth.StaticBatchNorm);
        Assert.False(MethodCatalog.IsWidthScaled("depthfl"));
    }

    [Fact]
    public void Aggregation_can_be_swapped_for_the_released_codes_mean()
    {
        var method = MethodCatalog.Create("scalefl", Curriculum, new UnweightedMean());

        Assert.IsType<UnweightedMean>(method.Aggregation);
    }

    [Fact]
    public void Unknown_method_is_an_error_listing_the_known_ones()
    {
        var error = Assert.Throws<ArgumentException>(() => MethodCatalog.Create("fedprox", Curriculum));

        Assert.Contains("fedprox", error.Message, StringComparison.Ordinal);
        Assert.All(MethodCatalog.Names, name => Assert.Contains(name, error.Message, StringComparison.Ordinal));
    }

    private sealed class StandInCurriculum : IObjectiveFactory
    {
        public string Name => "curriculum";

        public IStageObjective For(int stageCount, int stage) => new CrossEntropyObjective();
    }
}
