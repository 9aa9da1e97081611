using Sim.Analytic;

namespace Sim.Core.Tests.Analytic;

public class QueueTests
{
    // Values that are exact rationals are checked to 1e-12 relative: only floating-point rounding separates them.
    private static void Near(double expected, double actual) =>
        Assert.True(Math.Abs(expected - actual) <= 1e-12 * Math.Max(1.0, Math.Abs(expected)), $"expected {expected}, got {actual}");

    [Fact]
    public void MM1_TextbookValues()
    {
        // λ = 2/s, μ = 3/s (Kleinrock vol. 1 §3.2 formulas): ρ = 2/3, L = ρ/(1−ρ) = 2, Lq = ρ²/(1−ρ) = 4/3,
        // W = 1/(μ−λ) = 1 s, Wq = ρ/(μ−λ) = 2/3 s.
        var q = MM1.Compute(2.0, 3.0);
        Assert.True(q.IsStable);
        Near(2.0 / 3.0, q.Utilization);
        Near(2.0, q.L);
        Near(4.0 / 3.0, q.Lq);
        Near(1.0, q.W);
        Near(2.0 / 3.0, q.Wq);
        Near(2.0 / 3.0, q.WaitProbability);
        // T ~ Exp(1): median ln 2; P(Wq > t) = (2/3)e^{−t}: p ≤ 1/3 → 0, p = 0.9 → ln((2/3)/0.1).
        Near(Math.Log(2.0), q.ResponseTimeQuantile(0.5));
        Assert.Equal(0.0, q.WaitingTimeQuantile(0.2));
        Near(Math.Log(20.0 / 3.0), q.WaitingTimeQuantile(0.9));
        Assert.Equal(double.PositiveInfinity, q.ResponseTimeQuantile(1.0));
        Assert.Equal(0.0, q.ResponseTimeQuantile(0.0));
    }

    [Fact]
    public void MM1_Unstable_IsReportedNotThrown()
    {
        var q = MM1.Compute(3.0, 3.0);
        Assert.False(q.IsStable);
        Assert.Equal(1.0, q.Utilization);
        Assert.Equal(double.PositiveInfinity, q.L);
        Assert.Equal(double.PositiveInfinity, q.W);
        Assert.Equal(double.PositiveInfinity, q.ResponseTimeQuantile(0.5));
        Assert.Equal(0.0, q.ResponseTimeCdf(1e6));
    }

    [Theory]
    [InlineData(0.5, 1.0, 1)]
    [InlineData(3.0, 1.0, 4)]
    [InlineData(1.0, 1.0, 2)]    // cμ − λ = μ: the special case of the response-time CDF
    [InlineData(7.9, 1.0, 8)]    // heavy load
    [InlineData(900.0, 1.0, 1000)]
    public void MMc_ResponseTimeCdf_IsConsistentWithMeanAndQuantiles(double lambda, double mu, int c)
    {
        var q = MMc.Compute(lambda, mu, c);
        // ∫₀^∞ P(T > t) dt = W: composite Simpson on [0, 60·W] (the tail beyond is < e^{−40}).
        double upper = 60.0 * q.W;
        int steps = 200_000;
        double h = upper / steps, sum = 0;
        for (int i = 0; i <= steps; i++)
        {
            double s = 1.0 - q.ResponseTimeCdf(i * h);
            sum += s * (i == 0 || i == steps ? 1 : i % 2 == 1 ? 4 : 2);
        }
        Assert.Equal(1.0, sum * h / 3.0 / q.W, 1e-7);
        foreach (double p in new[] { 0.5, 0.9, 0.95, 0.99, 0.999 })
        {
            Assert.Equal(p, q.ResponseTimeCdf(q.ResponseTimeQuantile(p)), 1e-12);
            double wq = q.WaitingTimeQuantile(p);
            if (wq > 0) Assert.Equal(p, q.WaitingTimeCdf(wq), 1e-12);
        }
    }

    [Fact]
    public void MMc_SpecialCase_ThetaEqualsMu_MatchesErlangForm()
    {
        // c = 2, μ = 1, λ = 1: θ = cμ − λ = 1 = μ, so Exp(θ) + Exp(μ) is Erlang-2: P(T > t) = (1 − C)e^{−t} + C(1 + t)e^{−t}.
        var q = MMc.Compute(1.0, 1.0, 2);
        double c = q.WaitProbability;
        Near(1.0 / 3.0, c); // E = 1, c = 2: B = 1/5, C = 2·(1/5)/(2 − 1·4/5) = 1/3
        foreach (double t in new[] { 0.0, 0.1, 1.0, 3.0, 10.0 })
            Near(1.0 - ((1 - c) * Math.Exp(-t) + c * (1 + t) * Math.Exp(-t)), q.ResponseTimeCdf(t));
        // Continuity: θ slightly off μ on either side gives nearly the same distribution.
        foreach (double lambda in new[] { 1.0 - 1e-7, 1.0 + 1e-7 })
            Assert.Equal(q.ResponseTimeCdf(2.0), MMc.Compute(lambda, 1.0, 2).ResponseTimeCdf(2.0), 1e-6);
    }

