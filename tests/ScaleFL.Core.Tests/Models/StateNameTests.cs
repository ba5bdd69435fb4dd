using ScaleFL.Core.Data;
using ScaleFL.Core.Models;

namespace ScaleFL.Core.Tests.Models;

[Collection(TorchCollection.Name)]
public sealed class StateNameTests
{
    public static TheoryData<string, int, int> Models => new()
    {
        { "small-resnet", 1, 28 },
        { "resnet18", 3, 8 },
        { "resnet34", 3, 8 },
        { "vgg11-bn", 3, 16 },
        { "vit-tiny", 1, 28 },
    };

    [Theory]
    [MemberData(nameof(Models))]
    public void Every_state_name_lies_in_a_block_or_an_output_module(string name, int channels, int side)
    {
        using var model = ModelCatalog.Create(name, new ImageShape(channels, side, side), 10, seed: 1);
        var prefixes = Enumerable.Range(0, model.StageCount)
            .SelectMany(stage => new[] { StagedModel.BlockPrefix(stage), StagedModel.OutputPrefix(stage) })
            .ToList();

        var names = model.state_dict().Keys.ToList();

        Assert.Equal(4, model.StageCount);
        Assert.All(names, key => Assert.Contains(prefixes, prefix => key.StartsWith(prefix, StringComparison.Ordinal)));
        Assert.All(prefixes, prefix => Assert.Contains(names, key => key.StartsWith(prefix, StringComparison.Ordinal)));
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void Every_tail_prefix_names_parameters_inside_its_own_block(string name, int channels, int side)
    {
        using var model = ModelCatalog.Create(name, new ImageShape(channels, side, side), 10, seed: 1);
        var parameters = model.named_parameters().Select(p => p.name).ToList();

        for (var stage = 0; stage < model.StageCount; stage++)
        {
            var tail = model.TailPrefixes(stage);

            Assert.NotEmpty(tail);
            Assert.All(tail, prefix =>
            {
                Assert.EndsWith(".", prefix, StringComparison.Ordinal);
                Assert.StartsWith(StagedModel.BlockPrefix(stage), prefix, StringComparison.Ordinal);
                Assert.Contains(parameters, parameter => parameter.StartsWith(prefix, StringComparison.Ordinal));
            });
        }
    }

    [Fact]
    public void Tail_prefixes_are_the_last_layer_of_each_block_by_name()
    {
        using var small = new SmallResNet(new ImageShape(1, 28, 28), 10);
        using var resnet34 = ResNet.ResNet34(new ImageShape(3, 8, 8), 10);
        using var vgg = new Vgg11Bn(new ImageShape(3, 16, 16), 10);
        using var vit = new VisionTransformer(new ImageShape(1, 8, 8), 10);

        Assert.Equal(["blocks.0.layer.0.conv2.", "blocks.0.layer.0.bn2."], small.TailPrefixes(0));
        Assert.Equal(["blocks.2.layer.5.conv2.", "blocks.2.layer.5.bn2."], resnet34.TailPrefixes(2));
        Assert.Equal(["blocks.0.convs.1.conv.", "blocks.0.convs.1.bn."], vgg.TailPrefixes(0));
        Assert.Equal(["blocks.3.layers.1.norm2.", "blocks.3.layers.1.fc1.", "blocks.3.layers.1.fc2."], vit.TailPrefixes(3));
    }

    [Fact]
    public void ResNet18_backbone_has_the_known_eleven_point_one_seven_million_parameters()
    {
        using var model = ResNet.ResNet18(new ImageShape(3, 32, 32), 10);

        var backbone = model.named_parameters()
            .Where(p => p.name.StartsWith("blocks.", StringComparison.Ordinal))
            .Sum(p => p.parameter.numel());

        // CIFAR ResNet-18 has 11,173,962 parameters, of which the 512x10 classifier holds 5,130.
        Assert.InRange(backbone, 11_170_000 * 0.98, 11_170_000 * 1.02);
        Assert.Equal(11_168_832, backbone);
    }
}
