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