    [Fact]
    public void MMc_OneServer_GeneralCdfEqualsExponential()
    {
        var q = MMc.Compute(0.7, 1.0, 1);
        foreach (double t in new[] { 0.01, 0.5, 2.0, 10.0 })
            Near(1.0 - Math.Exp(-0.3 * t), q.ResponseTimeCdf(t));
    }

    [Fact]
    public void MMc_LittlesLawHolds()
    {
        var q = MMc.Compute(45.0, 1.0 / 0.2, 12);
        Near(q.Lq, 45.0 * q.Wq);
        Near(q.L, q.Lq + 45.0 * 0.2);
        Assert.Equal(0.0, LittlesLaw.RelativeError(q.L, q.ArrivalRate, q.W), 12);
    }

    [Fact]
    public void MMcK_WithCapacityEqualToServers_IsErlangLoss()
    {
        var q = MMcK.Compute(8.0, 1.0, 10, 10);
        Assert.Equal(ErlangB.Blocking(8.0, 10), q.BlockingProbability, 14);
        Assert.Equal(0.0, q.Lq);
    }

    [Theory]
    [InlineData(0.8, 1.0, 5)]
    [InlineData(1.0, 1.0, 5)]
    [InlineData(2.5, 1.0, 7)]
    public void MMcK_OneServer_MatchesMM1KClosedForm(double lambda, double mu, int k)
    {
        // M/M/1/K (Gross et al. §2.5): pₙ = (1 − ρ)ρⁿ/(1 − ρ^{K+1}), or 1/(K + 1) when ρ = 1.
        double rho = lambda / mu;
        var q = MMcK.Compute(lambda, mu, 1, k);
        double l = 0;
        for (int n = 0; n <= k; n++)
        {
            double pn = rho == 1.0 ? 1.0 / (k + 1) : (1 - rho) * Math.Pow(rho, n) / (1 - Math.Pow(rho, k + 1));
            Near(pn, q.StateProbabilities[n]);
            l += n * pn;
        }
        Near(l, q.L);
        Near(lambda * (1 - q.StateProbabilities[k]), q.Throughput);
        Near(q.L / q.Throughput, q.W);
        Near(q.W - 1.0 / mu, q.Wq);
    }

    [Fact]
    public void MMcK_LargeCapacity_ApproachesMMc()
    {
        var open = MMc.Compute(7.0, 1.0, 8);
        var finite = MMcK.Compute(7.0, 1.0, 8, 5000);
        Assert.Equal(open.L, finite.L, 9);
        Assert.Equal(open.W, finite.W, 9);
        Assert.Equal(open.Wq, finite.Wq, 9);
        Assert.Equal(7.0 / 8.0, finite.Utilization, 9);
    }

    [Fact]
    public void MD1_PollaczekKhinchine()
    {
        // Kleinrock vol. 1 §5.6, M/D/1: Wq = ρ/(2μ(1 − ρ)). λ = 0.5/s, S = 1 s: ρ = 0.5, Wq = 0.5 s.
        var q = MD1.Compute(0.5, 1.0);
        Near(0.5, q.Utilization);
        Near(0.5, q.Wq);
        Near(1.5, q.W);
        Near(0.25, q.Lq);
        Near(0.75, q.L);
        Assert.Equal(0.0, q.ServiceScv);
        // At every load the M/D/1 wait is half the M/M/1 wait.
        foreach (double rho in new[] { 0.1, 0.5, 0.9, 0.99 })
            Near(MM1.Compute(rho, 1.0).Wq / 2.0, MD1.Compute(rho, 1.0).Wq);
    }

