using ScaleFL.Core.Experiments;
using ScaleFL.Core.Weights;

namespace ScaleFL.Core.Tests.Weights;

[Collection(TorchCollection.Name)]
public sealed class InitialWeightsTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("scalefl-init-").FullName;

    [Fact]
    public void Exported_weights_load_back_into_a_fresh_model_unchanged()
    {
        using var trained = TinyData.Model(seed: 1);
        using var fresh = TinyData.Model(seed: 2);
        var path = Path.Combine(directory, "init.safetensors");
        SafetensorsFile.Write(path, ModuleWeights.Extract(trained));

        ModuleWeights.Load(fresh, InitialWeights.Read(path, fresh));

        Assert.All(ModuleWeights.Extract(trained), array => Assert.Equal(array.Values, ModuleWeights.Extract(fresh)[array.Name].Values));
    }

    [Fact]
    public void A_file_missing_a_tensor_of_the_model_is_an_error_naming_it()
    {
        using var model = TinyData.Model();
        var weights = ModuleWeights.Extract(model);
        var missing = weights.Names.Last();
        var path = Path.Combine(directory, "partial.safetensors");
        SafetensorsFile.Write(path, weights.Where(name => name != missing));

        var error = Assert.Throws<ExperimentException>(() => InitialWeights.Read(path, model));

        Assert.Contains($"no tensor '{missing}'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_that_is_neither_a_checkpoint_nor_safetensors_says_both_were_tried()
    {
        using var model = TinyData.Model();
        var path = Path.Combine(directory, "garbage.ckpt");
        File.WriteAllBytes(path, [.. Enumerable.Range(0, 300).Select(i => (byte)(i * 37))]);

        var error = Assert.Throws<ExperimentException>(() => InitialWeights.Read(path, model));

        Assert.StartsWith($"initWeights: '{path}' is neither a ScaleFL checkpoint (no SFLCKPT1 tag) nor a valid safetensors file: ", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(float.NaN, "NaN")]
    [InlineData(float.PositiveInfinity, "Infinity")]
    [InlineData(float.NegativeInfinity, "-Infinity")]
    public void A_file_holding_a_non_finite_value_is_refused_before_any_data_loads_naming_the_tensor(float bad, string shown)
    {
        using var model = TinyData.Model();
        var weights = ModuleWeights.Extract(model);
        var target = weights.Names.First();
        var path = Path.Combine(directory, "non-finite.safetensors");
        SafetensorsFile.Write(path, new WeightSet(weights.Select(array => array.Name == target ? array with { Values = [.. array.Values.Take(3), bad, .. array.Values.Skip(4)] } : array)));

        var error = Assert.Throws<ExperimentException>(() => InitialWeights.ReadFile(path));

        Assert.Equal($"initWeights: tensor '{target}' in '{path}' holds {shown} (element 3); a run starts only from finite weights.", error.Message);
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);
}
