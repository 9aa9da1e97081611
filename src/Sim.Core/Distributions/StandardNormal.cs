using System.Runtime.CompilerServices;
using MathNet.Numerics;
using Sim.Randomness;

namespace Sim.Distributions;

/// <summary>The standard normal N(0, 1): sampling, Φ and Φ⁻¹.</summary>
internal static class StandardNormal
{
    /// <summary>
    /// One N(0, 1) draw by the Box–Muller transform (Box and Muller, 1958): √(−2 ln U₁) · cos(2π U₂), with U₁ in
    /// (0, 1) so the logarithm is finite. The second variate (the sine) is discarded so that no state is kept:
    /// each draw consumes exactly two numbers from the stream, which keeps sampling a pure function of the stream.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Sample(RandomStream random)
    {
        double r = Math.Sqrt(-2.0 * Math.Log(random.NextOpenDouble()));
        return r * Math.Cos(2.0 * Math.PI * random.NextDouble());
    }

    /// <summary>The smallest uniform <see cref="RandomStream.NextOpenDouble"/> returns: 2⁻⁵⁴ (its largest can round to 1).</summary>
    internal const double SmallestOpenUniform = 5.5511151231257827e-17;

    /// <summary>
    /// The largest |Z| <see cref="Sample"/> can return: √(−2 ln 2⁻⁵⁴) ≈ 8.652, from the smallest uniform the radius takes
    /// (the cosine is at most 1 in size).
    /// </summary>
    internal static readonly double MaxAbsSample = Math.Sqrt(-2.0 * Math.Log(SmallestOpenUniform));

    /// <summary>−ln of the smallest open uniform, ≈ 37.43: the largest −ln U an inversion sampler sees.</summary>
    internal static readonly double MaxMinusLogUniform = -Math.Log(SmallestOpenUniform);

    /// <summary>Φ(z) = P(Z ≤ z), accurate in both tails (computed as ½ erfc(−z/√2)).</summary>
    public static double Cdf(double z) => 0.5 * SpecialFunctions.Erfc(-z / Math.Sqrt(2.0));

    /// <summary>Φ⁻¹(p) for p in [0, 1]; −∞ at 0 and +∞ at 1; accurate for tiny p.</summary>
    public static double Quantile(double p)
    {
        if (p <= 0) return double.NegativeInfinity;
        if (p >= 1) return double.PositiveInfinity;
        return -Math.Sqrt(2.0) * SpecialFunctions.ErfcInv(2.0 * p);
    }

    /// <summary>The density φ(z) = exp(−z²/2)/√(2π).</summary>
    public static double Density(double z) => Math.Exp(-0.5 * z * z) / Math.Sqrt(2.0 * Math.PI);
}
