using Sim.Analytic;
using Sim.Distributions;
using Sim.Scenarios;
using Sim.Stack;
using Sim.Statistics;
using Sim.Validation;
using Xunit.Abstractions;

namespace Sim.Core.Tests.Stack;

/// <summary>
/// Memory as a resource (docs/components/memory.md): a per-host limit enforced by OOM-killing the largest worker, leak-like
/// growth per request, and gunicorn's max_requests recycling. Checked against Erlang B (a limit that fits c requests in
/// service makes the pool a loss system), the exact period of growth-driven kills, the recycling rate X / maxRequests, and
/// the invariants under every dispatch policy.
/// </summary>
/// <remarks>The stack is bare (<see cref="Scenarios.Bare"/>): base and per-worker memory are 0, so the host's memory in use is
/// exactly the workers' growth plus the memory of the requests in service.</remarks>
public sealed class MemoryTests(ITestOutputHelper output)
{
    private const double MB = 1e6;

    private static StackScenario WithMemory(StackScenario s, double? limit, double classMemory = 0, double growth = 0, int maxRequests = 0,
        double restart = 0) => s with
    {
        Host = s.Host with { MemoryLimitBytes = limit },
        Workers = s.Workers with { MemoryGrowthPerRequestBytes = growth, MaxRequests = maxRequests, RestartTimeSeconds = restart },
        Classes = [s.Classes[0] with { MemoryBytes = classMemory }],
    };

    [Fact]
    [Trait("Category", "Slow")]
    public void LimitFittingCRequests_OomKillsTheArrival_AsErlangBBlocks()
    {
        // 8 workers, but each request holds 100 MB of a 400 MB host: 4 fit. A fifth would exceed the limit, and the OOM
        // killer kills the largest process — every busy worker and the admitting one hold 100 MB, and on a tie it is the
        // one asking — so the arrival fails and its worker restarts at once: an M/M/4/4 loss system, A = 3 erlangs,
        // blocking B(4, 3) = 0.2061. The rate of kills is λ·B. 8 × 40,000 s ≈ 120,000 arrivals a run: the 2 % bound on
        // the half-width holds with room (measured ≈ 1.5 %).
        const double a = 3.0;
        double blocking = ErlangB.Blocking(a, 4);
        StackScenario s = WithMemory(Scenarios.Bare(8, Exponential.FromMean(1.0), rate: a, duration: 40_000, warmup: 200, replications: 8),
            limit: 400 * MB, classMemory: 100 * MB);
        StackReplicationResult[] runs = StackExperiment.Run(s);
        double level = Bonferroni.Level(0.99, 2);
        var lost = ConfidenceInterval.FromSamples(runs.Select(r => r.ErrorRate).ToArray(), level);
        var kills = ConfidenceInterval.FromSamples(runs.Select(r => r.OomKillsPerSecond / a).ToArray(), level);
        output.WriteLine($"blocking {lost} kills/λ {kills} vs B(4, 3) = {blocking:F4}");
        Assert.True(lost.Contains(blocking), $"blocking {lost} vs {blocking}");
        Assert.True(lost.RelativeHalfWidth < 0.02, $"too wide {lost}");
        Assert.True(kills.Contains(blocking), $"kills/λ {kills} vs {blocking}");
        Assert.True(kills.RelativeHalfWidth < 0.02, $"too wide {kills}");
        foreach (StackReplicationResult r in runs)
        {
            Assert.Equal(r.Failed, r.ErrorsByKind[(int)ErrorKind.OutOfMemory]);
            Assert.Equal(400 * MB, r.HostMemoryPeakBytes);
        }
    }

    [Fact]
    public void Growth_KillsTheWorkerAtTheRequestThatWouldPassTheLimit()
    {
        // One worker grows 1 MB per request on a 10.5 MB host: after a restart, request n needs n MB, so requests 1–10 fit
        // and the 11th is OOM-killed with its worker, which comes back empty. Requests reach the worker in arrival order, so
        // exactly every 11th fails: in the window's N requests, N/11 failures up to one, and the peak is 10 MB.
        StackScenario s = WithMemory(Scenarios.Bare(1, Exponential.FromMean(0.1), rate: 1, duration: 20_000, warmup: 100, replications: 2),
            limit: 10.5 * MB, growth: 1 * MB);
        foreach (StackReplicationResult r in StackExperiment.Run(s))
        {
            long n = r.Completed + r.Failed;
            output.WriteLine($"rep {r.Replication}: {r.Failed} of {n} failed (N/11 = {n / 11.0:F1}), kills/s {r.OomKillsPerSecond}, peak {r.HostMemoryPeakBytes}");
            Assert.True(Math.Abs(r.Failed - n / 11.0) < 1, $"{r.Failed} failures of {n}");
            Assert.Equal(r.Failed, r.ErrorsByKind[(int)ErrorKind.OutOfMemory]);
            Assert.Equal(10 * MB, r.HostMemoryPeakBytes);
            Assert.InRange(r.OomKillsPerSecond * r.WindowSeconds, r.Failed - 1.0, r.Failed + 1.0);
            Assert.True(double.IsNaN(r.WorkerRecyclesPerSecond));
        }
    }

