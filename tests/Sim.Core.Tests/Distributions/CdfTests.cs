using Sim.Distributions;
using Sim.Randomness;

namespace Sim.Core.Tests.Distributions;

public class CdfTests
{
    /// <summary>
    /// One-sample Kolmogorov–Smirnov test of the sampler against the closed-form CDF. n = 50,000 draws; level
    /// α = 10⁻⁴ per case (17 continuous cases, family level &lt; 2·10⁻³ by Bonferroni). Asymptotic critical value
    /// D* = √(ln(2/α)/(2n)) ≈ 0.0100: a sampler off by more than 1 % in probability anywhere fails.
    /// </summary>
    [Theory]
    [MemberData(nameof(DistributionCases.ContinuousNames), MemberType = typeof(DistributionCases))]
    public void Sample_EmpiricalCdf_PassesKolmogorovSmirnov(string name)
    {
        Distribution d = DistributionCases.All[name];
        const int n = 50_000;
        const double alpha = 1e-4;
        double critical = Math.Sqrt(Math.Log(2 / alpha) / (2 * n));
        var random = new RandomStream(77);
        var xs = new double[n];
        for (int i = 0; i < n; i++) xs[i] = d.Sample(random);
        Array.Sort(xs);
        double dMax = 0;
        for (int i = 0; i < n; i++)
        {
            double f = d.CumulativeDistribution(xs[i]);
            dMax = Math.Max(dMax, Math.Max(f - (double)i / n, (i + 1.0) / n - f));
        }
        Assert.True(dMax <= critical, $"{name}: KS D = {dMax:G4} > {critical:G4}");
    }

    /// <summary>
    /// Quantile and CDF are inverses: F(F⁻¹(p)) = p. Tolerance 1e-9 absolute: the special functions used
    /// (erfc, erfc⁻¹, regularized incomplete gamma and its inverse, exp/log) are accurate to ~1e-14 relative; the
    /// mixture's quantile is found by bisection to the last bit of x.
    /// </summary>
    [Theory]
    [MemberData(nameof(DistributionCases.ContinuousNames), MemberType = typeof(DistributionCases))]
    public void Quantile_ThenCdf_ReturnsProbability(string name)
    {
        Distribution d = DistributionCases.All[name];
        foreach (double p in new[] { 1e-6, 0.001, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 0.999 })
        {
            double x = d.InverseCumulativeDistribution(p);
            Assert.Equal(p, d.CumulativeDistribution(x), 1e-9);
            Assert.Equal(x, d.InverseCumulativeDistribution(d.CumulativeDistribution(x)), 1e-7 * x);
        }
        Assert.Equal(0, d.CumulativeDistribution(-1));
    }

    [Theory]
    [MemberData(nameof(DistributionCases.WithCdfNames), MemberType = typeof(DistributionCases))]
    public void Cdf_IsMonotoneAndWithinUnitInterval(string name)
    {
        Distribution d = DistributionCases.All[name];
        double previous = 0;
        double hi = d.InverseCumulativeDistribution(0.9999);
        for (int i = 0; i <= 1000; i++)
        {
            double f = d.CumulativeDistribution(hi * i / 1000);
            Assert.InRange(f, previous, 1);
            previous = f;
        }
        Assert.Throws<ArgumentOutOfRangeException>(() => d.InverseCumulativeDistribution(1.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => d.InverseCumulativeDistribution(double.NaN));
    }

    [Fact]
    public void DiscreteFamilies_CdfAndQuantile_AreExactSteps()
    {
        var det = Deterministic.Of(0.012);
        Assert.Equal(0, det.CumulativeDistribution(0.0119));
        Assert.Equal(1, det.CumulativeDistribution(0.012));
        Assert.Equal(0.012, det.InverseCumulativeDistribution(0.3));

        var emp = Empirical.FromSamples([5.0, 1, 2, 2, 10]);   // sorted: 1 2 2 5 10
        Assert.Equal(0, emp.CumulativeDistribution(0.5));
        Assert.Equal(0.6, emp.CumulativeDistribution(2));
        Assert.Equal(0.6, emp.CumulativeDistribution(4.9));
        Assert.Equal(1, emp.CumulativeDistribution(10));
        Assert.Equal(1, emp.InverseCumulativeDistribution(0));
        Assert.Equal(1, emp.InverseCumulativeDistribution(0.2));
        Assert.Equal(2, emp.InverseCumulativeDistribution(0.21));
        Assert.Equal(2, emp.InverseCumulativeDistribution(0.6));
        Assert.Equal(10, emp.InverseCumulativeDistribution(1));

        // Empirical resampling hits each value with probability (count/n): 1/5, 2/5, 1/5, 1/5.
        var random = new RandomStream(5);
        var counts = new Dictionary<double, int>();
        const int n = 100_000;
        for (int i = 0; i < n; i++)
        {
            double x = emp.Sample(random);
            counts[x] = counts.GetValueOrDefault(x) + 1;
        }
        Assert.Equal(4, counts.Count);
        // Binomial SE √(p(1−p)/n) ≤ 0.00155; z = 4.5 → ±0.007.
        Assert.Equal(0.4, counts[2] / (double)n, 0.007);
        Assert.Equal(0.2, counts[10] / (double)n, 0.007);
    }

    [Fact]
    public void Mixture_CdfIsWeightedSum_AndUnsupportedWithoutComponentCdfs()
    {
        var m = Mixture.Of((0.35, Deterministic.Of(0.001)), (0.65, Exponential.FromMean(0.04)));
        Assert.True(m.HasClosedFormCdf);
        Assert.Equal(0.35 + 0.65 * (1 - Math.Exp(-0.5)), m.CumulativeDistribution(0.02), 12);
        Assert.Equal(0.001, m.InverseCumulativeDistribution(0.2));
    }

    [Fact]
    public void LogNormal_Quantiles_ReproduceTargets()
    {
        var d = LogNormal.FromMedianAndP95(0.040, 0.300);
        Assert.Equal(0.040, d.InverseCumulativeDistribution(0.5), 1e-12);
        Assert.Equal(0.300, d.InverseCumulativeDistribution(0.95), 1e-12);
        Assert.Equal(0.040, d.Median, 1e-15);
    }
}
