using Sim.Core.Tests.Readme;
using Sim.Scenarios;
using Sim.Stack;
using Xunit.Abstractions;

namespace Sim.Core.Tests.Stack;

/// <summary>
/// The seed document's BEFORE and AFTER panels against scenarios/seed-stack.json (every parameter the document's own
/// number or a measured one) and against scenarios/examples/seed-stack-fitted.json (four of them tuned to the panels),
/// with the project's tolerances (±20 % baseline, ±25 % Phase 1 "after") — the same settings and commands as the
/// tables in docs/seed-reproduction.md (5 replications × 600 s after 120 s, seed 2026).
/// </summary>
/// <remarks>
/// Only what the model produces is asserted. The cache hit ratio (set to 35 % and 75 % by the scenario) and the DB
/// reuse of CONN_MAX_AGE = 0 (0 % by construction) are not: the DB connection flow is checked instead through the
/// connections the model opens, counted by the DB-connection station, against the requests the flow completed.
/// Where the sourced stack departs from the document (Phase 1's tail and CPU: gzip at its measured cost on two cores),
/// the departure is asserted as documented, with its cause, so that a change that moves it is noticed.
/// </remarks>
public class SeedReproductionTests(ITestOutputHelper output)
{
    private const string Sourced = "seed-stack.json";
    private const string Fitted = "examples/seed-stack-fitted.json";

    private static (StackSummary Summary, StackReplicationResult[] Runs) Run(string phase, int? users, string file = Sourced, params string[] more)
    {
        string path = Path.Combine([ReadmeExampleTests.RepoRoot(), "scenarios", .. file.Split('/')]);
        string[] overrides = [.. users is { } n ? [$"load.closed.users={n}"] : Array.Empty<string>(), .. more];
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

    [Theory]
    [Trait("Category", "Slow")]
    [InlineData(Sourced)]
    [InlineData(Fitted)]
    public void Baseline_At500Users_MatchesTheDocumentsBeforePanel_Within20Percent(string file)
    {
        (StackSummary s, StackReplicationResult[] runs) = Run("baseline", null, file);
        var misses = new List<string>();
        Check(s, "throughputPerSecond", 100, 0.20, misses);
        Check(s, "latencyMs.p50", 400, 0.20, misses);
        Check(s, "latencyMs.p95", 1200, 0.20, misses);
        Check(s, "latencyMs.p99", 1800, 0.20, misses);
        Check(s, "latencyMs.mean", 650, 0.20, misses);
        // The document's 70 % CPU: the sourced stack has 64 %; the fitted one's 53 % is outside (its tuned handshake and
        // connect trade CPU for waiting), so only the sourced one is held to it.
        if (file == Sourced) Check(s, "cpuUtilization", 0.70, 0.20, misses);
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
    public void Phase1_FittedStack_NginxAt842Users_MatchesTheDocumentsAfterPanel_Within25Percent()
    {
        (StackSummary s, StackReplicationResult[] runs) = Run("nginx", 842, Fitted);
        var misses = new List<string>();
        Check(s, "throughputPerSecond", 185, 0.25, misses);
        Check(s, "latencyMs.p50", 60, 0.25, misses);
        Check(s, "latencyMs.p95", 120, 0.25, misses);
        Check(s, "latencyMs.p99", 180, 0.25, misses);
        Check(s, "latencyMs.mean", 90, 0.25, misses);
        Assert.InRange(s["workerUtilization"].Mean, 0.10, 0.35);
        Assert.True(s["queueLengthMean"].Mean < 0.1, $"backlog {s["queueLengthMean"].Mean:G3}, the document: no queue");
        CheckPooledConnections(runs);
        Assert.Empty(misses);
    }

    /// <summary>
    /// The sourced stack's Phase 1: throughput, median and mean as the document's, but gzip at its measured 6.7 ms/MB
    /// keeps the two cores 85 % busy, so the tail is about twice the document's (p95 237 ms against 120). With the cores
    /// the document's 38 % CPU implies (4: 42 %), the tail falls by a third and the CPU share is the document's.
    /// </summary>
    [Fact]
    [Trait("Category", "Slow")]
    public void Phase1_SourcedStack_MatchesTheMedianAndMean_AndItsTailIsTheCoresQueue()
    {
        (StackSummary s, StackReplicationResult[] runs) = Run("nginx", 842);
        var misses = new List<string>();
        Check(s, "throughputPerSecond", 185, 0.25, misses);
        Check(s, "latencyMs.p50", 60, 0.25, misses);
        Check(s, "latencyMs.mean", 90, 0.25, misses);
        CheckPooledConnections(runs);
        Assert.Empty(misses);

        // The departure, as docs/seed-reproduction.md states it: the tail well above the document's, on busy cores.
        double p95 = s["latencyMs.p95"].Mean, p99 = s["latencyMs.p99"].Mean, cpu = s["cpuUtilization"].Mean;
        output.WriteLine($"sourced Phase 1: p95 {p95:G4} ms, p99 {p99:G4} ms, CPU {cpu:P1} (document 120 ms, 180 ms, 38 %)");
        Assert.True(p95 > 1.5 * 120 && p99 > 1.5 * 180, $"p95 {p95:G4} ms, p99 {p99:G4} ms: expected well above the document's 120 and 180 ms");
        Assert.True(cpu > 0.75, $"CPU {cpu:P1}: expected the two cores above 75 % busy");

        // Its cause: the cores. Twice as many put the CPU share at the document's 38 % and take a third off the p95.
        (StackSummary four, _) = Run("nginx", 842, Sourced, "host.cores=4");
        double p95Four = four["latencyMs.p95"].Mean;
        output.WriteLine($"with 4 cores: p95 {p95Four:G4} ms, CPU {four["cpuUtilization"].Mean:P1}");
        var fourMisses = new List<string>();
        Check(four, "cpuUtilization", 0.38, 0.25, fourMisses);
        Assert.Empty(fourMisses);
        Assert.True(p95Four < 0.75 * p95, $"p95 with 4 cores {p95Four:G4} ms against {p95:G4} ms with 2: expected a third lower");
    }

    // The document's "reuse from pool ✅" (~98 % reuse): CONN_MAX_AGE = 600 s keeps one connection per worker, re-opened
    // when it is 600 s old, so in a 600 s window each of the 8 workers opens at most 2 — against tens of thousands of
    // page requests served (reuse ≈ 99.99 %). Measured: 8 per replication (each worker's first connection, opened in
    // the warm-up's first second, expires once inside the window), 7 in one. A model that reconnected per request,
    // or never, fails.
    private void CheckPooledConnections(StackReplicationResult[] runs)
    {
        foreach (StackReplicationResult r in runs)
        {
            (long created, long completed, _) = DbFlow(r);
            Assert.InRange(created, 1, 2 * 8);
            Assert.True(completed > 10_000, $"{completed} page requests");
        }
    }
}
