using Sim.Distributions;
using Sim.Randomness;

namespace Sim.Core.Tests.Distributions;

/// <summary>
/// Sample mean and variance against the closed forms.
/// <para>Family of checks: 20 cases × 2 moments = 40. With z = 4.5 each two-sided check fails with probability
/// 6.8·10⁻⁶ when the code is right, so the whole family has a false-alarm rate below 40 × 6.8·10⁻⁶ ≈ 3·10⁻⁴
/// (Bonferroni). Seeds are fixed, so CI is deterministic anyway.</para>
/// <para>Sample size from the precision wanted: the mean's half-width z·σ/√n must be at most ε = 2 % of μ, so
/// n = (z·cv/ε)², at least 100,000. The variance uses the asymptotic standard error of s², √((μ₄ − σ⁴)/n), with μ₄
/// estimated from the same sample; its half-width must be at most 20 % of σ² (so a wide interval cannot pass). That needs
/// n ≥ (z/0.2)²·(κ − 1) with κ = μ₄/σ⁴ the kurtosis, which has no handy closed form for every family, so a pilot run of
/// 100,000 draws (another seed) estimates κ and n takes 1.5× that (two-stage sampling).</para>
/// <para>Floating-point allowance: summing n doubles has a relative rounding error ≤ n·2⁻⁵³; the checks add
/// n·2⁻⁵³·μ (resp. μ²) so that a constant distribution, whose half-width is 0, is judged on rounding alone.</para>
/// </summary>
public class MomentTests
{
    private const double Z = 4.5;
    private const double MeanPrecision = 0.02;
    private const double VariancePrecision = 0.20;

    [Theory]
    [MemberData(nameof(DistributionCases.Names), MemberType = typeof(DistributionCases))]
    public void Sample_MeanAndVariance_MatchClosedForm(string name)
    {
        Distribution d = DistributionCases.All[name];
        double cv = Math.Sqrt(d.CoefficientOfVariationSquared);
        (_, double pilotM2, double pilotM4) = Moments(d, new RandomStream(1), 100_000);
        double kurtosis = pilotM2 > 0 ? pilotM4 / (pilotM2 * pilotM2) : 1;
        double nMean = Math.Pow(Z * cv / MeanPrecision, 2);
        double nVariance = 1.5 * Math.Pow(Z / VariancePrecision, 2) * (kurtosis - 1);
        int n = (int)Math.Ceiling(Math.Max(100_000, Math.Max(nMean, nVariance)));
        Assert.True(n <= 8_000_000, $"case needs n = {n}; pick parameters with a lighter tail");

        (double mean, double m2, double m4) = Moments(d, new RandomStream(20240601), n);
        double rounding = n * Math.Pow(2, -53);

        double meanHalfWidth = Z * d.StandardDeviation / Math.Sqrt(n);
        Assert.True(meanHalfWidth <= MeanPrecision * d.Mean + rounding * d.Mean, $"mean half-width {meanHalfWidth} too wide");
        Assert.True(Math.Abs(mean - d.Mean) <= meanHalfWidth + rounding * d.Mean,
            $"{name}: sample mean {mean} vs {d.Mean} (half-width {meanHalfWidth})");

        double varHalfWidth = Z * Math.Sqrt(Math.Max(0, m4 - m2 * m2) / n);
        Assert.True(varHalfWidth <= VariancePrecision * d.Variance + rounding * d.Mean * d.Mean, $"variance half-width {varHalfWidth} too wide vs {d.Variance}");
        Assert.True(Math.Abs(m2 - d.Variance) <= varHalfWidth + rounding * d.Mean * d.Mean,
            $"{name}: sample variance {m2} vs {d.Variance} (half-width {varHalfWidth})");
    }

    /// <summary>Mean and the 2nd and 4th central moments (divisor n) of n draws.</summary>
    private static (double Mean, double M2, double M4) Moments(Distribution d, RandomStream random, int n)
    {
        var xs = new double[n];
        double sum = 0;
        for (int i = 0; i < n; i++)
        {
            xs[i] = d.Sample(random);
            Assert.True(xs[i] >= 0 && double.IsFinite(xs[i]));
            sum += xs[i];
        }
        double mean = sum / n;
        double m2 = 0, m4 = 0;
        foreach (double x in xs)
        {
            double e = (x - mean) * (x - mean);
            m2 += e;
            m4 += e * e;
        }
        return (mean, m2 / n, m4 / n);
    }