    /// <summary>
    /// Erlang's (Crommelin's) formula as written, (1 − ρ)·Σ_{k=0}^{⌊t/D⌋} (λ(kD − t))^k/k!·e^{−λ(kD − t)}, with the
    /// rounding error its alternating terms allow: each term carries about k + 3 roundings (k! by k products, the
    /// power, the exponential, the quotient), so (k_max + 5)·1.1·10⁻¹⁶·Σ|terms|.
    /// </summary>
    private static (double Value, double RoundingBound) ErlangMD1(double lambda, double d, double t)
    {
        double sum = 0, magnitude = 0, factorial = 1;
        int last = (int)Math.Floor(t / d);
        for (int k = 0; k <= last; k++)
        {
            if (k > 0) factorial *= k;
            double x = lambda * (k * d - t);
            double term = Math.Pow(x, k) / factorial * Math.Exp(-x);
            sum += term;
            magnitude += Math.Abs(term);
        }
        double rho = lambda * d;
        return ((1 - rho) * sum, (last + 5) * 1.1e-16 * (1 - rho) * magnitude + 1e-15);
    }

    [Theory]
    // Erlang's formula summed in 80-digit decimal arithmetic (so its cancellation costs nothing), rounded to 17 digits.
    [InlineData(0.9, 1.0, 5.5, 0.70130512484090433)]
    [InlineData(0.9, 1.0, 11.1, 0.90636519169918125)]
    [InlineData(0.9, 1.0, 25.0, 0.99474034304475833)]   // double-precision Erlang is off by 4·10⁻⁴ here
    [InlineData(0.9, 1.0, 40.0, 0.99976475593684910)]   // … and by 6·10³ here
    [InlineData(8.0, 0.1, 0.35, 0.80822119216624468)]   // md1.json's queue
    [InlineData(8.0, 0.1, 1.0, 0.98834289173498656)]
    [InlineData(0.5, 1.0, 3.7, 0.99367603061409563)]
    public void MD1_WaitingTimeCdf_MatchesErlangsFormulaInExactArithmetic(double lambda, double d, double t, double exact)
    {
        Assert.Equal(exact, MD1.WaitingTimeCdf(lambda, d, t), 1e-14);
    }

    [Theory]
    [InlineData(0.3, 1.0)]
    [InlineData(0.7, 1.0)]
    [InlineData(0.9, 1.0)]
    [InlineData(8.0, 0.1)]     // md1.json: λ = 8/s, D = 100 ms
    [InlineData(0.99, 1.0)]
    public void MD1_WaitingTimeCdf_EqualsErlangsFormula_WhereThatCanBeSummed(double lambda, double d)
    {
        double rho = lambda * d;
        // t = 0: the customers who find the server idle, 1 − ρ. t = D: P(N ≤ 1) = (1 − ρ)e^ρ; t = 2D: (1 − ρ)(e^{2ρ} − ρe^ρ)
        // (the k = 0, 1, 2 terms by hand).
        Near(1 - rho, MD1.WaitingTimeCdf(lambda, d, 0));
        Near((1 - rho) * Math.Exp(rho), MD1.WaitingTimeCdf(lambda, d, d));
        Near((1 - rho) * (Math.Exp(2 * rho) - rho * Math.Exp(rho)), MD1.WaitingTimeCdf(lambda, d, 2 * d));
        int compared = 0;
        for (double x = 0; x <= 60; x += 0.37)
        {
            (double erlang, double bound) = ErlangMD1(lambda, d, x * d);
            if (bound > 1e-9) break; // past here the alternating sum has lost the digits that matter
            Assert.True(Math.Abs(MD1.WaitingTimeCdf(lambda, d, x * d) - erlang) <= bound + 1e-13,
                $"t = {x}D: {MD1.WaitingTimeCdf(lambda, d, x * d)} vs Erlang {erlang} (± {bound:E1})");
            compared++;
        }
        Assert.True(compared >= 25, $"only {compared} points compared"); // t up to ≥ 9D at every load here
    }

    [Fact]
    public void MD1_ErlangsFormula_LosesEverythingInTheTail_WhileTheEvaluationStaysAProbability()
    {
        // Why MD1 does not sum Erlang's formula as written: at ρ = 0.9 and t = 40D its terms reach 10²⁰.
        (double erlang, double bound) = ErlangMD1(0.9, 1, 40);
        Assert.True(bound > 1, $"rounding bound {bound:E2}");
        Assert.False(erlang is >= 0 and <= 1, $"Erlang's sum at t = 40D: {erlang}");
        double f = MD1.WaitingTimeCdf(0.9, 1, 40);
        Assert.InRange(f, MD1.WaitingTimeCdf(0.9, 1, 39), 1.0);
        // The tail is geometric: P(W > 20D) = 0.0148 where both agree to 10⁻⁶, so P(W > 40D) is about its square, 2·10⁻⁴.
        Assert.InRange(1 - f, 1e-4, 5e-4);
    }

