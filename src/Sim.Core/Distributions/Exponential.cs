using Sim.Randomness;

namespace Sim.Distributions;

/// <summary>
/// The exponential distribution with rate λ (mean 1/λ): memoryless inter-arrival and service times.
/// Mean = 1/λ, variance = 1/λ², c² = 1. Sampling by inversion: −ln(U)/λ with U in (0, 1).
/// </summary>
public sealed class Exponential : Distribution
{
    private readonly double _mean;

    private Exponential(double mean) => _mean = mean;

    /// <summary>The rate λ = 1/mean, in events per unit (per second for times); range λ &gt; 0.</summary>
    public double Rate => 1.0 / _mean;

    /// <summary>An exponential distribution with the given mean.</summary>
    /// <param name="mean">Mean 1/λ, in the distribution's unit (seconds for times); range mean &gt; 0, finite.</param>
    /// <returns>The distribution.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="mean"/> is ≤ 0, NaN or infinite.</exception>
    public static Exponential FromMean(double mean)
    {
        Guard.Positive(mean, nameof(mean));
        return new Exponential(mean);
    }

    /// <summary>An exponential distribution with the given rate.</summary>
    /// <param name="rate">Rate λ, in events per unit (per second for times); range λ &gt; 0, finite, and 1/λ finite.</param>
    /// <returns>The distribution.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="rate"/> is ≤ 0, NaN, infinite, or so small that 1/λ overflows.</exception>
    public static Exponential FromRate(double rate)
    {
        Guard.Positive(rate, nameof(rate));
        Guard.Positive(1.0 / rate, nameof(rate));
        return new Exponential(1.0 / rate);
    }

    /// <inheritdoc/>
    public override double Sample(RandomStream random) => -Math.Log(random.NextOpenDouble()) * _mean;

    /// <inheritdoc/>
    public override double Mean => _mean;

    /// <inheritdoc/>
    /// <remarks>0 included: the open uniform can round to 1, and −ln 1 = 0.</remarks>
    internal override (double Min, double Max) DrawRange => (0, _mean * StandardNormal.MaxMinusLogUniform);

    /// <inheritdoc/>
    public override double Variance => _mean * _mean;

    /// <inheritdoc/>
    public override bool HasClosedFormCdf => true;

    /// <inheritdoc/>
    public override double CumulativeDistribution(double x) => x <= 0 ? 0 : -MathUtil.Expm1(-x / _mean);

    /// <inheritdoc/>
    public override double InverseCumulativeDistribution(double p)
    {
        CheckProbability(p);
        return p == 1 ? double.PositiveInfinity : -Math.Log(1 - p) * _mean;
    }

    /// <inheritdoc/>
    public override string Describe(DistributionUnit unit) => $"exponential(mean={UnitText.Format(_mean, unit)})";
}
