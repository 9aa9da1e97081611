using Sim.Distributions;
using Sim.Scenarios;
using Sim.Stack;
using Sim.Statistics;
using Sim.Validation;
using Xunit.Abstractions;

namespace Sim.Core.Tests.Stack;

/// <summary>
/// Browser and CDN caching in front of the origin (docs/components/edge-cache.md, <c>classes[].cache</c>). Checked on
/// hand-checkable cases: a user with a fixed think time Z re-fetches after ⌈A/Z⌉ think times (origin share 1/⌈A/Z⌉); with
/// exponential think times the hits between two fetches are Poisson(A/Z), so the origin share is Z/(Z+A) (renewal reward);
/// a CDN answers its hit ratio of the requests, and the link carries exactly the bytes of the rest.
/// </summary>
public sealed class EdgeCacheTests(ITestOutputHelper output)
{
    // One static class answered at once (the bare stack's holding time is 0), its response 100 KB.
    private static StackScenario Static(ClassCacheSpec cache, double? rate = null, ClosedLoad? closed = null, double duration = 10_000, int replications = 2)
    {
        StackScenario s = Scenarios.Bare(1, Deterministic.Of(0), rate: rate, closed: closed, duration: duration, warmup: 100, replications: replications);
        return s with
        {
            Classes = [new RequestClass { Name = "static", StaticAtProxy = true, Cache = cache, Steps = [new RespondStep { SizeBytes = Deterministic.Of(100e3) }] }],
        };
    }

    [Fact]
    public void Browser_FixedThinkTime_FetchesOnceInCeilAOverZ()
    {
        // Z = 7 s, A = 60 s: after a fetch the user asks again at 7, 14, …, 56 s (browser hits: 8) and at 63 s ≥ 60 s
        // goes to the origin: one origin request in ⌈60/7⌉ = 9. Each user's window holds whole cycles but for its two
        // ends, so hits − 8 × origin is within 8 per user per end.
        const int users = 10;
        StackScenario s = Static(new ClassCacheSpec { Browser = new BrowserCacheSpec { MaxAgeSeconds = 60 } },
            closed: new ClosedLoad { Users = users, ThinkTimeSeconds = Deterministic.Of(7) });
        foreach (StackReplicationResult r in StackExperiment.Run(s))
        {
            double hits = r.BrowserCacheHitsPerSecond * r.WindowSeconds, origin = r.Arrivals;
            output.WriteLine($"rep {r.Replication}: {hits} browser hits, {origin} origin requests, origin share {r.OriginShare} (1/9 = {1 / 9.0:F4})");
            Assert.InRange(hits - 8 * origin, -16 * users, 16 * users);
            Assert.InRange(r.OriginShare, 1 / 9.0 - 0.002, 1 / 9.0 + 0.002);
            Assert.True(double.IsNaN(r.CdnHitsPerSecond));
            // Saved bytes: every hit is 100 KB the origin did not send.
            Assert.Equal(hits * 100e3 * 8 / r.WindowSeconds, r.EdgeSavedBitsPerSecond, 1e-6);
        }
    }

    [Fact]
    public void Browser_ExponentialThinkTime_OriginShareIsZOverZPlusA()
    {
        // Z = 10 s (exponential), A = 30 s: after a fetch the user's requests form a Poisson process of rate 1/Z, those
        // in the first A seconds are browser hits (Poisson(3) of them) and the next one fetches: 1 origin request in
        // 1 + A/Z = 4, a share of Z / (Z + A) = 0.25. 50 users × 20,000 s ≈ 100,000 requests a run, 4 runs.
        StackScenario s = Static(new ClassCacheSpec { Browser = new BrowserCacheSpec { MaxAgeSeconds = 30 } },
            closed: new ClosedLoad { Users = 50, ThinkTimeSeconds = Exponential.FromMean(10) }, duration: 20_000, replications: 4);
        StackReplicationResult[] runs = StackExperiment.Run(s);
        var share = ConfidenceInterval.FromSamples(runs.Select(r => r.OriginShare).ToArray(), 0.99);
        output.WriteLine($"origin share {share} vs Z/(Z+A) = 0.25");
        Assert.True(share.Contains(0.25), $"{share} vs 0.25");
        Assert.True(share.RelativeHalfWidth < 0.02, $"too wide {share}");
    }