    [Theory]
    [InlineData(0.5, 1.0)]
    [InlineData(0.9, 1.0)]
    [InlineData(8.0, 0.1)]
    public void MD1_WaitingTimeCdf_HasTheMeanAndSecondMomentOfPollaczekKhinchine(double lambda, double d)
    {
        // E[W] = ∫(1 − F) = λD²/(2(1 − ρ)) and E[W²] = ∫2t(1 − F) = 2E[W]² + λD³/(3(1 − ρ)) (Takács), integrated by
        // Simpson's rule on each [kD, (k + 1)D], where F is smooth, out to where 1 − F < 10⁻¹⁴ — about 80 D at ρ = 0.9,
        // far into the range (past 31 D) where Erlang's alternating sum is noise.
        double rho = lambda * d;
        MG1Result pk = MD1.Compute(lambda, d);
        double secondMoment = 2 * pk.Wq * pk.Wq + lambda * d * d * d / (3 * (1 - rho));
        const int steps = 16; // per interval of length D, even
        double mean = 0, second = 0, h = d / steps;
        for (int k = 0; ; k++)
        {
            double m = 0, s2 = 0;
            for (int i = 0; i <= steps; i++)
            {
                double t = k * d + i * h;
                double tail = 1 - MD1.WaitingTimeCdf(lambda, d, t);
                double w = i == 0 || i == steps ? 1 : i % 2 == 1 ? 4 : 2;
                m += w * tail;
                s2 += w * 2 * t * tail;
            }
            mean += m * h / 3;
            second += s2 * h / 3;
            if (1 - MD1.WaitingTimeCdf(lambda, d, (k + 1) * d) < 1e-14) break;
            Assert.True(k < 10_000, "the tail does not end");
        }
        Assert.Equal(1.0, mean / pk.Wq, 1e-7);
        Assert.Equal(1.0, second / secondMoment, 1e-6);
    }

    [Theory]
    [InlineData(0.9, 1.0)]
    [InlineData(8.0, 0.1)]
    [InlineData(0.999, 1.0)]
    public void MD1_Quantiles_InvertTheCdf_AndTheResponseTimeIsTheWaitPlusD(double lambda, double d)
    {
        double rho = lambda * d;
        Assert.Equal(0.0, MD1.WaitingTimeQuantile(lambda, d, 1 - rho));      // the atom at 0: those who do not wait
        Assert.Equal(0.0, MD1.WaitingTimeQuantile(lambda, d, (1 - rho) / 2));
        double previous = 0;
        foreach (double p in new[] { 0.5, 0.9, 0.95, 0.99, 0.999 })
        {
            if (p <= 1 - rho) continue;
            double w = MD1.WaitingTimeQuantile(lambda, d, p);
            Assert.True(w > previous, $"p = {p}: {w} ≤ {previous}");
            Assert.Equal(p, MD1.WaitingTimeCdf(lambda, d, w), 1e-12);
            Assert.Equal(d + w, MD1.ResponseTimeQuantile(lambda, d, p));
            Assert.Equal(p, MD1.ResponseTimeCdf(lambda, d, d + w), 1e-12);
            previous = w;
        }
        Assert.Equal(0.0, MD1.ResponseTimeCdf(lambda, d, 0.999 * d));
        Assert.Equal(1.0, MD1.WaitingTimeCdf(lambda, d, 1e12 * d));            // far past the tail: 1, and at once
        Assert.Equal(1.0, MD1.WaitingTimeCdf(lambda, d, double.PositiveInfinity));
        Assert.Equal(double.PositiveInfinity, MD1.WaitingTimeQuantile(lambda, d, 1));
    }

    [Fact]
    public void MD1_Distribution_UnstableIsReported_AndArgumentsAreGuarded()
    {
        Assert.Equal(0.0, MD1.WaitingTimeCdf(1, 1, 1e6));
        Assert.Equal(double.PositiveInfinity, MD1.WaitingTimeQuantile(2, 1, 0.5));
        Assert.Equal(double.PositiveInfinity, MD1.ResponseTimeQuantile(1, 1, 0.5));
        foreach (double bad in new[] { 0.0, -1.0, double.NaN, double.PositiveInfinity })
        {
            Assert.Equal("arrivalRate", Assert.Throws<ArgumentOutOfRangeException>(() => MD1.WaitingTimeCdf(bad, 1, 1)).ParamName);
            Assert.Equal("serviceTime", Assert.Throws<ArgumentOutOfRangeException>(() => MD1.ResponseTimeCdf(1, bad, 1)).ParamName);
            Assert.Equal("serviceTime", Assert.Throws<ArgumentOutOfRangeException>(() => MD1.WaitingTimeQuantile(0.5, bad, 0.5)).ParamName);
        }
        Assert.Equal("t", Assert.Throws<ArgumentOutOfRangeException>(() => MD1.WaitingTimeCdf(0.5, 1, -1e-9)).ParamName);
        Assert.Equal("t", Assert.Throws<ArgumentOutOfRangeException>(() => MD1.ResponseTimeCdf(0.5, 1, double.NaN)).ParamName);
        Assert.Equal("p", Assert.Throws<ArgumentOutOfRangeException>(() => MD1.WaitingTimeQuantile(0.5, 1, 1.5)).ParamName);
        Assert.Equal("p", Assert.Throws<ArgumentOutOfRangeException>(() => MD1.ResponseTimeQuantile(0.5, 1, double.NaN)).ParamName);
    }

