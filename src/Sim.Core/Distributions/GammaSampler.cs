using Sim.Randomness;

namespace Sim.Distributions;

/// <summary>
/// Gamma(shape, 1) variates by Marsaglia and Tsang, "A simple method for generating gamma variables",
/// ACM TOMS 26(3), 2000. For shape &lt; 1 it samples Gamma(shape + 1) and multiplies by U^(1/shape)
/// (the "boost" of section 6 of the paper).
/// </summary>
internal static class GammaSampler
{
    public static double Sample(RandomStream random, double shape)
    {
        if (shape < 1)
        {
            // U^(1/a) written as exp(ln U / a): finite for every U in (0, 1), underflows gracefully to 0.
            double boost = Math.Exp(Math.Log(random.NextOpenDouble()) / shape);
            return SampleAtLeastOne(random, shape + 1) * boost;
        }
        return SampleAtLeastOne(random, shape);
    }

    /// <summary>
    /// The largest value <see cref="Sample"/> can return for <paramref name="shape"/>: d·(1 + c·z)³ at the largest normal
    /// draw z (for shape &lt; 1 the boost U^(1/shape) is at most 1).
    /// </summary>
    public static double MaxSample(double shape)
    {
        double a = shape < 1 ? shape + 1 : shape;
        double d = a - 1.0 / 3.0, c = 1.0 / Math.Sqrt(9.0 * d);
        double v = 1.0 + c * StandardNormal.MaxAbsSample;
        return d * v * v * v;
    }

    private static double SampleAtLeastOne(RandomStream random, double shape)
    {
        double d = shape - 1.0 / 3.0;
        double c = 1.0 / Math.Sqrt(9.0 * d);
        while (true)
        {
            double x, v;
            do
            {
                x = StandardNormal.Sample(random);
                v = 1.0 + c * x;
            }
            while (v <= 0);
            v = v * v * v;
            double u = random.NextOpenDouble();
            double x2 = x * x;
            if (u < 1.0 - 0.0331 * x2 * x2) return d * v;                      // squeeze
            if (Math.Log(u) < 0.5 * x2 + d * (1.0 - v + Math.Log(v))) return d * v;
        }
    }
}