    [Fact]
    public void Cdn_AnswersItsHitRatio_AtTheEdgeTime_AndTheLinkCarriesOnlyTheRest()
    {
        // Poisson 50/s, hit ratio 0.6, edge time 20 ms, 100 KB responses, a 1 Gbit/s link: the CDN answers 60 % of the
        // requests (binomial: over ~100,000 requests the share's standard deviation is 0.0015; asserted within 0.01), each
        // in exactly 20 ms while the origin answers in about 1 ms (0.8 ms on the link), and the link carries 100 KB for each of
        // the others: its bytes + the saved bytes = every request's 100 KB.
        StackScenario s = Static(new ClassCacheSpec { Cdn = new CdnSpec { HitRatio = 0.6, EdgeTimeSeconds = Deterministic.Of(0.020) } }, rate: 50, duration: 2_000);
        s = s with { Host = s.Host with { LinkBitsPerSecond = 1e9 } };
        foreach (StackReplicationResult r in StackExperiment.Run(s))
        {
            double cdn = r.CdnHitsPerSecond * r.WindowSeconds;
            double sentBytes = r.BandwidthBitsPerSecond * r.WindowSeconds / 8, savedBytes = r.EdgeSavedBitsPerSecond * r.WindowSeconds / 8;
            output.WriteLine($"rep {r.Replication}: {r.Arrivals} arrivals, {cdn} at the edge (share {cdn / r.Arrivals:F4}), origin share {r.OriginShare:F4}, link {r.LinkUtilization:F5}, sent {sentBytes / 1e6} MB, saved {savedBytes / 1e6} MB, p50 {r.LatencyP50Seconds}, max {r.LatencyMaxSeconds}");
            Assert.InRange(cdn / r.Arrivals, 0.59, 0.61);
            Assert.Equal(1 - cdn / r.Arrivals, r.OriginShare, 0.002);
            Assert.Equal(cdn * 100e3, savedBytes, 1e-3);
            Assert.InRange(sentBytes, (r.Arrivals - cdn - 5) * 100e3, (r.Arrivals - cdn + 5) * 100e3); // ± a few requests at the window's ends
            Assert.Equal(0.020, r.LatencyMaxSeconds, 1e-9);
            Assert.Equal(0.020, r.LatencyP95Seconds, 0.020 * LatencyHistogram.DefaultRelativeAccuracy);
            Assert.Equal(0.020, r.LatencyP50Seconds, 0.020 * LatencyHistogram.DefaultRelativeAccuracy); // 60 % of the requests take 20 ms, the rest ~1 ms
            Assert.Equal(0, r.Failed);
            Assert.True(double.IsNaN(r.BrowserCacheHitsPerSecond));
            Assert.InRange(r.LittleLawRelativeError, -0.02, 0.02);
        }
    }

    [Fact]
    public void WithoutACache_TheEdgeMetricsAreNull()
    {
        StackReplicationResult r = StackExperiment.Run(Scenarios.Bare(1, Deterministic.Of(0.01), rate: 10, duration: 100, warmup: 10, replications: 1))[0];
        Assert.True(double.IsNaN(r.BrowserCacheHitsPerSecond));
        Assert.True(double.IsNaN(r.CdnHitsPerSecond));
        Assert.True(double.IsNaN(r.OriginShare));
        Assert.True(double.IsNaN(r.EdgeSavedBitsPerSecond));
    }

    [Theory]
    [InlineData("classes[0].cache={\"browser\":{\"maxAge\":\"0\"}}", "$.classes[0].cache.browser.maxAge", "\"0\"")]
    [InlineData("classes[0].cache={\"browser\":{}}", "$.classes[0].cache.browser.maxAge", "(missing)")]
    [InlineData("classes[0].cache={\"cdn\":{\"hitRatio\":1.5,\"edgeTime\":\"20ms\"}}", "$.classes[0].cache.cdn.hitRatio", "1.5")]
    [InlineData("classes[0].cache={\"cdn\":{\"hitRatio\":0.5}}", "$.classes[0].cache.cdn.edgeTime", "(missing)")]
    [InlineData("classes[0].cache={\"cdn\":{\"hitRatio\":0.5,\"edgeTime\":\"-1ms\"}}", "$.classes[0].cache.cdn.edgeTime", "\"-1ms\"")]
    [InlineData("classes[0].cache={\"proxy\":{}}", "$.classes[0].cache.proxy", "{}")]
    public void BadValues_AreRefusedByName(string set, string path, string value)
    {
        ScenarioLoadResult r = ScenarioLoaderTestsAccess.Load(set);
        foreach (ValidationError e in r.Errors) output.WriteLine(e.ToString());
        ValidationError error = Assert.Single(r.Errors);
        Assert.Equal(path, error.Path);
        if (value != "(missing)") Assert.Equal(value, error.Value);
    }

    [Fact]
    public void BrowserCache_WithUsersThatNeverThink_IsRefused()
    {
        ScenarioLoadResult r = Sim.Core.Tests.Scenarios.ScenarioLoaderTests.Load("""
            { "load": { "closed": { "users": 5, "thinkTime": "0" } }, "classes": [ { "name": "static", "staticAtProxy": true, "cache": { "browser": { "maxAge": "60s" } } } ] }
            """);
        ValidationError e = Assert.Single(r.Errors);
        output.WriteLine(e.ToString());
        Assert.Equal("$.load.closed.thinkTime", e.Path);
    }
}
