using Sim.Distributions;
using Sim.Scenarios;
using Sim.Stack;
using Sim.Validation;
using Xunit.Abstractions;

namespace Sim.Core.Tests.Stack;

/// <summary>
/// Swap (docs/components/memory.md, <c>host.swap</c>): past <c>host.memoryLimit</c> the host swaps instead of killing, and
/// every piece of CPU work submitted to it meanwhile is stretched by f = 1 + k × excess ÷ limit; the OOM killer acts only
/// past limit + swap. Checked on hand-checkable cases: a constant excess gives a constant factor, so a CPU-bound closed
/// loop's throughput is exactly 1 / (S·f); and a leaking worker is killed at exactly the request the no-swap model would
/// kill with a limit of limit + swap.
/// </summary>
public sealed class SwapTests(ITestOutputHelper output)
{
    private const double MB = 1e6;

    // One worker on one core, each request 10 ms of CPU, 5 users with no think time: the core is never idle, so the
    // throughput is 1 / (S·f). The host holds 1,000 MB with nothing in service (its base memory).
    private static StackScenario CpuBound(double limit, double swap, double k)
    {
        StackScenario s = Scenarios.Bare(1, Deterministic.Of(0), closed: new ClosedLoad { Users = 5, ThinkTimeSeconds = Deterministic.Of(0) },
            duration: 1_000, warmup: 10, replications: 2);
        return s with
        {
            Host = s.Host with { Cores = 1, BaseMemoryBytes = 1_000 * MB, MemoryLimitBytes = limit, SwapBytes = swap, SwapSlowdown = k },
            Classes = [s.Classes[0] with { Steps = [new CpuStep { WorkSeconds = Deterministic.Of(0.010) }] }],
        };
    }

    [Fact]
    public void ConstantExcess_GivesAConstantFactor_AndACpuBoundThroughputOfOneOverSf()
    {
        // 1,000 MB in use on an 800 MB limit with 500 MB of swap: 200 MB swapped out all the time, f = 1 + 2 × 200 / 800
        // = 1.5, so each request takes 15 ms of the core: X = 1 / 0.015 = 66.67 req/s (± one completion in the window).
        foreach (StackReplicationResult r in StackExperiment.Run(CpuBound(limit: 800 * MB, swap: 500 * MB, k: 2)))
        {
            output.WriteLine($"rep {r.Replication}: X {r.ThroughputPerSecond}, f {r.SwapSlowdownMean}, swap {r.SwapInUseMeanBytes / MB} MB (peak {r.SwapInUsePeakBytes / MB}), swapping {r.SwappingFraction}");
            Assert.Equal(1.5, r.SwapSlowdownMean, 1e-9); // summed over ~66,000 requests: exact up to rounding
            Assert.InRange(r.ThroughputPerSecond, 1 / 0.015 - 1 / r.WindowSeconds, 1 / 0.015 + 1 / r.WindowSeconds);
            Assert.Equal(200 * MB, r.SwapInUseMeanBytes, 1e-3); // a time average: exact up to rounding (bytes)
            Assert.Equal(200 * MB, r.SwapInUsePeakBytes);
            Assert.Equal(1, r.SwappingFraction);
            Assert.Equal(0, r.Failed);
            Assert.Equal(0, r.OomKillsPerSecond);
        }
        // The control: the same host with a limit above what it holds never swaps, f = 1 and X = 1 / S = 100 req/s.
        foreach (StackReplicationResult r in StackExperiment.Run(CpuBound(limit: 1_200 * MB, swap: 500 * MB, k: 2)))
        {
            Assert.Equal(1, r.SwapSlowdownMean);
            Assert.InRange(r.ThroughputPerSecond, 100 - 1 / r.WindowSeconds, 100 + 1 / r.WindowSeconds);
            Assert.Equal(0, r.SwapInUseMeanBytes);
            Assert.Equal(0, r.SwappingFraction);
        }
    }

