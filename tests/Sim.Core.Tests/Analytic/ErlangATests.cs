using Sim.Analytic;

namespace Sim.Core.Tests.Analytic;

public class ErlangATests
{
    // M/M/1+M with λ = μ = θ = 1: the death rate in state n is n, so N is Poisson(1) and
    // P(abandon) = θ·E[(N − 1)+]/λ = E[N] − P(N ≥ 1) = 1 − (1 − e⁻¹) = e⁻¹ = 0.367879…, worked by hand.
    [Fact]
    public void Abandonment_OneServer_EqualRates_IsOneOverE()
    {
        Assert.Equal(Math.Exp(-1), ErlangA.AbandonmentProbability(1, 1, 1, 1), 1e-12);
    }

    // θ = μ turns M/M/c+M into M/M/∞: N ~ Poisson(λ/μ). With c = 2, λ = 2: E[(N − 2)+] = E[N] − 2 + 2·P(0) + P(1)
    // = 4e⁻², so P(abandon) = 4e⁻²/2 = 2e⁻² = 0.270671, worked by hand.
    [Fact]
    public void Abandonment_PatienceRateEqualsServiceRate_IsThePoissonTail()
    {
        Assert.Equal(2 * Math.Exp(-2), ErlangA.AbandonmentProbability(2, 1, 2, 1), 1e-12);
    }

    // As patience grows without bound below saturation, Erlang A's P(wait) tends to Erlang C's and abandonment to 0.
    [Fact]
    public void VeryPatientCustomers_GiveErlangC()
    {
        Assert.Equal(ErlangC.WaitProbability(8, 10), ErlangA.WaitProbability(8, 1, 10, 1e-9), 1e-6);
        Assert.True(ErlangA.AbandonmentProbability(8, 1, 10, 1e-9) < 1e-8);
    }

    // A heavy overload (1000× the capacity, patience 1000 s) stays finite: nearly everyone above capacity abandons.
    [Fact]
    public void HeavyOverload_IsFinite_AndAbandonsTheExcess()
    {
        double p = ErlangA.AbandonmentProbability(1000, 1, 1, 0.001);
        Assert.True(double.IsFinite(p));
        Assert.Equal(0.999, p, 1e-3);
    }

    [Fact]
    public void Guards_RejectNonPositiveRates()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ErlangA.AbandonmentProbability(1, 1, 1, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => ErlangA.AbandonmentProbability(0, 1, 1, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => ErlangA.AbandonmentProbability(1, 1, 0, 1));
    }
}
