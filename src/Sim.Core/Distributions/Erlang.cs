using MathNet.Numerics;
using Sim.Randomness;

namespace Sim.Distributions;

/// <summary>
/// The Erlang-k distribution: the sum of k independent exponential phases, each with mean mean/k. A gamma with integer
/// shape k and scale mean/k; mean as given, variance = mean²/k, c² = 1/k. Kept as its own family so that reports and JSON
/// say "erlang" with the integer k. Sampling: Marsaglia–Tsang with shape k (cost independent of k).
/// </summary>
public sealed class Erlang : Distribution
{
    private Erlang(int k, double mean)
    {
        K = k;
        Mean = mean;
    }

    /// <summary>The number of phases k, dimensionless; range k ≥ 1.</summary>
    public int K { get; }

    /// <summary>An Erlang-k distribution with the given overall mean.</summary>
    /// <param name="k">Number of exponential phases; range k ≥ 1 (k = 1 is the exponential).</param>
    /// <param name="mean">Overall mean (the sum of the k phase means), in the distribution's unit; range &gt; 0, finite.</param>
    /// <returns>The distribution.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="k"/> &lt; 1, or <paramref name="mean"/> ≤ 0, NaN or infinite.</exception>
    public static Erlang FromMean(int k, double mean)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        Guard.Positive(mean, nameof(mean));
        return new Erlang(k, mean);
    }

    /// <inheritdoc/>
    public override double Sample(RandomStream random) => GammaSampler.Sample(random, K) * (Mean / K);

    /// <inheritdoc/>
    public override double Mean { get; }

    /// <inheritdoc/>
    internal override (double Min, double Max) DrawRange => (0, GammaSampler.MaxSample(K) * (Mean / K));

    /// <inheritdoc/>
    public override double Variance => Mean * Mean / K;

    /// <inheritdoc/>
    public override bool HasClosedFormCdf => true;

    /// <inheritdoc/>
    public override double CumulativeDistribution(double x) =>
        x <= 0 ? 0 : SpecialFunctions.GammaLowerRegularized(K, x * K / Mean);

    /// <inheritdoc/>
    public override double InverseCumulativeDistribution(double p)
    {
        CheckProbability(p);
        if (p == 0) return 0;
        if (p == 1) return double.PositiveInfinity;
        return SpecialFunctions.GammaLowerRegularizedInv(K, p) * Mean / K;
    }

    /// <inheritdoc/>
    public override string Describe(DistributionUnit unit) => $"erlang(k={K}, mean={UnitText.Format(Mean, unit)})";
}
