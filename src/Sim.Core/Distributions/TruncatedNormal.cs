using Sim.Randomness;

namespace Sim.Distributions;

/// <summary>
/// A normal distribution N(μ, σ²) truncated to [0, ∞): the normal conditioned on being non-negative.
/// The parameters μ and σ are those of the <em>untruncated</em> normal; <see cref="Mean"/> and <see cref="Variance"/>
/// are the exact moments of the truncated distribution, which differ from μ and σ² when μ/σ is small.
/// </summary>
/// <remarks>
/// <para>With α = −μ/σ, Z = 1 − Φ(α) and λ = φ(α)/Z: mean = μ + σλ, variance = σ²(1 + αλ − λ²).</para>
/// <para>Sampling: when μ ≥ 0 at most half the normal's mass is below 0, so plain rejection (draw the normal,
/// retry while negative) needs on average at most two normal draws. When μ &lt; 0 it uses inversion in the upper tail,
/// x = μ − σ·Φ⁻¹(U·Z), which is exact and costs one draw however far μ lies below 0.
/// μ/σ is limited to ≥ −30 (Z ≥ 5·10⁻¹⁹⁸); below that the truncated normal is numerically an exponential with
/// mean σ²/|μ|, and should be written as one.</para>
/// </remarks>
public sealed class TruncatedNormal : Distribution
{
    /// <summary>The smallest μ/σ accepted by <see cref="FromMeanAndStdDev"/>.</summary>
    public const double MinimumMeanOverStdDev = -30;

    private readonly double _tail;      // Z = P(N(μ, σ²) ≥ 0)
    private readonly bool _rejection;

    private TruncatedNormal(double mu, double sigma)
    {
        NormalMean = mu;
        NormalStdDev = sigma;
        _tail = StandardNormal.Cdf(mu / sigma);
        _rejection = mu >= 0;
        double alpha = -mu / sigma;
        double lambda = StandardNormal.Density(alpha) / _tail;
        Mean = Math.Max(0, mu + sigma * lambda);
        Variance = Math.Max(0, sigma * sigma * (1 + alpha * lambda - lambda * lambda));
    }

    /// <summary>μ, the mean of the untruncated normal, in the distribution's unit; any finite value with μ/σ ≥ −30.</summary>
    public double NormalMean { get; }

    /// <summary>σ, the standard deviation of the untruncated normal, in the distribution's unit; range σ &gt; 0.</summary>
    public double NormalStdDev { get; }

    /// <summary>The normal N(<paramref name="mean"/>, <paramref name="stdDev"/>²) truncated at 0.</summary>
    /// <param name="mean">μ of the untruncated normal, in the distribution's unit (seconds for times); finite, and μ/σ ≥ −30.</param>
    /// <param name="stdDev">σ of the untruncated normal, in the distribution's unit; range σ &gt; 0, finite.</param>
    /// <returns>The distribution; its <see cref="Mean"/> is ≥ max(μ, 0).</returns>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is NaN or infinite, σ ≤ 0, or μ/σ &lt; −30.</exception>
    public static TruncatedNormal FromMeanAndStdDev(double mean, double stdDev)
    {
        Guard.Finite(mean, nameof(mean));
        Guard.Positive(stdDev, nameof(stdDev));
        if (mean / stdDev < MinimumMeanOverStdDev)
        {
            throw new ArgumentOutOfRangeException(nameof(mean), mean,
                $"mean/stdDev = {mean / stdDev:G4} is below {MinimumMeanOverStdDev}: the normal has almost no mass above 0. " +
                $"Such a truncated normal is an exponential with mean stdDev²/|mean| = {stdDev * stdDev / -mean:G4}; use that instead.");
        }
        return new TruncatedNormal(mean, stdDev);
    }

    /// <inheritdoc/>
    public override double Sample(RandomStream random)
    {
        if (_rejection)
        {
            while (true)
            {
                double x = NormalMean + NormalStdDev * StandardNormal.Sample(random);
                if (x >= 0) return x;
            }
        }
        return Math.Max(0, NormalMean - NormalStdDev * StandardNormal.Quantile(random.NextOpenDouble() * _tail));
    }

    /// <inheritdoc/>
    public override double Mean { get; }

    /// <inheritdoc/>
    /// <remarks>0 included: a rejection draw may land on 0, and an inversion draw may round to it.</remarks>
    internal override (double Min, double Max) DrawRange => (0, _rejection
        ? NormalMean + NormalStdDev * StandardNormal.MaxAbsSample
        : NormalMean - NormalStdDev * StandardNormal.Quantile(StandardNormal.SmallestOpenUniform * _tail));

    /// <inheritdoc/>
    public override double Variance { get; }

    /// <inheritdoc/>
    public override bool HasClosedFormCdf => true;

    /// <inheritdoc/>
    public override double CumulativeDistribution(double x) =>
        x <= 0 ? 0 : 1 - StandardNormal.Cdf((NormalMean - x) / NormalStdDev) / _tail;

    /// <inheritdoc/>
    public override double InverseCumulativeDistribution(double p)
    {
        CheckProbability(p);
        if (p == 1) return double.PositiveInfinity;
        return Math.Max(0, NormalMean - NormalStdDev * StandardNormal.Quantile((1 - p) * _tail));
    }

    /// <inheritdoc/>
    public override string Describe(DistributionUnit unit) =>
        $"truncatedNormal(mean={UnitText.Format(NormalMean, unit)}, stdDev={UnitText.Format(NormalStdDev, unit)})";
}
