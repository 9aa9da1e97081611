using Sim.Analytic;
using Sim.Distributions;
using Sim.Scenarios;
using Sim.Stack;
using Xunit.Abstractions;

namespace Sim.Core.Tests.Stack;

public class CapacitySearchTests(ITestOutputHelper output)
{
    /// <summary>The arrival rate at which M/M/c's analytic p95 response time equals <paramref name="limit"/> (bisection).</summary>
    private static double AnalyticCapacity(int servers, double serviceRate, double limit)
    {
        double lo = 0.01, hi = servers * serviceRate * 0.999999;
        for (int i = 0; i < 200; i++)
        {
            double mid = (lo + hi) / 2;
            if (MMc.Compute(mid, serviceRate, servers).ResponseTimeQuantile(0.95) <= limit) lo = mid;
            else hi = mid;
        }
        return lo;
    }

    [Fact]
    [Trait("Category", "Slow")]
    public void OpenMMc_CapacityBracketsTheRateWhereAnalyticP95CrossesTheSlo()
    {
        // 4 workers holding Exp(100 ms); SLO p95 ≤ 500 ms. Analytic answer by Erlang C's response-time
        // distribution. The search's bracket is 1 % wide. The simulated p95 near the crossing has a
        // relative half-width of 3 % (measured: 493.8 ± 14.9 ms, 8 × 4,000 s), but p95 rises steeply with
        // the rate there, so the analytic rate must lie within one bracket width of the bracket
        // (measured: 32.607/s inside [32.500, 32.812)).
        StackScenario s = Scenarios.Bare(4, Exponential.FromMean(0.1), rate: 10, duration: 4_000, warmup: 200, replications: 8) with
        {
            Slo = new SloSpec { LatencyQuantile = 0.95, LatencyLimitSeconds = 0.5, MaxErrorRate = 0.001 },
        };
        CapacityResult found = CapacitySearch.Find(s);
        double exact = AnalyticCapacity(4, 10, 0.5);
        double width = found.FirstViolation - found.Capacity;
        output.WriteLine($"analytic {exact:F3}/s; search [{found.Capacity:F3}, {found.FirstViolation:F3}) after {found.Evaluations} loads; p95 at capacity {found.LatencyAtCapacity * 1000:F1} ± {found.LatencyCi95AtCapacity * 1000:F1} ms");
        Assert.Equal("rate", found.Load);
        Assert.True(width <= 0.011 * found.Capacity + 1e-9, $"bracket too wide: {width}");
        Assert.InRange(exact, found.Capacity - width, found.FirstViolation + width);
        Assert.True(found.LatencyAtCapacity <= 0.5);
        // The p95 is read from histograms: its interval includes their 0.5 % resolution however well replications agree.
        Assert.True(found.LatencyCi95AtCapacity >= Sim.Statistics.LatencyHistogram.DefaultRelativeAccuracy * found.LatencyAtCapacity);
        // The capacity's own interval (delta method: latency half-width over the latency's slope in the load)
        // contains the analytic rate and is wider than the bracket but still a few per cent.
        output.WriteLine($"capacity {found.Capacity:F3} ± {found.CapacityCi95:F3}/s");
        Assert.InRange(exact, found.Capacity - found.CapacityCi95, found.Capacity + found.CapacityCi95);
        Assert.InRange(found.CapacityCi95, width, 0.1 * found.Capacity);
    }

    [Fact]
    public void ClosedLoad_SearchesUsers_AndFindsTheSaturationKnee()
    {
        // 2 workers × 50 ms saturate at 40 req/s; with Z = 1 s think time, N* ≈ 40 × 1.05 = 42 users.
        // A 500 ms p95 limit is crossed somewhat above N* once a queue forms.
        StackScenario s = Scenarios.Bare(2, Deterministic.Of(0.05), closed: new ClosedLoad { Users = 10, ThinkTimeSeconds = Exponential.FromMean(1) },
            duration: 500, warmup: 50, replications: 3) with { Slo = new SloSpec { LatencyQuantile = 0.95, LatencyLimitSeconds = 0.5, MaxErrorRate = 0.001 } };
        CapacityResult found = CapacitySearch.Find(s);
        output.WriteLine($"users [{found.Capacity}, {found.FirstViolation}), X {found.ThroughputAtCapacity:F2}/s, p95 {found.LatencyAtCapacity * 1000:F0} ms");
        Assert.Equal("users", found.Load);
        Assert.Equal(1, found.FirstViolation - found.Capacity);
        Assert.InRange(found.Capacity, 42, 70);
        Assert.InRange(found.ThroughputAtCapacity, 36, 40.1);
    }
}
