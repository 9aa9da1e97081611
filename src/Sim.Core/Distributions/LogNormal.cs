using Sim.Randomness;

namespace Sim.Distributions;

/// <summary>
/// The log-normal distribution: X = exp(μ + σZ) with Z standard normal. The usual model for latencies with a long right tail.
/// Median = e^μ, mean = e^(μ + σ²/2), variance = (e^(σ²) − 1)·e^(2μ + σ²). Sampling: exp(μ + σ·Z), Z by Box–Muller.
/// </summary>
public sealed class LogNormal : Distribution
{
    /// <summary>z₀.₉₅ = Φ⁻¹(0.95) ≈ 1.6449, the standard normal's 95th percentile.</summary>
    private static readonly double Z95 = StandardNormal.Quantile(0.95);

    private LogNormal(double mu, double sigma)
    {
        Mu = mu;
        Sigma = sigma;
    }

    /// <summary>μ, the mean of ln X (ln of the value in the distribution's base unit, seconds or bytes); any finite value.</summary>
    public double Mu { get; }

    /// <summary>σ, the standard deviation of ln X, dimensionless; range σ &gt; 0.</summary>
    public double Sigma { get; }

    /// <summary>The median e^μ, in the distribution's unit.</summary>
    public double Median => Math.Exp(Mu);

    /// <summary>A log-normal from the parameters of ln X.</summary>
    /// <param name="mu">μ = E[ln X], with X in the distribution's base unit (seconds, bytes); finite.</param>
    /// <param name="sigma">σ = SD[ln X], dimensionless; range σ &gt; 0, finite.</param>
    /// <returns>The distribution.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is NaN or infinite, σ ≤ 0, or the mean e^(μ+σ²/2) overflows.</exception>
    public static LogNormal FromMuSigma(double mu, double sigma)
    {
        Guard.Finite(mu, nameof(mu));
        Guard.Positive(sigma, nameof(sigma));
        var d = new LogNormal(mu, sigma);
        if (!double.IsFinite(d.Mean))
        {
            throw new ArgumentOutOfRangeException(nameof(sigma), sigma, "Too large: the mean e^(μ+σ²/2) overflows.");
        }
        return d;
    }

    /// <summary>The log-normal with the given mean and standard deviation: σ² = ln(1 + s²/m²), μ = ln m − σ²/2.</summary>
    /// <param name="mean">Mean m, in the distribution's unit; range m &gt; 0, finite.</param>
    /// <param name="stdDev">Standard deviation s, in the distribution's unit; range s &gt; 0, finite (and not negligible next to m).</param>
    /// <returns>The distribution, whose <see cref="Mean"/> and <see cref="Distribution.StandardDeviation"/> equal the inputs up to rounding.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is ≤ 0, NaN or infinite, or s/m is so small that σ rounds to 0.</exception>
    public static LogNormal FromMeanAndStdDev(double mean, double stdDev)
    {
        Guard.Positive(mean, nameof(mean));
        Guard.Positive(stdDev, nameof(stdDev));
        double cv = stdDev / mean;
        double sigma2 = MathUtil.Log1p(cv * cv);
        if (!(sigma2 > 0) || !double.IsFinite(sigma2))
        {
            throw new ArgumentOutOfRangeException(nameof(stdDev), stdDev,
                $"stdDev/mean = {cv:G4} is outside the range a log-normal can represent; use a deterministic distribution for (almost) constant values.");
        }
        return FromMuSigma(Math.Log(mean) - 0.5 * sigma2, Math.Sqrt(sigma2));
    }

    /// <summary>The log-normal with the given median and 95th percentile: μ = ln median, σ = ln(p95/median)/z₀.₉₅.</summary>
    /// <param name="median">The median (50th percentile), in the distribution's unit; range &gt; 0, finite.</param>
    /// <param name="p95">The 95th percentile, in the distribution's unit; range p95 &gt; median, finite.</param>
    /// <returns>The distribution, whose 50th and 95th percentiles equal the inputs up to rounding.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is ≤ 0, NaN or infinite, or p95 ≤ median.</exception>
    public static LogNormal FromMedianAndP95(double median, double p95)
    {
        Guard.Positive(median, nameof(median));
        Guard.Positive(p95, nameof(p95));
        if (!(p95 > median))
        {
            throw new ArgumentOutOfRangeException(nameof(p95), p95, $"Must be > median ({median}).");
        }
        return FromMuSigma(Math.Log(median), Math.Log(p95 / median) / Z95);
    }

    /// <summary>
    /// The log-normal with the given mean and 95th percentile. With d = ln(p95/mean) the conditions
    /// μ + σ²/2 = ln mean and μ + z₀.₉₅σ = ln p95 give σ²/2 − z₀.₉₅σ + d = 0, so σ = z₀.₉₅ − √(z₀.₉₅² − 2d).
    /// Of the two roots this takes the smaller σ (the less skewed distribution); the other root, σ &gt; z₀.₉₅, would put
    /// the mean far into the tail. A solution exists only when mean &lt; p95 ≤ mean·e^(z₀.₉₅²/2) ≈ 3.87·mean.
    /// </summary>
    /// <param name="mean">Mean, in the distribution's unit; range &gt; 0, finite.</param>
    /// <param name="p95">95th percentile, in the distribution's unit; range mean &lt; p95 ≤ 3.87·mean, finite.</param>
    /// <returns>The distribution, whose mean and 95th percentile equal the inputs up to rounding.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is ≤ 0, NaN or infinite, or no log-normal has this mean and p95.</exception>
    public static LogNormal FromMeanAndP95(double mean, double p95)
    {
        Guard.Positive(mean, nameof(mean));
        Guard.Positive(p95, nameof(p95));
        double d = Math.Log(p95 / mean);
        double disc = Z95 * Z95 - 2 * d;
        if (!(d > 0) || disc < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(p95), p95,
                $"No log-normal has mean {mean} and p95 {p95}: p95/mean must be in (1, {Math.Exp(Z95 * Z95 / 2):F4}]. " +
                "Give the median and p95, or the mean and standard deviation, instead.");
        }
        double sigma = Z95 - Math.Sqrt(disc);
        return FromMuSigma(Math.Log(mean) - 0.5 * sigma * sigma, sigma);
    }

    /// <inheritdoc/>
    public override double Sample(RandomStream random) => Math.Exp(Mu + Sigma * StandardNormal.Sample(random));

    /// <inheritdoc/>
    public override double Mean => Math.Exp(Mu + 0.5 * Sigma * Sigma);

    /// <inheritdoc/>
    internal override (double Min, double Max) DrawRange =>
        (Math.Exp(Mu - Sigma * StandardNormal.MaxAbsSample), Math.Exp(Mu + Sigma * StandardNormal.MaxAbsSample));

    /// <inheritdoc/>
    public override double Variance => MathUtil.Expm1(Sigma * Sigma) * Math.Exp(2 * Mu + Sigma * Sigma);

    /// <inheritdoc/>
    public override bool HasClosedFormCdf => true;

    /// <inheritdoc/>
    public override double CumulativeDistribution(double x) =>
        x <= 0 ? 0 : StandardNormal.Cdf((Math.Log(x) - Mu) / Sigma);

    /// <inheritdoc/>
    public override double InverseCumulativeDistribution(double p)
    {
        CheckProbability(p);
        return Math.Exp(Mu + Sigma * StandardNormal.Quantile(p));
    }

    /// <inheritdoc/>
    public override string Describe(DistributionUnit unit) =>
        $"lognormal(median={UnitText.Format(Median, unit)}, sigma={UnitText.Number(Sigma)}, mean={UnitText.Format(Mean, unit)})";
}