    [Fact]
    public void MaxRequests_RecyclesAtThroughputOverMaxRequests_AndReturnsTheGrowth()
    {
        // The same leaking worker recycled after 10 requests never reaches 11 MB: no kill, a peak of 10 MB, and one recycle
        // per 10 requests served. With 4 workers and a restart time, each worker's recycles are ⌊its requests / 10⌋
        // (plus one for the requests it carried into the window), so recycles − served / 10 lies within ±4 per run.
        StackScenario one = WithMemory(Scenarios.Bare(1, Exponential.FromMean(0.1), rate: 1, duration: 20_000, warmup: 100, replications: 2),
            limit: 10.5 * MB, growth: 1 * MB, maxRequests: 10);
        foreach (StackReplicationResult r in StackExperiment.Run(one))
        {
            Assert.Equal(0, r.Failed);
            Assert.Equal(0, r.OomKillsPerSecond);
            Assert.Equal(10 * MB, r.HostMemoryPeakBytes);
            Assert.InRange(r.WorkerRecyclesPerSecond * r.WindowSeconds, r.Completed / 10.0 - 1, r.Completed / 10.0 + 1);
        }
        StackScenario four = WithMemory(Scenarios.Bare(4, Exponential.FromMean(0.1), rate: 20, duration: 2_000, warmup: 50, replications: 2),
            limit: null, growth: 1 * MB, maxRequests: 50, restart: 0.2);
        foreach (StackReplicationResult r in StackExperiment.Run(four))
        {
            double recycles = r.WorkerRecyclesPerSecond * r.WindowSeconds, served = r.ThroughputPerSecond * r.WindowSeconds;
            output.WriteLine($"rep {r.Replication}: {recycles} recycles, {served} served, served/50 = {served / 50}");
            Assert.InRange(recycles, served / 50 - 4, served / 50 + 4);
            Assert.Equal(0, r.Failed);
            Assert.True(double.IsNaN(r.OomKillsPerSecond));
            Assert.True(r.HostMemoryPeakBytes <= 4 * 50 * MB);
        }
    }

    [Theory]
    [InlineData(WorkerDispatch.LongestIdle)]
    [InlineData(WorkerDispatch.MostRecentlyIdle)]
    [InlineData(WorkerDispatch.LowestIndex)]
    public void UnderEveryDispatch_TheLimitHolds_AndKillsAreAccounted(WorkerDispatch dispatch)
    {
        // Growth and per-request memory together on a tight host: the killer picks busy and idle workers alike (an idle
        // worker leaves the idle ones), restarts take time, and still the memory never passes the limit, every request is
        // accounted for, and each failure is an OOM kill of a busy worker.
        StackScenario s = WithMemory(Scenarios.Bare(6, Exponential.FromMean(0.2), rate: 15, duration: 2_000, warmup: 50, replications: 2),
            limit: 60 * MB, classMemory: 8 * MB, growth: 2 * MB, restart: 0.3);
        s = s with { Workers = s.Workers with { Dispatch = dispatch } };
        foreach (StackReplicationResult r in StackExperiment.Run(s))
        {
            double kills = r.OomKillsPerSecond * r.WindowSeconds;
            output.WriteLine($"{dispatch} rep {r.Replication}: {r.Failed} failed, {kills} kills, peak {r.HostMemoryPeakBytes / MB} MB");
            Assert.True(r.HostMemoryPeakBytes <= 60 * MB);
            Assert.True(r.Failed > 0);
            Assert.Equal(r.Failed, r.ErrorsByKind[(int)ErrorKind.OutOfMemory]);
            Assert.True(kills >= r.Failed - r.InFlightAtEnd - 10, $"{kills} kills for {r.Failed} failures");
            Assert.Equal(0, r.InFlightAtEnd);
        }
    }