    [Fact]
    public void SwapExhausted_OomKillsAsALimitOfLimitPlusSwapWould()
    {
        // One worker leaking 1 MB a request on a 5.5 MB limit with 5 MB of swap: requests 1–10 after a restart fit in
        // limit + swap = 10.5 MB (from the 6th on, part of it is swapped out), the 11th is OOM-killed with its worker —
        // exactly as MemoryTests' 10.5 MB host without swap: every 11th request fails, the memory peaks at 10 MB, of which
        // 4.5 MB is swap.
        StackScenario s = Scenarios.Bare(1, Exponential.FromMean(0.1), rate: 1, duration: 20_000, warmup: 100, replications: 2);
        s = s with
        {
            Host = s.Host with { MemoryLimitBytes = 5.5 * MB, SwapBytes = 5 * MB },
            Workers = s.Workers with { MemoryGrowthPerRequestBytes = 1 * MB, RestartTimeSeconds = 0 },
        };
        foreach (StackReplicationResult r in StackExperiment.Run(s))
        {
            long n = r.Completed + r.Failed;
            output.WriteLine($"rep {r.Replication}: {r.Failed} of {n} failed (N/11 = {n / 11.0:F1}), swap peak {r.SwapInUsePeakBytes / MB} MB, mean {r.SwapInUseMeanBytes / MB} MB, swapping {r.SwappingFraction}");
            Assert.True(Math.Abs(r.Failed - n / 11.0) < 1, $"{r.Failed} failures of {n}");
            Assert.Equal(r.Failed, r.ErrorsByKind[(int)ErrorKind.OutOfMemory]);
            Assert.Equal(10 * MB, r.HostMemoryPeakBytes);
            Assert.Equal(4.5 * MB, r.SwapInUsePeakBytes, 6);
            // Memory steps 0, 1, …, 10 MB over each cycle of 11 requests (one per second on average): the host swaps while
            // it holds 6–10 MB, 5 of the 11 requests' gaps.
            Assert.InRange(r.SwappingFraction, 5 / 11.0 - 0.02, 5 / 11.0 + 0.02);
            // and holds 0.5, 1.5, …, 4.5 MB of swap over those gaps: 12.5 / 11 = 1.136 MB on average.
            Assert.InRange(r.SwapInUseMeanBytes / MB, 12.5 / 11 - 0.05, 12.5 / 11 + 0.05);
            Assert.True(double.IsNaN(r.SwapSlowdownMean)); // the bare stack's requests spend no CPU
        }
    }

    [Fact]
    public void WithoutSwap_TheSwapMetricsAreNull()
    {
        StackReplicationResult r = StackExperiment.Run(CpuBound(limit: 1_200 * MB, swap: 0, k: 2))[0];
        Assert.True(double.IsNaN(r.SwapInUseMeanBytes));
        Assert.True(double.IsNaN(r.SwapInUsePeakBytes));
        Assert.True(double.IsNaN(r.SwappingFraction));
        Assert.True(double.IsNaN(r.SwapSlowdownMean));
    }

    [Theory]
    [InlineData("host.swap=\"-1GB\"", "$.host.swap", "\"-1GB\"")]
    [InlineData("host.swap=5", "$.host.swap", "5")]
    [InlineData("host.swapSlowdown=-1", "$.host.swapSlowdown", "-1")]
    [InlineData("host.swapSlowdown=1001", "$.host.swapSlowdown", "1001")]
    [InlineData("host.swap=\"1GB\"", "$.host.swap", "\"1GB\"")] // without host.memoryLimit
    public void BadValues_AreRefusedByName(string set, string path, string value)
    {
        ValidationError e = Assert.Single(ScenarioLoaderTestsAccess.Load(set).Errors);
        output.WriteLine(e.ToString());
        Assert.Equal((path, value), (e.Path, e.Value));
    }

    [Fact]
    public void LimitPlusSwapBelowTheIdleHost_NamesTheSum_AndSwapLetsTheIdleHostExceedTheLimit()
    {
        // 500 MB base + 1 worker × 60 MB = 560 MB held idle: a 400 MB limit with 160 MB of swap would kill every request;
        // with 161 MB the host swaps 160 MB all the time but serves.
        ValidationError e = Assert.Single(ScenarioLoaderTestsAccess.Load("host.memoryLimit=\"400MB\"", "host.swap=\"160MB\"").Errors);
        output.WriteLine(e.ToString());
        Assert.Equal(("$.host.swap", "\"160MB\""), (e.Path, e.Value));
        Assert.Contains("560MB", e.Allowed, StringComparison.Ordinal);
        Assert.Empty(ScenarioLoaderTestsAccess.Load("host.memoryLimit=\"400MB\"", "host.swap=\"161MB\"").Errors);
    }

    [Fact]
    public void Fields_ReadWithUnits()
    {
        StackScenario s = ScenarioLoaderTestsAccess.Ok("""{ "load": { "open": { "rate": "50/s" } }, "host": { "memoryLimit": "1GB", "swap": "2GB", "swapSlowdown": 4 }, "classes": [ { "name": "page" } ] }""");
        Assert.Equal(2e9, s.Host.SwapBytes);
        Assert.Equal(4, s.Host.SwapSlowdown);
        StackScenario d = ScenarioLoaderTestsAccess.Ok("""{ "load": { "open": { "rate": "50/s" } }, "classes": [ { "name": "page" } ] }""");
        Assert.Equal(0, d.Host.SwapBytes);
        Assert.Equal(10, d.Host.SwapSlowdown);
    }
}