    [Fact]
    public void BoundedPareto_SpecialCases_MatchHandDerivedMoments()
    {
        // α = 1 on [1, 100]: D = 1 − 1/100, E[X] = ln 100 / D, E[X²] = (100 − 1) / D.
        var a1 = BoundedPareto.From(1, 1, 100);
        double d1 = 0.99;
        Assert.Equal(Math.Log(100) / d1, a1.Mean, 12);
        Assert.Equal(99 / d1 - a1.Mean * a1.Mean, a1.Variance, 10);
        // α = 2 on [1, 100]: D = 1 − 1e-4, E[X] = 2(1 − 1/100)/D, E[X²] = 2 ln 100 / D.
        var a2 = BoundedPareto.From(2, 1, 100);
        double d2 = 1 - 1e-4;
        Assert.Equal(2 * 0.99 / d2, a2.Mean, 12);
        Assert.Equal(2 * Math.Log(100) / d2 - a2.Mean * a2.Mean, a2.Variance, 10);
        // Continuity across the special points: α = 1 ± 1e-9 agrees with α = 1 to ~1e-8 relative.
        Assert.Equal(a1.Mean, BoundedPareto.From(1 + 1e-9, 1, 100).Mean, 6);
        Assert.Equal(a2.Variance, BoundedPareto.From(2 - 1e-9, 1, 100).Variance, 6);
    }

    [Fact]
    public void TruncatedNormal_Moments_MatchNumericalIntegration()
    {
        // Independent check of the closed form: trapezoid rule on the truncated density, 2·10⁵ steps over [0, μ + 12σ].
        foreach (double mu in new[] { 0.010, 0.0, -0.010 })
        {
            var d = TruncatedNormal.FromMeanAndStdDev(mu, 0.003);
            double sigma = 0.003, hi = Math.Max(mu, 0) + 12 * sigma;
            int steps = 200_000;
            double h = hi / steps, z0 = 0, z1 = 0, z2 = 0;
            for (int i = 0; i <= steps; i++)
            {
                double x = i * h, w = (i == 0 || i == steps) ? 0.5 : 1;
                double f = Math.Exp(-0.5 * Math.Pow((x - mu) / sigma, 2)) * w;
                z0 += f; z1 += f * x; z2 += f * x * x;
            }
            double mean = z1 / z0, variance = z2 / z0 - mean * mean;
            Assert.Equal(mean, d.Mean, 1e-6 * mean);
            Assert.Equal(variance, d.Variance, 1e-5 * variance);
        }
    }

    [Fact]
    public void Mixture_MomentsFollowLawOfTotalVariance()
    {
        var a = Exponential.FromMean(1);
        var b = Deterministic.Of(3);
        var m = Mixture.Of((1, a), (3, b));     // weights normalised to 0.25, 0.75
        Assert.Equal(0.25 * 1 + 0.75 * 3, m.Mean, 12);
        // E[X²] = 0.25·2 + 0.75·9 = 7.25; Var = 7.25 − 2.5² = 1.
        Assert.Equal(1.0, m.Variance, 12);
        Assert.Equal([0.25, 0.75], m.Weights);
    }

    [Fact]
    public void Empirical_MomentsAreThoseOfTheData_PopulationVariance()
    {
        var d = Empirical.FromSamples([1.0, 2, 3, 4]);
        Assert.Equal(2.5, d.Mean);
        Assert.Equal(1.25, d.Variance);   // Σ(x − 2.5)²/4
    }

    [Fact]
    public void CoefficientOfVariationSquared_IsZeroForPointMassAtZero()
    {
        Assert.Equal(0, Deterministic.Of(0).CoefficientOfVariationSquared);
        Assert.Equal(1, Exponential.FromMean(3).CoefficientOfVariationSquared, 12);
        Assert.Equal(1.0 / 3, Erlang.FromMean(3, 1).CoefficientOfVariationSquared, 12);
    }
}
