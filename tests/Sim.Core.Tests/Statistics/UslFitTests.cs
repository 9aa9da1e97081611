using Sim.Distributions;
using Sim.Statistics;
using Sim.Randomness;

namespace Sim.Core.Tests.Statistics;

public class UslFitTests
{
    private static double Usl(double lambda, double sigma, double kappa, double n) => lambda * n / (1 + sigma * (n - 1) + kappa * n * (n - 1));

    /// <summary>N = 1 … 16, throughput from the law times (1 + ε), ε normal with standard deviation <paramref name="noise"/>.</summary>
    private static (double[] N, double[] X) Synthetic(double lambda, double sigma, double kappa, double noise, ulong seed, int maxN = 16)
    {
        var random = new RandomStream(seed);
        double[] n = Enumerable.Range(1, maxN).Select(i => (double)i).ToArray();
        double[] x = n.Select(v => Usl(lambda, sigma, kappa, v) * (1 + noise * StandardNormal.Sample(random))).ToArray();
        return (n, x);
    }

    [Theory]
    [InlineData(100, 0.05, 0.002, 1UL)]
    [InlineData(250, 0.10, 0.008, 2UL)]
    [InlineData(40, 0.02, 0.0015, 3UL)]
    public void Fit_RecoversSigmaAndKappa_FromNoisyPointsOfTheLaw(double lambda, double sigma, double kappa, ulong seed)
    {
        // 1 % noise, 16 points: λ and σ must be close, and the reported intervals must contain the truth.
        (double[] n, double[] x) = Synthetic(lambda, sigma, kappa, 0.01, seed);
        UslFit fit = UslFit.Fit(n, x);
        Assert.InRange(fit.Lambda, lambda * 0.97, lambda * 1.03);
        Assert.InRange(fit.Sigma, sigma - 0.015, sigma + 0.015);
        // κ is the hardest parameter (it only shows at large N): the check is that its 95 % interval contains
        // the truth and is narrow enough to mean something (half-width under 40 % of κ), not a fixed band.
        Assert.True(fit.KappaCi95 < 0.4 * kappa, $"κ half-width {fit.KappaCi95} vs κ {kappa}");
        Assert.InRange(sigma, fit.Sigma - fit.SigmaCi95, fit.Sigma + fit.SigmaCi95);
        Assert.InRange(kappa, fit.Kappa - fit.KappaCi95, fit.Kappa + fit.KappaCi95);
        Assert.True(fit.RSquared > 0.98, $"R² = {fit.RSquared}");
        double truePeak = Math.Sqrt((1 - sigma) / kappa);
        Assert.NotNull(fit.PeakN);
        Assert.InRange(fit.PeakN!.Value, truePeak * 0.85, truePeak * 1.15);
    }

    [Fact]
    public void Fit_WithoutNoise_IsExact()
    {
        (double[] n, double[] x) = Synthetic(100, 0.05, 0.002, 0, 1);
        UslFit fit = UslFit.Fit(n, x);
        Assert.Equal(0.05, fit.Sigma, 1e-6);
        Assert.Equal(0.002, fit.Kappa, 1e-8);
        Assert.Equal(1, fit.RSquared, 1e-9);
        Assert.Equal(Usl(100, 0.05, 0.002, 30), fit.Predict(30), 1e-6);
    }

    [Fact]
    public void LinearScaling_ClaimsNoPeak()
    {
        // κ = 0: whatever κ the noise suggests, its interval includes 0 (or it is ≤ 0), so no peak.
        (double[] n, double[] x) = Synthetic(100, 0.03, 0, 0.01, 7, maxN: 6);
        UslFit fit = UslFit.Fit(n, x);
        Assert.Null(fit.PeakN);
        Assert.StartsWith("no peak", fit.PeakNote);
    }

    [Fact]
    public void PeakWithinTheData_WithoutAMeasuredDecline_IsNotClaimed()
    {
        // The law peaks at N* ≈ 7.4 (σ = 0.45, κ = 0.01), but the points stop at N = 8 where the curve is still
        // within 0.1 % of its top; with the last point nudged up, the data level off rather than fall.
        (double[] n, double[] x) = Synthetic(100, 0.45, 0.01, 0, 1, maxN: 8);
        x[^1] = x.Max() * 1.002;
        UslFit fit = UslFit.Fit(n, x);
        Assert.Null(fit.PeakN);
        Assert.StartsWith("no decline measured", fit.PeakNote);
    }

    [Fact]
    public void PeakFarBeyondTheData_IsNotClaimed()
    {
        // Exact data with N* = √(0.99 / 0.0001) ≈ 99.5, measured only up to N = 8: κ is well determined, the peak is not in range.
        (double[] n, double[] x) = Synthetic(100, 0.01, 0.0001, 0, 1, maxN: 8);
        UslFit fit = UslFit.Fit(n, x);
        Assert.Null(fit.PeakN);
        Assert.StartsWith("no peak within range", fit.PeakNote);
    }

    [Fact]
    public void Fit_RejectsTooFewPointsAndBadValues()
    {
        Assert.Throws<ArgumentException>(() => UslFit.Fit([1, 2], [1, 2]));
        Assert.Throws<ArgumentException>(() => UslFit.Fit([1, 2, 2], [1, 2, 2]));
        Assert.Throws<ArgumentException>(() => UslFit.Fit([0, 1, 2], [1, 2, 3]));
        Assert.Throws<ArgumentException>(() => UslFit.Fit([1, 2, 3], [1, -2, 3]));
        Assert.Throws<ArgumentException>(() => UslFit.Fit([1, 2, 3], [1, 2]));
    }
}
