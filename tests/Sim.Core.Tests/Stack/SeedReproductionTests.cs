using Sim.Core.Tests.Readme;
using Sim.Scenarios;
using Sim.Stack;
using Xunit.Abstractions;

namespace Sim.Core.Tests.Stack;

/// <summary>
/// The seed document's BEFORE and AFTER panels against scenarios/seed-stack.json, with the project's
/// tolerances (±20 % baseline, ±25 % Phase 1 "after") — the same settings and commands as the tables
/// in docs/seed-reproduction.md (5 replications × 600 s after 120 s, seed 2026).
/// </summary>
/// <remarks>
/// Only what the model produces is asserted. The cache hit ratio (set to 35 % and 75 % by the scenario) and the DB
/// reuse of CONN_MAX_AGE = 0 (0 % by construction) are not: the DB connection flow is checked instead through the
/// connections the model opens, counted by the DB-connection station, against the requests the flow completed.
/// </remarks>
public class SeedReproductionTests(ITestOutputHelper output)
{
    private static (StackSummary Summary, StackReplicationResult[] Runs) Run(string phase, int? users)
    {
        string path = Path.Combine(ReadmeExampleTests.RepoRoot(), "scenarios", "seed-stack.json");
        string[] overrides = users is { } n ? [$"load.closed.users={n}"] : [];
        ScenarioLoadResult loaded = ScenarioLoader.LoadFile(path, overrides);
        Assert.True(loaded.Succeeded, string.Join("\n", loaded.Errors));
        StackReplicationResult[] runs = StackExperiment.Run(loaded.Phases.Single(p => p.Name == phase).Scenario);
        return (StackSummary.From(runs), runs);
    }

    /// <summary>
    /// DB connections the replication opened in its window, and the page requests (the only class with DB steps; Celery
    /// tasks query the database without the web tier's connections) that left it, successfully, in the same window
    /// (throughput × window), with the page requests of the window's cohort that failed.
    /// </summary>
    private (long Created, long PageCompleted, long PageErrors) DbFlow(StackReplicationResult r)
    {
        StackClassResult page = r.Classes.Single(c => c.Name == "page");
        long created = (long)Math.Round(r.DbConnectionsCreatedPerSecond * r.WindowSeconds);
        long departed = (long)Math.Round(page.ThroughputPerSecond * r.WindowSeconds);
        output.WriteLine($"replication: {created} DB connections created, {departed} page requests completed, {page.Errors} failed " +
                         $"({r.DbConnectionsCreatedPerSecond:G4}/s vs {page.ThroughputPerSecond:G4}/s), reuse {r.DbConnectionReusePercent:G4} %");
        return (created, departed, page.Errors);
    }

    private void Check(StackSummary summary, string metric, double document, double tolerance, List<string> misses)
    {
        double simulated = summary[metric].Mean;
        double gap = (simulated - document) / document;
        bool ok = Math.Abs(gap) <= tolerance;
        output.WriteLine($"{metric}: document {document:G4}, simulated {simulated:G4} ± {summary[metric].Ci95:G3} ({gap:+0%;-0%}) {(ok ? "ok" : "MISS")}");
        if (!ok) misses.Add($"{metric} {simulated:G4} vs {document:G4} ({gap:+0%;-0%}, allowed ±{tolerance:0%})");
    }

    [Fact]
    [Trait("Category", "Slow")]
    public void Baseline_At500Users_MatchesTheDocumentsBeforePanel_Within20Percent()
    {
        (StackSummary s, StackReplicationResult[] runs) = Run("baseline", null);
        var misses = new List<string>();
        Check(s, "throughputPerSecond", 100, 0.20, misses);
        Check(s, "latencyMs.p50", 400, 0.20, misses);
        Check(s, "latencyMs.p95", 1200, 0.20, misses);
        Check(s, "latencyMs.p99", 1800, 0.20, misses);
        Check(s, "latencyMs.mean", 650, 0.20, misses);
        Assert.True(s["workerUtilization"].Mean > 0.95, $"workers {s["workerUtilization"].Mean:P1}, the document: 100 % busy");
        Assert.True(s["queueLengthMean"].Mean > 10, $"backlog {s["queueLengthMean"].Mean:G3}, the document: a queue");
        // The document's "create new ❌": CONN_MAX_AGE = 0 opens one connection per page request, so per replication the
        // connections opened in the window equal the page requests that left in it, but for those that had opened theirs
        // and not yet left at either edge of the window (a response still streaming to a slow client, say), and those
        // that failed: at most the 500 users in the system at each edge. Measured (first replication): 31,757 opened, 31,771 left, 0 failed.
        // A model that reused connections (a handful opened), or opened one per query (several times as many), falls far outside.
        const int users = 500;
        foreach (StackReplicationResult r in runs)
        {
            (long created, long completed, long errors) = DbFlow(r);
            Assert.InRange(created, completed - users, completed + errors + users);
        }
        Assert.Empty(misses);
    }

    [Fact]
    [Trait("Category", "Slow")]
    public void Phase1_NginxAt842Users_MatchesTheDocumentsAfterPanel_Within25Percent()
    {
        (StackSummary s, StackReplicationResult[] runs) = Run("nginx", 842);
        var misses = new List<string>();
        Check(s, "throughputPerSecond", 185, 0.25, misses);
        Check(s, "latencyMs.p50", 60, 0.25, misses);
        Check(s, "latencyMs.p95", 120, 0.25, misses);
        Check(s, "latencyMs.p99", 180, 0.25, misses);
        Check(s, "latencyMs.mean", 90, 0.25, misses);
        Assert.InRange(s["workerUtilization"].Mean, 0.10, 0.35);
        Assert.True(s["queueLengthMean"].Mean < 0.1, $"backlog {s["queueLengthMean"].Mean:G3}, the document: no queue");
        // The document's "reuse from pool ✅" (~98 % reuse): CONN_MAX_AGE = 600 s keeps one connection per worker, re-opened
        // when it is 600 s old, so in a 600 s window each of the 8 workers opens at most 2 — against tens of thousands of
        // page requests served (reuse ≈ 99.99 %). Measured: 8 per replication (each worker's first connection, opened in
        // the warm-up's first second, expires once inside the window), 7 in one. A model that reconnected per request,
        // or never, fails.
        foreach (StackReplicationResult r in runs)
        {
            (long created, long completed, _) = DbFlow(r);
            Assert.InRange(created, 1, 2 * 8);
            Assert.True(completed > 10_000, $"{completed} page requests");
        }
        Assert.Empty(misses);
    }
}