    [Fact]
    public void Defaults_HoldBaseAndWorkers_AndReportNoKillsOrRecycles()
    {
        // No memory field set: the host holds its base memory and the workers' (500 MB + 3 × 60 MB), as memoryMb estimates.
        StackScenario s = ScenarioLoaderTestsAccess.Ok("""{ "run": { "duration": "100s", "replications": 1 }, "load": { "open": { "rate": "5/s" } }, "workers": { "count": 3 }, "classes": [ { "name": "page", "steps": [ { "cpu": "20ms" } ] } ] }""");
        StackReplicationResult r = StackExperiment.Run(s)[0];
        Assert.Equal(680 * MB, r.HostMemoryPeakBytes);
        Assert.Equal(r.MemoryBytes, r.HostMemoryPeakBytes);
        Assert.True(double.IsNaN(r.OomKillsPerSecond));
        Assert.True(double.IsNaN(r.WorkerRecyclesPerSecond));
        Assert.Equal(0, r.ErrorsByKind[(int)ErrorKind.OutOfMemory]);
    }

    [Theory]
    [InlineData("host.memoryLimit=\"-1GB\"", "$.host.memoryLimit", "\"-1GB\"")]
    [InlineData("host.memoryLimit=\"0\"", "$.host.memoryLimit", "\"0\"")]
    [InlineData("host.memoryLimit=1000000000", "$.host.memoryLimit", "1000000000")]
    [InlineData("workers.memoryGrowthPerRequest=\"-1MB\"", "$.workers.memoryGrowthPerRequest", "\"-1MB\"")]
    [InlineData("workers.memoryGrowthPerRequest=5", "$.workers.memoryGrowthPerRequest", "5")]
    [InlineData("workers.maxRequests=-1", "$.workers.maxRequests", "-1")]
    [InlineData("workers.maxRequests=1.5", "$.workers.maxRequests", "1.5")]
    [InlineData("classes[0].memory=\"-20MB\"", "$.classes[0].memory", "\"-20MB\"")]
    [InlineData("classes[0].memory=20", "$.classes[0].memory", "20")]
    public void BadValues_AreRefusedByName(string set, string path, string value)
    {
        ScenarioLoadResult r = ScenarioLoaderTestsAccess.Load(set);
        ValidationError e = Assert.Single(r.Errors);
        output.WriteLine(e.ToString());
        Assert.Equal((path, value), (e.Path, e.Value));
    }

    [Fact]
    public void LimitBelowTheIdleHost_NamesTheSum()
    {
        // 500 MB base + 1 worker × 60 MB = 560 MB held with nothing in service: a 560 MB limit would kill every request.
        ValidationError e = Assert.Single(ScenarioLoaderTestsAccess.Load("host.memoryLimit=\"560MB\"").Errors);
        Assert.Equal(("$.host.memoryLimit", "\"560MB\""), (e.Path, e.Value));
        Assert.Contains("560MB", e.Allowed, StringComparison.Ordinal);
        Assert.Empty(ScenarioLoaderTestsAccess.Load("host.memoryLimit=\"561MB\"").Errors);
    }

    [Fact]
    public void Fields_ReadWithUnits()
    {
        StackScenario s = ScenarioLoaderTestsAccess.Ok("""{ "load": { "open": { "rate": "50/s" } }, "host": { "memoryLimit": "1GB" }, "workers": { "memoryGrowthPerRequest": "0.5MB", "maxRequests": 1000 }, "classes": [ { "name": "page", "memory": "20MB" } ] }""");
        Assert.Equal(1e9, s.Host.MemoryLimitBytes);
        Assert.Equal(0.5e6, s.Workers.MemoryGrowthPerRequestBytes);
        Assert.Equal(1000, s.Workers.MaxRequests);
        Assert.Equal(20e6, s.Classes[0].MemoryBytes);
    }
}

/// <summary>The loader helpers of the scenario tests, for this folder's tests.</summary>
internal static class ScenarioLoaderTestsAccess
{
    public static ScenarioLoadResult Load(params string[] set) => Sim.Core.Tests.Scenarios.ScenarioLoaderTests.Load(Sim.Core.Tests.Scenarios.ScenarioLoaderTests.Minimal, set);

    public static StackScenario Ok(string json) => Sim.Core.Tests.Scenarios.ScenarioLoaderTests.Ok(json);
}
