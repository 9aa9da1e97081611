using Sim.Distributions;
using Sim.Randomness;

namespace Sim.Core.Tests.Distributions;

/// <summary>
/// <c>DrawRange</c> is what the scenario validator trusts to refuse a bandwidth that can be 0 and transfer times that
/// overflow: every draw must fall inside it, and the bounds the validator relies on must be the right side of 0.
/// </summary>
public class DrawRangeTests
{
    [Theory]
    [MemberData(nameof(DistributionCases.Names), MemberType = typeof(DistributionCases))]
    public void EveryDraw_FallsInTheDrawRange(string name)
    {
        Distribution d = DistributionCases.All[name];
        (double min, double max) = d.DrawRange;
        Assert.True(min >= 0 && min <= max, $"{name}: ({min}, {max})");
        var stream = new RandomStream(7);
        double lo = double.PositiveInfinity, hi = 0;
        for (int i = 0; i < 200_000; i++)
        {
            double x = d.Sample(stream);
            lo = Math.Min(lo, x);
            hi = Math.Max(hi, x);
        }
        Assert.True(lo >= min && hi <= max, $"{name}: draws in [{lo}, {hi}], range ({min}, {max})");
    }

    [Fact]
    public void TheBoundsFollowTheSamplers()
    {
        // A normal draw is at most √(−2 ln 2⁻⁵⁴) ≈ 8.652 from 0, so a log-normal never draws below e^(μ − 8.652σ) > 0.
        Assert.Equal(8.652, StandardNormal.MaxAbsSample, 3);
        (double min, double max) = LogNormal.FromMuSigma(Math.Log(45e6), 0.57).DrawRange;
        Assert.InRange(min, 3e5, 4e5);
        Assert.InRange(max, 5e9, 7e9);
        // The open uniform can round to 1 (−ln 1 = 0): an exponential or a Weibull may draw 0.
        Assert.Equal(0, Exponential.FromMean(1e6).DrawRange.Min);
        Assert.Equal(37.43, Exponential.FromMean(1).DrawRange.Max, 2);
        Assert.Equal(0, Weibull.FromShapeAndScale(2, 1).DrawRange.Min);
        Assert.Equal(0, Gamma.FromShapeAndScale(3, 1).DrawRange.Min);
        Assert.Equal((2.0, 5.0), Uniform.Between(2, 5).DrawRange);
        Assert.Equal((1.0, 3.0), Empirical.FromSamples([3.0, 1, 2]).DrawRange);
        Assert.Equal((0.0, 7.0), Mixture.Of((1, Deterministic.Of(7)), (1e-9, Exponential.FromMean(0.1))).DrawRange);
        // A bounded Pareto with a large α stops far below its upper bound.
        Assert.True(BoundedPareto.From(5, 1, 1e300).DrawRange.Max < 2e3);
    }
}
