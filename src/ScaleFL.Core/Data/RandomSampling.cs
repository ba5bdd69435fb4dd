namespace ScaleFL.Core.Data;

/// <summary>Gamma and Dirichlet draws from a seeded <see cref="Random"/>, which has neither.</summary>
internal static class RandomSampling
{
    /// <summary>A standard normal draw (Box-Muller).</summary>
    public static double Normal(Random random)
    {
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    /// <summary>
    /// A Gamma(shape, 1) draw by Marsaglia and Tsang (2000). Their squeeze-and-reject method needs
    /// shape &gt;= 1; smaller shapes use the boost Gamma(a) = Gamma(a + 1) * U^(1/a).
    /// </summary>
    public static double Gamma(Random random, double shape)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(shape);
        if (shape < 1.0)
        {
            return Gamma(random, shape + 1.0) * Math.Pow(1.0 - random.NextDouble(), 1.0 / shape);
        }

        var d = shape - (1.0 / 3.0);
        var c = 1.0 / Math.Sqrt(9.0 * d);
        while (true)
        {
            double x, v;
            do
            {
                x = Normal(random);
                v = 1.0 + (c * x);
            }
            while (v <= 0.0);

            v = v * v * v;
            var u = 1.0 - random.NextDouble();
            if (u < 1.0 - (0.0331 * x * x * x * x) || Math.Log(u) < (0.5 * x * x) + (d * (1.0 - v + Math.Log(v))))
            {
                return d * v;
            }
        }
    }

    /// <summary>
    /// A draw from the symmetric Dirichlet(alpha) over <paramref name="count"/> outcomes. For very
    /// small alpha every Gamma draw can underflow to zero; all mass then goes to one outcome chosen
    /// uniformly, which is the limit the distribution tends to.
    /// </summary>
    public static double[] Dirichlet(Random random, double alpha, int count)
    {
        var draws = new double[count];
        for (var i = 0; i < count; i++)
        {
            draws[i] = Gamma(random, alpha);
        }

        var sum = draws.Sum();
        if (sum <= 0.0)
        {
            draws[random.Next(count)] = 1.0;
            return draws;
        }

        for (var i = 0; i < count; i++)
        {
            draws[i] /= sum;
        }

        return draws;
    }
}