    [Fact]
    public void MG1_WithExponentialMoments_EqualsMM1()
    {
        var g = MG1.Compute(40.0, 0.02, 0.02 * 0.02);
        var m = MM1.Compute(40.0, 50.0);
        Near(m.W, g.W);
        Near(m.Lq, g.Lq);
        Assert.Equal(1.0, g.ServiceScv, 12);
    }

    [Fact]
    public void MG1_Unstable_IsReported()
    {
        var g = MG1.Compute(2.0, 0.5, 0.1);
        Assert.False(g.IsStable);
        Assert.Equal(double.PositiveInfinity, g.Wq);
    }

    [Fact]
    public void LittlesLaw_RelativeError()
    {
        Assert.Equal(0.0, LittlesLaw.RelativeError(2.0, 1.0, 2.0));
        Assert.Equal(0.0, LittlesLaw.RelativeError(0.0, 0.0, 5.0));
        Assert.Equal(0.5, LittlesLaw.RelativeError(1.0, 1.0, 2.0));
        Assert.Equal(0.5, LittlesLaw.RelativeError(2.0, 1.0, 1.0));
    }

    [Fact]
    public void Guards_NameTheParameter()
    {
        foreach (double bad in new[] { 0.0, -1.0, double.NaN, double.PositiveInfinity })
        {
            Assert.Equal("arrivalRate", Assert.Throws<ArgumentOutOfRangeException>(() => MM1.Compute(bad, 1)).ParamName);
            Assert.Equal("serviceRate", Assert.Throws<ArgumentOutOfRangeException>(() => MM1.Compute(1, bad)).ParamName);
            Assert.Equal("arrivalRate", Assert.Throws<ArgumentOutOfRangeException>(() => MMc.Compute(bad, 1, 2)).ParamName);
            Assert.Equal("serviceRate", Assert.Throws<ArgumentOutOfRangeException>(() => MMcK.Compute(1, bad, 2, 3)).ParamName);
            Assert.Equal("meanService", Assert.Throws<ArgumentOutOfRangeException>(() => MG1.Compute(1, bad, 0)).ParamName);
            Assert.Equal("serviceTime", Assert.Throws<ArgumentOutOfRangeException>(() => MD1.Compute(1, bad)).ParamName);
        }
        Assert.Equal("serviceVariance", Assert.Throws<ArgumentOutOfRangeException>(() => MG1.Compute(1, 1, -1)).ParamName);
        Assert.Equal("servers", Assert.Throws<ArgumentOutOfRangeException>(() => MMc.Compute(1, 1, 0)).ParamName);
        Assert.Equal("capacity", Assert.Throws<ArgumentOutOfRangeException>(() => MMcK.Compute(1, 1, 3, 2)).ParamName);
        var q = MM1.Compute(1, 2);
        foreach (double bad in new[] { -0.1, 1.1, double.NaN })
        {
            Assert.Equal("p", Assert.Throws<ArgumentOutOfRangeException>(() => q.ResponseTimeQuantile(bad)).ParamName);
            Assert.Equal("p", Assert.Throws<ArgumentOutOfRangeException>(() => q.WaitingTimeQuantile(bad)).ParamName);
        }
        Assert.Equal("t", Assert.Throws<ArgumentOutOfRangeException>(() => q.ResponseTimeCdf(-1)).ParamName);
        Assert.Equal("averageNumber", Assert.Throws<ArgumentOutOfRangeException>(() => LittlesLaw.RelativeError(-1, 1, 1)).ParamName);
        Assert.Equal("throughput", Assert.Throws<ArgumentOutOfRangeException>(() => LittlesLaw.RelativeError(1, double.NaN, 1)).ParamName);
        Assert.Equal("averageTime", Assert.Throws<ArgumentOutOfRangeException>(() => LittlesLaw.RelativeError(1, 1, double.PositiveInfinity)).ParamName);
    }
}
