using Sim.Distributions;
using Sim.Randomness;
using Sim.Scenarios;
using Sim.Stack;
using Sim.Statistics;
using Xunit.Abstractions;

namespace Sim.Core.Tests.Statistics;

/// <summary>
/// MSER-5 on designed transients: an M/M/1 queue started far from steady state, the same queue started
/// in its stationary distribution, a stationary i.i.d. series, and series that trend to the end.
/// The M/M/1 series are waiting times of successive customers by Lindley's recursion
/// W_{n+1} = max(0, W_n + S_n − A_{n+1}) (Kleinrock vol. 1 §8.1), λ = 0.5, μ = 1 (ρ = 0.5, E[Wq] = 1 s).
/// </summary>
public class Mser5TransientTests(ITestOutputHelper output)
{
    private const double Lambda = 0.5, Mu = 1.0;
    private const int Length = 5_000, Seeds = 20;

    private static double[] Lindley(double initialWait, RandomStream r, double lambda = Lambda, int length = Length)
    {
        var w = new double[length];
        w[0] = initialWait;
        for (int n = 1; n < length; n++)
        {
            double service = -Math.Log(r.NextOpenDouble()) / Mu;
            double gap = -Math.Log(r.NextOpenDouble()) / lambda;
            w[n] = Math.Max(0, w[n - 1] + service - gap);
        }
        return w;
    }

    private static RandomStream Stream(int seed) => new StreamFactory(7).Create("mser-transient", seed);

    /// <summary>5·⌊m/2⌋: the end of MSER-5's search range, where a series that never settled is cut.</summary>
    private static int EndOfRange(int length) => Mser5.BatchSize * (length / Mser5.BatchSize / 2);

    [Fact]
    public void QueueStartedWithABigBacklog_WarmupCoversTheTransient()
    {
        // 200 customers ahead at t = 0: the first wait is 200 s, and the queue drains at about 1 s per
        // customer (E[S − A] = 1 − 2), so the transient lasts roughly 200 customers.
        var excess = new int[Seeds];
        for (int seed = 0; seed < Seeds; seed++)
        {
            double[] w = Lindley(200, Stream(seed));
            int cut = Mser5.TruncationPoint(w);
            int drained = Array.FindIndex(w, x => x < 20); // 20× the steady mean: still the transient before this
            output.WriteLine($"seed {seed}: cut {cut}, below 20 s at {drained}");
            Assert.True(cut >= drained, $"seed {seed}: cut {cut} leaves transient waits (> 20 s) up to {drained}");
            Assert.True(cut < EndOfRange(w.Length)); // settled
            excess[seed] = cut - drained;
        }
        // Typically a few batches past the drain; now and then MSER-5 also drops a long busy period
        // that follows it (autocorrelated output), which costs data but not bias.
        Array.Sort(excess);
        Assert.True(excess[Seeds / 2] <= 50, $"median excess {excess[Seeds / 2]}");
        Assert.All(excess, e => Assert.True(e < Length / 4, $"excess {e}"));
    }

    [Fact]
    public void QueueStartedInSteadyState_WarmupIsNearZero()
    {
        // W₀ from the stationary law: 0 with probability 1 − ρ, else Exp(μ − λ). Nothing to delete;
        // MSER-5 may trim a few batches of noise, never a transient-sized block.
        var cuts = new int[Seeds];
        for (int seed = 0; seed < Seeds; seed++)
        {
            RandomStream r = Stream(1000 + seed);
            double w0 = r.NextDouble() < Lambda / Mu ? -Math.Log(r.NextOpenDouble()) / (Mu - Lambda) : 0;
            cuts[seed] = Mser5.TruncationPoint(Lindley(w0, r));
        }
        output.WriteLine("cuts: " + string.Join(", ", cuts));
        Array.Sort(cuts);
        // Half the runs delete ≤ 1 % of the series and 90 % of them ≤ 10 %. The exceptions drop a long
        // busy period near the start — MSER's known over-truncation on autocorrelated output — never the
        // ~200-customer block every run of the transient test above must delete.
        Assert.True(cuts[Seeds / 2] <= 50, $"median cut {cuts[Seeds / 2]}");
        Assert.True(cuts[Seeds * 9 / 10 - 1] <= Length / 10, $"90th percentile cut {cuts[Seeds * 9 / 10 - 1]}");
        Assert.All(cuts, c => Assert.True(c < Length / 5, $"cut {c}"));
    }

    [Fact]
    public void StationaryIidSeries_WarmupIsNearZero()
    {
        var cuts = new int[Seeds];
        for (int seed = 0; seed < Seeds; seed++)
        {
            RandomStream r = Stream(2000 + seed);
            var x = new double[Length];
            for (int i = 0; i < x.Length; i++) x[i] = MathNet.Numerics.Distributions.Normal.InvCDF(10, 1, r.NextOpenDouble());
            cuts[seed] = Mser5.TruncationPoint(x);
        }
        output.WriteLine("cuts: " + string.Join(", ", cuts));
        Array.Sort(cuts);
        Assert.True(cuts[Seeds / 2] <= 50, $"median cut {cuts[Seeds / 2]}");
        Assert.All(cuts, c => Assert.True(c < Length / 10, $"cut {c}"));
    }

    [Fact]
    public void SeriesTrendingToTheEnd_IsNotSettled()
    {
        // A linear trend under noise, and an overloaded M/M/1 (ρ = 1.2) whose waits grow without bound:
        // the cut lands at the end of the search range, which callers report as "not settled".
        RandomStream r = Stream(3000);
        var trend = new double[Length];
        for (int i = 0; i < trend.Length; i++) trend[i] = i / 100.0 + MathNet.Numerics.Distributions.Normal.InvCDF(0, 1, r.NextOpenDouble());
        Assert.Equal(EndOfRange(Length), Mser5.TruncationPoint(trend));
        double[] overloaded = Lindley(0, Stream(3001), lambda: 1.2);
        Assert.Equal(EndOfRange(Length), Mser5.TruncationPoint(overloaded));
    }

    [Fact]
    public void Stack_AfterABurst_WarmupCoversTheDrain()
    {
        // One worker, 100 ms exponential service. 15 req/s for the first 200 s (ρ = 1.5: about 1,000
        // requests pile up), then 5 req/s (ρ = 0.5): the backlog drains at ~5/s, by about t = 400 s.
        StackScenario s = Sim.Core.Tests.Stack.Scenarios.Bare(1, Exponential.FromMean(0.1), rate: 5, duration: 4_000, warmup: 0, replications: 1);
        RatePoint[] burst = [new() { AtSeconds = 0, RatePerSecond = 15 }, new() { AtSeconds = 200, RatePerSecond = 15 }, new() { AtSeconds = 200, RatePerSecond = 5 }];
        s = s with { Load = new LoadSpec { Open = new OpenLoad { RatePerSecond = 5, Profile = burst }, Closed = null } };
        WarmupDecision burstDecision = StackExperiment.DetectWarmup(s);
        // The same queue at 5 req/s from the start: empty is close to its steady state (mean 1 in system).
        StackScenario steady = s with { Load = new LoadSpec { Open = new OpenLoad { RatePerSecond = 5, Profile = Array.Empty<RatePoint>() }, Closed = null } };
        WarmupDecision steadyDecision = StackExperiment.DetectWarmup(steady);
        output.WriteLine($"burst: {burstDecision}; steady: {steadyDecision}");
        Assert.True(burstDecision.Settled);
        Assert.InRange(burstDecision.Seconds, 300, 1_000);
        Assert.True(steadyDecision.Settled);
        Assert.InRange(steadyDecision.Seconds, 0, 200);
    }
}
