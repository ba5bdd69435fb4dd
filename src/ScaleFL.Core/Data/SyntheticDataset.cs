using static TorchSharp.torch;

namespace ScaleFL.Core.Data;

/// <summary>
/// A seeded, learnable dataset for tests and smoke runs: each class has a random prototype
/// image, and every sample is its class prototype plus Gaussian noise.
/// </summary>
public static class SyntheticDataset
{
    /// <summary>
    /// Creates <paramref name="count"/> samples of <paramref name="shape"/> over
    /// <paramref name="classCount"/> classes; <paramref name="noise"/> is the noise standard
    /// deviation relative to the unit-variance prototypes.
    /// </summary>
    public static ImageDataset Create(
        int count, ImageShape shape, int classCount, int seed, float noise = 1.0f, string name = "synthetic")
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(classCount, 2);
        var random = new Random(seed);
        var prototypes = new float[classCount][];
        for (var c = 0; c < classCount; c++)
        {
            prototypes[c] = Gaussian(random, shape.ValueCount, 1.0f);
        }

        var labels = new long[count];
        var values = new float[(long)count * shape.ValueCount];
        for (var i = 0; i < count; i++)
        {
            var label = i % classCount;
            labels[i] = label;
            var sample = Gaussian(random, shape.ValueCount, noise);
            for (var v = 0; v < shape.ValueCount; v++)
            {
                values[((long)i * shape.ValueCount) + v] = prototypes[label][v] + sample[v];
            }
        }

        var images = tensor(values, [count, shape.Channels, shape.Height, shape.Width]);
        return new ImageDataset(name, images, labels, classCount);
    }

    private static float[] Gaussian(Random random, int length, float deviation)
    {
        var values = new float[length];
        for (var i = 0; i < length; i++)
        {
            // Box-Muller: the platform Random has no normal sampler.
            var u1 = 1.0 - random.NextDouble();
            var u2 = random.NextDouble();
            values[i] = (float)(deviation * Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2));
        }

        return values;
    }
}
