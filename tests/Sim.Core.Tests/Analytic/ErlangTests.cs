using Sim.Analytic;

namespace Sim.Core.Tests.Analytic;

public class ErlangTests
{
    // Blocking probabilities published to 4 decimals (tolerance half a unit: 0.00005).
    // B(10, 10) = 0.2146 (10 erlangs on 10 circuits: 21.46 % blocking) as tabulated in standard
    // Erlang B tables; B(5, 10) = 0.0184 likewise. B(2, 5) = 4/109 = 0.0367 and B(1, 1) = 1/2 are
    // worked by hand from the definition B = (E^c/c!) / Σ_{k≤c} E^k/k!.
    [Theory]
    [InlineData(10.0, 10, 0.2146)]
    [InlineData(2.0, 5, 0.0367)]
    [InlineData(5.0, 10, 0.0184)]
    [InlineData(1.0, 1, 0.5000)]
    public void Blocking_MatchesPublishedValues(double erlangs, int servers, double published)
    {
        Assert.Equal(published, ErlangB.Blocking(erlangs, servers), 0.00005);
    }

    // The recursion B(k) = E·B(k−1)/(k + E·B(k−1)), run to the end (the reference), against what Blocking computes
    // beyond RecursionLimit servers: the Poisson pmf/CDF ratio below capacity, the series at or above it.
    private static double Recursion(double e, int c)
    {
        double b = 1.0;
        for (int k = 1; k <= c; k++) b = e * b / (k + e * b);
        return b;
    }

    [Theory]
    [InlineData(10.0)]
    [InlineData(150_000.0)]
    [InlineData(198_000.0)]
    [InlineData(199_999.0)]
    [InlineData(200_000.0)]
    [InlineData(200_500.0)]
    [InlineData(250_000.0)]
    [InlineData(1e7)]
    public void Blocking_BeyondTheRecursionLimit_MatchesTheRecursion(double erlangs)
    {
        const int servers = 2 * ErlangB.RecursionLimit;
        double expected = Recursion(erlangs, servers), actual = ErlangB.Blocking(erlangs, servers);
        Assert.True(Math.Abs(actual - expected) <= 1e-9 * expected + 1e-300, $"B({erlangs}, {servers}) = {actual}, recursion {expected}");
    }

    [Fact]
    public void Blocking_OnTwoBillionServers_IsFinite()
    {
        // 2³¹ − 1 host cores passed validation and the analytic estimate ran the O(c) recursion for minutes.
        Assert.Equal(0, ErlangB.Blocking(0.5, int.MaxValue));
        Assert.InRange(ErlangB.Blocking(int.MaxValue, int.MaxValue), 1e-5, 1e-4);     // ≈ √(2/(πc))
        Assert.InRange(ErlangB.Blocking(2.0 * int.MaxValue, int.MaxValue), 0.49, 0.51); // ≈ 1 − c/E
        Assert.InRange(ErlangC.WaitProbability(0.99 * int.MaxValue, int.MaxValue), 0, 1);
    }

    [Fact]
    public void Blocking_TwoOnFive_IsExactlyFourOver109()
    {
        // 1 + 2 + 2 + 4/3 + 2/3 + 4/15 = 109/15; E^5/5! = 4/15 → B = 4/109.
        Assert.Equal(4.0 / 109.0, ErlangB.Blocking(2.0, 5), 15);
    }

    // The standard Erlang B traffic table (offered erlangs that c circuits carry at a grade of service),
    // as reproduced in telephony handbooks (e.g. the Erlang B table in Iversen, "Teletraffic
    // Engineering and Network Planning", DTU); published to 2 decimals (tolerance 0.005 erlang).
    [Theory]
    [InlineData(0.01, 5, 1.36)]
    [InlineData(0.02, 5, 1.66)]
    [InlineData(0.05, 5, 2.22)]
    [InlineData(0.01, 10, 4.46)]
    [InlineData(0.02, 10, 5.08)]
    [InlineData(0.05, 10, 6.22)]
    [InlineData(0.01, 20, 12.03)]
    [InlineData(0.02, 20, 13.18)]
    [InlineData(0.01, 100, 84.06)]
    public void MaxOfferedLoad_MatchesPublishedTrafficTable(double gradeOfService, int servers, double publishedErlangs)
    {
        double e = ErlangB.MaxOfferedLoad(gradeOfService, servers);
        Assert.Equal(publishedErlangs, e, 0.005);
        Assert.Equal(gradeOfService, ErlangB.Blocking(e, servers), 1e-9);
    }

