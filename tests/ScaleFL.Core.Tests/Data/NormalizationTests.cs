using ScaleFL.Core.Data;

namespace ScaleFL.Core.Tests.Data;

[Collection(TorchCollection.Name)]
public sealed class NormalizationTests
{
    [Fact]
    public void Each_channel_uses_its_own_mean_and_std()
    {
        // One 3x1x2 image: channel 0 = [0, 255], channel 1 = [255, 0], channel 2 = [51, 51].
        var raw = new RawImageSet([0, 255, 255, 0, 51, 51], [4], new ImageShape(3, 1, 2));

        using var dataset = Normalization.Cifar10.Apply(raw, "tiny", 10);
        using var images = dataset.Images([0]);

        // (0 - 0.4914) / 0.2470, (1 - 0.4914) / 0.2470, (1 - 0.4822) / 0.2435, (0.2 - 0.4465) / 0.2616
        float[] expected = [-1.98947f, 2.05911f, 2.12649f, -1.98029f, -0.94228f, -0.94228f];
        var actual = images.data<float>().ToArray();
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], actual[i], 4);
        }

        Assert.Equal([1L, 3, 1, 2], images.shape);
        Assert.Equal([4L], dataset.Labels);
    }

    [Fact]
    public void Grey_normalization_on_colour_images_is_refused()
    {
        var raw = new RawImageSet(new byte[3], [0], new ImageShape(3, 1, 1));

        var error = Assert.Throws<DatasetException>(() => Normalization.FashionMnist.Apply(raw, "mixed", 10));

        Assert.Equal("Dataset 'mixed': normalization has 1 channel(s) but the images have 3.", error.Message);
    }

    [Fact]
    public void Label_beyond_the_class_count_is_refused()
    {
        var raw = new RawImageSet(new byte[2], [3, 10], new ImageShape(1, 1, 1));

        var error = Assert.Throws<DatasetException>(() => Normalization.Mnist.Apply(raw, "mnist", 10));

        Assert.Equal("Dataset 'mnist': label 10 lies outside 0..9.", error.Message);
    }
}