    /// <summary>Independent evaluation: B = π_c / Σ_{k≤c} π_k with Poisson weights π_k in log space (log-sum-exp).</summary>
    private static double BlockingByLogSum(double e, int c)
    {
        var log = new double[c + 1];
        double max = double.NegativeInfinity;
        for (int k = 0; k <= c; k++)
        {
            log[k] = k * Math.Log(e) - MathNet.Numerics.SpecialFunctions.FactorialLn(k);
            max = Math.Max(max, log[k]);
        }
        double sum = 0;
        for (int k = 0; k <= c; k++) sum += Math.Exp(log[k] - max);
        return Math.Exp(log[c] - max) / sum;
    }

    [Theory]
    [InlineData(1000.0, 1000)]
    [InlineData(950.0, 1000)]
    [InlineData(2500.0, 3000)]
    [InlineData(0.5, 40)]
    public void Blocking_IsStableForManyServers(double erlangs, int servers)
    {
        double b = ErlangB.Blocking(erlangs, servers);
        // Both evaluations are accurate to ~c·ε relative; 1e-10 leaves room for c ≤ 3000.
        Assert.Equal(1.0, b / BlockingByLogSum(erlangs, servers), 1e-10);
    }

    [Fact]
    public void WaitProbability_CallCentreWorkedExample()
    {
        // Call Centre Helper, "Erlang C formula – made simple with an easy worked example": 100 calls in
        // 30 min, average handling time 180 s → A = 10 erlangs; with 11 agents P(wait) = 0.6821,
        // average speed of answer = 122.8 s, service level (answered within 20 s) = 39 %.
        Assert.Equal(0.6821, ErlangC.WaitProbability(10.0, 11), 0.00005);
        var q = MMc.Compute(arrivalRate: 100.0 / 1800.0, serviceRate: 1.0 / 180.0, servers: 11);
        Assert.Equal(0.6821, q.WaitProbability, 0.00005);
        Assert.Equal(122.8, q.Wq, 0.05);
        Assert.Equal(0.39, q.WaitingTimeCdf(20.0), 0.005);
    }

    [Fact]
    public void WaitProbability_IsOneWhenOverloaded()
    {
        Assert.Equal(1.0, ErlangC.WaitProbability(11.0, 10));
        Assert.Equal(1.0, ErlangC.WaitProbability(10.0, 10));
    }

    [Fact]
    public void Guards_NameTheParameter()
    {
        foreach (double bad in new[] { -1.0, double.NaN, double.PositiveInfinity })
        {
            Assert.Equal("offeredLoadErlangs", Assert.Throws<ArgumentOutOfRangeException>(() => ErlangB.Blocking(bad, 3)).ParamName);
            Assert.Equal("offeredLoadErlangs", Assert.Throws<ArgumentOutOfRangeException>(() => ErlangC.WaitProbability(bad, 3)).ParamName);
        }
        Assert.Equal("servers", Assert.Throws<ArgumentOutOfRangeException>(() => ErlangB.Blocking(1, -1)).ParamName);
        Assert.Equal("servers", Assert.Throws<ArgumentOutOfRangeException>(() => ErlangC.WaitProbability(1, 0)).ParamName);
        Assert.Equal("blocking", Assert.Throws<ArgumentOutOfRangeException>(() => ErlangB.MaxOfferedLoad(0, 3)).ParamName);
        Assert.Equal("servers", Assert.Throws<ArgumentOutOfRangeException>(() => ErlangB.MaxOfferedLoad(0.01, 0)).ParamName);
        Assert.Equal(1.0, ErlangB.Blocking(3.0, 0));
    }
}
